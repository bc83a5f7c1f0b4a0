"""What the invitation tests share: the ``invited`` fixture (the staff personas' ``ceremony``
with the evening's details: a date, a venue with its address and map, a reply deadline a week
ahead, two guests per entry), helpers to send the invitations and read the reply links out of
the e-mails that left."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from ceremony import services
from ceremony.models import Ceremony
from tests.ceremony.staff_support import ceremony_fixture  # noqa: F401 (the fixture, by name)

ADDRESS = "281 Eulji-ro, Jung-gu, Seoul"
MAP_URL = "https://maps.example.org/?q=DDP"


@pytest.fixture
def invited(ceremony):
    """``ceremony`` (7 finalists, one person each) with the evening's details; nobody invited
    yet."""
    edition = ceremony.edition
    edition.ceremony_at = timezone.now() + dt.timedelta(days=30)
    edition.ceremony_venue = "Dongdaemun Design Plaza"
    edition.save(update_fields=["ceremony_at", "ceremony_venue"])
    ceremony.details = Ceremony.objects.create(
        edition=edition, address=ADDRESS, map_url=MAP_URL, max_guests=2,
        reply_by=timezone.now() + dt.timedelta(days=7),
        description="An evening at DDP.")
    ceremony.all_finalists = [e for entries in ceremony.finalists.values() for e in entries]
    return ceremony


def send(final, by="secretariat"):
    """Send the invitations; return {entry id: reply token} read from the e-mails that left."""
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        made = services.invitations_send(edition=final.edition, by=final.users[by])
    return made, tokens_from_mail()


def tokens_from_mail() -> dict[str, str]:
    """{recipient e-mail: the reply token in the e-mail they received}."""
    out = {}
    for message in mail.outbox:
        found = re.search(r"/ceremony/reply/([A-Za-z0-9_-]+)/", message.body)
        if found:
            out[message.to[0]] = found.group(1)
    return out


def person_of(entry) -> str:
    """The entry's first person's e-mail."""
    return entry.entrant.members.order_by("pk").first().user.email


GOOD_REPLY = {
    "attending": True, "recipient_name": "KIM Min-jun", "recipient_title": "Mayor",
    "pronunciation": "kim min-JOON", "guests": ["Lee Ji-eun", "Park Seo-yeon"],
    "guest_count": 2, "accessibility": "Step-free access to the stage", "dietary": "Vegetarian",
}
