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
