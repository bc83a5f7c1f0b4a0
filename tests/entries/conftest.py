"""A small season for entry tests: an open call, a category with its form, two entrants, and a
user for every persona of the permission matrix."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from entries.models import Entrant, Entry
from prize.enums import Role
from prize.models import Category, Edition, User
from tests.conftest import CommittingClient
from tests.factories import (
    CategoryFactory,
    EntrantFactory,
    EntrantMemberFactory,
    EntryFactory,
    EntryFormUseFactory,
    RoleFactory,
    UserFactory,
)

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

ENTRY_PERSONAS = ["anonymous", "entrant", "other_entrant", "judge", "coordinator",
                  "secretariat", "superuser"]


@dataclass
class Season:
    edition: Edition
    category: Category
    entrant: Entrant
    other_entrant: Entrant
    users: dict[str, User | None]
    entry: Entry  # submitted, belongs to ``entrant``
    draft: Entry  # a draft of ``entrant``

    def client(self, persona: str) -> CommittingClient:
        client = CommittingClient()
        user = self.users[persona]
        if user is not None:
            client.force_login(user, backend=BACKEND)
        client.user = user
        return client


@pytest.fixture
def season(edition) -> Season:
    category = CategoryFactory(edition=edition, code="TI", name="Tech-InnovaCity")
    use = EntryFormUseFactory(category=category)
    entrant = EntrantFactory(name="City of Seoul")
    other = EntrantFactory(name="City of Elsewhere", country="FR", city="Lyon")
    users: dict[str, User | None] = {"anonymous": None}
    users["entrant"] = EntrantMemberFactory(entrant=entrant,
                                            user__email="entrant@example.org").user
    users["other_entrant"] = EntrantMemberFactory(entrant=other,
                                                  user__email="other@example.org").user
    for persona in ("entrant", "other_entrant"):
        RoleFactory(user=users[persona], edition=edition, role=Role.ENTRANT)
    for persona in ("judge", "coordinator", "secretariat"):
        users[persona] = UserFactory(email=f"{persona}@example.org")
        RoleFactory(user=users[persona], edition=edition, role=Role(persona))
    users["superuser"] = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    entry = EntryFactory(edition=edition, category=category, entrant=entrant, form=use.form,
                         submitted=True, reference="SCP00-TI-0001")
    draft = EntryFactory(edition=edition, category=category, entrant=entrant, form=use.form)
    return Season(edition=edition, category=category, entrant=entrant, other_entrant=other,
                  users=users, entry=entry, draft=draft)


@pytest.fixture
def entrant(season) -> CommittingClient:
    """The season's entrant, logged in."""
    return season.client("entrant")


@pytest.fixture
def clock(monkeypatch):
    """Freeze "now" for the services and views: ``clock(moment)``."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


@pytest.fixture
def closes(season) -> datetime:
    """The call closes in an hour (to the second); returns that moment."""
    moment = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    season.edition.call_closes_at = moment
    season.edition.save()
    return moment
