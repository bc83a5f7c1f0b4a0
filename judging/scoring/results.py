"""Weighted totals, per-judge z-scores, and every entry's figures for a round."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence

from .model import DEFAULT_DISAGREEMENT, Criterion, EntryResult, Review

_FLAT = 1e-9  # a judge's totals spread less than this (points) count as "all equal"


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
    criteria: Sequence[Criterion] | Mapping[Hashable, Sequence[Criterion]],
    *,
    entries: Iterable[Hashable] = (),
    disagreement_threshold: float = DEFAULT_DISAGREEMENT,
) -> dict[Hashable, EntryResult]:
    """Every entry's figures for one round (pass all the round's reviews, every category).

    Normalisation needs each judge's reviews across the whole round, so results come from the
    round's reviews together; rank each category with ``rank_entries`` on its own entries.
    ``criteria`` is one list for every review, or a mapping from ``Review.group`` (a category)
    to that group's criteria, so a judge sitting on two panels with different criteria is still
    normalised across all their reviews. ``entries`` adds entries that have no review yet (they
    get ``reviews=0`` and no figures). A judge who reviewed an entry twice is an input error
    (ValueError), and so is a review whose group has no criteria (KeyError).
    """
    by_group = criteria if isinstance(criteria, Mapping) else None
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
        own = by_group[review.group] if by_group is not None else criteria
        total = weighted_total(review.scores, own)
        if total is None:
            incomplete[entry] = incomplete.get(entry, 0) + 1
            continue
        if judge in per_entry[entry]:
            raise ValueError(f"judge {judge!r} reviewed entry {entry!r} twice")
        per_entry[entry][judge] = total
        per_judge.setdefault(judge, {})[entry] = total
        sums = crit_sums.setdefault(entry, {})
        for name in (c.name for c in own):
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
