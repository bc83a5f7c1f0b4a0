"""A language a test leaves active does not reach the next test: every test starts in the site's
default language, so factories fill the main (English) column of translated fields."""

import pytest
from django.utils import translation

from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_a_test_that_leaves_korean_active():
    translation.activate("ko")
    assert translation.get_language() == "ko"


def test_the_next_test_starts_in_english(settings):
    assert translation.get_language() == settings.LANGUAGE_CODE
    category = CategoryFactory(name="Tech-InnovaCity")
    assert category.name_en == "Tech-InnovaCity"


def test_a_task_does_not_inherit_its_callers_language(settings):
    """A task runs in the default language (a worker thread keeps whatever the previous task
    activated; an eager task runs in its caller's thread); the caller's language comes back."""
    from prize.celery import app

    seen = []

    @app.task(name="tests.record_language")
    def record_language():
        seen.append(translation.get_language())

    with translation.override("ko"):
        record_language.delay()
        assert translation.get_language() == "ko"
    assert seen == [settings.LANGUAGE_CODE]
