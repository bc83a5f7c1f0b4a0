"""An edition's rounds (list and new round) and one round's overview: its configuration while
it is a draft, quotas, taking entries, and opening, closing or reopening it."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prize.models import Edition
from prize.permissions import deny
from prize.rules import is_edition_staff, is_superuser

from ...enums import RoundStatus
from ...models import Assignment, Criterion, PanelMembership, Round, RoundEntry, RoundQuota
from ...selectors import FINISHED, round_percent
from ...services import (
    JudgingError,
    quota_set,
    round_create,
    round_set_status,
    round_take_entries,
    round_update,
)
from ...services.rounds import previous_round
from ...staff_forms import QuotaForm, RoundCreateForm, RoundForm
from .common import categories_of, error_list, render_round, round_page
from .progress import reminder_schedule

may_manage_judging = is_superuser | is_edition_staff


# --- The edition's rounds ----------------------------------------------------------------------


def _round_rows(edition: Edition) -> list[Round]:
    """The edition's rounds with their entries, judges and progress (four queries)."""
    rounds = list(Round.objects.filter(edition=edition).select_related("edition")
                  .order_by("number"))
    entries = dict(RoundEntry.objects.filter(round__edition=edition).values("round_id")
                   .annotate(n=Count("pk")).values_list("round_id", "n").order_by())
    judges = dict(PanelMembership.objects.filter(round__edition=edition).values("round_id")
                  .annotate(n=Count("judge_id", distinct=True)).values_list("round_id", "n")
                  .order_by())
    work = {
        row["round_id"]: row for row in
        Assignment.objects.filter(round__edition=edition).values("round_id").annotate(
            assigned=Count("pk"), done=Count("pk", filter=Q(review__status__in=FINISHED))
        ).order_by()
    }
    for round in rounds:
        round.entry_count = entries.get(round.pk, 0)
        round.judge_count = judges.get(round.pk, 0)
        counts = work.get(round.pk, {"assigned": 0, "done": 0})
        round.assigned, round.done = counts["assigned"], counts["done"]
        round.percent = round_percent(round.done, round.assigned)
    return rounds


def staff_rounds(request, edition):
    if not request.user.is_authenticated:
        return deny(request)
    edition = get_object_or_404(Edition, slug=edition)
    if not may_manage_judging.test(request.user, edition):
        raise Http404
    with timezone.override(edition.tz):
        next_number = (Round.objects.filter(edition=edition).aggregate(n=Max("number"))["n"]
                       or 0) + 1
        form = RoundCreateForm(
            request.POST or None, edition=edition,
            initial={"number": next_number, "name": _("Round %(number)d") % {
                "number": next_number}},
        )
        status = 200
        if request.method == "POST":
            if form.is_valid():
                round = round_create(edition=edition, data=form.service_data(), by=request.user)
                messages.success(request, _("%(round)s was created as a draft. Add its criteria, "
                                            "judges and entries next.") % {"round": round.name})
                return redirect("judging:staff_round", pk=round.pk)
            status = 400
        return render(request, "judging/staff/rounds.html", {
            "edition": edition,
            "rounds": _round_rows(edition),
            "form": form,
        }, status=status)


# --- One round ---------------------------------------------------------------------------------


STATUS_ACTIONS = {
    # current status -> [(new status, button label, what happens)], in the page's language
    RoundStatus.DRAFT: [(RoundStatus.OPEN, gettext_lazy("Open the round"), gettext_lazy(
        "Judges can then score their entries until the round closes, and each judge gets one "
        "e-mail listing their assignments. The configuration can no longer change."))],
    RoundStatus.OPEN: [(RoundStatus.CLOSED, gettext_lazy("Close the round"), gettext_lazy(
        "Judges can no longer change their scores. You can reopen the round until its "
        "shortlist is finalised."))],
    RoundStatus.CLOSED: [(RoundStatus.OPEN, gettext_lazy("Reopen the round"), gettext_lazy(
        "Judges can change and submit their scores again until the closing time."))],
}


