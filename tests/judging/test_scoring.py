"""Scoring math (judging/scoring/): weighted totals, results, normalisation, ranking, alpha."""

import math
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from judging.scoring import (
    DEFAULT_TIE_BREAK,
    EXPLANATIONS,
    Criterion,
    Review,
    compute_results,
    explain_tie_break,
    judge_z_scores,
    krippendorff_alpha_interval,
    panel_agreement,
    rank_entries,
    weighted_total,
)

PROPERTY = settings(max_examples=100, deadline=None)

SIX = [
    Criterion("Problem-centred innovation", weight=20),
    Criterion("Rational project design", weight=20),
    Criterion("Feasible budgeting and planning", weight=15),
    Criterion("Meticulous implementation", weight=15),
    Criterion("Learning and improvement", weight=15),
    Criterion("Value generation", weight=15),
]

# ------------------------------------------------------------------------------------ strategies

criteria_lists = st.lists(
    st.builds(
        lambda name, weight, low, span, required: Criterion(
            name, weight=weight, scale_min=low, scale_max=low + span, required=required
        ),
        name=st.text("abcdefgh", min_size=1, max_size=4),
        weight=st.integers(0, 30),
        low=st.integers(0, 5),
        span=st.integers(1, 10),
        required=st.booleans(),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda c: c.name,
)


@st.composite
def criteria_and_scores(draw):
    criteria = draw(criteria_lists)
    scores = {c.name: draw(st.integers(int(c.scale_min), int(c.scale_max))) for c in criteria}
    return criteria, scores


@st.composite
def rounds(draw, *, scale=(0, 100)):
    """Reviews of a round: judges x entries, each judge reviewing a random subset."""
    criteria = [
        Criterion(n, weight=draw(st.integers(1, 5)), scale_min=0, scale_max=100)
        for n in ("a", "b", "c")
    ]
    n_entries = draw(st.integers(2, 12))
    n_judges = draw(st.integers(1, 5))
    reviews = []
    for j in range(n_judges):
        for e in range(n_entries):
            if draw(st.booleans()):
                scores = {c.name: draw(st.integers(scale[0], scale[1])) for c in criteria}
                reviews.append(Review(e, f"j{j}", scores))
    assume(reviews)
    return criteria, reviews


# -------------------------------------------------------------------------------- weighted totals


@PROPERTY
@given(criteria_and_scores())
def test_weights_are_applied_as_configured(data):
    criteria, scores = data
    total = weighted_total(scores, criteria)
    weights = sum(c.weight for c in criteria)
    if weights == 0:
        assert total is None
        return
    expected = (
        100
        * sum(
            c.weight * (scores[c.name] - c.scale_min) / (c.scale_max - c.scale_min)
            for c in criteria
        )
        / weights
    )
    assert total == pytest.approx(expected)
    assert 0 <= total <= 100 + 1e-9


@PROPERTY
@given(criteria_and_scores(), st.integers(1, 7))
def test_only_the_ratio_of_weights_matters(data, factor):
    criteria, scores = data
    scaled = [
        Criterion(c.name, c.weight * factor, c.scale_min, c.scale_max, c.required) for c in criteria
    ]
    a, b = weighted_total(scores, criteria), weighted_total(scores, scaled)
    assert (a is None and b is None) or a == pytest.approx(b)


@PROPERTY
@given(criteria_and_scores(), st.data())
def test_a_single_weighted_criterion_decides_the_total_alone(data, draw):
    criteria, scores = data
    chosen = draw.draw(st.sampled_from(criteria))
    one_hot = [
        Criterion(c.name, 1 if c is chosen else 0, c.scale_min, c.scale_max, c.required)
        for c in criteria
    ]
    share = (scores[chosen.name] - chosen.scale_min) / (chosen.scale_max - chosen.scale_min)
    assert weighted_total(scores, one_hot) == pytest.approx(100 * share)


def test_weighted_total_by_hand():
    scores = dict.fromkeys((c.name for c in SIX), 10) | {"Rational project design": 1}
    # 20% of the weight at 0/100, 80% at 100/100
    assert weighted_total(scores, SIX) == pytest.approx(80.0)
    mixed = [Criterion("x", 3, 1, 5), Criterion("y", 1, 0, 10)]
    assert weighted_total({"x": 4, "y": 5}, mixed) == pytest.approx(100 * (3 * 0.75 + 0.5) / 4)


def test_missing_scores_are_left_out_never_counted_as_zero():
    criteria = [Criterion("x", 1), Criterion("y", 1, required=False)]
    assert weighted_total({"x": 10, "y": None}, criteria) == 100.0
    assert weighted_total({"x": 10}, criteria) == 100.0
    assert weighted_total({"y": 10}, criteria) is None  # a required criterion is missing
    assert weighted_total({"x": None, "y": 10}, criteria) is None


def test_scores_outside_the_scale_or_of_another_round_are_refused():
    with pytest.raises(ValueError, match="outside its scale"):
        weighted_total({"x": 11}, [Criterion("x")])
    with pytest.raises(ValueError, match="unknown criterion"):
        weighted_total({"x": 5, "z": 5}, [Criterion("x")])
    with pytest.raises(ValueError, match="weight"):
        Criterion("x", weight=-1)
    with pytest.raises(ValueError, match="scale"):
        Criterion("x", scale_min=5, scale_max=5)


# ----------------------------------------------------------------------------------------- results


def review(entry, judge, value, criteria=SIX, **kwargs):
    return Review(entry, judge, dict.fromkeys((c.name for c in criteria), value), **kwargs)


def test_results_of_one_entry_by_hand():
    # totals: 1 -> 0, 4 -> 33.33, 10 -> 100 on the 1-10 scale
    reviews = [review("A", "kim", 1), review("A", "lee", 4), review("A", "sato", 10)]
    reviews += [review("B", "kim", 7), review("B", "lee", 7), review("B", "sato", 7)]
    results = compute_results(reviews, SIX, entries=["C"])
    a = results["A"]
    assert a.reviews == 3
    assert a.judge_totals == pytest.approx({"kim": 0.0, "lee": 100 / 3, "sato": 100.0})
    assert a.mean == pytest.approx(400 / 9)
    assert a.median == pytest.approx(100 / 3)
    assert a.std == pytest.approx(math.sqrt(((400 / 9) ** 2 + (100 / 9) ** 2 + (500 / 9) ** 2) / 2))
    assert a.disagreement
    assert results["B"].std == 0 and not results["B"].disagreement
    assert results["C"].reviews == 0 and results["C"].normalised is None
    # every judge scored A and B; each judge's two totals become z = -1 and +1 (or 0 if equal)
    assert a.judge_z == pytest.approx({"kim": -1.0, "lee": -1.0, "sato": 1.0})
    assert a.normalised == pytest.approx(-1 / 3)
    assert results["B"].normalised == pytest.approx(1 / 3)
    assert a.criterion_means["Value generation"] == 5.0


def test_a_judge_with_one_review_or_no_spread_counts_as_average():
    reviews = [review("A", "solo", 9), review("A", "flat", 5), review("B", "flat", 5)]
    results = compute_results(reviews, SIX)
    assert results["A"].judge_z == {"solo": 0.0, "flat": 0.0}
    assert set(results["A"].uninformative_judges) == {"solo", "flat"}
    z, flat = judge_z_scores({"x": {"A": 50.0}, "y": {"A": 10.0, "B": 30.0}})
    assert z == {"x": {"A": 0.0}, "y": {"A": -1.0, "B": 1.0}}
    assert flat == {"x"}


@PROPERTY
@given(rounds(), st.data())
def test_abstained_and_incomplete_reviews_are_excluded_not_zero(data, draw):
    criteria, reviews = data
    extra = []
    for r in reviews:
        if draw.draw(st.booleans()):
            extra.append(Review(r.entry, f"other-{r.judge}", {}, abstained=True))
        if draw.draw(st.booleans()):
            extra.append(Review(r.entry, f"late-{r.judge}", {"a": 0, "b": None}))
    clean = compute_results(reviews, criteria)
    noisy = compute_results(reviews + extra, criteria)
    assert noisy.keys() == clean.keys()
    for entry, result in clean.items():
        other = noisy[entry]
        for name in ("judge_totals", "reviews", "mean", "median", "std", "normalised"):
            assert getattr(other, name) == getattr(result, name)
        assert other.abstentions + other.incomplete == sum(1 for r in extra if r.entry == entry)


@PROPERTY
@given(rounds(scale=(0, 50)), st.data())
def test_ranking_unchanged_when_one_judge_adds_a_constant_to_all_scores(data, draw):
    criteria, reviews = data
    judge = draw.draw(st.sampled_from(sorted({r.judge for r in reviews})))
    shift = draw.draw(st.integers(1, 50))
    shifted = [
        Review(r.entry, r.judge, {k: v + shift for k, v in r.scores.items()})
        if r.judge == judge
        else r
        for r in reviews
    ]
    before = compute_results(reviews, criteria)
    after = compute_results(shifted, criteria)
    for entry in before:
        assert after[entry].normalised == pytest.approx(before[entry].normalised, abs=1e-9)
    chain = ("normalised", "reviews")
    ranked_before = rank_entries(before.values(), tie_break=chain, advance=2)
    ranked_after = rank_entries(after.values(), tie_break=chain, advance=2)
    assert ranked_after.ranks == ranked_before.ranks
    assert ranked_after.advancing == ranked_before.advancing
    assert ranked_after.cutoff_tie == ranked_before.cutoff_tie


def test_a_lenient_judge_does_not_decide_who_advances():
    # X is the harsh judge's best entry, Y the lenient judge's worst. Raw marks put Y first
    # only because its judge is lenient; normalised, each is compared with its judge's habits.
    reviews = [
        review("X", "harsh", 5),
        review("P", "harsh", 2),
        review("Q", "harsh", 1),
        review("Y", "lenient", 8),
        review("R", "lenient", 10),
        review("S", "lenient", 9),
    ]
    results = compute_results(reviews, SIX)
    assert results["Y"].mean > results["X"].mean
    assert results["X"].normalised > 1 > 0 > -1 > results["Y"].normalised
    by_mean = [r.entry for r in rank_entries(results.values(), tie_break=("mean",)).rows]
    by_normalised = [r.entry for r in rank_entries(results.values()).rows]
    assert by_mean.index("Y") < by_mean.index("X")
    assert by_normalised.index("X") < by_normalised.index("Y")


# ----------------------------------------------------------------------------------------- ranking


def result_rows(values):
    """EntryResults with given (normalised, median, reviews, criterion mean) values."""
    reviews = []
    out = compute_results(reviews, SIX, entries=list(values))
    rows = []
    for entry, (normalised, median, count, value) in values.items():
        base = out[entry]
        rows.append(
            type(base)(
                entry=entry,
                judge_totals={},
                reviews=count,
                mean=median,
                median=median,
                std=None,
                disagreement=False,
                normalised=normalised,
                criterion_means={"Value generation": value},
            )
        )
    return rows


def test_the_tie_break_chain_is_followed_in_order():
    rows = result_rows(
        {
            "a": (0.5, 60, 3, 7),
            "b": (0.5, 70, 3, 7),
            "c": (0.5, 70, 2, 9),
            "d": (0.9, 10, 1, 1),
            "e": (0.5, 70, 2, 8),
            "f": (None, None, 0, None),
        }
    )
    chain = (*DEFAULT_TIE_BREAK, "criterion:Value generation")
    ranking = rank_entries(rows, tie_break=chain)
    assert [(r.entry, r.rank) for r in ranking.rows] == [
        ("d", 1),
        ("b", 2),
        ("c", 3),
        ("e", 4),
        ("a", 5),
        ("f", 6),
    ]
    assert ranking.explanation == (
        "Entries are ordered by the normalised score, then the median total, then the number of"
        " reviews (more first), then the mean score on 'Value generation'; entries equal on all"
        " of these share a rank."
    )


def test_equal_entries_share_a_rank_and_a_tie_at_the_cut_off_is_never_cut():
    rows = result_rows(
        {
            "a": (1.0, 80, 3, 5),
            "b": (0.5, 70, 3, 5),
            "c": (0.5, 70, 3, 5),
            "d": (0.5, 70, 3, 5),
            "e": (0.1, 50, 3, 5),
        }
    )
    ranking = rank_entries(rows, advance=2)
    assert [r.rank for r in ranking.rows] == [1, 2, 2, 2, 5]
    assert [r.tied for r in ranking.rows] == [False, True, True, True, False]
    assert ranking.advancing == ["a"]
    tie = ranking.cutoff_tie
    assert (tie.rank, tie.entries, tie.seats) == (2, ("b", "c", "d"), 1)
    assert tie.message == (
        "3 entries tie at rank 2 for the last 1 place (b, c, d); decide between them before"
        " advancing."
    )
    # a cut that falls after the tied group is clean
    clean = rank_entries(rows, advance=4)
    assert clean.advancing == ["a", "b", "c", "d"] and clean.cutoff_tie is None
    assert rank_entries(rows, advance=10).advancing == ["a", "b", "c", "d", "e"]
    assert rank_entries(rows, advance=0).advancing == []


@PROPERTY
@given(rounds(), st.integers(0, 12))
def test_rankings_are_ordered_consistent_and_cut_only_clean_groups(data, advance):
    criteria, reviews = data
    ranking = rank_entries(compute_results(reviews, criteria).values(), advance=advance)
    ranks = [r.rank for r in ranking.rows]
    assert ranks == sorted(ranks)
    assert all(
        rank == position + 1 or rank == ranks[position - 1] for position, rank in enumerate(ranks)
    )
    decided = set(ranking.advancing)
    undecided = set(ranking.cutoff_tie.entries) if ranking.cutoff_tie else set()
    assert len(decided) <= advance
    assert not decided & undecided
    if ranking.cutoff_tie:
        assert len(decided) + ranking.cutoff_tie.seats == advance
        assert len(undecided) > ranking.cutoff_tie.seats
    else:
        assert len(decided) == min(advance, len(ranking.rows))


def test_unknown_ranking_keys_are_refused():
    with pytest.raises(ValueError, match="unknown ranking key"):
        rank_entries(result_rows({"a": (1, 1, 1, 1)}), tie_break=("luck",))


# --------------------------------------------------------------------------------------- agreement

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers, 12 units, with
# missing values; the paper gives alpha = 0.849 for interval data (0.743 nominal).
CANONICAL = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def alpha_by_coincidences(units):
    """Krippendorff's definition, the slow way: a coincidence matrix over values."""
    units = [[v for v in u if v is not None] for u in units]
    units = [u for u in units if len(u) >= 2]
    values = sorted({v for u in units for v in u})
    o = {(c, k): 0.0 for c in values for k in values}
    for u in units:
        for i, c in enumerate(u):
            for j, k in enumerate(u):
                if i != j:
                    o[(c, k)] += 1 / (len(u) - 1)
    n_c = {c: sum(o[(c, k)] for k in values) for c in values}
    n = sum(n_c.values())
    d_o = sum(o[(c, k)] * (c - k) ** 2 for c in values for k in values)
    d_e = sum(n_c[c] * n_c[k] * (c - k) ** 2 for c in values for k in values) / (n - 1)
    return 1 - d_o / d_e


def test_alpha_matches_krippendorffs_published_example():
    units = list(zip(*CANONICAL, strict=True))
    assert round(krippendorff_alpha_interval(units), 3) == 0.849
    assert krippendorff_alpha_interval(units) == pytest.approx(alpha_by_coincidences(units))
    by_judge = {u: dict(enumerate(values)) for u, values in enumerate(units)}
    assert krippendorff_alpha_interval(by_judge) == pytest.approx(0.849, abs=5e-4)


@PROPERTY
@given(
    st.lists(
        st.lists(st.none() | st.integers(0, 10), min_size=1, max_size=5), min_size=2, max_size=15
    )
)
def test_alpha_for_incomplete_designs_matches_the_coincidence_matrix(units):
    pairable = [[v for v in u if v is not None] for u in units]
    values = [v for u in pairable if len(u) >= 2 for v in u]
    alpha = krippendorff_alpha_interval(units)
    if len(values) < 2 or len(set(values)) < 2:
        assert alpha is None
    else:
        assert alpha == pytest.approx(alpha_by_coincidences(units), abs=1e-9)


@PROPERTY
@given(st.lists(st.floats(0, 100), min_size=2, max_size=20), st.integers(2, 4))
def test_alpha_is_one_for_perfect_agreement(truths, judges):
    assume(max(truths) - min(truths) > 1e-6)
    units = [[t] * judges for t in truths]
    assert krippendorff_alpha_interval(units) == pytest.approx(1.0)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32))
