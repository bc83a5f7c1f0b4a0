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


def _panel_entries(user, edition_ids) -> list[tuple]:
    """(entry, label) for the entries of the panels the judge sits on in rounds not yet closed;
    an entry seen in a blind round is named by its reference only. Two queries."""
    panels = list(PanelMembership.objects.filter(
        judge=user, round__edition_id__in=edition_ids, round__status__in=OPEN_OR_COMING,
    ).values_list("round_id", "category_id"))
    if not panels:
        return []
    where = Q()
    for round_id, category_id in panels:
        where |= Q(round_id=round_id, entry__category_id=category_id)
    entries, blind = {}, set()
    for round_entry in (RoundEntry.objects.filter(where)
                        .select_related("round", "entry__entrant")
                        .order_by("entry__reference", "entry_id")):
        entries.setdefault(round_entry.entry_id, round_entry.entry)
        if round_entry.round.blind:
            blind.add(round_entry.entry_id)
    return [
        (entry, entry.reference if entry.pk in blind or not entry.title
         else f"{entry.reference} — {entry.title}")
        for entry in entries.values()
    ]


def _assignments_left(user, edition) -> int:
    return Assignment.objects.filter(judge=user, round__edition=edition,
                                     round__status__in=OPEN_OR_COMING).count()


def conflicts(request):
    user = request.user
    if not is_judge(user):
        return deny(request)
    editions = _judge_editions(user)
    edition_ids = [e.pk for e in editions]
    entries = _panel_entries(user, edition_ids)
    entrants = sorted({entry.entrant_id: entry.entrant for entry, _label in entries}.values(),
                      key=lambda e: e.name.casefold())
    form = ConflictForm(request.POST or None, editions=editions, entrants=entrants,
                        entries=entries)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            edition = form.cleaned_data["edition"]
            if not user.has_perm("judging.declare_conflicts", edition):
                raise Http404
            before = _assignments_left(user, edition)
            try:
                services.conflict_declare(
                    judge=user, round_or_edition=edition, scope=form.cleaned_data["scope"],
                    reason=form.cleaned_data["reason"], by=user, **form.target())
            except services.JudgingError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                released = before - _assignments_left(user, edition)
                messages.success(request, _("Your conflict of interest is recorded."))
                if released:
                    messages.info(request, ngettext(
                        "%(count)d entry it covers was taken off your list.",
                        "%(count)d entries it covers were taken off your list.", released,
                    ) % {"count": released})
                else:
                    messages.info(request, _("None of the entries assigned to you is "
                                             "affected."))
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
