"""Changing an entry after it is submitted: the submitted version stands (for the secretariat,
the judges and the exports) until the changes are submitted in their turn, which only happens
when the whole entry then satisfies its form. Nothing typed is lost on the way."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from entries import services
from entries.enums import EntryStatus
from entries.models import Entry, EntryRevision
from prize.models import AuditEvent, Notification
from tests.entries.conftest import BACKEND
from tests.factories import EntrantMemberFactory

pytestmark = pytest.mark.django_db


def step_url(entry, step="basics"):
    return reverse("entries:step", args=[entry.pk, step])


def save(client, entry, data, *, step="basics", htmx=False):
    entry.refresh_from_db()
    body = {**data, "version": entry.version}
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    if not htmx:
        body["action"] = "save"
    return client.post(step_url(entry, step), body, **extra)


BASICS = {"title": "Smart crossings for Seoul",
          "summary": "Sensors make crossings safer for older people.", "sectors": ["mobility"]}


@pytest.fixture
def submitted(season):
    return season.entry


def test_a_change_is_kept_apart_and_the_submitted_answers_stay_whole(season, entrant, submitted):
    before = dict(submitted.answers)

    response = save(entrant, submitted, {**BASICS, "summary": ""})  # a required answer emptied

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.SUBMITTED
    assert submitted.answers == before  # what staff and judges read still satisfies the form
    assert submitted.pending_answers["summary"] == ""
    assert submitted.has_pending_changes
    # What was typed is what the entrant finds on the step again, marked.
    page = entrant.get(step_url(submitted)).content.decode()
    assert "Changes not submitted" in page
    assert "Sensors make crossings safer" not in page.split('id="step-form"')[-1].split(
        "</textarea>")[0]


def test_changing_an_answer_back_to_what_was_submitted_leaves_no_change(season, entrant,
                                                                         submitted):
    save(entrant, submitted, {**BASICS, "title": "Another title"})
    save(entrant, submitted, BASICS)

    submitted.refresh_from_db()
    assert submitted.pending_answers is None and not submitted.has_pending_changes


def test_the_autosave_says_the_change_is_not_submitted_yet(season, entrant, submitted):
    response = save(entrant, submitted, {**BASICS, "title": "Typed on the bus"}, htmx=True)

    assert response.status_code == 200
    assert "as a change not submitted yet" in response.content.decode()


def test_changes_that_break_the_form_are_refused_with_what_to_fix_and_kept(season, entrant,
                                                                          submitted):
    save(entrant, submitted, {**BASICS, "summary": ""})

    response = entrant.post(reverse("entries:submit", args=[submitted.pk]))

    assert response.status_code == 422
    page = response.content.decode()
    assert "The changes were not submitted." in page
    assert "Short summary" in page  # the problem names the answer to fix, with a link
    assert f'{step_url(submitted)}#field-summary' in page
    submitted.refresh_from_db()
    assert submitted.answers["summary"] == "Sensors make crossings safer for older people."
    assert submitted.pending_answers["summary"] == ""
    assert not Notification.objects.filter(template="entries/changes_received").exists()


def test_submitted_changes_replace_the_submitted_version_once(season, entrant, submitted):
    colleague = EntrantMemberFactory(entrant=season.entrant, role="collaborator",
                                     user__email="colleague@example.org").user
    save(entrant, submitted, {**BASICS, "title": "Safer crossings for Seoul"})
    mail.outbox.clear()

    first = entrant.post(reverse("entries:submit", args=[submitted.pk]))
    second = entrant.post(reverse("entries:submit", args=[submitted.pk]))  # a double click

    assert first.status_code == second.status_code == 302
    submitted.refresh_from_db()
    assert submitted.answers["title"] == submitted.title == "Safer crossings for Seoul"
    assert submitted.pending_answers is None and submitted.pending_since is None
    revision = EntryRevision.objects.filter(entry=submitted).order_by("-number").first()
    assert revision.answers["title"] == "Safer crossings for Seoul"
    event = AuditEvent.objects.get(action="entry.resubmit")
    assert event.after == {"changed": ["Project title"]}
    received = sorted(m.to[0] for m in mail.outbox)
    assert received == sorted(["entrant@example.org", colleague.email])
    assert "Project title" in mail.outbox[0].body
    page = entrant.get(first["Location"]).content.decode()
    assert "Your changes are submitted" in page


def test_discarding_asks_first_then_restores_the_submitted_version(season, entrant, submitted):
    save(entrant, submitted, {**BASICS, "title": "Half a thought"})
    url = reverse("entries:discard_changes", args=[submitted.pk])

    confirm = entrant.get(url)
    assert confirm.status_code == 200
    assert "Discarding cannot be undone." in confirm.content.decode()
    submitted.refresh_from_db()
    assert submitted.has_pending_changes  # asking changes nothing

    response = entrant.post(url)

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.pending_answers is None
    assert submitted.answers["title"] == "Smart crossings for Seoul"
    assert AuditEvent.objects.filter(action="entry.discard_changes").count() == 1
    page = entrant.get(step_url(submitted)).content.decode()
    assert "Half a thought" not in page


def test_others_cannot_submit_or_discard_someone_elses_changes(season, submitted):
    save(season.client("entrant"), submitted, {**BASICS, "title": "Mine"})
    for persona in ("other_entrant", "judge", "coordinator", "secretariat"):
        client = season.client(persona)
        assert client.post(reverse("entries:submit", args=[submitted.pk])).status_code == 404
        assert client.post(reverse("entries:discard_changes",
                                   args=[submitted.pk])).status_code == 404
    submitted.refresh_from_db()
    assert submitted.pending_answers["title"] == "Mine"


def test_after_the_deadline_the_submitted_version_stands_and_says_so(season, entrant,
                                                                      submitted):
    save(entrant, submitted, {**BASICS, "title": "Too late"})
    season.edition.call_opens_at = datetime.now(UTC) - timedelta(days=30)
    season.edition.call_closes_at = datetime.now(UTC) - timedelta(minutes=1)
    season.edition.save()

    with pytest.raises(services.EntryError):
        services.entry_submit_changes(entry=submitted, by=season.users["entrant"])
    review = entrant.get(reverse("entries:review", args=[submitted.pk])).content.decode()
    assert "these changes can no longer be submitted" in review
    detail = entrant.get(reverse("entries:entry_detail", args=[submitted.pk])).content.decode()
    assert "without submitting the changes" in detail
    submitted.refresh_from_db()
    assert submitted.answers["title"] == "Smart crossings for Seoul"


def test_dashboard_staff_list_staff_page_and_export_agree(season, entrant, submitted):
    save(entrant, submitted, {**BASICS, "title": "Not yet submitted title"})
    staff = season.client("secretariat")
    slug = season.edition.slug

    dashboard = entrant.get(reverse("entries:dashboard")).content.decode()
    listing = staff.get(reverse("entries:staff_list", args=[slug])).content.decode()
    page = staff.get(reverse("entries:staff_entry", args=[slug, submitted.pk])).content.decode()
    export = staff.get(reverse("entries:staff_export", args=[slug]), {"format": "csv"})

    assert "Changes not submitted" in dashboard
    assert "Changes not submitted" in listing
    assert "Not yet submitted title" not in listing and "Not yet submitted title" not in page
    assert "Smart crossings for Seoul" in page
    assert 'id="pending-changes"' in page and "without submitting the changes" in page
    csv = export.content.decode("utf-8-sig")
    header, row = csv.splitlines()[0], next(
        line for line in csv.splitlines() if line.startswith(submitted.reference))
    column = header.split(",").index("Changes not submitted since (Asia/Seoul)")
    assert row.split(",")[column] != ""
    assert "Not yet submitted title" not in csv


def test_screening_settles_the_submitted_version(season, entrant, submitted):
    save(entrant, submitted, {**BASICS, "title": "Late idea"})
    Entry.objects.filter(pk=submitted.pk).update(status=EntryStatus.ELIGIBLE)
    submitted.refresh_from_db()

    assert not submitted.has_pending_changes
    assert submitted.editing().answers["title"] == "Smart crossings for Seoul"
    staff = season.client("secretariat")
    listing = staff.get(reverse("entries:staff_list", args=[season.edition.slug]))
    assert "Changes not submitted" not in listing.content.decode()


def test_a_nul_byte_in_a_change_is_dropped_on_every_database(season, entrant, submitted):
    response = save(entrant, submitted, {**BASICS, "title": "Smart\x00 crossings"})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.pending_answers["title"] == "Smart crossings"


def test_a_collaborators_tab_sees_the_change_and_is_not_told_it_conflicts(season, submitted):
    colleague = EntrantMemberFactory(entrant=season.entrant, role="collaborator").user
    other = season.client("entrant")
    mine = season.client("entrant")
    mine.force_login(colleague, backend=BACKEND)
    save(other, submitted, {**BASICS, "title": "From the first tab"})

    page = mine.get(step_url(submitted)).content.decode()

    assert "From the first tab" in page


def test_the_dashboard_row_offers_to_submit_the_changes_and_the_pdf_copies(season, entrant,
                                                                           submitted):
    before = entrant.get(reverse("entries:dashboard")).content.decode()
    save(entrant, submitted, {**BASICS, "title": "Changed"})

    after = entrant.get(reverse("entries:dashboard")).content.decode()

    review = reverse("entries:review", args=[submitted.pk])
    assert f'href="{review}">Submit the changes' not in before
    assert f'href="{review}">Submit the changes' in after
    assert reverse("entries:entry_copy", args=[submitted.pk]) in after
    assert reverse("entries:entry_receipt", args=[submitted.pk]) in after
