"""Judging e-mails through the real worker: the scheduled reminder reaches every judge with
unfinished reviews exactly once, and nobody else; running the beat task again sends nothing."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from judging.enums import ReviewStatus, RoundStatus
from judging.models import Assignment, Review
from judging.tasks import send_judging_reminders
from tests.factories import (
    CriterionFactory,
    EntryFactory,
    RoundEntryFactory,
    RoundFactory,
    UserFactory,
)

from .test_outbox import GRACE, publish, wait_for_messages

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_scheduled_reminder_reaches_each_unfinished_judge_once(integration_worker):
    smtp = integration_worker.smtp.handler
    now = datetime.now(UTC)
    round = RoundFactory(status=RoundStatus.OPEN, opens_at=now - timedelta(days=5),
                         closes_at=now + timedelta(hours=20), reminder_hours=[72, 24],
                         name="Expert panel")
    entry = EntryFactory(edition=round.edition, submitted=True)
    RoundEntryFactory(round=round, entry=entry)
    CriterionFactory(round=round, category=entry.category)
    late = UserFactory(email="late.judge@example.org", name="Late Judge")
    done = UserFactory(email="done.judge@example.org", name="Done Judge")
    Assignment.objects.create(round=round, entry=entry, judge=late)
    finished = Assignment.objects.create(round=round, entry=entry, judge=done)
    Review.objects.create(assignment=finished, status=ReviewStatus.SUBMITTED, submitted_at=now)

    assert integration_worker.result(publish(send_judging_reminders)) == 1
    (mail,) = wait_for_messages(smtp, "late.judge@example.org")
    assert "Expert panel" in mail.message["Subject"]
    assert "1" in mail.message.get_body(("plain",)).get_content()

    assert integration_worker.result(publish(send_judging_reminders)) == 0
    integration_worker.barrier()
    time.sleep(GRACE)
    assert len(smtp.messages_to("late.judge@example.org")) == 1
    assert smtp.messages_to("done.judge@example.org") == []
