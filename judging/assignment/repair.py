"""Full-panel certificates: augmenting paths for short entries, swap chains for balance.

Both run on every conflict-free pair of the panel (enumerated lazily), after the flow on the
candidate graph; see the package docstring.
"""

from __future__ import annotations

from .panel import _Panel


def _loads(panel: _Panel, assigned: list[list[int]]) -> tuple[list[int], list[list[int]]]:
    load = [0] * len(panel.judges)
    of_judge: list[list[int]] = [[] for _ in panel.judges]
    for i, js in enumerate(assigned):
        for j in js:
            load[j] += 1
            of_judge[j].append(i)
    return load, of_judge


def _complete(panel: _Panel, assigned: list[list[int]], k: int, ring: list[int]) -> int:
    """Augmenting paths on the full panel for entries still short (exact max flow).

    From a short entry: a conflict-free judge not on it with spare capacity; or such a judge who
    gives one of their entries to another conflict-free judge, and so on (BFS, each node once).
    A judge reached by a search that failed cannot reach spare capacity, and no later
    augmentation changes that (an augmenting path never enters such a region), so such judges
    are skipped from then on: a shortage of capacity costs one search over the panel, not one
    per short entry.
    """
    load, of_judge = _loads(panel, assigned)
    capacity = panel.capacity
    rank = {j: r for r, j in enumerate(ring)}
    dead: set[int] = set()
    repairs = 0
    for i0 in range(len(assigned)):
        while len(assigned[i0]) < k:
            path = _augmenting_path(panel, assigned, of_judge, load, capacity, rank, i0, dead)
            if path is None:
                break
            # path: [(entry, judge_in)], entry gives up previous judge_in to the next entry
            prev_judge = None
            for e, j in path:
                if prev_judge is not None:
                    assigned[e].remove(prev_judge)
                    of_judge[prev_judge].remove(e)
                assigned[e].append(j)
                of_judge[j].append(e)
                prev_judge = j
            load[path[-1][1]] += 1
            repairs += 1
    return repairs


def _augmenting_path(panel, assigned, of_judge, load, capacity, rank, i0, dead):
    """BFS over entries; returns [(entry, new judge), ...] ending at a judge with room.

    On failure, adds every judge it reached to ``dead``.
    """
    everyone = set(range(len(panel.judges)))
    unvisited = everyone - dead
    seen_entries = {i0}
    parent: dict[int, tuple[int, int] | None] = {}  # judge -> (entry that takes it, from judge)
    frontier = [(i0, None)]
    while frontier:
        nxt = []
        for e, came_from in frontier:
            options = unvisited - panel.blocked(e) - set(assigned[e])
            for j in sorted(options, key=rank.__getitem__):
                unvisited.discard(j)
                parent[j] = (e, came_from)
                if load[j] < capacity[j]:
                    path = []
                    cur: int | None = j
                    while cur is not None:
                        ent, frm = parent[cur]
                        path.append((ent, cur))
                        cur = frm
                    # from the short entry on: each entry takes a judge, the next gives it up
                    path.reverse()
                    return path
                for e2 in of_judge[j]:
                    if e2 not in seen_entries:
                        seen_entries.add(e2)
                        nxt.append((e2, j))
        frontier = nxt
    dead.update(everyone - dead - unvisited)
    return None


def _balance(panel: _Panel, assigned: list[list[int]], ring: list[int]) -> int:
    """Move work along swap chains until no judge can pass a unit to one with two fewer."""
    load, of_judge = _loads(panel, assigned)
    capacity = panel.capacity
    rank = {j: r for r, j in enumerate(ring)}
    J = len(load)
    moves = 0
    while True:
        open_loads = [load[j] for j in range(J) if load[j] < capacity[j]]
        if not open_loads or max(load, default=0) - min(open_loads) <= 1:
            return moves
        improved = False
        floor_open = min(open_loads)
        for level in sorted(set(load), reverse=True):
            if level - floor_open < 2:
                break
            chain = _exchange_chain(panel, assigned, of_judge, load, capacity, rank, level)
            if chain is not None:
                for e, giver, taker in chain:
                    assigned[e][assigned[e].index(giver)] = taker
                    of_judge[giver].remove(e)
                    of_judge[taker].append(e)
                load[chain[0][1]] -= 1
                load[chain[-1][2]] += 1
                moves += 1
                improved = True
                break
        if not improved:
            return moves


def _exchange_chain(panel, assigned, of_judge, load, capacity, rank, level):
    """BFS from every judge at ``level`` to a judge at ``level - 2`` or less with room."""
    sources = sorted((j for j in range(len(load)) if load[j] == level), key=rank.__getitem__)
    unvisited = set(range(len(load))) - set(sources)
    seen_entries: set[int] = set()
    parent: dict[int, tuple[int, int] | None] = dict.fromkeys(sources)
    frontier = list(sources)
    while frontier:
        nxt = []
        for giver in frontier:
            for e in list(of_judge[giver]):
                if e in seen_entries:
                    continue
                seen_entries.add(e)
                options = unvisited - panel.blocked(e) - set(assigned[e])
                for taker in sorted(options, key=rank.__getitem__):
                    unvisited.discard(taker)
                    parent[taker] = (e, giver)
                    if load[taker] <= level - 2 and load[taker] < capacity[taker]:
                        chain = []
                        cur = taker
                        while parent[cur] is not None:
                            ent, frm = parent[cur]
                            chain.append((ent, frm, cur))
                            cur = frm
                        chain.reverse()
                        return chain
                    nxt.append(taker)
        frontier = nxt
    return None
