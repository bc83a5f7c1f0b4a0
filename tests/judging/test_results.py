"""Results of a round from the database: each category scored by its own criteria, judges
normalised across all their reviews, abstentions and drafts left out, the leaderboard with its
quota and cut-off ties, in a bounded number of queries."""

import pytest
from django.db.models import F

from judging.enums import ReviewStatus
from judging.models import Assignment, Review, Score
from judging.results import round_results
from tests.factories import (
    CategoryFactory,
    CriterionFactory,
    PanelMembershipFactory,
    RoundEntryFactory,
    RoundQuotaFactory,
)
from tests.judging.builders import draft_panel, place_entry

pytestmark = pytest.mark.django_db


def scored(round, entry, judge, values: dict, status=ReviewStatus.SUBMITTED) -> Review:
    """A review with its scores, as the services leave it."""
    assignment, _created = Assignment.objects.get_or_create(round=round, entry=entry,
                                                            judge=judge)
    review = Review.objects.create(assignment=assignment, status=status,
                                   abstain_reason="Outside my field." if
                                   status == ReviewStatus.ABSTAINED else "")
    Score.objects.bulk_create([Score(review=review, criterion=c, value=v)
                               for c, v in values.items()])
    return review


def by_code(results):
    return {cat.category.code: cat for cat in results.categories}


def test_each_category_is_scored_by_its_own_criteria_and_judges_normalised_across(judging):
    round = judging.round
    innovation, design, impact = judging.criteria
    hc = CategoryFactory(edition=judging.season.edition, code="HC", name="Human-CentriCity",
                         order=1)
    inclusion = CriterionFactory(round=round, category=hc, name="Inclusion", scale_min=0,
                                 scale_max=4)
    hc_entry = place_entry(judging.season.edition, hc, "Lima", "PE", n=7)
    RoundEntryFactory(round=round, entry=hc_entry)
    judge = judging.users["judge"]
    PanelMembershipFactory(round=round, category=hc, judge=judge)
    scored(round, judging.entry, judge, {innovation: 8, design: 6, impact: 7})
    scored(round, hc_entry, judge, {inclusion: 3})

    results = round_results(round)

    cats = by_code(results)
    assert list(cats) == ["TI", "HC"]
    assert [c.name for c in cats["HC"].criteria] == ["Inclusion"]
    ti_total = 100 * (2 * 7 / 9 + 5 / 9 + 6 / 9) / 4
    assert cats["TI"].results[judging.entry.pk].judge_totals == {
        judge.pk: pytest.approx(ti_total)}
    assert cats["HC"].results[hc_entry.pk].judge_totals == {judge.pk: pytest.approx(75.0)}
    # Two totals (about 61 and 75): the judge's z-scores are -1 and +1, across categories.
    assert cats["TI"].results[judging.entry.pk].normalised == pytest.approx(-1.0)
    assert cats["HC"].results[hc_entry.pk].normalised == pytest.approx(1.0)
    assert results.for_entry(hc_entry.pk)[0] is cats["HC"]


def test_abstentions_and_drafts_are_left_out_never_counted_as_zero(judging):
    round, entry = judging.round, judging.entry
    innovation, design, impact = judging.criteria
    scored(round, entry, judging.users["judge"], {innovation: 10, design: 10, impact: 10})
    scored(round, entry, judging.users["second_judge"], {innovation: 1, design: 1, impact: 1},
           status=ReviewStatus.DRAFT)
    scored(round, entry, judging.users["unassigned_judge"], {},
           status=ReviewStatus.ABSTAINED)

    result = round_results(round).for_entry(entry.pk)[1]

    assert (result.reviews, result.abstentions, result.mean) == (1, 1, 100.0)
    assert set(result.judge_totals) == {judging.users["judge"].pk}
    assert round_results(round).for_entry(judging.entries[3].pk)[1].reviews == 0


@pytest.fixture
def full_round():
    """Four entries, three judges who each score every entry on two criteria (1-10)."""
    panel = draft_panel(k=3, places=[("Lyon", "FR"), ("Lima", "PE"), ("Oslo", "NO"),
                                     ("Pune", "IN")], quota=2)
    marks = {  # judge -> scores per entry (both criteria alike), within 1..8
        0: [8, 6, 4, 2],
        1: [5, 6, 3, 1],
        2: [7, 4, 5, 3],
    }
    for j, values in marks.items():
        for entry, value in zip(panel.entries, values, strict=True):
            scored(panel.round, entry, panel.judges[j],
                   {panel.criteria[0]: value, panel.criteria[1]: value})
    return panel


def leaderboard(round):
    [cat] = round_results(round).categories
    return cat, {row.entry: (row.rank, result.normalised) for row, _e, result in cat.rows}


def test_a_judge_adding_a_constant_changes_no_rank_and_no_normalised_score(full_round):
    before_cat, before = leaderboard(full_round.round)

    Score.objects.filter(review__assignment__judge=full_round.judges[0]).update(
        value=F("value") + 2)

    after_cat, after = leaderboard(full_round.round)
    assert {e: rank for e, (rank, _n) in after.items()} == {
        e: rank for e, (rank, _n) in before.items()}
    for entry, (_rank, normalised) in before.items():
        assert after[entry][1] == pytest.approx(normalised, abs=1e-9)
    first = full_round.entries[0].pk
    assert after_cat.results[first].mean > before_cat.results[first].mean
    assert after_cat.ranking.advancing == before_cat.ranking.advancing


def test_the_leaderboard_takes_the_quota_and_flags_a_tie_at_the_cut(full_round):
    cat, rows = leaderboard(full_round.round)
    assert cat.quota == 2 and cat.ranking.cutoff_tie is None
    assert len(cat.ranking.advancing) == 2

    # The third entry's scores become the second's: both tie for the second place.
    second, third = (sorted(rows, key=lambda e: rows[e][0]))[1:3]
    for judge in full_round.judges:
        value = Score.objects.filter(review__assignment__entry_id=second,
                                     review__assignment__judge=judge).first().value
        Score.objects.filter(review__assignment__entry_id=third,
                             review__assignment__judge=judge).update(value=value)

    cat, _rows = leaderboard(full_round.round)
    tie = cat.ranking.cutoff_tie
    assert set(tie.entries) == {second, third} and tie.seats == 1
    assert len(cat.ranking.advancing) == 1
    assert second not in cat.ranking.advancing and third not in cat.ranking.advancing


def test_every_figure_is_explained_with_the_rounds_settings(full_round):
    round = full_round.round
    round.disagreement_threshold = 12.5
    round.tie_break = ["median", "reviews"]
    round.rank_by = "mean"
    round.save()

    explanations = round_results(round).explanations

    assert explanations["disagreement"] == ("Flagged when the standard deviation of the judges' "
                                            "totals is above 12.5 points.")
    assert explanations["rank"] == ("Entries are ordered by the mean total, then the median "
                                    "total, then the number of reviews (more first); entries "
                                    "equal on all of these share a rank.")


@pytest.mark.parametrize("size", [5, 20])
def test_results_take_the_same_number_of_queries_whatever_the_size(size,
                                                                  django_assert_num_queries):
    panel = draft_panel(k=2, places=[(f"City {n}", "FR") for n in range(size)])
    RoundQuotaFactory(round=panel.round, category=panel.category, advance=2)
    for n, entry in enumerate(panel.entries):
        for judge in panel.judges[:2]:
            scored(panel.round, entry, judge, dict.fromkeys(panel.criteria, 1 + n % 9))

    with django_assert_num_queries(5):
        results = round_results(panel.round)

    assert sum(len(c.rows) for c in results.categories) == size
