"""The API answers in the request's language: the prize's own texts in Korean for a client
that asks for Korean, falling back to English where a text has no Korean yet."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.api.support import body, get

pytestmark = pytest.mark.django_db


def test_categories_in_the_requests_language_with_the_fallback(final):
    with translation.override("en"):
        first, second = final.categories[0], final.categories[1]
        first.name_ko, first.description_en = "첫째 부문", "The first category."
        first.description_ko = "첫째 부문입니다."
        first.save()
        second.description_en, second.description_ko = "Only in English.", ""
        second.save()
    url = reverse("api:categories", args=[final.edition.slug])

    korean = {row["slug"]: row for row in body(get(url, HTTP_ACCEPT_LANGUAGE="ko"))["results"]}
    english = {row["slug"]: row for row in body(get(url, HTTP_ACCEPT_LANGUAGE="en"))["results"]}

    assert (korean[first.slug]["name"], korean[first.slug]["description"]) == (
        "첫째 부문", "첫째 부문입니다.")
    assert korean[second.slug]["description"] == "Only in English."
    assert (english[first.slug]["name"], english[first.slug]["description"]) == (
        first.name_en, "The first category.")
