"""The secretariat edits the edition and its categories on a staff page, in the edition's time."""

import html
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from prize.models import AuditEvent, Category
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def form_data(edition, categories, **changes):
    data = {
        "edition-name": edition.name,
        "edition-short_name": edition.short_name,
        "edition-slug": edition.slug,
        "edition-year": edition.year,
        "edition-tagline": edition.tagline,
        "edition-about": edition.about,
        "edition-how_to_enter": edition.how_to_enter,
        "edition-time_zone": edition.time_zone,
        "edition-call_opens_at": "2023-03-01T09:00",
        "edition-call_closes_at": "2023-06-30T18:00",
        "edition-ceremony_at": "2023-09-25T15:00",
        "edition-ceremony_venue": edition.ceremony_venue,
        "edition-contact_email": "",
        "categories-TOTAL_FORMS": str(len(categories)),
        "categories-INITIAL_FORMS": str(sum(1 for c in categories if c.get("id"))),
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
    }
    for i, category in enumerate(categories):
        for key, value in category.items():
            data[f"categories-{i}-{key}"] = value
    data.update(changes)
    return data


def category_row(category):
    return {
        "id": str(category.pk),
        "name": category.name,
        "slug": category.slug,
        "code": category.code,
        "description": category.description,
        "allowed_entrant_kinds": list(category.allowed_entrant_kinds),
        "finalist_quota": str(category.finalist_quota),
        "winner_quota": str(category.winner_quota),
        "order": str(category.order),
    }


@pytest.fixture
def secretariat(client_for):
    return client_for("secretariat")


def test_dates_are_typed_in_the_editions_time_zone_and_the_change_is_audited(
    secretariat, edition
):
    category = CategoryFactory(edition=edition)
    url = reverse("staff_edition_settings", args=[edition.slug])

    response = secretariat.post(url, form_data(edition, [category_row(category)]))

    assert response.status_code == 302
    edition.refresh_from_db()
    # 18:00 in Seoul (UTC+9) is 09:00 UTC
    assert edition.call_closes_at == datetime(2023, 6, 30, 9, 0, tzinfo=UTC)
    event = AuditEvent.objects.get(action="edition.update")
    assert event.actor == secretariat.user
    assert "call_closes_at" in event.after
    page = secretariat.get(url).content.decode()
    assert 'value="2023-06-30T18:00"' in page


def test_a_call_closing_before_it_opens_is_refused_and_nothing_is_lost(secretariat, edition):
    before = edition.call_closes_at
    url = reverse("staff_edition_settings", args=[edition.slug])

    response = secretariat.post(
        url,
        form_data(edition, [], **{"edition-call_closes_at": "2023-02-01T09:00",
                                  "edition-tagline": "A tagline I typed"}),
    )

    assert response.status_code == 200
    assert ("Close the call after it opens: choose a moment after 1 March 2023, 09:00 "
            f"({edition.time_zone}).") in html.unescape(response.content.decode())
    assert 'value="A tagline I typed"' in response.content.decode()
    edition.refresh_from_db()
    assert edition.call_closes_at == before
    assert not AuditEvent.objects.exists()


def test_a_category_needs_someone_who_may_enter(secretariat, edition):
    category = CategoryFactory(edition=edition)
    row = category_row(category)
    row["allowed_entrant_kinds"] = []

    response = secretariat.post(
        reverse("staff_edition_settings", args=[edition.slug]), form_data(edition, [row])
    )

    assert response.status_code == 200
    assert "Choose who may enter: tick at least one kind of entrant." in response.content.decode()
    category.refresh_from_db()
    assert category.allowed_entrant_kinds != []


def test_the_secretariat_adds_a_category(secretariat, edition):
    new = {
        "name": "Special Mention", "slug": "special-mention", "code": "SM",
        "description": "Chosen with partners.", "allowed_entrant_kinds": ["city_government"],
        "finalist_quota": "3", "winner_quota": "3", "order": "9",
    }

    response = secretariat.post(
        reverse("staff_edition_settings", args=[edition.slug]), form_data(edition, [new])
    )

    assert response.status_code == 302
    category = Category.objects.get(edition=edition, slug="special-mention")
    assert category.allowed_entrant_kinds == ["city_government"]
    assert AuditEvent.objects.filter(action="category.save", target_id=str(category.pk)).exists()


def test_saving_the_same_settings_again_records_no_change(secretariat, edition):
    """The same moments typed in the edition's zone (stored in UTC) and the same text with the
    browser's line breaks are no change: the log keeps real changes only."""
    category = CategoryFactory(edition=edition)
    url = reverse("staff_edition_settings", args=[edition.slug])
    data = form_data(edition, [category_row(category)],
                     **{"edition-about": "Line one\r\nLine two"})
    secretariat.post(url, data)
    assert AuditEvent.objects.filter(action="edition.update").count() == 1

    again = secretariat.post(url, data)

    assert again.status_code == 302
    assert AuditEvent.objects.filter(action="edition.update").count() == 1
