"""Collaborator invitations per entrant: at most INVITATION_LIMIT new ones (each an e-mail) in
INVITATION_LIMIT_WINDOW; the one past the limit is refused on the form and writes no e-mail."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entries.models import Invitation
from prize.models import Notification

pytestmark = pytest.mark.django_db


def invite(client, email):
    return client.post(reverse("entries:collaborators"), {"email": email})


def test_an_entrant_sends_at_most_the_configured_invitations_a_day(season, settings):
    settings.INVITATION_LIMIT = 3
    owner = season.client("entrant")
    for number in range(3):
        assert invite(owner, f"colleague{number}@example.org").status_code == 302
    assert Notification.objects.filter(template="entries/invitation").count() == 3

    refused = invite(owner, "one-more@example.org")

    assert refused.status_code == 200
    assert ("No invitation was sent: 3 invitations were sent for your entries in the last 24 "
            "hours, the most allowed. Try again later.") in refused.content.decode()
    assert refused.context["form"].errors["email"]
    assert not Invitation.objects.filter(email="one-more@example.org").exists()
    assert Notification.objects.filter(template="entries/invitation").count() == 3
    # asking again for an address already invited sends nothing and is not refused
    assert invite(owner, "colleague0@example.org").status_code == 302
    # another entrant has its own count
    assert invite(season.client("other_entrant"), "someone@example.org").status_code == 302


def test_invitations_older_than_the_window_do_not_count(season, settings):
    settings.INVITATION_LIMIT = 1
    owner = season.client("entrant")
    invite(owner, "first@example.org")
    Invitation.objects.update(created_at=timezone.now() - timedelta(hours=25))

    assert invite(owner, "second@example.org").status_code == 302
    assert Notification.objects.filter(template="entries/invitation").count() == 2
