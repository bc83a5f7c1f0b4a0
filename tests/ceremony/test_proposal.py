"""The pure proposal: tiers filled from the top of the ranking, ties at a boundary flagged."""

from hypothesis import given
from hypothesis import strategies as st

from ceremony.proposal import Ranked, Tier, propose


def ranking(*ranks):
    return [Ranked(entry=f"e{i}", rank=r) for i, r in enumerate(ranks, start=1)]


def test_tiers_are_filled_from_the_top():
    result = propose(ranking(1, 2, 3, 4, 5), [Tier("gold", 1), Tier("silver", 2)])

    assert result.placed == {"gold": ["e1"], "silver": ["e2", "e3"]}
    assert result.ties == []
    assert result.open_seats == {"gold": 0, "silver": 0}


def test_joint_winners_fit_in_one_award():
    result = propose(ranking(1, 1, 3), [Tier("leadership", 2)])

    assert result.placed == {"leadership": ["e1", "e2"]}
    assert result.ties == []


def test_a_tie_across_two_tiers_is_left_for_a_person():
    result = propose(ranking(1, 2, 2, 4), [Tier("gold", 2), Tier("silver", 2)])

    assert result.placed == {"gold": ["e1"], "silver": ["e4"]}
    assert len(result.ties) == 1
    tie = result.ties[0]
    assert (tie.rank, tie.entries, tie.awards, tie.seats) == (
        2,
        ("e2", "e3"),
        ("gold", "silver"),
        2,
    )
    assert result.open_seats == {"gold": 1, "silver": 1}


def test_a_tie_at_the_last_winners_place_is_never_cut():
    result = propose(ranking(1, 2, 2, 2), [Tier("gold", 2)])

    assert result.placed == {"gold": ["e1"]}
    assert result.ties[0].entries == ("e2", "e3", "e4")
    assert result.ties[0].awards == ("gold", None)
    assert result.ties[0].seats == 1


def test_fewer_entries_than_seats_leaves_seats_open():
    result = propose(ranking(1), [Tier("gold", 1), Tier("silver", 2)])

    assert result.placed == {"gold": ["e1"], "silver": []}
    assert result.open_seats == {"gold": 0, "silver": 2}


@given(
    ranks=st.lists(st.integers(min_value=1, max_value=6), min_size=0, max_size=15),
    seats=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=4),
)
def test_no_award_is_overfilled_and_every_seat_is_placed_or_flagged(ranks, seats):
    rows = ranking(*sorted(ranks))
    tiers = [Tier(f"a{i}", s) for i, s in enumerate(seats)]

    result = propose(rows, tiers)

    placed = [e for entries in result.placed.values() for e in entries]
    assert len(placed) == len(set(placed))
    for tier in tiers:
        assert len(result.placed[tier.award]) <= tier.seats
        assert result.open_seats[tier.award] == tier.seats - len(result.placed[tier.award])
    flagged = sum(t.seats for t in result.ties)
    assert len(placed) + flagged == min(sum(seats), len(rows)) or flagged > 0
    # a placed entry is never ranked below an entry left out of every award and every tie
    tied = {e for t in result.ties for e in t.entries}
    rank_of = {r.entry: r.rank for r in rows}
    left_out = [r.entry for r in rows if r.entry not in placed and r.entry not in tied]
    for entry in placed:
        assert all(rank_of[entry] <= rank_of[other] for other in left_out)
