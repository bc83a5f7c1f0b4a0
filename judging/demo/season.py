"""Building the demo's judging: ``JudgingSeason(edition, accounts).build()``.

The steps a coordinator takes go through the services (creating rounds, criteria and quotas,
declaring conflicts, taking entries, automatic assignment, opening, closing, finalising the
shortlist, a judge's recusal), so the demo shows what the real code does. The judges' work is
written in bulk: every score is synthetic. Each entry has a hidden quality, each judge a
leaning (three lenient, three harsh, the rest neutral) and some noise, clamped to the scale.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from entries.enums import EntryStatus
from entries.models import Entry
from prize.enums import Role
from prize.models import Edition, RoleAssignment, User

from .. import services
from ..enums import ReviewStatus, RoundStatus
from ..models import Assignment, JudgeProfile, PanelMembership, Review, Round, Score
from ..results import round_results
from .people import (
    ABSTAIN_REASONS,
    BIAS,
    CRITERIA_KO,
    DECLARED_CONFLICTS,
    DEMO_JUDGE_EMAIL,
    FEEDBACK,
    JUDGES,
    PRIVATE_COMMENTS,
    RECUSALS,
    Judge,
    criteria_for,
)

SECRETARIAT_EMAIL = "secretariat@example.org"
COORDINATOR_EMAIL = "coordinator@example.org"
SHOWCASE_ENTRANT_EMAIL = "entrant@example.org"
FINAL_ROUND_OPEN_DAYS = 14
# When the demo finishes the season, the final round closes as it did in 2023.
FINAL_ROUND_CLOSED = (2023, 8, 31, 18)
TIE_NOTE = ("Entries tied at the cut-off were taken in order of reference, as the demo's "
            "stand-in for the secretariat's decision.")

# Share of their final-round entries each judge has finished (in their own order), the demo
# judge first: about 40% of the round's reviews are submitted.
FINAL_PROGRESS = [0.45, 0.8, 0.1, 0.5, 0.3, 0.6, 0.0, 0.35, 0.7, 0.25, 0.55, 0.4, 0.2, 0.6,
                  0.0, 0.5]


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    """Hold the services' clock (``django.utils.timezone.now``) at ``moment`` while the demo
    replays a step of 2023: the services' checks ("the closing time has passed") judge it as
    it stood then, and the rows it writes (assignment runs, conflicts, invitations, reviews)
    carry their 2023 times. The audit log keeps the real time: it records when the demo ran."""
    real = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real


class JudgingSeason:
    def __init__(self, edition: Edition, accounts: dict[str, User]):
        self.edition = edition
        self.tz = edition.tz
        self.secretariat = accounts.get(SECRETARIAT_EMAIL)
        self.coordinator = accounts.get(COORDINATOR_EMAIL) or self.secretariat
        self.categories = {c.code: c for c in edition.categories.all()}
        self.real_now = timezone.now()
        self.showcase = set(Entry.objects.filter(
            edition=edition, entrant__members__user__email=SHOWCASE_ENTRANT_EMAIL
        ).values_list("entrant_id", flat=True))
        self.users: dict[str, User] = {}
        self.judges: dict[int, Judge] = {}  # user id -> the judge's description

    def at(self, *args) -> datetime:
        return datetime(*args, tzinfo=self.tz)

    # -- the plan ------------------------------------------------------------------------------

    def rounds_plan(self) -> list[dict]:
        """Three rounds as in 2023 (dates from the edition's timeline). The final round's
        closing time is FINAL_ROUND_OPEN_DAYS after the demo is loaded (in 2023 it closed on
        31 August), so that it is open and takes scores today."""
        finalists = {code: c.finalist_quota for code, c in self.categories.items()}
        winners = {code: c.winner_quota for code, c in self.categories.items()}
        return [
            {"data": {"number": 1, "name": "Online screening", "name_ko": "온라인 심사",
                      "judges_per_entry": 3,
                      "blind": True, "opens_at": self.at(2023, 7, 1, 9),
                      "closes_at": self.at(2023, 7, 7, 18)},
             "quotas": {"TI": 45, "HC": 25, "LD": 10},
             "prepared": self.at(2023, 6, 30, 19), "finalised": self.at(2023, 7, 8, 10),
             "abstentions": 4},
            {"data": {"number": 2, "name": "Expert panel", "name_ko": "전문가 심사",
                      "judges_per_entry": 3,
                      "blind": False, "conflict_same_country": True,
                      "opens_at": self.at(2023, 7, 10, 9),
                      "closes_at": self.at(2023, 7, 19, 18)},
             "quotas": finalists,
             "prepared": self.at(2023, 7, 8, 14), "finalised": self.at(2023, 7, 19, 19),
             "abstentions": 2},
            {"data": {"number": 3, "name": "Final jury", "name_ko": "최종 심사",
                      "judges_per_entry": 5,
                      "blind": False, "opens_at": self.at(2023, 7, 24, 9),
                      # Open today (in 2023 it closed on 31 August).
                      "closes_at": self.real_now.replace(microsecond=0)
                      + timedelta(days=FINAL_ROUND_OPEN_DAYS)},
             "quotas": winners,
             "prepared": self.at(2023, 7, 20, 11)},
        ]

    # -- the build -----------------------------------------------------------------------------

    def build(self) -> None:
        plan = self.rounds_plan()
        self.make_judges()
        with clock(self.at(2023, 6, 15, 10)):
            rounds = [self.make_round(step) for step in plan]
        self.make_panels(rounds)
        with clock(self.at(2023, 6, 26, 11)):
            self.declare_conflicts()
        for round, step in zip(rounds[:2], plan[:2], strict=True):
            self.prepare(round, step["prepared"])
            self.open(round)
            with clock(round.closes_at):
                self.score_all(round, abstentions=step["abstentions"])
                services.round_set_status(round=round, status=RoundStatus.CLOSED,
                                          by=self.coordinator)
            with clock(step["finalised"]):
                self.finalise(round)
        final = rounds[2]
        self.prepare(final, plan[2]["prepared"])
        self.open(final)
        self.recuse(final)
        self.score_partly(final)

    def make_judges(self) -> None:
        """The judges' accounts (the demo password; one hash for all, it is the same
        password), verified addresses, the judge role and their profiles."""
        existing = {u.email: u for u in User.objects.filter(email__in=[j.email for j in JUDGES])}
        password = make_password(_demo_password())
        new = [User(email=j.email, name=j.name, time_zone=j.time_zone, password=password)
               for j in JUDGES if j.email not in existing]
        User.objects.bulk_create(new)
        users = {u.email: u for u in User.objects.filter(email__in=[j.email for j in JUDGES])}
        demo_judge = users.get(DEMO_JUDGE_EMAIL)
        if demo_judge is not None and not demo_judge.time_zone:
            demo_judge.time_zone = JUDGES[0].time_zone
            demo_judge.save(update_fields=["time_zone"])
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in new])
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=users[j.email], edition=self.edition, role=Role.JUDGE)
             for j in JUDGES], ignore_conflicts=True)
        for judge in JUDGES:
            user = users[judge.email]
            JudgeProfile.objects.update_or_create(user=user, defaults={
                "expertise": list(judge.expertise), "organisation": judge.organisation,
                "city": judge.city, "country": judge.country, "bio": judge.bio,
            })
            self.users[judge.email] = user
            self.judges[user.pk] = judge

    def make_round(self, step: dict) -> Round:
        round = services.round_create(edition=self.edition, data=step["data"],
                                      by=self.coordinator)
        for code, category in self.categories.items():
            for order, (name, guidance, weight) in enumerate(criteria_for(code), start=1):
                name_ko, guidance_ko = CRITERIA_KO.get(name, ("", ""))
                services.criterion_save(round=round, category=category, by=self.coordinator,
                                        data={"name": name, "guidance": guidance,
                                              "name_ko": name_ko or None,
                                              "guidance_ko": guidance_ko,
                                              "weight": Decimal(str(weight)), "scale_min": 1,
                                              "scale_max": 10, "required": True,
                                              "order": order})
            services.quota_set(round=round, category=category, advance=step["quotas"][code],
                               by=self.coordinator)
        return round

    def make_panels(self, rounds: list[Round]) -> None:
        """Every judge on the panels of the categories they fit, in every round; invitations
        accepted (made in bulk: the demo sends no e-mail)."""
        memberships = [
            PanelMembership(round=round, category=self.categories[code],
                            judge=self.users[judge.email], invited_by=self.secretariat,
                            accepted_at=round.opens_at - timedelta(days=5))
            for round in rounds for judge in JUDGES for code in judge.panels
        ]
        PanelMembership.objects.bulk_create(memberships)
        for membership in memberships:
            membership.invited_at = membership.round.opens_at - timedelta(days=9)
        PanelMembership.objects.bulk_update(memberships, ["invited_at"])

    def declare_conflicts(self) -> None:
        eligible = list(Entry.objects.filter(edition=self.edition, status=EntryStatus.ELIGIBLE)
                        .select_related("entrant", "category").order_by("reference"))

        def first(code: str, country: str) -> Entry | None:
            return next((e for e in eligible if e.category.code == code
                         and str(e.entrant.country) == country), None)

        for email, scope, target, reason in DECLARED_CONFLICTS:
            judge = self.users[email]
            extra: dict = {}
            if scope in ("entry", "organisation"):
                entry = first(*target)
                if entry is None:
                    continue
                extra = {"entry": entry} if scope == "entry" else {"entrant": entry.entrant}
            elif scope == "city":
                extra = {"city": target[0], "country": target[1]}
            else:
                extra = {"country": target}
            services.conflict_declare(judge=judge, round_or_edition=self.edition, scope=scope,
                                      reason=reason, by=judge, **extra)

    def prepare(self, round: Round, moment: datetime) -> None:
        """Take the round's entries and run automatic assignment on every panel."""
        with clock(moment):
            services.round_take_entries(round=round, by=self.coordinator)
        with clock(moment + timedelta(hours=1)):
            for category in self.categories.values():
                services.assignment_run(round=round, category=category, by=self.coordinator,
                                        seed=f"demo-{round.number}-{category.code}")

    def open(self, round: Round) -> None:
        """Open the round. Its judges count as told (one e-mail each, back then): the demo,
        like the entries demo, puts nothing in the outbox."""
        Assignment.objects.filter(round=round).update(notified_at=round.opens_at)
        with clock(round.opens_at):
            services.round_set_status(round=round, status=RoundStatus.OPEN, by=self.coordinator)

    # -- scores --------------------------------------------------------------------------------

    def assignments(self, round: Round) -> list[Assignment]:
        return list(Assignment.objects.filter(round=round)
                    .select_related("entry__category", "judge").order_by("pk"))

    def quality(self, entry: Entry) -> float:
        """The entry's hidden quality (the same in every round). The demo entrant's entry is
        among the best, so that its login shows a winner's result and certificate."""
        if entry.entrant_id in self.showcase:
            return 2.4
        return random.Random(f"quality-{entry.reference}").gauss(0, 1)

    def scores_for(self, assignment: Assignment, criteria: list, rng: random.Random) -> dict:
        """Synthetic scores: quality + the criterion's facet + the judge's leaning + noise."""
        entry, judge = assignment.entry, self.judges[assignment.judge_id]
        quality = self.quality(entry)
        lean = BIAS[judge.bias] + random.Random(f"lean-{judge.email}").gauss(0, 0.3)
        values = {}
        for criterion in criteria:
            facet = random.Random(f"facet-{entry.reference}-{criterion.order}").gauss(0, 0.6)
            raw = 5.4 + 1.5 * quality + facet + lean + rng.gauss(0, 0.9)
            values[criterion] = max(criterion.scale_min, min(criterion.scale_max, round_half(raw)))
        return values

    def criteria(self, round: Round) -> dict[int, list]:
        by_category: dict[int, list] = {}
        for criterion in round.criteria.order_by("order"):
            by_category.setdefault(criterion.category_id, []).append(criterion)
        return by_category

    def write(self, rows: list[tuple[Review, dict]]) -> None:
        Review.objects.bulk_create([review for review, _values in rows], batch_size=500)
        Score.objects.bulk_create(
            [Score(review=review, criterion=criterion, value=Decimal(value))
             for review, values in rows for criterion, value in values.items()],
            batch_size=1000)

    def review(self, assignment: Assignment, rng: random.Random, *, at: datetime,
               status: str = ReviewStatus.SUBMITTED, reason: str = "") -> Review:
        commented = status == ReviewStatus.SUBMITTED and rng.random() < 0.25
        feedback = commented and rng.random() < 0.6
        if status == ReviewStatus.SUBMITTED and assignment.entry.entrant_id in self.showcase:
            feedback = True  # the demo entrant reads feedback from every judge
        return Review(
            assignment=assignment, status=status, version=rng.randint(3, 9),
            submitted_at=at if status != ReviewStatus.DRAFT else None,
            abstain_reason=reason,
            private_comment=rng.choice(PRIVATE_COMMENTS) if commented else "",
            feedback=rng.choice(FEEDBACK) if feedback else "",
        )

    def score_all(self, round: Round, *, abstentions: int) -> None:
        """Every review submitted, but for a few abstentions (never two on one entry)."""
        rng = random.Random(f"round-{round.number}")
        criteria = self.criteria(round)
        items = self.assignments(round)
        abstaining, seen = set(), set()
        for a in rng.sample(items, len(items)):
            if len(abstaining) < abstentions and a.entry_id not in seen:
                abstaining.add(a.pk)
                seen.add(a.entry_id)
        span = (round.closes_at - round.opens_at).total_seconds()
        rows, reasons = [], 0
        for a in items:
            at = round.opens_at + timedelta(seconds=span * rng.uniform(0.05, 0.98))
            if a.pk in abstaining:
                reason = ABSTAIN_REASONS[reasons % len(ABSTAIN_REASONS)]
                reasons += 1
                rows.append((self.review(a, rng, at=at, status=ReviewStatus.ABSTAINED,
                                         reason=reason), {}))
                continue
            own = random.Random(f"{round.number}-{a.entry.reference}-{a.judge.email}")
            rows.append((self.review(a, rng, at=at),
                         self.scores_for(a, criteria[a.entry.category_id], own)))
        self.write(rows)

    def finalise(self, round: Round) -> None:
        """The shortlist: each category's ``advancing`` list, and a cut-off tie resolved by
        taking the tied entries in order of reference."""
        chosen = []
        for cat in round_results(round).categories:
            chosen += cat.ranking.advancing
            tie = cat.ranking.cutoff_tie
            if tie is not None:
                tied = sorted(tie.entries, key=lambda pk: cat.entries[pk].reference)
                chosen += tied[:tie.seats]
        services.round_finalise(round=round, entry_ids=chosen, by=self.coordinator,
                                note=TIE_NOTE)

    def recuse(self, round: Round) -> None:
        """Judges who find a conflict while scoring the final round step back; a free judge
        of the panel replaces them. Each recuses from an entry they did not judge before (the
        recorded conflict covers the whole edition). The replacement's e-mail is left out of
        the outbox, like every demo e-mail."""
        earlier = set(Assignment.objects.filter(round__edition=self.edition,
                                                round__number__lt=round.number)
                      .values_list("judge_id", "entry_id"))
        for email, reason in RECUSALS:
            judge = self.users[email]
            mine = sorted(
                (a for a in self.assignments(round)
                 if a.judge_id == judge.pk and (judge.pk, a.entry_id) not in earlier),
                key=lambda a: a.entry.reference)
            if mine:
                services.recuse(assignment=mine[0], by=judge, reason=reason,
                                tell_replacement=False)

    def score_partly(self, round: Round) -> None:
        """The final round today: each judge has finished a share of their entries, in an
        order of their own, and some have one review in progress."""
        rng = random.Random(f"round-{round.number}")
        criteria = self.criteria(round)
        by_judge: dict[int, list[Assignment]] = {}
        for a in self.assignments(round):
            by_judge.setdefault(a.judge_id, []).append(a)
        rows = []
        for index, judge in enumerate(JUDGES):
            user = self.users[judge.email]
            items = sorted(by_judge.get(user.pk, []),
                           key=lambda a, e=judge.email: working_order(e, round, a))
            done = round_half(FINAL_PROGRESS[index] * len(items))
            for n, a in enumerate(items):
                own = random.Random(f"{round.number}-{a.entry.reference}-{judge.email}")
                values = self.scores_for(a, criteria[a.entry.category_id], own)
                if n < done:
                    at = self.real_now - timedelta(hours=rng.uniform(2, 24 * 10))
                    rows.append((self.review(a, rng, at=at), values))
                elif n == done and 0 < done < len(items) and index % 2 == 0:
                    kept = dict(list(values.items())[:rng.randint(2, 4)])
                    rows.append((self.review(a, rng, at=self.real_now,
                                             status=ReviewStatus.DRAFT), kept))
        self.write(rows)


