"""What the tests of the ceremony's staff pages share: the personas of the permission matrix on
top of the ``final`` fixture (a finished final round with awards), their clients, the URLs."""

import pytest
from django.urls import reverse

from prize.enums import Role
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.factories import EditionFactory, RoleFactory, UserFactory

PERSONAS = ["anonymous", "entrant", "judge", "coordinator", "secretariat", "other_secretariat",
            "superuser"]


@pytest.fixture(name="ceremony")
def ceremony_fixture(final):
    """``final`` with a user for every persona: an entrant of a finalist entry, a judge of the
    final round, another edition's secretariat and a superuser."""
    first = final.categories[0]
    entrant = final.finalists[first.pk][0].entrant.members.get().user
    RoleFactory(user=entrant, edition=final.edition, role=Role.ENTRANT)
    final.users["entrant"] = entrant
    final.users["judge"] = final.judges[0]
    other = EditionFactory(slug="another-edition", is_current=False)
    elsewhere = UserFactory(email="elsewhere@example.org")
    RoleFactory(user=elsewhere, edition=other, role=Role.SECRETARIAT)
    final.users["other_secretariat"] = elsewhere
    final.users["superuser"] = UserFactory(email="root@example.org", is_superuser=True,
                                           is_staff=True)
    final.users["anonymous"] = None
    return final


def client_of(final, persona: str) -> CommittingClient:
    client = CommittingClient()
    user = final.users[persona]
    if user is not None:
        client.force_login(user, backend=BACKEND)
    client.user = user
    return client


def url(final, name: str, *args) -> str:
    return reverse(f"ceremony:{name}", args=[final.edition.slug, *args])
