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


# A batch reads its rows a group at a time (one query), then claims each row just before its
# message leaves and marks it sent as soon as the server accepted it (one statement each). A
# worker killed mid-batch leaves the rows it had not reached pending, so the redelivered task or
# the beat re-queue sends them; the rows it sent are recorded as sent and never go again. Only
# the one message on the wire at that moment stays "sending": after OUTBOX_SENDING_TIMEOUT the
# beat puts it back to pending and it is sent again (same Message-ID), as for one row.
CLAIM_GROUP = 20


def _claim(notification) -> bool:
    """Move one row read by the batch from pending to sending, if it still is as read (the same
    number of attempts): one conditional update, so two workers never both win it."""
    from django.db.models import F, Q

    from .enums import NotificationStatus
    from .models import Notification

    now = timezone.now()
    claimed = Notification.objects.filter(
        Q(send_after__isnull=True) | Q(send_after__lte=now),
        pk=notification.pk, status=NotificationStatus.PENDING, attempts=notification.attempts,
    ).update(status=NotificationStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    if claimed:
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
    return bool(claimed)


@shared_task(bind=True, acks_late=True, ignore_result=True)
def deliver_notifications(self, notification_ids: list[int]) -> dict:
    """A batch of rows written together, sent over one SMTP connection. Each row is claimed
    once (sent once whatever runs twice); a row that meets a transient error goes back to
    pending and the beat re-queues it after its back-off."""
    from django.core.mail import get_connection

    from .enums import NotificationStatus
    from .models import Notification

    counts = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    connection = get_connection()
    try:
        for start in range(0, len(notification_ids), CLAIM_GROUP):
            chunk = notification_ids[start:start + CLAIM_GROUP]
            rows = Notification.objects.filter(
                pk__in=set(chunk), status=NotificationStatus.PENDING
            ).select_related("recipient").order_by("pk")
            claimed = 0
            for notification in rows:
                if not _claim(notification):
                    continue
                claimed += 1
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
                    outbox.mark_sent([(notification.pk, message.subject)])
                    counts["sent"] += 1
            counts["skipped"] += len(chunk) - claimed
    finally:
        connection.close()
    return counts


@shared_task(ignore_result=True)
def requeue_notifications() -> int:
    """Beat: put back to pending the rows whose worker died while sending them, then queue again
    rows left pending (broker down at commit, or released so), and held rows now due."""
    outbox.release_stuck_sending()
    pks = list(outbox.due_for_requeue().values_list("pk", flat=True)[:1000])
    queued = sum(1 for pk in pks if outbox.enqueue(pk))
    if pks:
        log.info("Outbox: re-queued %s of %s pending notifications.", queued, len(pks))
    return queued
