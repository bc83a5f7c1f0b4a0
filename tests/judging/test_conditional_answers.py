"""The judge's scoring page shows an entry's answers as its form asks them: an answer hidden by
its condition is not shown (nor its label), a money answer reads with its currency and a country
by its name."""

import pytest
from django.urls import reverse

from tests.entries.test_schema_types import ANSWERS, FORM
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db


def test_the_judge_reads_only_the_answers_the_form_asked(judging):  # noqa: F811
    entry = judging.entry
    entry.form.schema = FORM
    entry.form.save()
    entry.answers = {**ANSWERS, "stage": "operating", "country": "FR",
                     "cost": {"amount": "250,000", "currency": "KRW"},
                     "abroad": "Our sister city.", "partnered": False,
                     "partners": "Secret Partner Co"}
    entry.save()

    response = judging.client("judge").get(
        reverse("judging:review", args=[judging.round.pk, entry.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "250,000 KRW" in page
    assert "France" in page
    assert "Our sister city." in page
    assert "Secret Partner Co" not in page
    assert "Lessons of the pilot" not in page  # asked of pilots only
