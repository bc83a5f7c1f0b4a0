"""Reminders to judges with unfinished reviews: sent now by a coordinator, or on schedule at the
round's configured hours before closing (beat, hourly; each reminder once per judge)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from prize.models import Notification, User
from prize.services import audit, notify

from ..enums import ReviewStatus, RoundStatus
from ..models import Assignment, Round

FINISHED = (ReviewStatus.SUBMITTED, ReviewStatus.ABSTAINED)


def unfinished_by_judge(round: Round) -> dict[int, tuple[int, int]]:
    """judge id -> (unfinished, assigned) for judges with something left to do."""
    rows = (
        Assignment.objects.filter(round=round).values("judge_id")
        .annotate(assigned=Count("pk"),
                  done=Count("pk", filter=Q(review__status__in=FINISHED)))
    )
    return {r["judge_id"]: (r["assigned"] - r["done"], r["assigned"])
            for r in rows if r["assigned"] > r["done"]}


def reminders_send(*, round: Round, by: User | None = None, label: str | None = None,
                   judge_ids: list[int] | None = None) -> int:
    """Remind every judge of ``round`` with unfinished reviews (or just ``judge_ids``); returns
    how many were reminded. ``label`` makes the reminder once-only (the schedule uses it)."""
    if round.status != RoundStatus.OPEN:
        return 0
    todo = unfinished_by_judge(round)
    if judge_ids is not None:
        todo = {j: v for j, v in todo.items() if j in set(judge_ids)}
    stamp = label or f"now-{timezone.now():%Y%m%d%H%M%S%f}"
    judges = User.objects.in_bulk(list(todo))
    keys = {j: f"judging-reminder:{round.pk}:{stamp}:{j}" for j in todo}
    already = set(Notification.objects.filter(key__in=keys.values())
                  .values_list("key", flat=True))
    sent = 0
    with transaction.atomic():
        for judge_id, (left, assigned) in sorted(todo.items()):
            if keys[judge_id] in already:
                continue
            judge = judges[judge_id]
            notify(judge, "judging/reminder", {
                "round_name": round.name,
                "edition_name": round.edition.name,
                "left": left,
                "assigned": assigned,
                "closes_at": round.closes_at,
                "time_zone": judge.time_zone or round.edition.time_zone,
                "dashboard_path": "/judging/",
            }, key=keys[judge_id], edition=round.edition)
            sent += 1
        if sent and label is None:
            audit(by, "round.remind", round, edition=round.edition, after={"judges": sent})
    return sent


def due_label(round: Round, now: datetime) -> str | None:
    """The most urgent scheduled reminder that is due (hours before closing), if any."""
    if not round.opens_at <= now < round.closes_at:
        return None
    due = [int(h) for h in round.reminder_hours or []
           if round.closes_at - timedelta(hours=int(h)) <= now]
    return f"{min(due)}h" if due else None


def send_due_reminders(now: datetime | None = None) -> int:
    """The beat task's work: for every open round, the scheduled reminder now due."""
    now = now or timezone.now()
    total = 0
    for round in Round.objects.filter(status=RoundStatus.OPEN).select_related("edition"):
        label = due_label(round, now)
        if label:
            total += reminders_send(round=round, label=label)
    return total
