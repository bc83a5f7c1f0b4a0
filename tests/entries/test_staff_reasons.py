"""The secretariat manages the templated screening reasons on a staff page (not only in the
admin): add, change, remove, each audited; coordinators read them; everyone else gets 404.
Decisions already made keep their words."""

import pytest
from django.urls import reverse

from entries import services
from entries.enums import EntryStatus
from entries.models import ScreeningDecision, ScreeningReason
from prize.models import AuditEvent

pytestmark = pytest.mark.django_db


def reasons_url(season):
    return reverse("entries:staff_reasons", args=[season.edition.slug])


def reason_url(season, reason):
    return reverse("entries:staff_reason", args=[season.edition.slug, reason.pk])


def test_the_secretariat_adds_changes_and_removes_a_reason(season):
    client = season.client("secretariat")

    added = client.post(reasons_url(season), {"decision": "ineligible",
                                              "text": "  The project is   not implemented. ",
                                              "order": "2"}, follow=True)
    reason = ScreeningReason.objects.get(edition=season.edition)
    assert "The reason is added." in added.content.decode()
    assert (reason.decision, reason.text, reason.order) == (
        "ineligible", "The project is not implemented.", 2)

    # Used in a decision, then reworded: the decision keeps the words it was given.
    services.screening_decide(entry=season.entry, decision=EntryStatus.INELIGIBLE,
                              reason=reason.text, by=season.users["secretariat"])
    client.post(reason_url(season, reason), {"decision": "ineligible",
                                             "text": "Not implemented yet.", "order": "2"})
    reason.refresh_from_db()
    assert reason.text == "Not implemented yet."
    assert ScreeningDecision.objects.get().reason == "The project is not implemented."

    removed = client.post(reason_url(season, reason), {"delete": "1"}, follow=True)
    assert "The reason is removed." in removed.content.decode()
    assert not ScreeningReason.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="screening_reason.")
                .order_by("pk").values_list("action", flat=True)) == [
        "screening_reason.save", "screening_reason.save", "screening_reason.delete"]


def test_the_screening_form_offers_the_reasons_made_here(season):
    season.client("secretariat").post(reasons_url(season), {
        "decision": "ineligible", "text": "Outside the category's scope.", "order": "0"})

    page = season.client("secretariat").get(
        reverse("entries:staff_entry", args=[season.edition.slug, season.entry.pk]))

    assert "Outside the category&#x27;s scope." in page.content.decode() or \
        "Outside the category's scope." in page.content.decode()


@pytest.mark.parametrize("data", [
    {"decision": "ineligible", "text": "   "},
    {"decision": "ineligible", "text": "x" * 301},
    {"decision": "maybe", "text": "Fine."},
    {"decision": "eligible", "text": "Fine.", "order": "-1"},
    {"decision": "eligible", "text": "Fine.", "order": "99999999999999999999"},
])
def test_a_bad_reason_is_refused_on_the_form_with_what_was_typed(season, data):
    response = season.client("secretariat").post(reasons_url(season), data)

    assert response.status_code == 400
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not ScreeningReason.objects.exists()


def test_nul_bytes_are_dropped_not_stored(season):
    season.client("secretariat").post(reasons_url(season), {
        "decision": "eligible", "text": "Meets\x00 every rule.", "order": "0"})

    assert ScreeningReason.objects.get().text == "Meets every rule."


@pytest.mark.parametrize(("persona", "read", "write"), [
    ("secretariat", 200, 302), ("superuser", 200, 302), ("coordinator", 200, 404),
    ("judge", 404, 404), ("entrant", 404, 404), ("other_entrant", 404, 404),
])
def test_who_may_read_and_change_the_reasons(season, persona, read, write):
    reason = ScreeningReason.objects.create(edition=season.edition, decision="eligible",
                                            text="Meets every rule.")
    client = season.client(persona)

    assert client.get(reasons_url(season)).status_code == read
    assert client.post(reasons_url(season), {"decision": "eligible",
                                             "text": "New."}).status_code == write
    assert client.post(reason_url(season, reason), {"delete": "1"}).status_code == write
    assert ScreeningReason.objects.filter(pk=reason.pk).exists() == (write != 302)


def test_an_anonymous_visitor_is_asked_to_log_in(season):
    response = season.client("anonymous").get(reasons_url(season))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
