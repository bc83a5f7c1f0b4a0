"""``assign``: candidate windows, the flow network, a greedy start and the primal-dual solve."""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence

from .flow import _Flow
from .model import AssignmentResult, ConflictRules, EntryInfo, JudgeInfo
from .panel import _Panel
from .repair import _balance, _complete
from .report import _result

#: Panels with at most this many entry x judge pairs are solved on the full graph.
FULL_GRAPH_PAIRS = 60_000
#: Default size of an entry's candidate window on large panels.
DEFAULT_CANDIDATES = 24
#: Cost of one same-country pair of judges on an entry.
COUNTRY_PAIR_COST = 1
#: Explicit sub-tiers above the floor load before the last, linear tier.
_EXTRA_TIERS = 3
_GOLDEN = 0.6180339887498949


def _water_level(capacities: Sequence[int], total: int) -> int:
    """The largest q with sum(min(cap, q)) <= total: the floor target around small capacities."""
    lo, hi = 0, max(capacities, default=0)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(min(c, mid) for c in capacities) <= total:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _judge_ring(panel: _Panel, rng: random.Random) -> list[int]:
    """Judges on a ring with each country's judges evenly spaced (seeded offsets and order)."""
    by_country: dict[int, list[int]] = {}
    for j, c in enumerate(panel.j_country):
        by_country.setdefault(c, []).append(j)
    keyed = []
    for members in by_country.values():
        rng.shuffle(members)
        offset = rng.random()
        n = len(members)
        keyed.extend(((t + offset) / n, rng.random(), j) for t, j in enumerate(members))
    keyed.sort()
    return [j for _, _, j in keyed]


def assign(
    entries: Iterable[EntryInfo],
    judges: Iterable[JudgeInfo],
    judges_per_entry: int,
    *,
    conflicts: Iterable[tuple[Hashable, Hashable]] = (),
    rules: ConflictRules | None = None,
    seed: int | str = 0,
    candidates_per_entry: int | None = None,
) -> AssignmentResult:
    """Assign ``judges_per_entry`` judges to every entry of one panel (see the package docstring).

    ``conflicts`` holds explicit ``(judge_id, entry_id)`` pairs (or a mapping of them to their
    reasons in words, which ``check`` quotes); ids not in the panel are ignored.
    ``candidates_per_entry`` forces the sparse candidate graph with that window size (None: the
    full graph for small panels, a window of ``DEFAULT_CANDIDATES`` otherwise).
    """
    k = judges_per_entry
    if k < 1:
        raise ValueError("judges_per_entry must be at least 1")
    panel = _Panel(entries, judges, conflicts, rules or ConflictRules())
    E, J = len(panel.entries), len(panel.judges)
    rng = random.Random(seed)
    ring = _judge_ring(panel, rng)
    order = list(range(E))
    rng.shuffle(order)
    start_u = rng.random()

    if candidates_per_entry is not None:
        m = max(candidates_per_entry, k)
        full = m >= J
    else:
        m = DEFAULT_CANDIDATES
        full = E * J <= FULL_GRAPH_PAIRS or m >= J
    if full:
        m = J

    # Candidate windows, in seeded order.
    cands: list[list[int]] = [[] for _ in range(E)]
    conflicted = panel.conflicted
    for p, i in enumerate(order):
        start = int(((p * _GOLDEN + start_u) % 1.0) * J) if J else 0
        out = cands[i]
        for step in range(J):
            j = ring[(start + step) % J]
            if not conflicted(i, j):
                out.append(j)
                if len(out) == m:
                    break

    capacity = panel.capacity
    demand = sum(min(k, len(c)) for c in cands)
    q = _water_level(capacity, k * E)
    tier0 = [min(c, q) for c in capacity]
    country_cost_max = COUNTRY_PAIR_COST * (k * (k - 1) // 2) * E
    big = country_cost_max + 1  # A: one unit of imbalance outweighs every country pair

    # Build the flow network.
    S, T = 0, 1
    jnode0 = 2 + E
    net = _Flow(2 + E + J)
    # Per entry: (judge, arc into the judge, country code, zero-cost arc into the slot or -1).
    cand_arcs: list[list[tuple[int, int, int, int]]] = []
    source_arc = [0] * E
    j_country = panel.j_country
    for i in range(E):
        e = 2 + i
        source_arc[i] = net.arc(S, e, min(k, len(cands[i])), 0)
        groups: dict[int, list[int]] = {}
        for j in cands[i]:
            groups.setdefault(j_country[j], []).append(j)
        arcs = []
        for c, members in groups.items():
            if len(members) == 1:
                j = members[0]
                arcs.append((j, net.arc(e, jnode0 + j, 1, 0), c, -1))
                continue
            slot = net.node()
            first = net.arc(e, slot, 1, 0)
            for extra in range(1, min(len(members), k)):
                net.arc(e, slot, 1, COUNTRY_PAIR_COST * extra)
            for j in members:
                arcs.append((j, net.arc(slot, jnode0 + j, 1, 0), c, first))
        cand_arcs.append(arcs)
    tier0_arc = [0] * J
    for j in range(J):
        node = jnode0 + j
        tiers = net.sink_arcs[node] = [net.arc(node, T, tier0[j], 0)]
        tier0_arc[j] = tiers[0]
        above = capacity[j] - tier0[j]
        for u in range(1, _EXTRA_TIERS + 1):
            if above <= 0:
                break
            tiers.append(net.arc(node, T, 1, big * u))
            above -= 1
        if above > 0:
            tiers.append(net.arc(node, T, above, big * (_EXTRA_TIERS + 1)))

    # Greedy start on zero-cost arcs only (distinct countries, loads up to the floor target),
    # taking the candidates least filled towards their target first: judges of a big country
    # (who can each serve only entries without a judge of their country yet) and judges with a
    # small capacity then fill at the same pace as everyone else, which leaves the exact phase
    # little to do.
    load = [0] * J
    share = [1.0 / t if t else 0.0 for t in tier0]
    flow = 0
    for i in order:
        used: set[int] = set()
        taken = 0
        ranked = sorted(cand_arcs[i], key=lambda item: load[item[0]] * share[item[0]])
        for j, a, c, slot_arc in ranked:
            if load[j] >= tier0[j] or c in used:
                continue
            if slot_arc >= 0:
                net.push(slot_arc)
            net.push(a)
            used.add(c)
            load[j] += 1
            taken += 1
            if taken == k:
                break
        if taken:
            net.push(source_arc[i], taken)
            flow += taken
    for j in range(J):
        if load[j]:
            net.push(tier0_arc[j], load[j])

    pot = [0] * len(net.adj)
    phases = 1
    flow += net.max_flow_admissible(S, T, pot)
    while flow < demand and net.dijkstra(S, T, pot):
        phases += 1
        got = net.max_flow_admissible(S, T, pot)
        if not got:
            break
        flow += got

    # Read the assignment off the flow.
    assigned: list[list[int]] = [[] for _ in range(E)]
    cap = net.cap
    for i in range(E):
        for j, a, _, _ in cand_arcs[i]:
            if cap[a ^ 1]:
                assigned[i].append(j)

    repairs = _complete(panel, assigned, k, ring)
    moves = _balance(panel, assigned, ring)

    return _result(
        panel,
        assigned,
        k,
        q,
        {
            "mode": "full" if full else "sparse",
            "candidates_per_entry": m,
            "flow_phases": phases,
            "feasibility_repairs": repairs,
            "balance_moves": moves,
        },
    )
