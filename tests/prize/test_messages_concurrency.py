"""At once, on PostgreSQL: two workers (or beat and a worker) sending the due messages send a
scheduled message once; two clicks on "Send" send a draft once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from prize import messaging
from prize.message_models import Message, MessageRecipient, MessageState
from prize.models import AuditEvent, Notification
from tests.concurrency import at_once
from tests.factories import EntrantMemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _draft(season):
    for n in range(3):
        EntrantMemberFactory(entrant=season.entrant, user__email=f"colleague{n}@example.org")
    return messaging.draft_save(edition=season.edition, by=season.users["secretariat"],
                                audience="entries.entrants", filters={},
                                subject="Hello {{ name }}", body="About {{ entry_title }}")


def test_two_workers_send_a_due_message_once(season):
    message = _draft(season)
    messaging.schedule(message=message, send_at=timezone.now() + timedelta(minutes=5),
                       by=season.users["secretariat"])
    later = timezone.now() + timedelta(minutes=6)

    results = at_once(lambda: messaging.send_due(now=later),
                      lambda: messaging.send_due(now=later))

    assert sorted(results) == [0, 1], results
    assert Message.objects.get(pk=message.pk).state == MessageState.SENT
    assert MessageRecipient.objects.filter(message=message).count() == 4
    assert Notification.objects.filter(template="prize/group_message").count() == 4
    assert AuditEvent.objects.filter(action="message.send").count() == 1


def test_two_clicks_on_send_send_once(season):
    message = _draft(season)

    def send():
        try:
            return messaging.send_now(message=message, by=season.users["secretariat"]).state
        except messaging.MessagingError:
            return "refused"

    results = at_once(send, send)

    assert sorted(results) == ["refused", MessageState.SENT], results
    assert Notification.objects.filter(template="prize/group_message").count() == 4
