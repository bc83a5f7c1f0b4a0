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

Layout of the package: ``model`` (constants, ``EXPLANATIONS``, inputs and outputs), ``results``
(weighted totals, z-scores, per-entry figures), ``ranking`` (leaderboard and cut-off),
``agreement`` (Krippendorff's alpha).
"""

from .agreement import (
    MIN_ENTRIES,
    MIN_JUDGES,
    agreement_sample,
    krippendorff_alpha_interval,
    measurable,
    panel_agreement,
)
from .model import (
    DEFAULT_DISAGREEMENT,
    DEFAULT_TIE_BREAK,
    EXPLANATIONS,
    Criterion,
    CutoffTie,
    EntryResult,
    RankedEntry,
    Ranking,
    Review,
)
from .model import RANK_DECIMALS as RANK_DECIMALS
from .ranking import explain_tie_break, rank_entries
from .results import compute_results, judge_z_scores, weighted_total

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
    "MIN_ENTRIES",
    "MIN_JUDGES",
    "agreement_sample",
    "krippendorff_alpha_interval",
    "measurable",
    "panel_agreement",
    "rank_entries",
    "weighted_total",
]
