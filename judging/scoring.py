"""Scoring math for judging: weighted totals, results per entry, normalisation, ranking, agreement.

Pure Python, no Django: plain dataclasses in, plain dicts and dataclasses out, so the math can be
tested with hypothesis and benchmarked alone. The Django side turns rows into ``Criterion`` and
``Review`` objects and stores or shows what comes back.

The method, figure by figure (``EXPLANATIONS`` says the same to a reader of the results page):

* Weighted total of a review: each criterion score becomes a share of its own scale
  (``(score - min) / (max - min)``, so scales may differ between criteria), the shares are averaged
  with the criterion weights, and the result is shown out of 100. A missing optional criterion
  leaves the weighted average over the criteria that were scored; a missing required criterion
  makes the review incomplete. Abstained and incomplete reviews are left out - never counted as 0.
* Per entry: each judge's weighted total, their mean, median, sample standard deviation (flagged
  as disagreement above a configurable number of points) and the number of reviews.
* Normalised score: every judge's totals in the round are turned into z-scores across that
  judge's own reviews (population standard deviation), and an entry's z-scores are averaged. A
  harsh or lenient judge thus weighs the same as any other. A judge with a single review, or
  whose totals are all equal, tells us nothing about their scale: their z-scores are 0 ("this
  entry is average for this judge") and the entry result lists them as ``uninformative_judges``.
* Ranking per category by a declared tie-break chain (default: normalised, then median, then the
  number of reviews; append ``"criterion:<name>"`` for the highest mean on a named criterion).
  Entries equal on the whole chain share a rank (1, 2, 2, 4). Values equal to 9 decimal places
  count as equal, so floating-point noise never decides a place. A tie that straddles the
  advancement cut-off is reported as ``Ranking.cutoff_tie`` and those entries are not put in
  ``advancing``: a person decides, nothing is cut silently.
* Agreement: Krippendorff's alpha with the interval metric, correct for incomplete designs (each
  entry scored by a subset of the judges): alpha = 1 - D_o / D_e, with the observed disagreement
  D_o over pairs of values within an entry (each entry weighted by 1 / (m_u - 1)) and the expected
  disagreement D_e over all pairs of pairable values (entries with at least two values).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_DISAGREEMENT",
    "DEFAULT_TIE_BREAK",
    "EXPLANATIONS",
    "Criterion",
    "CutoffTie",
    "EntryResult",
    "RankedEntry",
    "Ranking",
    "Review",
    "compute_results",
    "explain_tie_break",
    "judge_z_scores",
    "krippendorff_alpha_interval",
    "panel_agreement",
    "rank_entries",
    "weighted_total",
]

#: Standard deviation of the judges' totals (points out of 100) above which an entry is flagged.
DEFAULT_DISAGREEMENT = 15.0
#: The ranking keys, in order; the first is the figure that ranks.
DEFAULT_TIE_BREAK: tuple[str, ...] = ("normalised", "median", "reviews")
#: Decimal places at which two ranking values count as equal.
RANK_DECIMALS = 9
_FLAT = 1e-9  # a judge's totals spread less than this (points) count as "all equal"

#: One plain sentence per figure, for the results page. ``{threshold}`` is filled in by callers.
EXPLANATIONS: dict[str, str] = {
    "weighted_total": (
        "Each criterion score is placed on a 0 to 100 scale (the lowest mark on the criterion's"
        " scale counts 0, the highest 100) and averaged using the criterion weights."
    ),
    "mean": "The average of the judges' weighted totals for this entry.",
    "median": (
        "The middle value of the judges' weighted totals (the average of the two middle values"
        " when there is an even number of them)."
    ),
    "std": (
        "How far the judges' weighted totals spread around their mean (sample standard"
        " deviation); a large value means the judges disagree."
    ),
    "disagreement": (
        "Flagged when the standard deviation of the judges' totals is above {threshold} points."
    ),
    "reviews": (
        "The number of completed reviews; abstentions and unfinished reviews are left out, not"
        " counted as zero."
    ),
    "normalised": (
        "Each judge's totals are turned into z-scores across all the entries that judge scored"
        " in this round (their own average becomes 0 and their usual spread 1), then averaged"
        " for the entry, so a harsh or lenient judge does not decide who advances."
    ),
    "uninformative": (
        "A judge with a single review, or who gave every entry the same total, counts as"
        " 'average' (z-score 0) because their scale cannot be measured."
    ),
    "rank": ("Entries are ordered by {chain}; entries equal on all of these share a rank."),
    "cutoff_tie": (
        "Entries tied at the advancement cut-off are not cut automatically; the secretariat"
        " decides between them."
    ),
    "alpha": (
        "Krippendorff's alpha (interval) measures how consistently the judges scored the same"
        " entries: 1 is perfect agreement, 0 is no better than chance, below 0 is systematic"
        " disagreement."
    ),
}

_KEY_WORDS = {
    "normalised": "the normalised score",
    "mean": "the mean total",
    "median": "the median total",
    "reviews": "the number of reviews (more first)",
}


# ------------------------------------------------------------------------------------------ inputs


@dataclass(frozen=True, slots=True)
class Criterion:
    """One scored criterion of a round and category: its weight and its scale."""

    name: str
    weight: float = 1.0
    scale_min: float = 1
    scale_max: float = 10
    required: bool = True

    def __post_init__(self) -> None:
        if not self.weight >= 0:
            raise ValueError(f"criterion {self.name!r}: the weight must be zero or more")
        if not self.scale_max > self.scale_min:
            raise ValueError(f"criterion {self.name!r}: the scale maximum must exceed its minimum")


@dataclass(frozen=True, slots=True)
class Review:
    """One judge's review of one entry; a score of None is a criterion left unscored."""

    entry: Hashable
    judge: Hashable
    scores: Mapping[str, float | None]
    abstained: bool = False


