"""Agreement between judges: Krippendorff's alpha (interval metric), incomplete designs."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

from .model import EntryResult

# Below these, alpha says more about chance than about the judges: it is shown as "not enough
# reviews to measure" rather than as a low value that reads as a warning.
MIN_ENTRIES = 5  # entries scored by at least two judges
MIN_JUDGES = 3  # judges among them


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


def agreement_sample(results: Iterable[EntryResult]) -> tuple[int, int]:
    """(entries scored by at least two judges, distinct judges among them): what alpha rests on."""
    entries, judges = 0, set()
    for result in results:
        scored = [judge for judge, total in result.judge_totals.items() if total is not None]
        if len(scored) >= 2:
            entries += 1
            judges.update(scored)
    return entries, len(judges)


def measurable(sample: tuple[int, int]) -> bool:
    entries, judges = sample
    return entries >= MIN_ENTRIES and judges >= MIN_JUDGES
