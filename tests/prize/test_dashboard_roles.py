"""Each person's dashboard describes only what their roles let them do, and every link on it
opens for them (no 404 or 403 behind a button); an administrator is not invited to enter."""

import re

import pytest
from django.urls import reverse

from prize.enums import Role
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.factories import EditionFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> CommittingClient:
    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    return client


def main_links(html: str) -> list[str]:
    main = html.split('<main', 1)[1].split("</main>", 1)[0]
    return sorted(set(re.findall(r'href="(/[^"#]*)', main)))


@pytest.fixture
def edition(db):
    return EditionFactory(is_current=True)


@pytest.mark.parametrize("role", [Role.ENTRANT, Role.JUDGE, Role.COORDINATOR, Role.SECRETARIAT])
def test_every_link_of_a_roles_dashboard_opens_for_it(edition, role):
    user = UserFactory(email=f"{role}@example.org")
    RoleFactory(user=user, edition=edition, role=role)
    client = client_for(user)

    page = client.get(reverse("dashboard")).content.decode()

    links = main_links(page)
    assert links
    broken = {link: client.get(link).status_code for link in links}
    assert {link: code for link, code in broken.items() if code not in (200, 302)} == {}
    assert "Enter the prize" not in page


def test_a_coordinator_is_not_offered_the_outbox_or_the_settings(edition):
    user = UserFactory(email="coordinator@example.org")
    RoleFactory(user=user, edition=edition, role=Role.COORDINATOR)

    page = client_for(user).get(reverse("dashboard")).content.decode()

    assert reverse("staff_outbox") not in page
    assert reverse("staff_edition_settings", args=[edition.slug]) not in page
    assert "confirm the winners" in page


def test_an_administrator_without_a_role_is_not_invited_to_enter(edition):
    root = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client = client_for(root)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Enter the prize" not in page
    assert "You administer the platform" in page
    assert {link: client.get(link).status_code for link in main_links(page)
            if client.get(link).status_code not in (200, 302)} == {}


def test_someone_with_no_role_may_enter_the_current_edition(edition):
    page = client_for(UserFactory(email="new@example.org")).get(reverse("dashboard"))

    assert "Enter the prize" in page.content.decode()


def test_every_page_has_the_sites_icon(client):
    page = client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    icon = client.get("/favicon.ico")
    assert icon.status_code == 302 and icon["Location"].endswith("favicon.svg")
