"""The judge's conflicts of interest: what they declared, and a form to declare one more (an
organisation, a city, a country or one entry), before or during a round."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prize.enums import Role
from prize.models import Edition
from prize.permissions import deny

from ... import services
from ...enums import RoundStatus
from ...forms import ConflictForm
from ...models import Assignment, ConflictDeclaration, PanelMembership, RoundEntry
from ._common import is_judge

OPEN_OR_COMING = (RoundStatus.DRAFT, RoundStatus.OPEN)


def _judge_editions(user):
    ids = sorted({edition_id for edition_id, role in user.role_set if role == Role.JUDGE})
    return Edition.objects.filter(pk__in=ids).order_by("-year", "name")


def _panel_entries(user, edition_ids) -> tuple[list[tuple], list, bool]:
    """(entry, label) for the entries of the panels the judge sits on in rounds not yet closed,
    and the entrants the judge may see named. An entry seen in a blind round is named by its
    reference only, and its entrant is not offered (unless the judge also sees one of its
    entries in a round that is not blind). Two queries."""
    panels = list(PanelMembership.objects.filter(
        judge=user, round__edition_id__in=edition_ids, round__status__in=OPEN_OR_COMING,
    ).values_list("round_id", "category_id"))
    if not panels:
        return [], [], False
    where = Q()
    for round_id, category_id in panels:
        where |= Q(round_id=round_id, entry__category_id=category_id)
    entries, blind, named = {}, set(), {}
    for round_entry in (RoundEntry.objects.filter(where)
                        .select_related("round", "entry__entrant")
                        .order_by("entry__reference", "entry_id")):
        entry = entries.setdefault(round_entry.entry_id, round_entry.entry)
        if round_entry.round.blind:
            blind.add(round_entry.entry_id)
        else:
            named[entry.entrant_id] = entry.entrant
    labelled = [
        (entry, entry.reference if entry.pk in blind or not entry.title
         else f"{entry.reference} — {entry.title}")
        for entry in entries.values()
    ]
    return labelled, sorted(named.values(), key=lambda e: e.name.casefold()), bool(blind)


def _assignments_left(user, edition) -> tuple[int, bool]:
    """How many assignments the judge has in rounds not yet closed, and whether one of those
    rounds is blind."""
    left = Assignment.objects.filter(judge=user, round__edition=edition,
                                     round__status__in=OPEN_OR_COMING)
    return left.count(), left.filter(round__blind=True).exists()


def released_message(request, released: int, blind: bool, *, count_message) -> None:
    """Say what a new conflict took off the judge's list. While the judge scores in a blind
    round it says the same whatever happened: "2 entries were taken off" after declaring a city
    would tell them where those entries come from."""
    if blind:
        messages.info(request, _("Entries it covers, if any, are taken off your list and "
                                 "given to another judge."))
    elif released:
        messages.info(request, count_message(released))
    else:
        messages.info(request, _("None of the entries assigned to you is affected."))


def conflicts(request):
    user = request.user
    if not is_judge(user):
        return deny(request)
    editions = _judge_editions(user)
    edition_ids = [e.pk for e in editions]
    entries, entrants, blind_panels = _panel_entries(user, edition_ids)
    form = ConflictForm(request.POST or None, editions=editions, entrants=entrants,
                        entries=entries)
    if blind_panels:
        form.fields["entrant"].help_text = _(
            "If the conflict is with an entrant organisation: every entry it made. Entrants "
            "of blind rounds are not listed; name their entry, their city or their country.")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            edition = form.cleaned_data["edition"]
            if not user.has_perm("judging.declare_conflicts", edition):
                raise Http404
            before, blind = _assignments_left(user, edition)
            try:
                services.conflict_declare(
                    judge=user, round_or_edition=edition, scope=form.cleaned_data["scope"],
                    reason=form.cleaned_data["reason"], by=user, **form.target())
            except services.JudgingError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                released = before - _assignments_left(user, edition)[0]
                messages.success(request, _("Your conflict of interest is recorded."))
                released_message(request, released, blind, count_message=lambda n: ngettext(
                    "%(count)d entry it covers was taken off your list.",
                    "%(count)d entries it covers were taken off your list.", n,
                ) % {"count": n})
                return redirect("judging:conflicts")
        status = 400
    declarations = list(ConflictDeclaration.objects.filter(judge=user,
                                                          edition_id__in=edition_ids)
                        .select_related("edition", "entrant", "entry"))
    return render(request, "judging/judge/conflicts.html", {
        "form": form,
        "declarations": declarations,
        "several_editions": len(editions) > 1,
    }, status=status)
