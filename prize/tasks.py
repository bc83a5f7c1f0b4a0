"""Thin Celery tasks: take ids, call the outbox."""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import outbox

log = logging.getLogger(__name__)


# ignore_result: the row is the truth and nothing reads these results. Without it every publish
# first subscribes to the result store, and a commit during a Redis outage waits ~20 s for it.
@shared_task(bind=True, max_retries=None, acks_late=True, ignore_result=True)
def deliver_notification(self, notification_id: int) -> str:
    notification = outbox.claim(notification_id)
    if notification is None:
        return "skipped"
    try:
        outbox.deliver(notification)
    except outbox.TransientDeliveryError as exc:
        countdown = outbox.retry_delay(notification.attempts)
        outbox.mark_queued([notification_id], timezone.now() + timedelta(seconds=countdown))
        if self.request.is_eager:  # no broker to hold a delayed retry: the beat task will
            return "retry"
        raise self.retry(countdown=countdown, exc=exc) from exc
    except outbox.PermanentDeliveryError as exc:
        log.warning("Outbox: notification %s failed: %s", notification_id, exc)
        return "failed"
    return "sent"


# Rows of a batch are claimed and marked sent a group at a time: two commits per group instead
# of two per message. A worker that dies mid-group leaves its rows "sending"; the beat marks
# them failed, never sends them again by itself (a message may have left), as for one row.
CLAIM_GROUP = 20


@shared_task(bind=True, acks_late=True, ignore_result=True)
def deliver_notifications(self, notification_ids: list[int]) -> dict:
    """A batch of rows written together, sent over one SMTP connection. Each row is claimed
    once (sent once whatever runs twice); a row that meets a transient error goes back to
    pending and the beat re-queues it after its back-off."""
    from django.core.mail import get_connection

    counts = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    connection = get_connection()
    try:
        for start in range(0, len(notification_ids), CLAIM_GROUP):
            group = list(dict.fromkeys(notification_ids[start:start + CLAIM_GROUP]))
            claimed = outbox.claim_many(group)
            counts["skipped"] += len(notification_ids[start:start + CLAIM_GROUP]) - len(claimed)
            sent = []
            try:
                for notification in claimed:
                    try:
                        message = outbox.send(notification, connection=connection)
                    except outbox.TransientDeliveryError:
                        countdown = outbox.retry_delay(notification.attempts)
                        outbox.mark_queued([notification.pk], timezone.now() + timedelta(
                            seconds=countdown) - outbox.stale_after())
                        counts["retry"] += 1
                        connection.close()  # a fresh connection for the next row
                    except outbox.PermanentDeliveryError as exc:
                        log.warning("Outbox: notification %s failed: %s", notification.pk, exc)
                        counts["failed"] += 1
                    else:
                        sent.append((notification.pk, message.subject))
            finally:
                outbox.mark_sent(sent)
                counts["sent"] += len(sent)
    finally:
        connection.close()
    return counts


@shared_task(ignore_result=True)
def requeue_notifications() -> int:
    """Beat: queue again rows left pending (broker down at commit) and held rows now due;
    mark failed the rows whose worker died while sending them."""
    outbox.release_stuck_sending()
    pks = list(outbox.due_for_requeue().values_list("pk", flat=True)[:1000])
    queued = sum(1 for pk in pks if outbox.enqueue(pk))
    if pks:
        log.info("Outbox: re-queued %s of %s pending notifications.", queued, len(pks))
    return queued
