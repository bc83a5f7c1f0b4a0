"""Judging's section of an edition's staff overview (``prize/overview.py``): each round's
progress (reviews submitted out of those assigned, judges who have not started, conflicts
declared on assigned entries, its deadline) with links to the round's pages. Figures only: no
entry, entrant or score is named, so a blind round reveals nothing here. Five queries, whatever
the number of rounds, judges or entries."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from prize import overview
from prize.enums import Role
from prize.models import Edition

from .enums import ReviewStatus
from .models import Assignment, ConflictDeclaration, Recusal, Round
from .selectors import round_percent


def _may_see(user, edition: Edition) -> bool:
    # the same people as the rounds' pages (``judging.rules.is_round_staff``)
    return user.is_superuser or user.has_role(edition, Role.SECRETARIAT, Role.COORDINATOR)


def judging_section(request, edition: Edition) -> dict | None:
    if not _may_see(request.user, edition):
        return None
    rounds = list(Round.objects.filter(edition=edition).order_by("number"))
    counts = {
        row["round_id"]: row for row in
        Assignment.objects.filter(round__edition=edition).values("round_id").annotate(
            assigned=Count("pk"),
            submitted=Count("pk", filter=Q(review__status=ReviewStatus.SUBMITTED)),
            abstained=Count("pk", filter=Q(review__status=ReviewStatus.ABSTAINED)),
            drafts=Count("pk", filter=Q(review__status=ReviewStatus.DRAFT)),
        ).order_by()
    }
    # judges with assignments in a round and no review begun in it
    started = (Assignment.objects.filter(round__edition=edition)
               .values("round_id", "judge_id")
               .annotate(begun=Count("review")).filter(begun=0).order_by())
    idle: dict[int, int] = {}
    for row in started:
        idle[row["round_id"]] = idle.get(row["round_id"], 0) + 1
    recusals = dict(Recusal.objects.filter(round__edition=edition).values_list("round_id")
                    .annotate(n=Count("pk")).order_by())
    declared = ConflictDeclaration.objects.filter(edition=edition).count()

    rows = []
    for rnd in rounds:
        c = counts.get(rnd.pk, {})
        assigned, submitted = c.get("assigned", 0), c.get("submitted", 0)
        abstained, drafts = c.get("abstained", 0), c.get("drafts", 0)
        rows.append({
            "round": rnd,
            "assigned": assigned, "submitted": submitted, "abstained": abstained,
            "drafts": drafts, "not_started": assigned - submitted - abstained - drafts,
            "percent": round_percent(submitted + abstained, assigned),
            "idle_judges": idle.get(rnd.pk, 0),
            "recusals": recusals.get(rnd.pk, 0),
            "progress_url": reverse("judging:staff_progress", args=[rnd.pk]),
            "assignments_url": reverse("judging:staff_assignments", args=[rnd.pk]),
            "panels_url": reverse("judging:staff_panels", args=[rnd.pk]),
            "round_url": reverse("judging:staff_round", args=[rnd.pk]),
        })
    chart = overview.chart(
        "bar", [rnd.name for rnd in rounds],
        [(_("Submitted"), [r["submitted"] for r in rows]),
         (_("Abstained"), [r["abstained"] for r in rows]),
         (_("In progress"), [r["drafts"] for r in rows]),
         (_("Not started"), [r["not_started"] for r in rows])],
        stacked=True, horizontal=True, title=_("Reviews of each round"),
    )
    return {
        "rows": rows,
        "declared": declared,
        "rounds_url": reverse("judging:staff_rounds", args=[edition.slug]),
        "chart_rounds": chart if any(r["assigned"] for r in rows) else None,
    }


overview.register("judging", 20, judging_section, "judging/overview/_section.html")