# ----------------------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class EntryResult:
    """Every figure of one entry in one round (None where there is nothing to compute)."""

    entry: Hashable
    judge_totals: dict[Hashable, float]
    reviews: int
    mean: float | None
    median: float | None
    std: float | None
    disagreement: bool
    normalised: float | None
    judge_z: dict[Hashable, float] = field(default_factory=dict)
    criterion_means: dict[str, float] = field(default_factory=dict)
    abstentions: int = 0
    incomplete: int = 0
    uninformative_judges: tuple = ()


@dataclass(frozen=True, slots=True)
class RankedEntry:
    """One row of a leaderboard: the entry, its rank and the values the ranking used."""

    entry: Hashable
    rank: int
    values: dict[str, float | None]
    tied: bool


@dataclass(frozen=True, slots=True)
class CutoffTie:
    """Entries that share the rank straddling the advancement cut-off."""

    rank: int
    entries: tuple
    seats: int
    message: str


@dataclass
class Ranking:
    """A leaderboard for one category, with who advances and any tie at the cut-off."""

    rows: list[RankedEntry]
    tie_break: tuple[str, ...]
    advance: int | None
    advancing: list
    cutoff_tie: CutoffTie | None
    explanation: str

    @property
    def ranks(self) -> dict[Hashable, int]:
        """Entry id -> rank."""
        return {row.entry: row.rank for row in self.rows}


# -------------------------------------------------------------------------------- weighted totals


def weighted_total(
    scores: Mapping[str, float | None], criteria: Sequence[Criterion]
) -> float | None:
    """The weighted total of one review out of 100, or None if it cannot count.

    None when a required criterion is unscored, or when no criterion with a positive weight is
    scored. Raises ValueError for a score outside its criterion's scale or for a criterion that
    is not one of ``criteria`` (for example a criterion of another round).
    """
    known = {c.name for c in criteria}
    for name in scores:
        if name not in known:
            raise ValueError(f"unknown criterion {name!r}")
    weighted = 0.0
    weights = 0.0
    for c in criteria:
        value = scores.get(c.name)
        if value is None:
            if c.required:
                return None
            continue
        if not c.scale_min <= value <= c.scale_max:
            raise ValueError(
                f"score {value} for {c.name!r} is outside its scale {c.scale_min}-{c.scale_max}"
            )
        weighted += c.weight * (value - c.scale_min) / (c.scale_max - c.scale_min)
        weights += c.weight
    if weights <= 0:
        return None
    return 100.0 * weighted / weights


# ---------------------------------------------------------------------------------- normalisation


def judge_z_scores(
    totals: Mapping[Hashable, Mapping[Hashable, float]],
) -> tuple[dict[Hashable, dict[Hashable, float]], set]:
    """Judge -> entry -> z-score of that judge's total, and the set of uninformative judges.

    ``totals`` is judge -> entry -> weighted total over the judge's reviews in the round. The
    z-score uses the judge's own mean and population standard deviation. A judge with one review,
    or whose totals spread less than a billionth of a point, gets 0 everywhere (uninformative).
    """
    out: dict[Hashable, dict[Hashable, float]] = {}
    flat: set = set()
    for judge, by_entry in totals.items():
        values = list(by_entry.values())
        n = len(values)
        mean = math.fsum(values) / n if n else 0.0
        sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / n) if n else 0.0
        if n < 2 or sd < _FLAT:
            flat.add(judge)
            out[judge] = dict.fromkeys(by_entry, 0.0)
        else:
            out[judge] = {entry: (v - mean) / sd for entry, v in by_entry.items()}
    return out, flat


# --------------------------------------------------------------------------------------- results


