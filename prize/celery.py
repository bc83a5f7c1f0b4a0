"""The Celery application. Workers: ``celery -A prize worker``; beat: ``celery -A prize beat``."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prize.settings")

app = Celery("prize")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
def _task_starts_in_the_default_language(task_id=None, task=None, **kwargs):
    """A task speaks the site's default language unless it chooses its recipient's or
    requester's (``translation.override``); no task inherits the language another task, or an
    eager task's caller, left active in the thread. The caller's language comes back after."""
    from django.conf import settings
    from django.utils import translation

    _previous_language[task_id] = translation.get_language()
    translation.activate(settings.LANGUAGE_CODE)


@signals.task_postrun.connect
def _task_leaves_no_language_behind(task_id=None, task=None, **kwargs):
    from django.utils import translation

    previous = _previous_language.pop(task_id, None)
    if previous:
        translation.activate(previous)
    else:
        translation.deactivate()


_previous_language: dict[str, str | None] = {}
