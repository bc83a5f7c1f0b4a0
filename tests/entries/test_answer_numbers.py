"""Numbers in answers (number and money fields) are grouped as the page's language writes them
(3,910,000) on the entrant's entry page, the judge's page and the copy PDF; the exports keep the
value as it was typed, for machines."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from entries.models import Entry
from entries.presentation import money_text, number_text
from tests.entries.test_copies import text_of
from tests.judging.conftest import judging  # noqa: F401

pytestmark = pytest.mark.django_db


def flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("language", ["en", "ko"])
def test_grouping_follows_the_language_and_keeps_what_is_not_a_number(language):
    with translation.override(language):
        assert number_text("3910000") == "3,910,000"
        assert number_text("250,000") == "250,000"
        assert number_text("-1234.50") == "-1,234.50"
        assert number_text("about 40") == "about 40"
        assert money_text({"amount": "120000", "currency": "KRW"}, grouped=True) == "120,000 KRW"
    assert money_text({"amount": "120000", "currency": "KRW"}) == "120000 KRW"


def test_the_entrant_the_judge_and_the_copy_read_grouped_numbers(judging):  # noqa: F811
    entry = judging.entries[0]
    Entry.objects.filter(pk=entry.pk).update(answers={**entry.answers, "budget_amount": "3910000"})
    entrant_page = judging.season.client("entrant").get(
        reverse("entries:entry_detail", args=[entry.pk])).content.decode()
    assert "3,910,000" in flat(entrant_page)
    judge_page = judging.client("judge").get(
        reverse("judging:review", args=[judging.round.pk, entry.pk])).content.decode()
    assert "3,910,000" in flat(judge_page)
    assert "3910000" not in judge_page
    copy = judging.season.client("entrant").get(reverse("entries:entry_copy", args=[entry.pk]))
    assert "3,910,000" in text_of(copy.content)
