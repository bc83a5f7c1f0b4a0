"""The outbox against a real Celery worker, real Redis, PostgreSQL and a real SMTP server.

A notification written in a transaction that commits is delivered exactly once; one in a
transaction that rolls back is never sent; a task run twice for the same row sends once; a row
left pending while the broker was unreachable is delivered by the beat re-queue; an SMTP failure
is retried and recorded. (The same rules with an eager Celery: tests/prize/test_outbox.py.)
"""

import logging
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from prize.enums import NotificationStatus
from prize.models import Notification
from prize.outbox import notify, resend
from prize.tasks import deliver_notification, requeue_notifications
from tests.factories import UserFactory

from .conftest import WORKER_MAX_ATTEMPTS, WORKER_RETRY_BACKOFF, RecordingHandler, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# After a delivery, how long nothing more may arrive before "exactly once" is believed.
GRACE = 1.5


@pytest.fixture
def worker(integration_worker):
    return integration_worker


@pytest.fixture
def smtp(integration_worker) -> RecordingHandler:
    return integration_worker.smtp.handler


def publish(task, *args):
    """Send ``task`` through the broker like ``delay()``, but ask the worker to keep the result
    so the test can read it (the outbox tasks ignore their results otherwise)."""
    return task.apply_async(args, ignore_result=False)


def expected_subject() -> str:
    return f"Hello from {getattr(settings, 'SITE_NAME', 'Smart City Prize')}"


def row_state(pk: int):
    return (
        Notification.objects.filter(pk=pk)
        .values("status", "attempts", "last_error", "queued_at")
        .first()
    )


def wait_for_status(pk: int, status: str, timeout: float = 15.0) -> Notification:
    wait_for(
        lambda: (row_state(pk) or {}).get("status") == status,
        timeout=timeout,
        what=f"notification {pk} to be {status}",
        state=lambda: row_state(pk),
    )
    return Notification.objects.get(pk=pk)


def wait_for_messages(smtp: RecordingHandler, address: str, count: int = 1, timeout=15.0):
    return wait_for(
        lambda: len(smtp.messages_to(address)) >= count and smtp.messages_to(address),
        timeout=timeout,
        what=f"{count} message(s) to {address} at the SMTP server",
        state=smtp.summary,
    )


def test_a_notification_committed_is_delivered_exactly_once(worker, smtp):
    user = UserFactory(email="ada@example.org", name="Ada Lovelace")

    with transaction.atomic():
        row = notify(user, "test/hello", {"message": "Welcome to the final round"})
        worker.barrier()  # the rest of the request takes a while: nothing may leave before commit
        assert smtp.attempts == []

    wait_for_messages(smtp, "ada@example.org")
    time.sleep(GRACE)
    received = smtp.messages_to("ada@example.org")
    assert len(received) == 1, smtp.summary()
    assert len(smtp.attempts_to("ada@example.org")) == 1
    (mail,) = received
    assert mail.rcpt_tos == ["ada@example.org"]
    message = mail.message
    assert message["To"] == "ada@example.org"
    assert message["Subject"] == expected_subject()
    assert message["X-Prize-Notification"] == str(row.pk)
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert "Welcome to the final round" in message.get_body(("plain",)).get_content()
    assert "Welcome to the final round" in message.get_body(("html",)).get_content()

    row = wait_for_status(row.pk, NotificationStatus.SENT)
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.queued_at is not None
    assert row.last_error == ""
    assert row.subject == expected_subject()


def test_a_notification_rolled_back_is_never_sent(smtp):
    ghost = UserFactory(email="ghost@example.org")
    witness = UserFactory(email="witness@example.org")

    with pytest.raises(RuntimeError, match="change of plan"), transaction.atomic():
        notify(ghost, "test/hello", {"message": "You should never read this"})
        raise RuntimeError("change of plan")
    # One worker takes one queue in order: once a message committed afterwards has arrived,
    # anything the rolled-back one could have queued would have been handled before it.
    with transaction.atomic():
        notify(witness, "test/hello", {"message": "sent after the rollback"})
    wait_for_messages(smtp, "witness@example.org")
    time.sleep(GRACE)

    assert not Notification.objects.filter(to_email="ghost@example.org").exists()
    assert smtp.attempts_to("ghost@example.org") == []
    assert [m.rcpt_tos for m in smtp.messages] == [["witness@example.org"]]


def test_a_task_run_twice_for_the_same_row_sends_once(worker, smtp):
    user = UserFactory(email="twice@example.org")
    # Written without enqueueing, so the only messages are the ones sent below.
    row = Notification.objects.create(
        recipient=user,
        to_email=user.email,
        template="test/hello",
        context={"message": "only once"},
        key="integration:duplicate-task",
    )

    results = [publish(deliver_notification, row.pk) for _ in range(3)]

    outcomes = [worker.result(result) for result in results]
    assert sorted(outcomes) == ["sent", "skipped", "skipped"]
    time.sleep(GRACE)
    assert len(smtp.messages_to("twice@example.org")) == 1, smtp.summary()
    assert len(smtp.attempts_to("twice@example.org")) == 1
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert row.attempts == 1


def test_a_task_for_a_row_another_worker_holds_sends_nothing(worker, smtp):
    user = UserFactory(email="held@example.org")
    row = Notification.objects.create(
        recipient=user,
        to_email=user.email,
        template="test/hello",
        context={"message": "claimed elsewhere"},
        key="integration:locked-row",
    )

    with transaction.atomic():  # another worker is in the middle of claiming the row
        Notification.objects.select_for_update().get(pk=row.pk)
        assert worker.result(publish(deliver_notification, row.pk)) == "skipped"

    assert smtp.attempts_to("held@example.org") == []
    assert row_state(row.pk)["attempts"] == 0
    assert worker.result(publish(deliver_notification, row.pk)) == "sent"
    assert len(smtp.messages_to("held@example.org")) == 1