def _median(sorted_values: list[float]) -> float:
    n = len(sorted_values)
    mid = n // 2
    if n % 2:
        return sorted_values[mid]
    return (sorted_values[mid - 1] + sorted_values[mid]) / 2


def compute_results(
    reviews: Iterable[Review],
    criteria: Sequence[Criterion],
    *,
    entries: Iterable[Hashable] = (),
    disagreement_threshold: float = DEFAULT_DISAGREEMENT,
) -> dict[Hashable, EntryResult]:
    """Every entry's figures for one round (pass all the round's reviews, every category).

    Normalisation needs each judge's reviews across the whole round, so results come from the
    round's reviews together; rank each category with ``rank_entries`` on its own entries.
    ``entries`` adds entries that have no review yet (they get ``reviews=0`` and no figures).
    A judge who reviewed an entry twice is an input error (ValueError).
    """
    names = [c.name for c in criteria]
    per_entry: dict[Hashable, dict[Hashable, float]] = {e: {} for e in entries}
    per_judge: dict[Hashable, dict[Hashable, float]] = {}
    crit_sums: dict[Hashable, dict[str, list[float]]] = {}
    abstained: dict[Hashable, int] = {}
    incomplete: dict[Hashable, int] = {}
    for review in reviews:
        entry, judge = review.entry, review.judge
        per_entry.setdefault(entry, {})
        if review.abstained:
            abstained[entry] = abstained.get(entry, 0) + 1
            continue
        total = weighted_total(review.scores, criteria)
        if total is None:
            incomplete[entry] = incomplete.get(entry, 0) + 1
            continue
        if judge in per_entry[entry]:
            raise ValueError(f"judge {judge!r} reviewed entry {entry!r} twice")
        per_entry[entry][judge] = total
        per_judge.setdefault(judge, {})[entry] = total
        sums = crit_sums.setdefault(entry, {})
        for name in names:
            value = review.scores.get(name)
            if value is not None:
                sums.setdefault(name, []).append(value)

    z, flat = judge_z_scores(per_judge)
    results: dict[Hashable, EntryResult] = {}
    for entry, by_judge in per_entry.items():
        values = sorted(by_judge.values())
        n = len(values)
        if n:
            mean = math.fsum(values) / n
            median = _median(values)
        else:
            mean = median = None
        std = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1)) if n >= 2 else None
        judge_z = {judge: z[judge][entry] for judge in by_judge}
        results[entry] = EntryResult(
            entry=entry,
            judge_totals=dict(by_judge),
            reviews=n,
            mean=mean,
            median=median,
            std=std,
            disagreement=std is not None and std > disagreement_threshold,
            normalised=math.fsum(judge_z.values()) / n if n else None,
            judge_z=judge_z,
            criterion_means={
                name: math.fsum(v) / len(v) for name, v in crit_sums.get(entry, {}).items()
            },
            abstentions=abstained.get(entry, 0),
            incomplete=incomplete.get(entry, 0),
            uninformative_judges=tuple(j for j in by_judge if j in flat),
        )
    return results


# ---------------------------------------------------------------------------------------- ranking


def _value(result: EntryResult, key: str) -> float | None:
    if key == "normalised":
        return result.normalised
    if key == "mean":
        return result.mean
    if key == "median":
        return result.median
    if key == "reviews":
        return float(result.reviews)
    if key.startswith("criterion:"):
        return result.criterion_means.get(key.removeprefix("criterion:"))
    raise ValueError(
        f"unknown ranking key {key!r}; use normalised, mean, median, reviews or criterion:<name>"
    )


def explain_tie_break(tie_break: Sequence[str] = DEFAULT_TIE_BREAK) -> str:
    """The ranking rule in one sentence, for the leaderboard."""
    words = [
        _KEY_WORDS.get(key, f"the mean score on '{key.removeprefix('criterion:')}'")
        for key in tie_break
    ]
    chain = words[0] if len(words) == 1 else ", then ".join(words)
    return EXPLANATIONS["rank"].format(chain=chain)


def _id_key(value: Hashable) -> tuple:
    if isinstance(value, bool | int | float):
        return (0, value, "")
    return (1, 0, str(value))


