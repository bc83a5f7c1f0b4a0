"""An edition's public home page is kept for anonymous visitors (prize/public_pages.py) and
served before sessions and the view, and it follows at once everything it shows: the edition's
texts, its categories and timeline, the phase (a round opens, results are published, even by a
bulk update), the time (the call closes, a milestone passes), the reader's language and time
zone. Visitors who are signed in, have a message waiting, or ask with a query string never get
the kept copy; with the cache unreachable every page is rendered afresh."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ceremony.models import Publication
from judging.enums import RoundStatus
from prize import public_pages
from prize.models import Edition
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    MilestoneFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = EditionFactory(tagline="Cities that listen")
    CategoryFactory(edition=edition, name="Tech-InnovaCity")
    return edition


def visit(client=None, path="/en/", **extra):
    return (client or Client()).get(path, **extra)


def queries_of(path="/en/", **extra) -> tuple:
    with CaptureQueriesContext(connection) as captured:
        response = visit(path=path, **extra)
    return response, [q["sql"] for q in captured.captured_queries]


def test_the_home_page_is_rendered_once_then_served_with_one_query(edition):
    first = visit()
    second, queries = queries_of()
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    # only the publications' state: no session, no user, no edition read again
    assert len(queries) == 1 and "ceremony_publication" in queries[0]
    # nothing personal in it: no CSRF token, no cookie set
    assert b"csrfmiddlewaretoken" not in second.content
    assert not second.cookies
    # the security headers are those of any page
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language"):
        assert first.has_header(header) and second[header] == first[header]


def test_every_change_of_what_it_shows_shows_at_once(edition):
    assert "Cities that listen" in visit().content.decode()
    edition.tagline = "Cities that care"
    edition.save()
    assert "Cities that care" in visit().content.decode()
    CategoryFactory(edition=edition, name="Human-CentriCity")
    assert "Human-CentriCity" in visit().content.decode()
    milestone = MilestoneFactory(edition=edition, title="Shortlist announced",
                                 starts_at=timezone.now() + timedelta(days=40))
    assert "Shortlist announced" in visit().content.decode()
    milestone.delete()
    assert "Shortlist announced" not in visit().content.decode()


def test_the_phase_follows_the_rounds_and_the_publication(edition):
    Edition.objects.filter(pk=edition.pk).update(
        call_opens_at=timezone.now() - timedelta(days=60),
        call_closes_at=timezone.now() - timedelta(days=1))
    edition.refresh_from_db()
    edition.save()  # the dates moved: saved as staff save them
    assert "The call is closed. Judging begins soon." in visit().content.decode()
    round = RoundFactory(edition=edition, status=RoundStatus.DRAFT)
    round.status = RoundStatus.OPEN
    round.save()
    assert "The call is closed and the jury is judging the entries." in visit().content.decode()
    # published by a bulk update (no signal): followed through the publications' state
    Publication.objects.create(edition=edition)
    visit()
    Publication.objects.filter(edition=edition).update(published_at=timezone.now())
    assert "The winners are announced." in visit().content.decode()
    Publication.objects.filter(edition=edition).update(published_at=None)
    assert "The winners are announced." not in visit().content.decode()


def test_the_page_is_kept_no_longer_than_until_the_call_closes(edition, monkeypatch):
    closes = timezone.now() + timedelta(seconds=90)
    Edition.objects.filter(pk=edition.pk).update(call_closes_at=closes)
    edition.refresh_from_db()
    edition.save()
    assert "Call for entries open" in visit().content.decode()
    # one second after the call closed, the copy kept while it was open has expired
    monkeypatch.setattr(timezone, "now", lambda: closes + timedelta(seconds=1))
    kept = [key for key in cache._cache if public_pages.PAGE_KEY in key]  # noqa: SLF001
    assert kept
    expiry = max(cache._expire_info[key] for key in kept)  # noqa: SLF001
    assert expiry <= closes.timestamp()
    monkeypatch.setattr("time.time", lambda: closes.timestamp() + 1)
    page = visit().content.decode()
    assert "Call for entries open" not in page
    assert "The call is closed. Judging begins soon." in page


def test_each_language_and_time_zone_gets_its_own_copy(edition):
    english = visit(path="/en/").content.decode()
    korean = visit(path="/ko/").content.decode()
    assert '<html lang="en"' in english and '<html lang="ko"' in korean
    client = Client()
    client.cookies["tz"] = "Europe/Paris"
    paris = visit(client).content.decode()
    assert "(Europe/Paris)" in paris
    assert "(Europe/Paris)" not in visit().content.decode()


def test_signed_in_visitors_messages_and_queries_never_get_the_kept_copy(edition):
    visit()  # kept
    client = Client()
    client.force_login(UserFactory(name="Ji-woo Park"))
    page = visit(client)
    assert page.status_code == 200
    assert b"account/logout" in page.content or b"Log out" in page.content
    assert b"Log out" not in visit().content
    # a query string, an HTMX request: rendered, not served from the copy
    _response, queries = queries_of(path="/en/?utm_source=newsletter")
    assert len(queries) > 1
    _response, queries = queries_of(HTTP_HX_REQUEST="true")
    assert len(queries) > 1


@override_settings(CACHES={"default": {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    # a port nothing listens on: the cache is unreachable
    "LOCATION": "redis://127.0.0.1:9/0",
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}})
def test_with_the_cache_unreachable_every_page_is_rendered_afresh(edition):
    from django.core.cache import caches

    caches._connections.__dict__.pop("default", None)  # noqa: SLF001 (the overridden cache)
    assert "Cities that listen" in visit().content.decode()
    Edition.objects.filter(pk=edition.pk).update(tagline="Cities that learn")
    page = visit()
    assert page.status_code == 200
    assert "Cities that learn" in page.content.decode()


@override_settings(PUBLIC_PAGE_CACHE=False)
def test_without_a_shared_cache_no_page_is_kept(edition):
    # several processes with a cache each could not tell one another of a change
    visit()
    _response, queries = queries_of()
    assert len(queries) > 1
    Edition.objects.filter(pk=edition.pk).update(tagline="Cities that learn")
    assert "Cities that learn" in visit().content.decode()


def test_a_change_makes_kept_pages_stale_again_once_it_is_committed(
        edition, django_capture_on_commit_callbacks):
    # A visitor whose page is drawn after the change was signalled but before it was committed
    # reads the old texts: the version raised at the commit makes that copy stale.
    key = public_pages.TOPIC_KEY + "prize"
    visit()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edition.tagline = "Cities that share"
        edition.save()
        signalled = cache.get(key)
    assert callbacks
    for callback in callbacks:
        callback()
    assert cache.get(key) > signalled