def test_a_row_left_pending_while_the_broker_was_down_is_delivered_by_the_beat_requeue(
    worker, smtp, caplog
):
    user = UserFactory(email="outage@example.org")

    worker.link.down()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="prize.outbox"), transaction.atomic():
        row = notify(user, "test/hello", {"message": "despite the outage"})
    commit_took = time.monotonic() - started

    assert commit_took < 10, f"the commit waited {commit_took:.1f}s for a Redis that was down"
    warnings = [r.getMessage() for r in caplog.records if r.name == "prize.outbox"]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Outbox: could not enqueue notification {row.pk} (")
    assert warnings[0].endswith("); beat will retry.")
    time.sleep(GRACE)
    state = row_state(row.pk)
    assert state["status"] == NotificationStatus.PENDING
    assert state["queued_at"] is None
    assert state["attempts"] == 0
    assert smtp.attempts_to("outage@example.org") == []

    worker.link.up()
    requeued = publish(requeue_notifications)  # what beat does, through the broker

    assert worker.result(requeued) == 1
    wait_for_messages(smtp, "outage@example.org")
    time.sleep(GRACE)
    assert len(smtp.messages_to("outage@example.org")) == 1, smtp.summary()
    row = wait_for_status(row.pk, NotificationStatus.SENT)
    assert row.attempts == 1
    assert row.queued_at is not None
    # Nothing left for the next beat run.
    assert worker.result(publish(requeue_notifications)) == 0


@pytest.mark.parametrize("stage", ["RCPT", "DATA"])
def test_a_transient_smtp_failure_is_retried_then_sent_once(smtp, stage):
    user = UserFactory(email=f"retry-{stage.lower()}@example.org")
    smtp.refuse_next(1, RecordingHandler.TRY_AGAIN, at=stage)

    with transaction.atomic():
        row = notify(user, "test/hello", {"message": "second time lucky"})

    row = wait_for_status(row.pk, NotificationStatus.SENT)
    time.sleep(GRACE)
    attempts = smtp.attempts_to(user.email)
    assert [a.reply for a in attempts] == [
        RecordingHandler.TRY_AGAIN,
        "250 Message accepted for delivery",
    ]
    assert attempts[1].at - attempts[0].at >= WORKER_RETRY_BACKOFF * 0.8  # retried after a delay
    assert len(smtp.messages_to(user.email)) == 1
    assert row.attempts == 2
    assert row.last_error == ""
    assert row.sent_at is not None


def test_a_transient_smtp_failure_that_persists_is_recorded_and_gives_up(smtp):
    user = UserFactory(email="mailbox-busy@example.org")
    smtp.refuse_next(WORKER_MAX_ATTEMPTS + 1, RecordingHandler.TRY_AGAIN, at="DATA")

    with transaction.atomic():
        row = notify(user, "test/hello", {"message": "never lucky"})

    row = wait_for_status(row.pk, NotificationStatus.FAILED, timeout=20)
    time.sleep(GRACE)
    assert row.attempts == WORKER_MAX_ATTEMPTS
    assert row.last_error == "SMTP 451: 4.3.0 Try again later"
    assert row.sent_at is None
    assert [a.reply for a in smtp.attempts_to(user.email)] == (
        [RecordingHandler.TRY_AGAIN] * WORKER_MAX_ATTEMPTS
    )
    assert smtp.messages == []


def test_a_permanent_smtp_failure_is_recorded_at_once_and_staff_can_resend(smtp):
    user = UserFactory(email="nobody@example.org")
    staff = UserFactory(email="staff@example.org", is_staff=True)
    smtp.refuse_next(1, RecordingHandler.NO_SUCH_USER, at="RCPT")

    with transaction.atomic():
        row = notify(user, "test/hello", {"message": "to a mailbox that is gone"})

    row = wait_for_status(row.pk, NotificationStatus.FAILED)
    time.sleep(GRACE)
    assert row.attempts == 1
    assert row.last_error == "Recipient refused: nobody@example.org 550 5.1.1 No such user"
    assert [a.reply for a in smtp.attempts_to(user.email)] == [RecordingHandler.NO_SUCH_USER]
    assert smtp.messages == []

    resend(row, by=staff)  # the mailbox is back

    row = wait_for_status(row.pk, NotificationStatus.SENT)
    assert row.attempts == 1
    assert row.last_error == ""
    assert len(smtp.messages_to(user.email)) == 1


def test_a_held_notification_waits_until_due_then_the_beat_requeue_sends_it(worker, smtp):
    user = UserFactory(email="later@example.org")
    send_after = timezone.now() + timedelta(seconds=2)

    with transaction.atomic():
        row = notify(user, "test/hello", {"message": "on time"}, send_after=send_after)

    assert worker.result(publish(requeue_notifications)) == 0  # not due yet
    assert row_state(row.pk)["status"] == NotificationStatus.PENDING
    assert smtp.attempts_to(user.email) == []

    time.sleep(max(0.0, (send_after - timezone.now()).total_seconds()) + 0.1)
    assert worker.result(publish(requeue_notifications)) == 1

    row = wait_for_status(row.pk, NotificationStatus.SENT)
    time.sleep(GRACE)
    assert row.attempts == 1
    assert row.sent_at >= send_after
    assert len(smtp.messages_to(user.email)) == 1
