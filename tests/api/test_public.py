"""The public endpoints: editions that are public, their categories, and their awards and
winners once the results are published (a 404 before, like the winners page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ceremony.models import Decision
from prize.enums import EditionStatus
from tests.api.support import body, get, token_for
from tests.ceremony.test_embargo import publish
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_the_api_names_its_versions_and_v1_its_lists():
    index = body(get(reverse("api:index")))
    assert index["current"] == "v1"
    assert index["versions"]["v1"]["docs"].endswith("/api/v1/docs/")
    root = body(get(reverse("api:v1-root")))
    assert root["editions"].endswith("/api/v1/editions/")
    assert root["schema"].endswith("/api/v1/schema/")


def test_editions_are_the_public_ones_newest_first(final):
    older = EditionFactory(year=2019, slug="older", is_current=False,
                           status=EditionStatus.ARCHIVED)
    draft = EditionFactory(year=2030, slug="in-preparation", is_current=False,
                           status=EditionStatus.DRAFT)

    rows = body(get(reverse("api:editions")))["results"]

    assert [r["slug"] for r in rows] == [final.edition.slug, older.slug]
    assert rows[0]["name"] == final.edition.name and rows[0]["results_published"] is False
    assert get(reverse("api:edition", args=[draft.slug])).status_code == 404
    assert get(reverse("api:categories", args=[draft.slug])).status_code == 404
    # a staff token does not open a draft on the public side either
    staff = final.users["secretariat"]
    from tests.factories import RoleFactory

    RoleFactory(user=staff, edition=draft, role="secretariat")
    assert get(reverse("api:edition", args=[draft.slug]), token_for(staff)).status_code == 404


def test_categories_in_their_order_with_who_may_enter(final):
    rows = body(get(reverse("api:categories", args=[final.edition.slug])))["results"]

    assert [r["code"] for r in rows] == [c.code for c in final.categories]
    assert set(rows[0]) >= {"slug", "name", "allowed_entrant_kinds", "winner_quota"}


def test_awards_and_winners_are_a_404_until_published_then_as_the_winners_page(world):
    slug = world.final.edition.slug
    for name in ("awards", "winners"):
        response = get(reverse(f"api:{name}", args=[slug]))
        assert response.status_code == 404
        assert body(response) == {"detail": "Not found."}

    publish(world)

    edition = body(get(reverse("api:edition", args=[slug])))
    assert edition["results_published"] is True
    awards = body(get(reverse("api:awards", args=[slug])))["results"]
    assert [a["name"] for a in awards] == ["Aurora Gold Award", "Aurora Silver Award",
                                           "Aurora Leadership Prize", "Aurora Partners Mention"]
    winners = body(get(reverse("api:winners", args=[slug])))["results"]
    confirmed = Decision.objects.filter(award__edition=world.final.edition)
    assert len(winners) == confirmed.count() == len(world.decisions)
    gold = next(w for w in winners if w["award"] == "Aurora Gold Award")
    assert gold["reference"] == world.gold.reference
    assert gold["title"] == world.gold.title
    assert gold["entrant"] == world.gold.entrant.name
    assert gold["citation"].startswith("Jury citation Sigma")
    # what the public pages never say: no rank, score, reason or judge
    assert not {"rank", "score", "reason", "proposed_by", "confirmed_by"} & set(gold)


def test_a_withdrawn_winner_is_left_out_like_on_the_page(world):
    publish(world)
    world.gold.status = "withdrawn"
    world.gold.save(update_fields=["status"])

    winners = body(get(reverse("api:winners", args=[world.final.edition.slug])))["results"]

    assert world.gold.reference not in {w["reference"] for w in winners}


def test_during_a_live_reveal_that_publishes_as_it_goes_only_the_revealed_award_shows(world):
    from django.utils import timezone

    from ceremony.models import Award, Ceremony

    edition = world.final.edition
    Ceremony.objects.update_or_create(edition=edition, defaults={"publish_as_revealed": True})
    Award.objects.filter(pk=world.final.gold.pk).update(revealed_at=timezone.now())
    slug = edition.slug

    awards = body(get(reverse("api:awards", args=[slug])))["results"]
    winners = body(get(reverse("api:winners", args=[slug])))["results"]
    page = get(reverse("ceremony:winners", args=[slug])).content.decode()

    assert [a["name"] for a in awards] == ["Aurora Gold Award"]
    assert [w["reference"] for w in winners] == [world.gold.reference]
    assert "Aurora Gold Award" in page and "Aurora Silver Award" not in page  # as the page
    assert "Aurora Silver Award" not in str(winners)
