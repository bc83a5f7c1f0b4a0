"""The demo season's judging: 16 judges, three rounds (209 -> 80 -> 40 -> 21), rounds 1 and 2
scored and finalised through the services, round 3 open and partly scored.

The demo runs once for the module (it takes a few seconds) inside a transaction that is rolled
back at the end; each test runs in its own savepoint."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import StringIO
from statistics import mean
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from entries.enums import EntryStatus
from entries.models import Entry
from entries.regions import region_of
from judging import conflicts
from judging.demo.people import JUDGES, LEADERSHIP_CRITERIA, PROJECT_CRITERIA
from judging.enums import AssignmentSource, ConflictScope, ReviewStatus, RoundStatus
from judging.models import (
    Assignment,
    AssignmentRun,
    ConflictDeclaration,
    Criterion,
    JudgeProfile,
    PanelMembership,
    Recusal,
    Review,
    Round,
    Score,
)
from judging.results import round_results
from judging.selectors import judge_assignments, judge_rounds
from judging.services import scoring_open
from prize.demo import DEMO_PASSWORD, DEMO_SLUG
from prize.enums import Role
from prize.models import Edition, Notification, RoleAssignment, User

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
AREAS = {"Energy", "Digital economy", "Disaster management", "Urban development"}
FINISHED = (ReviewStatus.SUBMITTED, ReviewStatus.ABSTAINED)


@dataclass
class Demo:
    edition: Edition
    printed: str
    loaded_at: datetime

    def round(self, number: int) -> Round:
        return Round.objects.get(edition=self.edition, number=number)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media),
          transaction.atomic()):
        out = StringIO()
        loaded_at = timezone.now()
        call_command("demo", judging_open=True, stdout=out)
        yield Demo(Edition.objects.get(slug=DEMO_SLUG), out.getvalue(), loaded_at)
        transaction.set_rollback(True)


def judge_users():
    return User.objects.filter(email__in=[j.email for j in JUDGES])


def test_sixteen_judges_with_expertise_from_every_continent(demo):
    profiles = list(JudgeProfile.objects.filter(user__in=judge_users()).select_related("user"))

    assert len(profiles) == 16
    assert "judge@example.org" in {p.user.email for p in profiles}
    assert {f"judge{n:02d}@example.org" for n in range(1, 16)} <= {p.user.email
                                                                  for p in profiles}
    for profile in profiles:
        assert profile.expertise and set(profile.expertise) <= AREAS
        assert profile.organisation and profile.city and profile.country and profile.bio
        assert profile.user.check_password(DEMO_PASSWORD)
        assert profile.user.emailaddress_set.get().verified
    assert {area for p in profiles for area in p.expertise} == AREAS
    countries = Counter(str(p.country) for p in profiles)
    assert countries["KR"] == 3
    assert {region_of(code) for code in countries} == {
        "asia", "europe", "africa", "americas", "oceania", "middle_east"}
    judges = set(RoleAssignment.objects.filter(edition=demo.edition, role=Role.JUDGE)
                 .values_list("user__email", flat=True))
    assert judges == {j.email for j in JUDGES}


def test_three_rounds_with_the_2023_numbers_and_dates(demo):
    rounds = list(Round.objects.filter(edition=demo.edition).order_by("number"))

    assert [(r.number, r.name, r.status, r.judges_per_entry, r.blind) for r in rounds] == [
        (1, "Online screening", RoundStatus.FINALISED, 3, True),
        (2, "Expert panel", RoundStatus.FINALISED, 3, False),
        (3, "Final jury", RoundStatus.OPEN, 5, False),
    ]
    assert [r.round_entries.count() for r in rounds] == [209, 80, 40]
    assert [r.round_entries.filter(advanced=True).count() for r in rounds] == [80, 40, 0]
    categories = {c.code: c for c in demo.edition.categories.all()}
    quotas = [{q.category.code: q.advance for q in r.quotas.select_related("category")}
              for r in rounds]
    assert quotas[1] == {code: c.finalist_quota for code, c in categories.items()}
    assert quotas[2] == {code: c.winner_quota for code, c in categories.items()}
    assert [sum(q.values()) for q in quotas] == [80, 40, 21]
    assert rounds[0].opens_at == datetime(2023, 7, 1, 9, tzinfo=SEOUL)
    assert rounds[1].closes_at == datetime(2023, 7, 19, 18, tzinfo=SEOUL)
    assert rounds[2].opens_at == datetime(2023, 7, 24, 9, tzinfo=SEOUL)
    # Round 3 stays open for two weeks after loading, whatever today is.
    assert demo.loaded_at + timedelta(days=13) < rounds[2].closes_at
    assert rounds[2].closes_at < demo.loaded_at + timedelta(days=15)
    assert scoring_open(rounds[2])


def test_round_entries_are_the_eligible_then_the_advanced(demo):
    r1, r2, r3 = (demo.round(n) for n in (1, 2, 3))
    eligible = set(Entry.objects.filter(edition=demo.edition, status=EntryStatus.ELIGIBLE)
                   .values_list("pk", flat=True))

    assert set(r1.round_entries.values_list("entry_id", flat=True)) == eligible
    assert set(r2.round_entries.values_list("entry_id", flat=True)) == set(
        r1.round_entries.filter(advanced=True).values_list("entry_id", flat=True))
    assert set(r3.round_entries.values_list("entry_id", flat=True)) == set(
        r2.round_entries.filter(advanced=True).values_list("entry_id", flat=True))


def test_criteria_follow_the_evaluation_criteria(demo):
    for number in (1, 2, 3):
        by_category = defaultdict(list)
        for c in Criterion.objects.filter(round=demo.round(number)).select_related("category"):
            by_category[c.category.code].append(c)
            assert (c.scale_min, c.scale_max, c.required) == (1, 10, True)
            assert c.guidance
        for code, expected in (("TI", PROJECT_CRITERIA), ("HC", PROJECT_CRITERIA),
                               ("LD", LEADERSHIP_CRITERIA)):
            got = sorted(by_category[code], key=lambda c: c.order)
            assert [(c.name, float(c.weight)) for c in got] == [(n, w) for n, _g, w in expected]
    assert [name for name, _g, _w in PROJECT_CRITERIA] == [
        "Problem-centred innovation", "Rational project design",
        "Feasible budgeting and planning", "Meticulous implementation",
        "Learning and improvement", "Value generation"]


def test_panels_follow_each_judges_fit(demo):
    for number in (1, 2, 3):
        panels = defaultdict(set)
        for email, code in PanelMembership.objects.filter(round=demo.round(number)).values_list(
                "judge__email", "category__code"):
            panels[email].add(code)
        assert panels == {j.email: set(j.panels) for j in JUDGES}
    assert not PanelMembership.objects.filter(round__edition=demo.edition,
                                              accepted_at=None).exists()


def test_every_assignment_is_conflict_free_and_every_entry_has_its_judges(demo):
    for number in (1, 2, 3):
        round = demo.round(number)
        assignments = list(Assignment.objects.filter(round=round)
                           .select_related("round__edition", "judge", "entry__entrant"))
        for a in assignments:
            assert conflicts.reasons(round, a.judge, a.entry) == [], (number, a)
        per_entry = Counter(a.entry_id for a in assignments)
        assert set(per_entry.values()) == {round.judges_per_entry}
        assert len(per_entry) == round.round_entries.count()
        runs = AssignmentRun.objects.filter(round=round)
        assert runs.count() == 3 and all(run.shortfalls == [] for run in runs)


def test_conflicts_were_declared_before_assignment_and_are_avoided(demo):
    declared = ConflictDeclaration.objects.filter(edition=demo.edition).exclude(
        entry_id__in=Recusal.objects.values("entry_id"))
    first_run = AssignmentRun.objects.filter(round__edition=demo.edition).earliest()

    assert 5 <= declared.count() <= 8
    assert {d.scope for d in declared} == set(ConflictScope.values)
    assert all(d.declared_at < first_run.created_at for d in declared)
    # The rule "same city" keeps Seoul's judge away from Seoul's entries.
    seoul_judge = User.objects.get(email="judge04@example.org")
    seoul_entries = Entry.objects.filter(round_entries__round=demo.round(1),
                                         entrant__city="Seoul", category__code="TI")
    assert seoul_entries.exists()
    assert not Assignment.objects.filter(judge=seoul_judge, entry__in=seoul_entries).exists()


def test_rounds_one_and_two_are_fully_scored_with_a_few_abstentions(demo):
    for number, abstentions in ((1, 4), (2, 2)):
        round = demo.round(number)
        reviews = Review.objects.filter(assignment__round=round)
        assert reviews.count() == Assignment.objects.filter(round=round).count()
        statuses = Counter(reviews.values_list("status", flat=True))
        assert statuses == {ReviewStatus.SUBMITTED: reviews.count() - abstentions,
                            ReviewStatus.ABSTAINED: abstentions}
        abstained = reviews.filter(status=ReviewStatus.ABSTAINED)
        assert all(r.abstain_reason for r in abstained)
        assert not Score.objects.filter(review__in=abstained).exists()
        assert len({r.assignment.entry_id for r in abstained.select_related("assignment")}) == (
            abstentions)
        for review in reviews.filter(status=ReviewStatus.SUBMITTED).prefetch_related(
                "scores__criterion").select_related("assignment__entry")[:50]:
            assert round.opens_at <= review.submitted_at <= round.closes_at
            criteria = set(Criterion.objects.filter(
                round=round, category_id=review.assignment.entry.category_id))
            assert {s.criterion for s in review.scores.all()} == criteria
            assert all(1 <= s.value <= 10 for s in review.scores.all())


def test_shortlists_are_the_rankings_with_ties_taken_in_reference_order(demo):
    for number in (1, 2):
        results = round_results(demo.round(number))
        for cat in results.categories:
            expected = list(cat.ranking.advancing)
            tie = cat.ranking.cutoff_tie
            if tie is not None:
                expected += sorted(tie.entries, key=lambda pk, c=cat: c.entries[pk].reference
                                   )[:tie.seats]
            assert cat.advanced == set(expected)
            assert len(cat.advanced) == cat.quota


def test_lenient_judges_score_higher_and_harsh_judges_lower(demo):
    results = round_results(demo.round(1))
    totals = defaultdict(list)
    for cat in results.categories:
        for result in cat.results.values():
            for judge_id, total in result.judge_totals.items():
                totals[judge_id].append(total)
    by_email = {u.pk: u.email for u in judge_users()}
    lean = {j.email: j.bias for j in JUDGES}
    means = defaultdict(list)
    for judge_id, values in totals.items():
        means[lean[by_email[judge_id]]].append(mean(values))

    assert Counter(lean.values()) == {"lenient": 3, "harsh": 3, "neutral": 10}
    assert min(means["lenient"]) > max(means["harsh"])
    assert mean(means["lenient"]) > mean(means["neutral"]) > mean(means["harsh"])


def test_round_three_is_open_and_partly_scored(demo):
    round = demo.round(3)
    assigned = Assignment.objects.filter(round=round).count()
    statuses = Counter(Review.objects.filter(assignment__round=round)
                       .values_list("status", flat=True))

    assert assigned == 200
    assert 0.3 * assigned <= statuses[ReviewStatus.SUBMITTED] <= 0.5 * assigned
    assert 3 <= statuses[ReviewStatus.DRAFT] <= 8
    drafts = Review.objects.filter(assignment__round=round, status=ReviewStatus.DRAFT)
    assert all(0 < d.scores.count() < 6 for d in drafts)


def test_recusals_in_round_three_were_replaced(demo):
    round = demo.round(3)
    recusals = list(Recusal.objects.filter(round=round))

    assert len(recusals) == 2
    replacements = Assignment.objects.filter(round=round, source=AssignmentSource.REPLACEMENT)
    assert sorted(replacements.values_list("entry_id", flat=True)) == sorted(
        r.entry_id for r in recusals)
    for recusal in recusals:
        assert recusal.reason
        assert not Assignment.objects.filter(round=round, entry_id=recusal.entry_id,
                                             judge_id=recusal.judge_id).exists()
    assert Notification.objects.count() == 0  # the demo writes no e-mail


def test_results_compute_for_every_round(demo):
    for number, entries in ((1, 209), (2, 80), (3, 40)):
        results = round_results(demo.round(number))
        assert [c.category.code for c in results.categories] == ["TI", "HC", "LD"]
        assert sum(len(c.rows) for c in results.categories) == entries
        assert len(results.judges) == (16 if number < 3 else 14)  # two have not started
        for cat in results.categories:
            assert cat.alpha is not None
            assert cat.rows[0][0].rank == 1
    partial = round_results(demo.round(3))
    reviews = sum(r.reviews for c in partial.categories for r in c.results.values())
    assert reviews == Review.objects.filter(assignment__round=demo.round(3),
                                            status=ReviewStatus.SUBMITTED).count()


def test_the_demo_judge_has_scored_some_and_has_some_left(demo):
    judge = User.objects.get(email="judge@example.org")
    final = demo.round(3)
    mine = judge_assignments(judge, final)
    statuses = Counter(getattr(a, "review", None) and a.review.status for a in mine)

    assert [r.number for r in judge_rounds(judge)] == [3, 2, 1]
    assert statuses[ReviewStatus.SUBMITTED] >= 3
    assert statuses[None] >= 3
    assert f"judge@example.org has {len(mine) - statuses[ReviewStatus.SUBMITTED]} of "\
           f"{len(mine)} entries left to score in the Final jury" in demo.printed


def test_the_printed_summary_explains_the_open_round(demo):
    assert "16 judges from 14 countries on 3 rounds (created); 7 declared conflicts, " \
           "2 recusals" in demo.printed
    assert "Round 1, Online screening: 209 entries, finalised, 80 advanced" in demo.printed
    assert "Round 2, Expert panel: 80 entries, finalised, 40 advanced" in demo.printed
    assert "Round 3, Final jury: 40 entries, open" in demo.printed
    assert "in 2023 it closed on 31 August" in demo.printed


def snapshot():
    """What the demo made, in terms that do not depend on database ids. (The judge who replaces
    a recused judge does: the service picks them by a seed made of ids; and so does the final
    round's progress, which follows each judge's list.)"""
    replaced = Assignment.objects.filter(source=AssignmentSource.REPLACEMENT)
    return {
        "assignments": sorted(Assignment.objects.exclude(pk__in=replaced).values_list(
            "round__number", "entry__reference", "judge__email", "source")),
        "replacements": sorted(replaced.values_list("round__number", "entry__reference")),
        "scores": sorted(Score.objects.filter(review__assignment__round__number__lt=3)
                         .values_list(
            "review__assignment__round__number", "review__assignment__entry__reference",
            "review__assignment__judge__email", "criterion__name", "value")),
        "reviews": Counter(Review.objects.filter(assignment__round__number__lt=3)
                           .values_list("assignment__round__number", "status")),
        "advanced": sorted(Entry.objects.filter(round_entries__advanced=True)
                           .values_list("round_entries__round__number", "reference")),
        "declared": ConflictDeclaration.objects.count(),
        "users": User.objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_running_the_demo_again_changes_nothing(demo):
    before = snapshot()
    closes = demo.round(3).closes_at
    out = StringIO()

    call_command("demo", judging_open=True, stdout=out)

    assert snapshot() == before
    assert demo.round(3).closes_at == closes
    assert "16 judges from 14 countries on 3 rounds (already there)" in out.getvalue()


def test_reset_builds_the_same_judging_again(demo):
    before = snapshot()

    call_command("demo", reset=True, quiet=True, judging_open=True)

    after = snapshot()
    for key in before:
        assert after[key] == before[key], key
    assert Round.objects.filter(edition__slug=DEMO_SLUG).count() == 3
