"""Constants, the plain-words explanations, and the inputs and outputs of scoring."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

#: Standard deviation of the judges' totals (points out of 100) above which an entry is flagged.
DEFAULT_DISAGREEMENT = 15.0
#: The ranking keys, in order; the first is the figure that ranks.
DEFAULT_TIE_BREAK: tuple[str, ...] = ("normalised", "median", "reviews")
#: Decimal places at which two ranking values count as equal.
RANK_DECIMALS = 9

def gettext_noop(message: str) -> str:
    """Marks an English sentence for the translation catalogue (the message extractor looks for
    this name) and returns it unchanged: this module knows no languages; the pages translate
    the sentences when they show them (judging/results.py)."""
    return message


#: One plain sentence per figure, for the results page. ``{threshold}`` is filled in by callers.
EXPLANATIONS: dict[str, str] = {
    "weighted_total": gettext_noop(
        "Each criterion score is placed on a 0 to 100 scale (the lowest mark on the criterion's"
        " scale counts 0, the highest 100) and averaged using the criterion weights."
    ),
    "mean": gettext_noop("The average of the judges' weighted totals for this entry."),
    "median": gettext_noop(
        "The middle value of the judges' weighted totals (the average of the two middle values"
        " when there is an even number of them)."
    ),
    "std": gettext_noop(
        "How far the judges' weighted totals spread around their mean (sample standard"
        " deviation); a large value means the judges disagree."
    ),
    "disagreement": gettext_noop(
        "Flagged when the standard deviation of the judges' totals is above {threshold} points."
    ),
    "reviews": gettext_noop(
        "The number of completed reviews; abstentions and unfinished reviews are left out, not"
        " counted as zero."
    ),
    "normalised": gettext_noop(
        "Each judge's totals are turned into z-scores across all the entries that judge scored"
        " in this round (their own average becomes 0 and their usual spread 1), then averaged"
        " for the entry, so a harsh or lenient judge does not decide who advances."
    ),
    "uninformative": gettext_noop(
        "A judge with a single review, or who gave every entry the same total, counts as"
        " 'average' (z-score 0) because their scale cannot be measured."
    ),
    "rank": gettext_noop(
        "Entries are ordered by {chain}; entries equal on all of these share a rank."
    ),
    "cutoff_tie": gettext_noop(
        "Entries tied at the advancement cut-off are not cut automatically; the secretariat"
        " decides between them."
    ),
    "alpha": gettext_noop(
        "Krippendorff's alpha (interval) measures how consistently the judges scored the same"
        " entries: 1 is perfect agreement, 0 is no better than chance, below 0 is systematic"
        " disagreement."
    ),
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
    """One judge's review of one entry; a score of None is a criterion left unscored.

    ``group`` picks the criteria when they differ between groups of entries (categories): see
    ``compute_results``.
    """

    entry: Hashable
    judge: Hashable
    scores: Mapping[str, float | None]
    abstained: bool = False
    group: Hashable = None


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
