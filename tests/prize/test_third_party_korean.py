"""Where a package's own Korean reads wrong, ours replaces it: the password reset page of a
logged-in person says who is logged in in the site's own style, and Thailand and Australia are
named as Koreans write them (태국, 호주) wherever countries are listed; English is unchanged."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_countries import countries

pytestmark = pytest.mark.django_db


def test_the_countries_koreans_write_otherwise(korean_catalogue):
    korean_catalogue("Thailand", "태국", context="country")
    korean_catalogue("Australia", "호주", context="country")
    with translation.override("ko"):
        names = dict(countries)
    assert names["TH"] == "태국"
    assert names["AU"] == "호주"
    with translation.override("en"):
        names = dict(countries)
    assert (names["TH"], names["AU"]) == ("Thailand", "Australia")


def test_the_already_logged_in_note_is_the_sites_own(client_for, korean_catalogue):
    korean_catalogue("You are logged in already, as %(name)s.",
                     "이미 %(name)s(으)로 로그인되어 있습니다.")
    korean_catalogue("Note", "안내", context="notice")
    client = client_for("entrant")
    client.user.name = "Lucía Fernández"
    client.user.language = "ko"
    client.user.save(update_fields=["name", "language"])
    page = client.get(reverse("account_reset_password")).content.decode()
    assert "이미 Lucía Fernández(으)로 로그인되어 있습니다." in page
    assert "로 이미 로그인 되어있습니다" not in page
