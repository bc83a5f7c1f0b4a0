"""Thin Celery tasks of the entries app."""

from celery import shared_task

from . import reminders


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    """Beat, hourly: remind entrants holding drafts 7 days and 1 day before their deadline."""
    return reminders.send_due_reminders()
