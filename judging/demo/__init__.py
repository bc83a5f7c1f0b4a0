"""The demo season's judging: 16 judges with their expertise and countries, three rounds with
criteria and quotas (209 -> 80 -> 40 -> 21), rounds 1 and 2 scored and finalised, round 3
open and partly scored, and a few declared conflicts and recusals.

``load(core)`` runs after the entries demo and is idempotent: an edition that already has
rounds is left alone. The final round is then finished as in 2023 (every review in, closed on
31 August, winners' list finalised) unless ``core.judging_open`` asks to leave it open.
``reset()`` removes what ``load`` made. Deterministic: the same season on
every run, but for the final round's closing time, set ``FINAL_ROUND_OPEN_DAYS`` after loading
so that the round is open and takes scores today (rounds 1 and 2 keep their 2023 dates). No
e-mail is written to the outbox.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q

from prize.models import Edition, User

from ..enums import ReviewStatus, RoundStatus
from ..models import Assignment, ConflictDeclaration, JudgeProfile, Recusal, Round
from .people import DEMO_JUDGE_EMAIL, JUDGE_EMAIL_REGEX, JUDGES
from .season import FINAL_ROUND_OPEN_DAYS, JudgingSeason, finish_final_round

FINISHED = (ReviewStatus.SUBMITTED, ReviewStatus.ABSTAINED)


def summarise(edition: Edition, *, created: bool) -> list[str]:
    made = "created" if created else "already there"
    profiles = JudgeProfile.objects.filter(user__email__in=[j.email for j in JUDGES])
    countries = {str(c) for c in profiles.values_list("country", flat=True)}
    rounds = list(
        Round.objects.filter(edition=edition).annotate(
            entries=Count("round_entries", distinct=True),
            advanced=Count("round_entries", filter=Q(round_entries__advanced=True),
                           distinct=True),
        ).order_by("number")
    )
    declared = (ConflictDeclaration.objects.filter(edition=edition).count()
                - Recusal.objects.filter(round__edition=edition).count())
    lines = [
        f"  {profiles.count()} judges from {len(countries)} countries on {len(rounds)} rounds "
        f"({made}); {declared} declared conflicts, "
        f"{Recusal.objects.filter(round__edition=edition).count()} recusals",
    ]
    for round in rounds:
        line = f"  Round {round.number}, {round.name}: {round.entries} entries, {round.status}"
        if round.status == RoundStatus.FINALISED:
            line += f", {round.advanced} advanced"
        else:
            work = Assignment.objects.filter(round=round).aggregate(
                assigned=Count("pk"), done=Count("pk", filter=Q(review__status__in=FINISHED)))
            closes = edition.local(round.closes_at)
            line += (f", {work['done']} of {work['assigned']} reviews finished, closes "
                     f"{closes:%d %B %Y %H:%M} ({edition.time_zone})")
        lines.append(line)
    if any(r.status == RoundStatus.OPEN for r in rounds):
        lines.append(
            f"  The final round stays open: its closing time is {FINAL_ROUND_OPEN_DAYS} days "
            "after the demo was loaded (in 2023 it closed on 31 August), so judges can score "
            "today; rounds 1 and 2 keep their 2023 dates.")
    lines.append("  Shortlists follow each category's ranking; a tie at the cut-off is taken "
                 "in order of reference.")
    open_round = next((r for r in rounds if r.status == RoundStatus.OPEN), None)
    if open_round is not None:
        mine = Assignment.objects.filter(round=open_round, judge__email=DEMO_JUDGE_EMAIL)
        left = mine.exclude(review__status__in=FINISHED).count()
        lines.append(f"  {DEMO_JUDGE_EMAIL} has {left} of {mine.count()} entries left to "
                     f"score in the {open_round.name}")
    return lines


def load(core) -> list[str]:
    """Add the judging to the core demo's season; the lines to print."""
    edition = core.edition
    created = False
    accounts = {user.email: user for _label, user in core.accounts}
    if not Round.objects.filter(edition=edition).exists():
        with transaction.atomic():
            JudgingSeason(edition, accounts).build()
        created = True
    if not getattr(core, "judging_open", False):
        with transaction.atomic():
            finish_final_round(edition, accounts)
    return summarise(edition, created=created)


def reset() -> None:
    """Remove the demo rounds (with everything in them), conflicts and judges."""
    from prize.demo import DEMO_SLUG

    edition = Edition.objects.filter(slug=DEMO_SLUG).first()
    if edition is not None:
        Round.objects.filter(edition=edition).delete()
        ConflictDeclaration.objects.filter(edition=edition).delete()
    JudgeProfile.objects.filter(user__email=DEMO_JUDGE_EMAIL).delete()
    User.objects.filter(email__regex=JUDGE_EMAIL_REGEX).delete()
