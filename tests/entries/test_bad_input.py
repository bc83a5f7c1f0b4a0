"""Bad input on the entries' staff pages: refused with a message, never an error page.
(tests/test_fuzz.py throws everything at every page; these pin down the messages.)"""

import html
import re

import pytest
from django.urls import reverse

from entries.enums import EntryStatus
from entries.models import ScreeningDecision

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.parametrize("chosen", ["99999999999999999999999", "-1", "a\x00b", "9" * 5000])
def test_bulk_screening_of_an_entry_that_cannot_exist_is_refused(season, chosen):
    response = season.client("secretariat").post(
        reverse("entries:staff_bulk_screen", args=[season.edition.slug]),
        {"entries": [season.entry.pk, chosen], "decision": "eligible", "text": "Fine."})

    assert response.status_code == 200
    page = text(response)
    assert "Nothing was changed: please correct the form below the list." in page
    assert "is not a valid value." in page
    assert not ScreeningDecision.objects.exists()
    season.entry.refresh_from_db()
    assert season.entry.status == EntryStatus.SUBMITTED


@pytest.mark.parametrize("against", ["99999999999999999999", "²", "9" * 5000, "-1"])
def test_a_revision_compared_against_nothing_shows_its_answers(season, against):
    season.entry.revisions.create(number=1, title="Smart crossings", answers={}, attachments=[])
    response = season.client("secretariat").get(
        reverse("entries:staff_revision_diff", args=[season.edition.slug, season.entry.pk, 1]),
        {"against": against})

    assert response.status_code == 200
