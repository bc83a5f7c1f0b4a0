"""An entrant deletes a draft they no longer want, after a confirmation: the draft and its
files are gone, the deletion is audited with what it was; a submitted entry cannot be deleted
(it is withdrawn instead), and another entrant's draft does not exist for them."""

import pytest
from django.urls import reverse

from entries.attachments import attachment_add
from entries.models import Entry
from entries.samples import sample_pdf
from prize.models import AuditEvent
from tests.entries.test_attachments import media, stored_files, upload  # noqa: F401

pytestmark = pytest.mark.django_db


def delete_url(entry):
    return reverse("entries:delete_draft", args=[entry.pk])


def test_a_draft_is_deleted_with_its_files_after_a_confirmation(
    season, entrant, media, django_capture_on_commit_callbacks  # noqa: F811 (the fixture)
):
    draft = season.draft
    draft.title = "Smart benches"
    draft.save(update_fields=["title"])
    attachment_add(entry=draft, uploaded_file=upload("Plan.pdf", sample_pdf("Plan")),
                   by=season.users["entrant"])
    assert len(stored_files(media)) == 1

    page = entrant.get(delete_url(draft))
    assert page.status_code == 200
    assert "Deleting cannot be undone." in page.content.decode()
    assert Entry.objects.filter(pk=draft.pk).exists()  # asking is not deleting

    with django_capture_on_commit_callbacks(execute=True):
        response = entrant.post(delete_url(draft), follow=True)

    assert response.redirect_chain[-1][0] == reverse("entries:dashboard")
    assert "The draft “Smart benches” is deleted." in response.content.decode()
    assert not Entry.objects.filter(pk=draft.pk).exists()
    assert stored_files(media) == []
    event = AuditEvent.objects.get(action="entry.delete_draft")
    assert (event.actor, event.before) == (
        season.users["entrant"], {"title": "Smart benches", "category": "Tech-InnovaCity",
                                  "files": 1})
    # A second click on the same button finds nothing to delete.
    assert entrant.post(delete_url(draft)).status_code == 404


def test_the_entry_page_offers_deleting_a_draft_and_withdrawing_a_submitted_entry(
    season, entrant
):
    draft_page = entrant.get(reverse("entries:entry_detail", args=[season.draft.pk]))
    entry_page = entrant.get(reverse("entries:entry_detail", args=[season.entry.pk]))

    assert delete_url(season.draft) in draft_page.content.decode()
    assert delete_url(season.entry) not in entry_page.content.decode()
    assert reverse("entries:withdraw", args=[season.entry.pk]) in entry_page.content.decode()


def test_a_submitted_entry_cannot_be_deleted(season, entrant):
    response = entrant.post(delete_url(season.entry))

    assert response.status_code == 400
    assert "withdraw a submitted entry instead" in response.content.decode()
    assert Entry.objects.filter(pk=season.entry.pk).exists()
    assert not AuditEvent.objects.filter(action="entry.delete_draft").exists()


@pytest.mark.parametrize("persona", ["other_entrant", "judge", "coordinator", "secretariat",
                                     "superuser"])
def test_nobody_else_may_delete_a_draft(season, persona):
    client = season.client(persona)

    assert client.get(delete_url(season.draft)).status_code == 404
    assert client.post(delete_url(season.draft)).status_code == 404
    assert Entry.objects.filter(pk=season.draft.pk).exists()


def test_an_anonymous_visitor_is_asked_to_log_in(season):
    response = season.client("anonymous").post(delete_url(season.draft))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Entry.objects.filter(pk=season.draft.pk).exists()
