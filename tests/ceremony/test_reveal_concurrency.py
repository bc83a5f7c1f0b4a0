"""Two operators press "next" at the same moment, on two connections (PostgreSQL: the row
locks are real there): the show moves one step, not two; the second press is told the show has
moved on. The same for a press racing a blackout. SQLite serialises writes by itself and has no
row locks, so these run on PostgreSQL only."""

import threading

import pytest
from django.db import connection, connections

from ceremony import reveal, services
from ceremony.models import RevealState
from prize.models import AuditEvent
from tests.ceremony.reveal_support import show_fixture, token  # noqa: F401
from tests.ceremony.staff_support import ceremony_fixture  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL"),
]


def race(calls):
    """Run each call on its own thread and connection, all released at once; return what
    each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(n, call):
        try:
            barrier.wait(timeout=10)
            results[n] = call()
        except Exception as exc:  # noqa: BLE001 (the outcome under test)
            results[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.parametrize("rounds", [5])
def test_two_operators_pressing_next_at_once_make_one_step(show, rounds):
    for n in range(rounds):
        seen = token(show)
        outcomes = race([
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
    outcomes = race([
        lambda: services.reveal_next(edition=show.edition, by=show.users["secretariat"],
                                     expected=seen),
        lambda: services.reveal_blackout(edition=show.edition, by=show.users["coordinator"],
                                         expected=seen, on=True),
    ])
    assert sum(isinstance(o, services.RevealMovedOn) for o in outcomes) == 1, outcomes
    now = reveal.stage_of(show.edition)
    assert (now.index, now.blackout) in ((1, False), (0, True))
