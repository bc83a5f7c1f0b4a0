"""The edition's lists edited in the staff pages, without the admin: organisations and partners,
the public timeline (dates in the edition's time zone), and categories whose address and code
are made from their names when left empty. Each change audited; what others depend on is not
deleted; only the secretariat and superusers edit."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from ceremony.models import Award
from prize.enums import OrganisationRole
from prize.models import AuditEvent, Category, Milestone, Organisation
from tests.factories import OrganisationFactory
from tests.prize.test_edition_settings import form_data

pytestmark = pytest.mark.django_db


def management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def org_url(edition):
    return reverse("staff_edition_organisations", args=[edition.slug])


def timeline_url(edition):
    return reverse("staff_edition_timeline", args=[edition.slug])


@pytest.fixture
def secretariat(client_for):
    return client_for("secretariat")


def test_organisations_are_added_and_audited(secretariat, edition):
    response = secretariat.post(org_url(edition), {
        **management("organisations", 1),
        "organisations-0-name": "World Smart Sustainable Cities Organization",
        "organisations-0-role": OrganisationRole.values[0],
        "organisations-0-url": "https://we-gov.org", "organisations-0-description": "",
        "organisations-0-order": "1"})

    assert response.status_code == 302
    assert Organisation.objects.get(edition=edition).name.startswith("World Smart")
    assert AuditEvent.objects.filter(action="organisation.save").count() == 1


def test_a_partner_named_on_an_award_is_not_deleted(secretariat, edition):
    partner = OrganisationFactory(edition=edition, name="Seoul Institute")
    award = Award.objects.create(edition=edition, name="Partners' Choice",
                                 kind="special_mention", pool="eligible")
    award.partners.add(partner)

    response = secretariat.post(org_url(edition), {
        **management("organisations", 1, 1),
        "organisations-0-id": str(partner.pk), "organisations-0-name": partner.name,
        "organisations-0-role": partner.role, "organisations-0-url": partner.url,
        "organisations-0-description": "", "organisations-0-order": str(partner.order),
        "organisations-0-DELETE": "on"})

    assert response.status_code == 400
    assert "“Seoul Institute” cannot be deleted: it has 1 award." in response.content.decode()
    assert Organisation.objects.filter(pk=partner.pk).exists()


def test_timeline_dates_are_typed_in_the_editions_zone(secretariat, edition):
    response = secretariat.post(timeline_url(edition), {
        **management("timeline", 1),
        "timeline-0-title": "Call for entries", "timeline-0-description": "",
        "timeline-0-starts_at": "2023-03-01T09:00", "timeline-0-ends_at": "2023-06-30T18:00"})

    assert response.status_code == 302
    milestone = Milestone.objects.get(edition=edition)
    assert milestone.starts_at == datetime(2023, 3, 1, 0, 0, tzinfo=UTC)  # 09:00 in Seoul
    assert AuditEvent.objects.filter(action="milestone.save").count() == 1


@pytest.mark.parametrize("data, message", [
    ({"timeline-0-ends_at": "2023-02-01T09:00"}, "End the milestone when or after it starts"),
    ({"timeline-0-starts_at": "soon"}, "Enter a valid date/time."),
    ({"timeline-0-title": "x" * 300}, "at most 200 characters"),
])
def test_bad_dates_are_refused_on_the_page_with_what_was_typed(secretariat, edition, data,
                                                               message):
    response = secretariat.post(timeline_url(edition), {
        **management("timeline", 1), "timeline-0-title": "Ceremony",
        "timeline-0-description": "", "timeline-0-starts_at": "2023-03-01T09:00",
        "timeline-0-ends_at": "", **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Milestone.objects.filter(edition=edition).exists()


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 302), ("entrant", 404), ("judge", 404), ("coordinator", 404),
    ("secretariat", 200), ("superuser", 200),
])
def test_only_those_who_run_the_edition_edit_its_lists(client_for, edition, persona, status):
    client = client_for(persona)

    assert client.get(org_url(edition)).status_code == status
    assert client.get(timeline_url(edition)).status_code == status


def test_a_new_categorys_address_and_code_are_made_from_its_name(secretariat, edition):
    row = {"name": "Tech-InnovaCity", "slug": "", "code": "", "description": "",
           "allowed_entrant_kinds": ["city_government"], "finalist_quota": "0",
           "winner_quota": "0", "order": "1"}

    response = secretariat.post(reverse("staff_edition_settings", args=[edition.slug]),
                                form_data(edition, [row]))

    assert response.status_code == 302
    category = Category.objects.get(edition=edition)
    assert (category.slug, category.code) == ("tech-innovacity", "TI")
