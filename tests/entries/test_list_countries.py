"""The entries list's country filter offers the countries of the edition's entrants. They are
kept (``entries.filters.edition_countries``) and follow every change at once: an entry added,
an entrant's country changed, an entry moved to another edition or deleted; each reader gets
the names in their own language; without a shared cache, or with it unreachable, they are
read afresh."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entries import filters
from tests.factories import EditionFactory, EntrantFactory, EntryFactory

pytestmark = pytest.mark.django_db

COUNTRY_QUERY = 'SELECT DISTINCT "entries_entrant"."country"'


@pytest.fixture
def shared(monkeypatch):
    """As with Redis: one cache for every process."""
    monkeypatch.setattr(filters, "shared_cache", lambda: True)


def offered(client, season, language="en") -> dict[str, str]:
    """The country filter's options: code -> name."""
    url = reverse("entries:staff_list", kwargs={"edition_slug": season.edition.slug})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    select = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
    return dict(re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', select))


def country_queries(client, season) -> int:
    with CaptureQueriesContext(connection) as seen:
        offered(client, season)
    return sum(COUNTRY_QUERY in q["sql"] for q in seen.captured_queries)


def test_the_countries_are_read_once_then_kept(season, shared):
    staff = season.client("secretariat")
    assert country_queries(staff, season) == 1
    assert country_queries(staff, season) == 0
    assert country_queries(season.client("coordinator"), season) == 0


def test_every_change_of_the_countries_shows_at_once(season, shared):
    staff = season.client("secretariat")
    seoul = season.entrant.country.code
    assert set(offered(staff, season)) == {seoul}  # the season's entry and draft
    # A draft by an entrant from another country.
    kenya = EntrantFactory(name="Nairobi", city="Nairobi", country="KE")
    added = EntryFactory(edition=season.edition, category=season.category, entrant=kenya,
                         form=season.entry.form)
    assert set(offered(staff, season)) == {seoul, "KE"}
    # The entrant's country corrected.
    kenya.country = "TZ"
    kenya.save()
    assert set(offered(staff, season)) == {seoul, "TZ"}
    # The entry moved to another edition, then back, then deleted.
    other = EditionFactory(is_current=False)
    added.edition = other
    added.save()
    assert set(offered(staff, season)) == {seoul}
    added.edition = season.edition
    added.save()
    assert set(offered(staff, season)) == {seoul, "TZ"}
    added.delete()
    assert set(offered(staff, season)) == {seoul}


def test_each_reader_gets_the_names_in_their_language(season, shared):
    EntryFactory(edition=season.edition, category=season.category, form=season.entry.form,
                 entrant=EntrantFactory(name="Paris", city="Paris", country="FR"))
    korean = season.users["coordinator"]
    korean.language = "ko"
    korean.save(update_fields=["language"])
    assert offered(season.client("secretariat"), season)["FR"] == "France"
    assert offered(season.client("coordinator"), season, "ko")["FR"] == "프랑스"
    assert offered(season.client("secretariat"), season)["FR"] == "France"


def test_without_a_shared_cache_they_are_read_every_time(season, monkeypatch):
    monkeypatch.setattr(filters, "shared_cache", lambda: False)
    staff = season.client("secretariat")
    assert country_queries(staff, season) == 1
    assert country_queries(staff, season) == 1


def test_with_the_cache_unreachable_they_are_read_afresh(season, shared, monkeypatch):
    monkeypatch.setattr(filters.COUNTRIES_VERSION, "current", lambda: None)
    staff = season.client("secretariat")
    assert country_queries(staff, season) == 1
    EntryFactory(edition=season.edition, category=season.category, form=season.entry.form,
                 entrant=EntrantFactory(name="Quito", city="Quito", country="EC"))
    assert "EC" in offered(staff, season)