def rank_entries(
    results: Iterable[EntryResult],
    *,
    tie_break: Sequence[str] = DEFAULT_TIE_BREAK,
    advance: int | None = None,
) -> Ranking:
    """A leaderboard of one category's results, highest first, by the ``tie_break`` chain.

    Keys: ``normalised``, ``mean``, ``median``, ``reviews`` (more first) and
    ``criterion:<name>`` (highest mean score on that criterion first); a missing value sorts
    last. Entries equal on every key share a rank and are listed by id. With ``advance``, the
    entries ranked strictly inside the cut advance; a tie straddling the cut is returned in
    ``cutoff_tie`` and those entries are left for a person to decide.
    """
    tie_break = tuple(tie_break)
    if not tie_break:
        raise ValueError("the tie-break chain needs at least one key")
    rows = []
    for result in results:
        values = {key: _value(result, key) for key in tie_break}
        sort_key = tuple(
            (1, 0.0) if v is None else (0, -round(v, RANK_DECIMALS)) for v in values.values()
        )
        rows.append((sort_key, _id_key(result.entry), result.entry, values))
    rows.sort(key=lambda row: (row[0], row[1]))

    ranks = []
    previous = None
    for position, (sort_key, _, _, _) in enumerate(rows):
        ranks.append(position + 1 if sort_key != previous else ranks[-1])
        previous = sort_key
    counts: dict[int, int] = {}
    for rank in ranks:
        counts[rank] = counts.get(rank, 0) + 1
    ranked = [
        RankedEntry(entry=entry, rank=rank, values=values, tied=counts[rank] > 1)
        for (_, _, entry, values), rank in zip(rows, ranks, strict=True)
    ]

    advancing = []
    cutoff_tie = None
    if advance is not None:
        if advance < 0:
            raise ValueError("advance must be zero or more")
        if advance >= len(ranked):
            advancing = [row.entry for row in ranked]
        elif advance > 0:
            boundary = ranked[advance - 1].rank
            group = [row.entry for row in ranked if row.rank == boundary]
            if boundary - 1 + len(group) > advance:
                seats = advance - (boundary - 1)
                advancing = [row.entry for row in ranked if row.rank < boundary]
                names = ", ".join(str(e) for e in group)
                cutoff_tie = CutoffTie(
                    rank=boundary,
                    entries=tuple(group),
                    seats=seats,
                    message=(
                        f"{len(group)} entries tie at rank {boundary} for the last {seats}"
                        f" place{'s' if seats != 1 else ''} ({names}); decide between them"
                        " before advancing."
                    ),
                )
            else:
                advancing = [row.entry for row in ranked[:advance]]
    return Ranking(
        rows=ranked,
        tie_break=tie_break,
        advance=advance,
        advancing=advancing,
        cutoff_tie=cutoff_tie,
        explanation=explain_tie_break(tie_break),
    )


# -------------------------------------------------------------------------------------- agreement


def krippendorff_alpha_interval(
    units: Mapping[Hashable, Iterable[float | None] | Mapping[Hashable, float | None]]
    | Iterable[Iterable[float | None] | Mapping[Hashable, float | None]],
) -> float | None:
    """Krippendorff's alpha with the interval metric, for incomplete designs.

    ``units`` holds, per unit (an entry), the values the coders (judges) gave it: a list, or a
    mapping coder -> value; None is a missing value. Units with fewer than two values are not
    pairable and are left out. With ``n`` pairable values and ``m_u`` values in unit ``u``::

        D_o = (1/n) * sum_u sum_{i != j in u} (x_i - x_j)**2 / (m_u - 1)
        D_e = 1/(n(n-1)) * sum_{i != j over all pairable values} (x_i - x_j)**2
        alpha = 1 - D_o / D_e

    Both double sums use ``sum_{i != j} (x_i - x_j)**2 = 2*m*sum(x**2) - 2*sum(x)**2`` (values
    centred first, for precision), so the cost is linear. Returns None when alpha is undefined:
    fewer than two pairable values, or no variation at all among them.
    """
    if isinstance(units, Mapping):
        units = units.values()
    pairable: list[list[float]] = []
    for unit in units:
        values = unit.values() if isinstance(unit, Mapping) else unit
        kept = [float(v) for v in values if v is not None]
        if len(kept) >= 2:
            pairable.append(kept)
    flat = [v for unit in pairable for v in unit]
    n = len(flat)
    if n < 2 or max(flat) == min(flat):
        return None
    centre = math.fsum(flat) / n
    observed = 0.0
    for unit in pairable:
        m = len(unit)
        s1 = math.fsum(v - centre for v in unit)
        s2 = math.fsum((v - centre) ** 2 for v in unit)
        observed += (2 * m * s2 - 2 * s1 * s1) / (m - 1)
    s1 = math.fsum(v - centre for v in flat)
    s2 = math.fsum((v - centre) ** 2 for v in flat)
    expected_pairs = 2 * n * s2 - 2 * s1 * s1
    # alpha = 1 - D_o/D_e = 1 - (n - 1) * observed / expected_pairs
    return 1.0 - (n - 1) * observed / expected_pairs


def panel_agreement(results: Iterable[EntryResult]) -> float | None:
    """Krippendorff's alpha (interval) over the judges' weighted totals of these entries."""
    return krippendorff_alpha_interval([list(r.judge_totals.values()) for r in results])
