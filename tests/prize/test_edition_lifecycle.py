"""An edition made and run through its life from the staff pages, without the admin: created
in preparation, its checklist says what is missing and links to fix it, the call opens only once
nothing needed is missing, closes early on request, the edition becomes the current one and is
archived at the end. Every step is audited; coordinators read; others see nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from entries.models import EntryFormUse
from prize.enums import EditionStatus, EntrantKind, Role
from prize.models import AuditEvent, Edition
from tests.conftest import CommittingClient
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    EntryFormFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def logged_in(user) -> CommittingClient:
    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    return client


@pytest.fixture
def organiser(edition):
    user = UserFactory(email="organiser@example.org")
    RoleFactory(user=user, edition=edition, role=Role.SECRETARIAT)
    return user


@pytest.fixture
def staff(organiser):
    return logged_in(organiser)


NEW = {"name": "Seoul Smart City Prize", "short_name": "SSCP27", "year": "2027",
       "time_zone": "Asia/Seoul", "call_opens_at": "2027-03-01T09:00",
       "call_closes_at": "2027-06-30T18:00", "contact_email": "prize@example.org"}


def create(client, **changes):
    return client.post(reverse("staff_edition_create"), {**NEW, **changes})


def action(client, edition, name):
    return client.post(reverse("staff_edition_action", args=[edition.slug]), {"action": name},
                       follow=True)


def test_an_organiser_creates_an_edition_in_preparation_with_dates_in_its_zone(staff,
                                                                              organiser):
    response = create(staff)

    assert response.status_code == 302
    edition = Edition.objects.get(short_name="SSCP27")
    assert response["Location"] == reverse("staff_edition", args=[edition.slug])
    assert edition.slug == "seoul-smart-city-prize-2027"
    assert edition.status == EditionStatus.DRAFT and not edition.is_current
    assert edition.call_opens_at == datetime(2027, 3, 1, 0, 0, tzinfo=UTC)  # 09:00 in Seoul
    assert organiser.has_role(edition, Role.SECRETARIAT)
    assert AuditEvent.objects.filter(action="edition.create").count() == 1
    assert "is created, in preparation" in staff.get(response["Location"]).content.decode()


@pytest.mark.parametrize("changes, message", [
    ({"call_closes_at": "2027-02-01T09:00"}, "Close the call after it opens"),
    ({"time_zone": "Mars/Olympus"}, "time zone"),
    ({"year": "1900"}, "2000"),
    ({"name": ""}, "This field is required"),
    ({"name": "Prize\x00 name"}, ""),
    ({"call_opens_at": "not a date"}, "date"),
])
def test_bad_input_is_refused_on_the_form_and_kept(staff, changes, message):
    response = create(staff, **changes)

    if changes.get("name", "").startswith("Prize\x00"):
        assert response.status_code == 302  # the NUL byte is dropped, never stored
        assert Edition.objects.filter(name="Prize name").exists()
        return
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="SSCP27"' in page  # what was typed is still there
    assert not Edition.objects.filter(short_name="SSCP27").exists()


@pytest.mark.parametrize("persona", ["anonymous", "entrant", "judge", "coordinator"])
def test_only_superusers_and_the_secretariat_create_editions(client_for, persona):
    response = create(client_for(persona))

    assert response.status_code in (302, 404)
    if persona == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert not Edition.objects.filter(short_name="SSCP27").exists()


def test_the_checklist_blocks_the_call_until_every_kind_has_a_form(staff):
    create(staff)
    edition = Edition.objects.get(short_name="SSCP27")
    page = staff.get(reverse("staff_edition", args=[edition.slug])).content.decode()
    assert "Add at least one category" in page

    leadership = CategoryFactory(edition=edition, name="Leadership", code="LD",
                                 allowed_entrant_kinds=[EntrantKind.INDIVIDUAL,
                                                        EntrantKind.CITY_GOVERNMENT])
    EntryFormUse.objects.create(category=leadership, entrant_kind=EntrantKind.CITY_GOVERNMENT,
                                form=EntryFormFactory(edition=edition))
    page = staff.get(reverse("staff_edition", args=[edition.slug])).content.decode()
    assert "Choose the application form for individual in Leadership" in page

    refused = action(staff, edition, "open_call")

    assert "Finish the checklist first: Choose the application form for individual in " \
        "Leadership" in refused.content.decode()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT

    EntryFormUse.objects.create(category=leadership, entrant_kind=EntrantKind.INDIVIDUAL,
                                form=EntryFormFactory(edition=edition))
    opened = action(staff, edition, "open_call")

    assert "is now “Call for entries”" in opened.content.decode()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CALL_OPEN


def test_closing_the_call_early_ends_it_now_and_starts_judging(edition, staff):
    Edition.objects.filter(pk=edition.pk).update(
        status=EditionStatus.CALL_OPEN, call_opens_at=datetime.now(UTC) - timedelta(days=10),
        call_closes_at=datetime.now(UTC) + timedelta(days=10))
    edition.refresh_from_db()
    assert edition.is_call_open()

    action(staff, edition, "close_call")

    edition.refresh_from_db()
    assert edition.status == EditionStatus.JUDGING
    assert not edition.is_call_open()
    assert AuditEvent.objects.filter(action="edition.close_call").count() == 1


def test_an_edition_becomes_the_current_one_and_is_archived_at_the_end(edition, staff,
                                                                      organiser):
    newer = EditionFactory(is_current=False, status=EditionStatus.CALL_OPEN)
    RoleFactory(user=organiser, edition=newer, role=Role.SECRETARIAT)

    action(staff, newer, "make_current")

    newer.refresh_from_db()
    edition.refresh_from_db()
    assert newer.is_current and not edition.is_current
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.ANNOUNCED)
    action(staff, edition, "archive")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.ARCHIVED


def test_a_step_the_edition_cannot_take_is_refused_with_a_message(edition, staff):
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.DRAFT)

    response = action(staff, edition, "archive")  # a draft cannot be archived

    assert "that step is not possible" in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT


@pytest.mark.parametrize("persona, reads, acts", [
    ("anonymous", 302, 302), ("entrant", 404, 404), ("judge", 404, 404),
    ("coordinator", 200, 404), ("secretariat", 200, 302), ("superuser", 200, 302),
])
def test_who_reads_and_who_runs_the_edition(edition, client_for, persona, reads, acts):
    client = client_for(persona)

    page = client.get(reverse("staff_edition", args=[edition.slug]))
    posted = client.post(reverse("staff_edition_action", args=[edition.slug]),
                         {"action": "make_current"})

    assert page.status_code == reads
    assert posted.status_code == acts
    if reads == 200:
        assert ('name="action"' in page.content.decode()) == (acts == 302)


def test_the_edition_page_reads_a_fixed_number_of_queries(edition, staff, count_queries):
    def load():
        assert staff.get(reverse("staff_edition", args=[edition.slug])).status_code == 200

    load()
    few = count_queries(load)
    for n in range(12):
        CategoryFactory(edition=edition, code=f"C{n}", name=f"Category {n}",
                        allowed_entrant_kinds=[EntrantKind.INDIVIDUAL, EntrantKind.CORPORATION])
    assert count_queries(load) == few


@pytest.mark.parametrize("persona, creates", [("secretariat", True), ("superuser", True),
                                              ("coordinator", False)])
def test_the_staff_area_leads_to_each_edition_its_team_and_a_new_edition(edition, client_for,
                                                                          persona, creates):
    page = client_for(persona).get(reverse("staff_index")).content.decode()

    assert reverse("staff_edition", args=[edition.slug]) in page
    assert (reverse("staff_edition_create") in page) == creates
    assert (reverse("staff_team", args=[edition.slug]) in page) == creates


def test_the_new_edition_page_offers_to_start_from_an_earlier_edition(staff, edition):
    page = staff.get(reverse("staff_edition_create")).content.decode()

    assert reverse("ceremony:staff_next_edition", args=[edition.slug]) in page
    assert f"Start from {edition.name}" in page
