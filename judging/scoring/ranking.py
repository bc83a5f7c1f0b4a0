"""Ranking a category's results by a tie-break chain, and the advancement cut-off."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from .model import (
    DEFAULT_TIE_BREAK,
    EXPLANATIONS,
    RANK_DECIMALS,
    CutoffTie,
    EntryResult,
    RankedEntry,
    Ranking,
    gettext_noop,
)

#: What the ranking sentence calls each key (the pages translate them, judging/results.py).
KEY_WORDS = {
    "normalised": gettext_noop("the normalised score"),
    "mean": gettext_noop("the mean total"),
    "median": gettext_noop("the median total"),
    "reviews": gettext_noop("the number of reviews (more first)"),
}


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
        KEY_WORDS.get(key, f"the mean score on '{key.removeprefix('criterion:')}'")
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
