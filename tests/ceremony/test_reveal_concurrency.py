"""Two operators press "next" at the same moment, on two connections (PostgreSQL: the row
locks are real there): the show moves one step, not two; the second press is told the show has
moved on. The same for a press racing a blackout. SQLite serialises writes by itself and has no
row locks, so these run on PostgreSQL only."""

import pytest

from ceremony import reveal, services
from ceremony.models import RevealState
from prize.models import AuditEvent
from tests.ceremony.reveal_support import show_fixture, token  # noqa: F401
from tests.ceremony.staff_support import ceremony_fixture  # noqa: F401
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("rounds", [5])
def test_two_operators_pressing_next_at_once_make_one_step(show, rounds):
    for n in range(rounds):
        seen = token(show)
        outcomes = at_once(*[
            lambda: services.reveal_next(edition=show.edition, by=show.users["secretariat"],
                                         expected=seen),
            lambda: services.reveal_next(edition=show.edition, by=show.users["coordinator"],
                                         expected=seen),
        ])
        stepped = [o for o in outcomes if isinstance(o, reveal.Stage)]
        refused = [o for o in outcomes if isinstance(o, services.RevealMovedOn)]
        assert (len(stepped), len(refused)) == (1, 1), outcomes
        assert refused[0].stage.index == n  # told where the show now stands
        assert reveal.stage_of(show.edition).index == n
    assert AuditEvent.objects.filter(action="reveal.next").count() == rounds
    assert RevealState.objects.get(edition=show.edition, mode="rehearsal").version == rounds


def test_next_racing_a_blackout_applies_one_of_them(show):
    services.reveal_next(edition=show.edition, by=show.users["secretariat"],
                         expected=token(show))
    seen = token(show)
    outcomes = at_once(*[
        lambda: services.reveal_next(edition=show.edition, by=show.users["secretariat"],
                                     expected=seen),
        lambda: services.reveal_blackout(edition=show.edition, by=show.users["coordinator"],
                                         expected=seen, on=True),
    ])
    assert sum(isinstance(o, services.RevealMovedOn) for o in outcomes) == 1, outcomes
    now = reveal.stage_of(show.edition)
    assert (now.index, now.blackout) in ((1, False), (0, True))
