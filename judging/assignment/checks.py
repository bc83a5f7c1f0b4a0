"""Manual adjustments: ``check``, ``conflict_reasons`` and ``pick_replacement``, same rules."""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping, Sequence

from .model import ConflictRules, EntryInfo, JudgeInfo, Problem
from .panel import _Panel


def conflict_reasons(
    entry: EntryInfo,
    judge: JudgeInfo,
    *,
    conflicts: Iterable[tuple[Hashable, Hashable]] = (),
    rules: ConflictRules | None = None,
) -> list[str]:
    """Why ``judge`` may not judge ``entry``, in words; empty when they may."""
    labels = conflicts if isinstance(conflicts, Mapping) else {}
    pairs = {(j, e): labels.get((j, e), "declared conflict")
             for j, e in conflicts if j == judge.id and e == entry.id}
    panel = _Panel([entry], [judge], pairs, rules or ConflictRules())
    return panel.reasons(0, 0)


def conflict_reason_parts(
    entry: EntryInfo,
    judge: JudgeInfo,
    *,
    rules: ConflictRules | None = None,
) -> list[tuple[str, str]]:
    """Why ``judge`` may not judge ``entry`` by their details (organisation, city, country),
    as (kind, detail) for a reader in any language (``_Panel.reason_parts``)."""
    return _Panel([entry], [judge], {}, rules or ConflictRules()).reason_parts(0, 0)


def check(
    assignment: Mapping[Hashable, Sequence[Hashable]],
    entries: Iterable[EntryInfo],
    judges: Iterable[JudgeInfo],
    judges_per_entry: int,
    *,
    conflicts: Iterable[tuple[Hashable, Hashable]] = (),
    rules: ConflictRules | None = None,
    check_balance: bool = True,
) -> list[Problem]:
    """Every problem with an assignment (for example after a coordinator's add, remove or swap).

    The same rules as ``assign``: known entries and judges, no judge twice on an entry, no
    conflicted pair, exactly ``judges_per_entry`` judges per entry, capacities respected, and
    (``check_balance``) loads that differ by at most one, reported as ``unbalanced``. Returns an
    empty list when all is well.
    """
    panel = _Panel(entries, judges, conflicts, rules or ConflictRules())
    problems: list[Problem] = []
    load = [0] * len(panel.judges)
    for entry_id in assignment:
        if entry_id not in panel.eidx:
            problems.append(
                Problem("unknown_entry", f"Entry {entry_id} is not in this panel.", entry=entry_id)
            )
    for i, entry in enumerate(panel.entries):
        given = list(assignment.get(entry.id, ()))
        seen: set = set()
        count = 0
        for judge_id in given:
            j = panel.jidx.get(judge_id)
            if j is None:
                problems.append(
                    Problem(
                        "unknown_judge",
                        f"Judge {judge_id} on entry {entry.id} is not in this panel.",
                        entry=entry.id,
                        judge=judge_id,
                    )
                )
                continue
            if judge_id in seen:
                problems.append(
                    Problem(
                        "duplicate_judge",
                        f"Judge {judge_id} is on entry {entry.id} twice.",
                        entry=entry.id,
                        judge=judge_id,
                    )
                )
                continue
            seen.add(judge_id)
            count += 1
            load[j] += 1
            reasons = panel.reasons(i, j)
            if reasons:
                problems.append(
                    Problem(
                        "conflict",
                        f"Judge {judge_id} has a conflict of interest with entry {entry.id}: "
                        + "; ".join(reasons)
                        + ".",
                        entry=entry.id,
                        judge=judge_id,
                        params={"reasons": panel.reason_parts(i, j)},
                    )
                )
        if count < judges_per_entry:
            problems.append(
                Problem(
                    "too_few_judges",
                    f"Entry {entry.id} has {count} judge{'s' if count != 1 else ''};"
                    f" it needs {judges_per_entry}.",
                    entry=entry.id,
                    params={"count": count, "needed": judges_per_entry},
                )
            )
        elif count > judges_per_entry:
            problems.append(
                Problem(
                    "too_many_judges",
                    f"Entry {entry.id} has {count} judges; it needs {judges_per_entry}.",
                    entry=entry.id,
                    params={"count": count, "needed": judges_per_entry},
                )
            )
    for j, judge in enumerate(panel.judges):
        if judge.capacity is not None and load[j] > judge.capacity:
            problems.append(
                Problem(
                    "over_capacity",
                    f"Judge {judge.id} has {load[j]} entries, more than their capacity of"
                    f" {judge.capacity}.",
                    judge=judge.id,
                    params={"load": load[j], "capacity": judge.capacity},
                )
            )
    if check_balance and panel.judges:
        open_loads = [load[j] for j in range(len(load)) if load[j] < panel.capacity[j]]
        if open_loads and max(load) - min(open_loads) > 1:
            problems.append(
                Problem(
                    "unbalanced",
                    f"Judges' loads range from {min(open_loads)} to {max(load)} entries; automatic"
                    " assignment keeps them within one of each other where conflicts allow.",
                    params={"low": min(open_loads), "high": max(load)},
                )
            )
    return problems


def pick_replacement(
    assignment: Mapping[Hashable, Sequence[Hashable]],
    entry_id: Hashable,
    entries: Iterable[EntryInfo],
    judges: Iterable[JudgeInfo],
    *,
    conflicts: Iterable[tuple[Hashable, Hashable]] = (),
    rules: ConflictRules | None = None,
    exclude: Iterable[Hashable] = (),
    seed: int | str = 0,
) -> Hashable | None:
    """A judge to add to ``entry_id`` (for example after a recusal), or None if nobody is free.

    The least-loaded conflict-free judge with room who is not already on the entry and not in
    ``exclude`` (a judge who just recused), preferring a country not yet among its judges; ties
    go by a seeded order.
    """
    panel = _Panel(entries, judges, conflicts, rules or ConflictRules())
    i = panel.eidx[entry_id]
    load = [0] * len(panel.judges)
    for judge_ids in assignment.values():
        for judge_id in judge_ids:
            if judge_id in panel.jidx:
                load[panel.jidx[judge_id]] += 1
    current = {panel.jidx[x] for x in assignment.get(entry_id, ()) if x in panel.jidx}
    countries = {panel.j_country[j] for j in current}
    skip = {panel.jidx[x] for x in exclude if x in panel.jidx} | current
    tiebreak = list(range(len(panel.judges)))
    random.Random(seed).shuffle(tiebreak)
    best = None
    for j in range(len(panel.judges)):
        if j in skip or load[j] >= panel.capacity[j] or panel.conflicted(i, j):
            continue
        key = (load[j], panel.j_country[j] in countries, tiebreak[j])
        if best is None or key < best[0]:
            best = (key, j)
    return None if best is None else panel.judges[best[1]].id
