"""Words that mean different things in different places are asked for with their context, so
Korean can say each rightly: "Submitted" before a date in the PDFs (제출 일시, not the status
제출됨), a closed deadline on the dashboard (마감됨, not "마감: 마감"), "Welcome" as a page's
title (환영합니다) and as a programme item (환영사)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from ceremony.enums import ItemKind
from entries.models import EntryRevision
from tests.entries.test_copies import ANSWERS, COPY_FORM, text_of
from tests.factories import EntryFormFactory

pytestmark = pytest.mark.django_db


def in_korean(user):
    user.language = "ko"
    user.save(update_fields=["language"])


def test_the_pdfs_label_the_moment_of_submission(season, korean_catalogue):
    korean_catalogue("Submitted", "제출 일시", context="moment")
    korean_catalogue("Submitted", "제출됨")
    entry = season.entry
    entry.form = EntryFormFactory(edition=season.edition, schema=COPY_FORM)
    entry.answers, entry.title = dict(ANSWERS), ANSWERS["title"]
    entry.submitted_at = datetime(2023, 6, 30, 14, 59, tzinfo=UTC)
    entry.save()
    EntryRevision.objects.create(entry=entry, number=1, answers=entry.answers,
                                 created_by=season.users["entrant"])
    in_korean(season.users["entrant"])
    client = season.client("entrant")
    for name in ("entry_copy", "entry_receipt"):
        text = text_of(client.get(reverse(f"entries:{name}", args=[entry.pk])).content)
        assert "제출 일시" in text, name


def test_a_closed_deadline_says_closed_in_its_own_words(season, korean_catalogue):
    korean_catalogue("Closed", "마감됨", context="deadline")
    season.edition.call_closes_at = datetime.now(UTC) - timedelta(days=1)
    season.edition.save()
    in_korean(season.users["entrant"])
    page = season.client("entrant").get(reverse("entries:dashboard")).content.decode()
    cells = re.findall(r'<td data-label="[^"]*">\s*(.*?)\s*</td>', page, re.S)
    assert "마감됨" in cells


def test_welcome_is_a_greeting_as_a_title_and_an_item_as_a_kind(client, korean_catalogue):
    korean_catalogue("Welcome", "환영합니다", context="page title")
    korean_catalogue("Welcome", "환영사", context="programme item")
    with translation.override("ko"):
        assert str(ItemKind.WELCOME.label) == "환영사"
        home = reverse("home")
    page = client.get(home).content.decode()
    assert "<title>환영합니다" in page
