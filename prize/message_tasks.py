"""Thin Celery task of group messages: beat sends the scheduled ones whose time has come."""

from celery import shared_task

from . import messaging


@shared_task(ignore_result=True)
def send_due_messages() -> int:
    return messaging.send_due()
