"""Thin Celery tasks: they call a service."""

from celery import shared_task

from .services import send_due_reminders


@shared_task(ignore_result=True)
def send_judging_reminders() -> int:
    return send_due_reminders()
