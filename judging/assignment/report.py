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
            reason, why, params = _why(panel, i, js, k, load)
            shortfalls.append(Shortfall(panel.entries[i].id, len(js), k, reason, why, params))
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


def _why(panel: _Panel, i: int, js: list[int], k: int,
         load: list[int]) -> tuple[str, str, dict]:
    """Why entry ``i`` is short, in words and as data: (words, kind, numbers)."""
    J = len(panel.judges)
    entry = panel.entries[i].id
    if k > J:
        return (f"the panel has only {J} judge{'s' if J != 1 else ''}; entry {entry} needs {k}",
                "panel_too_small", {"judges": J, "needed": k})
    blocked = panel.blocked(i)
    free = J - len(blocked)
    if free < k:
        kinds: dict[tuple[str, str], int] = {}
        words = {"declared": "declared conflict", "organisation": "same organisation",
                 "city": "same city", "country": "same country"}
        for j in blocked:
            for kind, detail in panel.reason_parts(i, j):
                # a declared conflict counts under its own words, as the judge gave them
                name = (detail or words[kind]).split(" (")[0] if kind == "declared" \
                    else words[kind]
                kinds[(name, kind)] = kinds.get((name, kind), 0) + 1
        counted = sorted(kinds.items())
        detail = ", ".join(f"{n} {name}" for (name, _kind), n in counted)
        return (
            f"only {free} of the {J} judges are free of conflicts with entry {entry}"
            f" (conflicts: {detail})",
            "conflicts", {"free": free, "judges": J, "conflicts": [
                [kind, name if kind == "declared" else "", n] for (name, kind), n in counted]},
        )
    full = [
        panel.judges[j].id
        for j in range(J)
        if j not in blocked and j not in js and load[j] >= panel.capacity[j]
    ]
    shown = ", ".join(str(x) for x in full[:5]) + (" ..." if len(full) > 5 else "")
    return (
        f"entry {entry} has {free} conflict-free judges, but the {len(full)} not on it are at"
        f" their capacity ({shown}) and none of their entries can move to another judge",
        "capacity", {"free": free, "full": len(full), "at_capacity": full[:5]},
    )
