"""The conflicts page's list of countries follows the page's language: names in Korean for a
Korean page, in English for an English one, as each reader finds their country."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def country_options(html: str) -> dict[str, str]:
    select = re.search(r'<select[^>]*name="country".*?</select>', html, re.S).group(0)
    return dict(re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', select))


@pytest.mark.parametrize(("language", "korea", "france"), [
    ("ko", "대한민국", "프랑스"),
    ("en", "South Korea", "France"),
])
def test_the_countries_are_named_in_the_pages_language(judging, language, korea, france):
    judge = judging.users["judge"]
    judge.language = language
    judge.save(update_fields=["language"])
    client = judging.client("judge")
    html = client.get(reverse("judging:conflicts"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    options = country_options(html)
    assert options["KR"] == korea
    assert options["FR"] == france