def finish_final_round(edition: Edition, accounts: dict[str, User]) -> Round | None:
    """Finish the open final round as in 2023: every review left is submitted, the round
    closes on 31 August 2023 and its winners' list (each category's quota) is finalised.
    Nothing to do when the final round is already finalised."""
    final = Round.objects.filter(edition=edition).order_by("-number").first()
    if final is None or final.status == RoundStatus.FINALISED:
        return final
    season = JudgingSeason(edition, accounts)
    users = {u.email: u for u in User.objects.filter(email__in=[j.email for j in JUDGES])}
    season.users = users
    season.judges = {users[j.email].pk: j for j in JUDGES if j.email in users}
    closes = season.at(*FINAL_ROUND_CLOSED)
    Review.objects.filter(assignment__round=final, status=ReviewStatus.DRAFT).delete()
    rng = random.Random(f"round-{final.number}-finish")
    criteria = season.criteria(final)
    rows = []
    reviewed = set(Review.objects.filter(assignment__round=final)
                   .values_list("assignment_id", flat=True))
    for a in season.assignments(final):
        if a.pk in reviewed:
            continue
        own = random.Random(f"{final.number}-{a.entry.reference}-{a.judge.email}")
        at = closes - timedelta(hours=rng.uniform(1, 24 * 20))
        rows.append((season.review(a, rng, at=at),
                     season.scores_for(a, criteria[a.entry.category_id], own)))
    season.write(rows)
    Round.objects.filter(pk=final.pk).update(closes_at=closes)
    final.refresh_from_db()
    with clock(closes):
        services.round_set_status(round=final, status=RoundStatus.CLOSED,
                                  by=season.coordinator)
    with clock(closes + timedelta(days=1)):
        season.finalise(final)
    final.refresh_from_db()
    return final


def working_order(email: str, round: Round, assignment: Assignment) -> str:
    """The order a judge works through their entries: shuffled per judge, the same on every
    run of the demo (it does not depend on database ids)."""
    key = f"{email}:{round.number}:{assignment.entry.reference}"
    return hashlib.sha256(key.encode()).hexdigest()


def round_half(value: float) -> int:
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def _demo_password() -> str:
    from prize.demo import DEMO_PASSWORD

    return DEMO_PASSWORD