def test_alpha_is_near_zero_for_random_scores(seed):
    rnd = random.Random(seed)
    units = [[rnd.uniform(0, 100) for _ in range(rnd.randint(2, 4))] for _ in range(400)]
    assert abs(krippendorff_alpha_interval(units)) < 0.1


def test_alpha_is_undefined_without_pairs_or_variation():
    assert krippendorff_alpha_interval([[1], [2], [3]]) is None
    assert krippendorff_alpha_interval([[5, 5], [5, 5, None]]) is None
    assert krippendorff_alpha_interval({}) is None


def test_panel_agreement_uses_the_judges_totals():
    reviews = [
        review(e, j, v)
        for e, vs in {"a": (2, 3), "b": (8, 9), "c": (5, 5)}.items()
        for j, v in zip(("x", "y"), vs, strict=True)
    ]
    results = compute_results(reviews, SIX)
    expected = krippendorff_alpha_interval(
        [list(r.judge_totals.values()) for r in results.values()]
    )
    assert panel_agreement(results.values()) == pytest.approx(expected)
    assert 0.9 < expected < 1


# ------------------------------------------------------------------------------------ explanations


def test_every_figure_has_a_plain_sentence():
    for key in (
        "weighted_total",
        "mean",
        "median",
        "std",
        "disagreement",
        "reviews",
        "normalised",
        "uninformative",
        "rank",
        "cutoff_tie",
        "alpha",
    ):
        sentence = EXPLANATIONS[key]
        assert sentence.endswith(".") and len(sentence) < 300
    assert EXPLANATIONS["disagreement"].format(threshold=15) == (
        "Flagged when the standard deviation of the judges' totals is above 15 points."
    )
    assert explain_tie_break(("normalised",)) == (
        "Entries are ordered by the normalised score; entries equal on all of these share a rank."
    )


