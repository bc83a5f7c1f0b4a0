"""The invitations page, its exports, the name cards and the reply page make the same number of
queries with 3 invitations as with 30, and with no guests as with the most a reply may name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremony import services
from ceremony.models import Ceremony, Invitation, token_digest
from tests.ceremony.builders import final_round
from tests.ceremony.staff_support import client_of, url
from tests.conftest import CommittingClient

pytestmark = pytest.mark.django_db

TOKEN = "query-count-token"


@pytest.fixture
def big():
    final = final_round(per_category=(30,), others=0,
                        scores=[[10 - i * 0.1 for i in range(30)]])
    final.edition.ceremony_at = timezone.now() + timezone.timedelta(days=30)
    final.edition.save(update_fields=["ceremony_at"])
    Ceremony.objects.create(edition=final.edition, max_guests=20, address="DDP",
                            reply_by=timezone.now() + timezone.timedelta(days=7))
    final.entries = final.finalists[final.categories[0].pk]
    return final


def invite(final, upto: int, guests: int):
    """Invitations for the first ``upto`` finalists, each replied with ``guests`` guests and
    needs (the first one reachable by ``TOKEN``)."""
    for n, entry in enumerate(final.entries[:upto]):
        invitation, _created = Invitation.objects.get_or_create(
            edition=final.edition, entry=entry,
            defaults={"token_digest": token_digest(TOKEN if n == 0 else f"t{entry.pk}")})
        names = [f"Guest {i} of {entry.pk}" for i in range(guests)]
        services.reply_save(invitation=invitation, by=None, data={
            "attending": n % 4 != 3, "recipient_name": f"Person {n}", "recipient_title": "Mayor",
            "pronunciation": "PER-son", "guests": names, "guest_count": guests,
            "accessibility": "A ramp" if n % 2 else "", "dietary": "Vegetarian"})


def count(client, target) -> int:
    client.get(target)  # warm: session, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(("name", "args"), [
    ("staff_invitations", []),
    ("staff_invitations_export", ["csv"]),
    ("staff_invitations_export", ["xlsx"]),
    ("staff_invitation_badges", []),
])
@pytest.mark.parametrize("persona", ["secretariat", "coordinator"])
def test_staff_pages_are_bounded(big, name, args, persona):
    client = client_of(big, persona)
    target = url(big, name, *args)
    invite(big, 3, 0)
    few = count(client, target)
    invite(big, 30, 20)
    many = count(client, target)
    assert few == many
    if name == "staff_invitation_badges":
        html = client.get(target).content.decode()
        assert html.count('class="badge-card"') == 23 * 21  # 23 attending, 1 + 20 each


def test_the_reply_page_is_bounded(big):
    client = CommittingClient()
    target = reverse("ceremony:reply", args=[TOKEN])
    invite(big, 1, 0)
    few = count(client, target)
    invite(big, 30, 20)
    assert Invitation.objects.get(token_digest=token_digest(TOKEN)).guests.__len__() == 20
    assert count(client, target) == few


def test_the_dashboard_panel_is_bounded(big):
    """The entrant's dashboard with one invitation, and with one of 20 guests."""
    entry = big.entries[0]
    client = CommittingClient()
    client.force_login(entry.entrant.members.get().user)
    invite(big, 1, 0)
    few = count(client, reverse("entries:dashboard"))
    invite(big, 30, 20)
    assert count(client, reverse("entries:dashboard")) == few
