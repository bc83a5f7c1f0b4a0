"""Automatic assignment of judges to entries, and the checks for manual adjustments.

Pure Python, no Django: plain dataclasses in, plain dicts out, so it can be tested with
hypothesis and benchmarked alone. Called once per round and category panel.

What it guarantees
------------------
1. No conflicted pair, ever: a declared conflict (an explicit ``(judge, entry)`` pair) or a rule
   conflict (same organisation / same city / same country, whichever ``ConflictRules`` turns on).
2. Every entry gets exactly ``k`` judges whenever that is possible at all (exact max flow on the
   full panel). When it is not, ``AssignmentResult.shortfalls`` names each short entry and why.
3. Judges' loads differ by at most one wherever the conflicts and capacities allow it. Precisely:
   the load vector is the most balanced one possible (no unit of work can be moved, directly or
   along a chain of swaps, from a judge to another judge with at least two fewer entries). Targets
   are ``floor(k*E/J)`` and ``ceil(k*E/J)`` (water-filled around judges with a small capacity).
4. Judges from many countries over each entry: among the most balanced assignments on the
   candidate graph (below), the one with the fewest pairs of same-country judges on one entry.
5. Deterministic for a given seed: the seed only shuffles the order in which judges and entries
   are considered (which, among equally good answers, is the one returned). Inputs are sorted by
   id first, so the order in which callers pass them does not matter.

The method
----------
A min-cost flow (not a first-fit greedy, which can strand entries)::

    source --k--> entry --(entry, country)--> judge --tiers--> sink

* source -> entry: capacity ``k``.
* entry -> (entry, country) -> judge: one unit arc per candidate judge. Candidates of the same
  country go through one "country slot" node whose first unit costs 0 and whose n-th unit costs
  ``D*(n-1)``: the cost of an entry is ``D`` times its number of same-country judge pairs. (A
  per-entry constraint cannot be a plain arc cost; this intermediate layer makes it exact.)
  Countries with a single candidate skip the slot node (same flows, fewer nodes).
* judge -> sink: the first ``q`` units cost 0, unit ``q+u`` costs ``A*u`` (convex), so the flow
  fills every judge to the floor target before anyone goes above it, and spreads the excess.
  ``A`` is larger than any possible country cost, so balance always wins over country spread.

It is solved by the primal-dual method. A greedy start fills zero-cost arcs only, least-filled
judges first (valid: a flow on zero-cost arcs is a min-cost flow of its value). Then, at each
distance level, a maximum flow on the arcs of zero reduced cost: depth-first phases with
dead-end pruning, current-arc pointers and a one-step lookahead to judges with room (in the
style of Pothen-Fan), which handle the long augmenting paths of a tight, exactly balanced tail
far better than Dinic's shortest-path layers. Between levels, a Dijkstra with node potentials
(reduced costs stay non-negative) finds the next distance. Costs take few distinct values, so
there are few levels (1 or 2 in the benchmark); most of the work is linear passes.

Scale: the candidate graph
--------------------------
A panel of 15,000 entries and 1,000 judges has 15 million pairs, too many for a pure-Python flow.
So each entry gets a deterministic, seeded window of ``candidates_per_entry`` conflict-free
candidates (default 24): judges are laid out on a ring where each country's judges are evenly
spaced, and entry number ``p`` (in seeded order) takes the window starting at the golden-ratio
point ``frac(p * 0.618... + u)`` of the ring. Every window therefore holds many countries, and
every judge sits in about ``m*E/J`` windows, so the sparse graph is well mixed and balance is
reachable. Small panels (at most ``FULL_GRAPH_PAIRS`` pairs, or fewer judges than the window)
use the full graph.

The flow is exact on the candidate graph. Two certificates are then checked on the FULL panel
(every conflict-free pair, enumerated lazily, never materialised), and repaired where they fail:

* feasibility: an entry still short looks for an augmenting path (take a free judge, or a judge
  who hands one of their entries to another free judge, and so on) - exactly max-flow
  augmentation, so no entry is stranded when a solution exists;
* balance: a judge with load L looks for a chain of swaps ending at a judge with load <= L-2 and
  spare capacity; none existing is the optimality condition for the most balanced load vector
  (the possible load vectors form an M-convex set, where this local exchange condition is
  global).

Both searches run only when something is short or loads differ by two or more, so the usual cost
is nil. A repair may add a same-country pair (country spread is soft; balance and feasibility are
not).

Limits: when capacity is short, the flow maximises the number of assigned judges but does not
spread the shortage (some entries may get none while others get all ``k``); the report names them
all. Declared conflicts with an organisation, a city or a country are turned into ``(judge,
entry)`` pairs by the caller.

Measured (``make bench``, 2 cores, CPython 3.11): 24,000 entries and 1,600 judges in three
panels, k = 3, about 2 s and under 200 MB; a 15,000-entry panel with mixed judge capacities
about 4 s.

Manual adjustments use ``check()`` (and ``conflict_reasons()`` / ``pick_replacement()``), which
apply the same rules and return human-readable problems.

Layout of the package
---------------------
``model`` (inputs and outputs), ``panel`` (indices and conflict lookups), ``flow`` (the residual
graph and its solver), ``solve`` (candidate windows, the network, ``assign``), ``repair`` (the
full-panel certificates: augmenting paths and balancing chains), ``report`` (the result and its
shortfall reasons), ``checks`` (``check``, ``conflict_reasons``, ``pick_replacement``).
"""

from .checks import check, conflict_reason_parts, conflict_reasons, pick_replacement
from .model import (
    AssignmentResult,
    ConflictRules,
    EntryInfo,
    JudgeInfo,
    Problem,
    Shortfall,
)
from .solve import COUNTRY_PAIR_COST as COUNTRY_PAIR_COST
from .solve import DEFAULT_CANDIDATES as DEFAULT_CANDIDATES
from .solve import FULL_GRAPH_PAIRS as FULL_GRAPH_PAIRS
from .solve import assign

__all__ = [
    "AssignmentResult",
    "ConflictRules",
    "EntryInfo",
    "JudgeInfo",
    "Problem",
    "Shortfall",
    "assign",
    "check",
    "conflict_reason_parts",
    "conflict_reasons",
    "pick_replacement",
]
