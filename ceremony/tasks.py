"""Thin Celery tasks: the embargo lifted at its moment, and result e-mails written once."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def publish_due_results() -> int:
    published = services.publications_due()
    services.results_mail_due()
    return published
