"""How far judging has got: overall, per category, per judge; reminders now (all judges with
unfinished reviews, or one), the reminder schedule, and entries short of judges. A bounded
number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prize.inputs import int_param

from ...enums import RoundStatus
from ...models import Assignment, RoundEntry
from ...selectors import progress_by_category, progress_by_judge, round_percent
from ...services import reminders_send
from .common import render_round, round_page


def reminder_schedule(round) -> list[tuple[int, object]]:
    """(hours before closing, moment) of each automatic reminder, soonest last."""
    return [(int(h), round.closes_at - timedelta(hours=int(h)))
            for h in sorted(round.reminder_hours or [], reverse=True)]


@round_page()
def staff_progress(request, round):
    if request.method == "POST":
        return _remind(request, round)
    judges = progress_by_judge(round)
    last = dict(Assignment.objects.filter(round=round, review__isnull=False)
                .values("judge_id").annotate(at=Max("review__updated_at"))
                .values_list("judge_id", "at").order_by())
    for row in judges:
        row["last_activity"] = last.get(row["judge_id"])
        row["left"] = row["assigned"] - row["done"]
    categories = progress_by_category(round)
    assigned = sum(r["assigned"] for r in judges)
    done = sum(r["done"] for r in judges)
    short = list(
        RoundEntry.objects.filter(round=round)
        .annotate(judges=Count("entry__assignments",
                               filter=Q(entry__assignments__round=round)))
        .filter(judges__lt=round.judges_per_entry)
        .select_related("entry__category").order_by("entry__reference", "entry_id")
    )
    return render_round(request, round, "judging/staff/progress.html", {
        "judges": judges,
        "categories": categories,
        "overall": {"assigned": assigned, "done": done,
                    "percent": round_percent(done, assigned)},
        "unfinished": sum(1 for r in judges if r["left"]),
        "short": short,
        "schedule": reminder_schedule(round),
        "can_remind": round.status == RoundStatus.OPEN,
    }, current="judging:staff_progress")


def _remind(request, round):
    judge_ids = None
    if request.POST.get("judge"):
        judge = int_param(request.POST, "judge")
        judge_ids = [judge] if judge is not None else []
    if round.status != RoundStatus.OPEN:
        messages.error(request, _("Reminders go out only while the round is open."))
        return redirect("judging:staff_progress", pk=round.pk)
    count = reminders_send(round=round, by=request.user, judge_ids=judge_ids)
    if count:
        messages.success(request, ngettext(
            "A reminder was sent to %(count)d judge.",
            "A reminder was sent to %(count)d judges.", count) % {"count": count})
    else:
        messages.info(request, _("Nobody was reminded: no judge has unfinished reviews."))
    return redirect("judging:staff_progress", pk=round.pk)
