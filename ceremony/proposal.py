"""Pure: fill a category's award tiers from its ranking, and flag ties a person must decide.

No Django here, so it can be tested with hypothesis and benchmarked alone. The ranking is the
final round's leaderboard (rank 1 first; equal ranks are ties the round's declared tie-break
could not separate). Awards come in tier order; each takes ``seats`` winners. Seats are filled
from the top. When the entries sharing a rank straddle the boundary between two tiers, or the
last winner's place, none of them is placed on either side: the tie is flagged and the seats
it straddles are left for a person, never cut silently.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Ranked:
    entry: Hashable
    rank: int


@dataclass(frozen=True, slots=True)
class Tier:
    award: Hashable
    seats: int


@dataclass(frozen=True, slots=True)
class Tie:
    """Entries sharing ``rank`` across a boundary: ``seats`` places are left for a person."""

    rank: int
    entries: tuple
    awards: tuple  # the awards whose seats the tie straddles (the last may be "no award": None)
    seats: int


@dataclass
class Proposal:
    placed: dict[Hashable, list] = field(default_factory=dict)  # award -> entries, in order
    ties: list[Tie] = field(default_factory=list)
    open_seats: dict[Hashable, int] = field(default_factory=dict)  # award -> seats left

    def award_of(self, entry: Hashable) -> Hashable | None:
        for award, entries in self.placed.items():
            if entry in entries:
                return award
        return None


def propose(ranking: Sequence[Ranked], tiers: Sequence[Tier]) -> Proposal:
    """Fill ``tiers`` (top first) from ``ranking`` (best first)."""
    proposal = Proposal(
        placed={t.award: [] for t in tiers}, open_seats={t.award: t.seats for t in tiers}
    )
    # seat i (0-based, across all tiers) belongs to which award
    seat_award: list[Hashable] = [t.award for t in tiers for _ in range(max(t.seats, 0))]
    total = len(seat_award)
    groups: list[tuple[int, list]] = []
    for row in sorted(ranking, key=lambda r: r.rank):
        if groups and groups[-1][0] == row.rank:
            groups[-1][1].append(row.entry)
        else:
            groups.append((row.rank, [row.entry]))
    position = 0
    for rank, entries in groups:
        if position >= total:
            break
        end = position + len(entries)  # seats [position, end) if the whole group fits
        awards_spanned = [seat_award[i] for i in range(position, min(end, total))]
        if end > total:
            awards_spanned.append(None)  # some of the group would win nothing
        if len(set(awards_spanned)) == 1 and awards_spanned[0] is not None:
            award = awards_spanned[0]
            proposal.placed[award].extend(entries)
            proposal.open_seats[award] -= len(entries)
        else:
            spanned = tuple(dict.fromkeys(awards_spanned))
            proposal.ties.append(
                Tie(
                    rank=rank,
                    entries=tuple(entries),
                    awards=spanned,
                    seats=min(end, total) - position,
                )
            )
        position = end
    return proposal
