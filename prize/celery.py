"""The Celery application. Workers: ``celery -A prize worker``; beat: ``celery -A prize beat``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prize.settings")

app = Celery("prize")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