def _overview(request, round: Round, *, form=None, quota_form=None, errors=None, status=200):
    categories = categories_of(round)
    quotas = dict(RoundQuota.objects.filter(round=round).values_list("category_id", "advance"))
    draft = round.status == RoundStatus.DRAFT
    if draft:
        form = form or RoundForm(edition=round.edition, round=round)
        quota_form = quota_form or QuotaForm(categories=categories, quotas=quotas)
    entries = dict(RoundEntry.objects.filter(round=round).values("entry__category_id")
                   .annotate(n=Count("pk")).values_list("entry__category_id", "n").order_by())
    criteria = dict(Criterion.objects.filter(round=round).values("category_id")
                    .annotate(n=Count("pk")).values_list("category_id", "n").order_by())
    judges = dict(PanelMembership.objects.filter(round=round).values("category_id")
                  .annotate(n=Count("pk")).values_list("category_id", "n").order_by())
    rows = [
        {"category": c, "entries": entries.get(c.pk, 0), "criteria": criteria.get(c.pk, 0),
         "judges": judges.get(c.pk, 0), "quota": quotas.get(c.pk)}
        for c in categories
    ]
    before = previous_round(round)
    return render_round(request, round, "judging/staff/round.html", {
        "form": form,
        "quota_form": quota_form,
        "rows": rows,
        "entry_total": sum(entries.values()),
        "assignment_total": Assignment.objects.filter(round=round).count(),
        "previous": before,
        "previous_finalised": before is None or before.status == RoundStatus.FINALISED,
        "actions": STATUS_ACTIONS.get(round.status, []),
        "errors": errors or {},
        "reminders": reminder_schedule(round),
        "draft": draft,
    }, current="judging:staff_round", status=status)


@round_page()
def staff_round(request, round):
    if request.method != "POST":
        return _overview(request, round)
    action = request.POST.get("action", "")
    handler = ACTIONS.get(action)
    if handler is None:
        return _overview(request, round, errors={"page": [_("Unknown action.")]}, status=400)
    return handler(request, round)


def _update(request, round):
    form = RoundForm(request.POST, edition=round.edition, round=round)
    if form.is_valid():
        try:
            round_update(round=round, data=form.service_data(), by=request.user)
        except JudgingError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The round's configuration is saved."))
            return redirect("judging:staff_round", pk=round.pk)
    return _overview(request, round, form=form, status=400)


def _quotas(request, round):
    categories = categories_of(round)
    quotas = dict(RoundQuota.objects.filter(round=round).values_list("category_id", "advance"))
    form = QuotaForm(request.POST, categories=categories, quotas=quotas)
    if form.is_valid():
        try:
            for category, advance in form.changes(quotas):
                quota_set(round=round, category=category, advance=advance, by=request.user)
        except JudgingError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The quotas are saved."))
            return redirect("judging:staff_round", pk=round.pk)
    return _overview(request, round, quota_form=form, status=400)


def _take_entries(request, round):
    try:
        count = round_take_entries(round=round, by=request.user)
    except JudgingError as exc:
        return _overview(request, round, errors={"take": error_list(exc)}, status=400)
    messages.success(request, ngettext(
        "%(count)d entry is in the round.", "%(count)d entries are in the round.", count,
    ) % {"count": count})
    return redirect("judging:staff_round", pk=round.pk)


def _set_status(request, round):
    status = request.POST.get("status", "")
    if status not in (RoundStatus.OPEN, RoundStatus.CLOSED):
        return _overview(request, round, errors={"status": [_("Choose open or close.")]},
                         status=400)
    before = round.status
    try:
        round = round_set_status(round=round, status=status, by=request.user)
    except JudgingError as exc:
        return _overview(request, round, errors={"status": error_list(exc)}, status=400)
    if status == RoundStatus.CLOSED:
        messages.success(request, _("%(round)s is closed: scores can no longer change.")
                         % {"round": round.name})
    elif before == RoundStatus.CLOSED:
        messages.success(request, _("%(round)s is open again.") % {"round": round.name})
    else:
        messages.success(request, _("%(round)s is open: judges have been told about their "
                                    "assignments.") % {"round": round.name})
    return redirect("judging:staff_round", pk=round.pk)


ACTIONS = {
    "update": _update,
    "quotas": _quotas,
    "take": _take_entries,
    "status": _set_status,
}
