"""The retention of entrants' personal data, run by Celery beat (``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from . import privacy


@shared_task(ignore_result=True)
def apply_retention() -> int:
    """Anonymise the unsuccessful entrants of long-closed editions (nothing when
    ``PRIVACY_RETENTION_DAYS`` is not set); the number anonymised."""
    return privacy.apply_retention().done
