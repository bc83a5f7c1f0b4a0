"""Ceremony invitations through the real worker, Redis and an SMTP server: each finalist's
person receives one e-mail with the reply link (which opens their own invitation) and a
calendar file made when the e-mail left; the outbox row keeps no link once sent; sending the
invitations again sends nothing more."""

import datetime as dt
import re
import time

import icalendar
import pytest
from django.db import transaction
from django.utils import timezone

from ceremony import guestlist, services
from ceremony.models import Ceremony
from prize.models import Notification
from tests.ceremony.builders import final_round

from .test_outbox import GRACE

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_each_invitee_gets_one_email_with_a_working_link_and_a_calendar(integration_worker):
    smtp = integration_worker.smtp.handler
    final = final_round(per_category=(3, 2))
    edition = final.edition
    edition.ceremony_at = timezone.now() + dt.timedelta(days=20)
    edition.save(update_fields=["ceremony_at"])
    Ceremony.objects.create(edition=edition, address="281 Eulji-ro, Seoul",
                            map_url="https://maps.example.org/ddp",
                            reply_by=timezone.now() + dt.timedelta(days=5))
    people = [f"finalist{n}@example.org" for n in (1, 2, 3, 5, 6)]

    with transaction.atomic():
        services.invitations_send(edition=edition, by=final.users["secretariat"])
    integration_worker.barrier()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(smtp.messages_to(p) for p in people):
        time.sleep(0.1)

    assert all(len(smtp.messages_to(p)) == 1 for p in people), smtp.summary()
    for person in people:
        message = smtp.messages_to(person)[0].message
        text = message.get_body(("plain",)).get_content()
        token = re.search(r"/ceremony/reply/([A-Za-z0-9_-]+)/", text).group(1)
        invitation = guestlist.invitation_for_token(token)
        assert invitation.entry.entrant.members.get().user.email == person
        calendars = [part for part in message.iter_attachments()
                     if part.get_content_type() == "text/calendar"]
        assert len(calendars) == 1
        assert calendars[0].get_filename().endswith(".ics")
        event, = icalendar.Calendar.from_ical(calendars[0].get_content()).walk("VEVENT")
        assert "281 Eulji-ro" in str(event["location"])
    rows = Notification.objects.filter(template="ceremony/invitation")
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    assert set(rows.values_list("sealed", flat=True)) == {""}  # the links are gone

    with transaction.atomic():
        assert services.invitations_send(edition=edition, by=final.users["secretariat"]) == []
    integration_worker.barrier()
    time.sleep(GRACE)
    assert all(len(smtp.messages_to(p)) == 1 for p in people), smtp.summary()
