"""The result of ``assign``: ids back from indices, loads, and why each short entry is short."""

from __future__ import annotations

from .model import AssignmentResult, Shortfall
from .panel import _Panel
from .repair import _loads


def _result(
    panel: _Panel, assigned: list[list[int]], k: int, q: int, stats: dict
) -> AssignmentResult:
    E, J = len(panel.entries), len(panel.judges)
    load, _ = _loads(panel, assigned)
    shortfalls = []
    repeats = 0
    for i, js in enumerate(assigned):
        countries = [panel.j_country[j] for j in js]
        if len(set(countries)) < len(countries):
            repeats += 1
        if len(js) < k:
            reason = _why(panel, i, js, k, load)
            shortfalls.append(Shortfall(panel.entries[i].id, len(js), k, reason))
    stats["entries_with_repeated_country"] = repeats
    low, high = (k * E) // J if J else 0, -(-(k * E) // J) if J else 0
    stats["water_level"] = q
    return AssignmentResult(
        assignment={
            panel.entries[i].id: [panel.judges[j].id for j in sorted(js)]
            for i, js in enumerate(assigned)
        },
        loads={panel.judges[j].id: load[j] for j in range(J)},
        shortfalls=shortfalls,
        target_loads=(low, high),
        stats=stats,
    )


def _why(panel: _Panel, i: int, js: list[int], k: int, load: list[int]) -> str:
    J = len(panel.judges)
    entry = panel.entries[i].id
    if k > J:
        return f"the panel has only {J} judge{'s' if J != 1 else ''}; entry {entry} needs {k}"
    blocked = panel.blocked(i)
    free = J - len(blocked)
    if free < k:
        kinds: dict[str, int] = {}
        for j in blocked:
            for reason in panel.reasons(i, j):
                kind = reason.split(" (")[0]
                kinds[kind] = kinds.get(kind, 0) + 1
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        return (
            f"only {free} of the {J} judges are free of conflicts with entry {entry}"
            f" (conflicts: {detail})"
        )
    full = [
        panel.judges[j].id
        for j in range(J)
        if j not in blocked and j not in js and load[j] >= panel.capacity[j]
    ]
    shown = ", ".join(str(x) for x in full[:5]) + (" ..." if len(full) > 5 else "")
    return (
        f"entry {entry} has {free} conflict-free judges, but the {len(full)} not on it are at"
        f" their capacity ({shown}) and none of their entries can move to another judge"
    )