# ------------------------------------------------------------------- criteria per group (category)


@st.composite
def grouped_rounds(draw):
    """A round with two categories, each with its own criteria; judges review entries of
    both, some scores left out (optional criteria, or an incomplete review)."""
    groups = {"TI": draw(criteria_lists), "HC": draw(criteria_lists)}
    entries = [(group, f"{group}-{n}") for group in groups for n in range(draw(st.integers(1, 5)))]
    reviews = []
    for judge in (f"j{n}" for n in range(draw(st.integers(1, 4)))):
        for group, entry in entries:
            if not draw(st.booleans()):
                continue
            scores = {
                c.name: None if draw(st.integers(0, 9)) == 0
                else draw(st.integers(int(c.scale_min), int(c.scale_max)))
                for c in groups[group]
            }
            reviews.append(Review(entry, judge, scores, group=group))
    assume(reviews)
    return groups, reviews


@PROPERTY
@given(grouped_rounds())
def test_criteria_per_group_give_each_groups_own_totals_and_z_across_groups(data):
    groups, reviews = data
    combined = compute_results(reviews, groups)

    # Each group's figures are those of the group computed alone with its own criteria ...
    for group, criteria in groups.items():
        alone = compute_results([r for r in reviews if r.group == group], criteria)
        for entry, result in alone.items():
            both = combined[entry]
            for name in ("judge_totals", "reviews", "mean", "median", "std", "incomplete",
                         "criterion_means"):
                assert getattr(both, name) == getattr(result, name), name
    # ... and each judge's totals are normalised over all their reviews, in every group.
    totals: dict = {}
    for r in reviews:
        total = weighted_total(r.scores, groups[r.group])
        if total is not None:
            totals.setdefault(r.judge, {})[r.entry] = total
    z, _flat = judge_z_scores(totals)
    for entry, result in combined.items():
        assert result.judge_z == {judge: z[judge][entry] for judge in result.judge_totals}
        if result.reviews:
            assert result.normalised == pytest.approx(
                math.fsum(result.judge_z.values()) / result.reviews)
        else:
            assert result.normalised is None


def test_a_review_of_a_group_without_criteria_is_an_input_error():
    with pytest.raises(KeyError):
        compute_results([Review("e", "j", {"a": 1}, group="LD")], {"TI": [Criterion("a")]})
