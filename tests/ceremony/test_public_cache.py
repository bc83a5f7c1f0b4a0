"""The published results pages are rendered once for anonymous visitors and kept
(prize/public_pages.py, ceremony/public_cache.py), and follow every change at once: a
citation, a title or an award renamed, a decision reopened, a finalist withdrawn, the
publication undone and redone, the reader's language; a signed-in visitor never gets the
anonymous copy."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremony import services
from ceremony.models import Decision, Publication
from entries.enums import EntryStatus
from prize import public_pages
from tests.ceremony import test_embargo

pytestmark = pytest.mark.django_db
world = test_embargo.world  # the fixture: a final decided, its publication scheduled
publish = test_embargo.publish


def url(world, language="en") -> str:
    return f"/{language}" + reverse("ceremony:winners", args=[world.final.edition.slug])[3:]


def visit(world, client=None, language="en"):
    return (client or Client()).get(url(world, language))


def test_the_published_page_is_rendered_once_for_every_anonymous_visitor(world):
    publish(world)
    first = visit(world)
    with CaptureQueriesContext(connection) as again:
        second = visit(world)
    with CaptureQueriesContext(connection) as other_visitor:
        third = visit(world)
    assert first.status_code == second.status_code == third.status_code == 200
    assert first.content == second.content == third.content
    assert "public" in third["Cache-Control"]
    # Kept: only the edition, the publication and the key are read, nothing of the winners.
    assert len(other_visitor.captured_queries) == len(again.captured_queries) <= 6
    assert not any("ceremony_decision" in q["sql"] for q in other_visitor.captured_queries)


def test_a_citation_title_or_award_changed_shows_at_once(world):
    publish(world)
    decision = world.decisions[0]
    assert decision.citation in visit(world).content.decode()
    decision = Decision.objects.get(pk=decision.pk)
    decision.citation = "A new citation Lambda."
    decision.save()
    page = visit(world).content.decode()
    assert "A new citation Lambda." in page
    entry = decision.entry
    entry.title = "Initiative renamed Mu"
    entry.save(update_fields=["title"])
    assert "Initiative renamed Mu" in visit(world).content.decode()
    award = decision.award
    award.name = "Aurora Renamed Award"
    award.save()
    assert "Aurora Renamed Award" in visit(world).content.decode()


def test_a_publication_undone_is_followed_at_once_and_redone_shows_what_changed(world):
    publish(world)
    decision = world.decisions[0]
    assert visit(world).status_code == 200
    services.publication_unpublish(edition=world.final.edition,
                                   by=world.final.users["secretariat"],
                                   reason="A citation names the wrong city.")
    assert visit(world).status_code == 404
    # Corrected without a signal (a bulk update), then published again.
    Decision.objects.filter(pk=decision.pk).update(citation="The corrected citation Nu.")
    publish(world)
    page = visit(world)
    assert page.status_code == 200
    assert "The corrected citation Nu." in page.content.decode()


def test_each_language_gets_its_own_copy(world):
    publish(world)
    english = visit(world, language="en").content.decode()
    korean = visit(world, language="ko").content.decode()
    assert '<html lang="en"' in english
    assert '<html lang="ko"' in korean
    assert '<html lang="en"' in visit(world, language="en").content.decode()


def test_a_signed_in_visitor_never_gets_the_anonymous_copy(world):
    publish(world)
    visit(world)  # the anonymous copy, kept
    client = Client()
    client.force_login(world.users["judge"])
    page = visit(world, client)
    assert page.status_code == 200
    assert "public" not in page["Cache-Control"]
    logout = reverse("account_logout")
    assert logout in page.content.decode()
    assert logout not in visit(world).content.decode()


def test_the_finalists_a_winner_and_the_archive_are_kept_and_follow_changes(world):
    publish(world)
    edition = world.final.edition
    finalists = f"/en/editions/{edition.slug}/finalists/"
    winner = f"/en/editions/{edition.slug}/winners/{world.gold.reference}/"
    archive = "/en/winners/"
    listed = f"/editions/{edition.slug}/winners/"
    client = Client()
    for path in (finalists, winner, archive):
        first = client.get(path)
        with CaptureQueriesContext(connection) as again:
            second = client.get(path)
        assert first.status_code == second.status_code == 200, path
        assert first.content == second.content
        assert len(again.captured_queries) == 1, path  # the publications' state alone
    assert listed in client.get(archive).content.decode()
    # a finalist renamed, then withdrawn: at once on the finalists page
    finalist = world.finalist
    finalist.title = "Initiative renamed Xi"
    finalist.save(update_fields=["title"])
    assert "Initiative renamed Xi" in client.get(finalists).content.decode()
    finalist.status = EntryStatus.WITHDRAWN
    finalist.save(update_fields=["status"])
    assert "Initiative renamed Xi" not in client.get(finalists).content.decode()
    # the winner's citation changed: at once on the winner's page
    decision = next(d for d in world.decisions if d.entry_id == world.gold.pk)
    decision = Decision.objects.get(pk=decision.pk)
    decision.citation = "A corrected citation Omicron."
    decision.save()
    assert "A corrected citation Omicron." in client.get(winner).content.decode()
    # results taken back: gone from the archive at once; given a moment still to come, the
    # archive is kept no longer than until that moment
    services.publication_unpublish(edition=edition, by=world.final.users["secretariat"],
                                   reason="A citation names the wrong city.")
    assert listed not in client.get(archive).content.decode()
    assert client.get(finalists).status_code == 404
    at = timezone.now() + timezone.timedelta(minutes=2)
    Publication.objects.filter(edition=edition).update(published_at=at)
    cache.clear()
    client.get(archive)
    kept = [key for key in cache._cache if public_pages.PAGE_KEY in key]  # noqa: SLF001
    assert kept and max(cache._expire_info[k] for k in kept) <= at.timestamp()  # noqa: SLF001
