"""Anonymised versions of files, for blind rounds: the form asks for them (``blind_variant``),
the entrant uploads one next to a file, replaces or removes it, and is told on the form what
blind judging means for their answers and files."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from entries.attachments import anonymised_add, anonymised_remove, attachment_add
from entries.models import AnonymisedVersion, Attachment
from entries.samples import sample_pdf, sample_png
from entries.services import EntryError
from prize.models import AuditEvent
from tests.entries.conftest import ENTRY_PERSONAS
from tests.factories import TEST_FORM_SCHEMA

pytestmark = pytest.mark.django_db

OK, LOGIN, GONE, REDIRECT = 200, "login", 404, 302


def blind_form(entry, *, blind_variant=True, identifying=("title",)):
    """The entry's form asks for anonymised versions and marks ``identifying`` fields."""
    steps = []
    for step in TEST_FORM_SCHEMA["steps"]:
        step = dict(step)
        if "fields" in step:
            step["fields"] = [{**f, "identifying": f["key"] in identifying}
                              for f in step["fields"]]
        if step.get("kind") == "attachments" and blind_variant:
            step["blind_variant"] = True
        steps.append(step)
    entry.form.schema = {**TEST_FORM_SCHEMA, "steps": steps}
    entry.form.save()
    return entry


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def file(season):
    blind_form(season.draft)
    return attachment_add(entry=season.draft, by=season.users["entrant"],
                          uploaded_file=upload("Seoul report.pdf", sample_pdf("Seoul report")))


def stored_files(settings) -> set:
    root = settings.MEDIA_ROOT
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- The services ------------------------------------------------------------------------------


def test_an_anonymised_version_is_kept_next_to_its_file(season, file):
    version = anonymised_add(attachment=file, by=season.users["entrant"],
                             uploaded_file=upload("report.pdf", sample_pdf("Report")))

    assert (version.attachment, version.original_name, version.content_type) == (
        file, "report.pdf", "application/pdf")
    assert Attachment.objects.filter(entry=season.draft).count() == 1  # not one more file
    assert AuditEvent.objects.filter(action="attachment.anonymised_add").count() == 1


def test_a_new_anonymised_version_replaces_the_old_one_and_its_stored_file(
        season, file, settings, django_capture_on_commit_callbacks):
    by = season.users["entrant"]
    first = anonymised_add(attachment=file, by=by,
                           uploaded_file=upload("v1.pdf", sample_pdf("First")))
    with django_capture_on_commit_callbacks(execute=True):
        second = anonymised_add(attachment=file, by=by,
                                uploaded_file=upload("v2.png", sample_png(text="Second")))

    assert list(AnonymisedVersion.objects.values_list("original_name", flat=True)) == ["v2.png"]
    assert not first.file.storage.exists(first.file.name)
    assert second.file.storage.exists(second.file.name)


def test_the_same_file_is_not_an_anonymised_version(season, file):
    with pytest.raises(EntryError, match="This is the same file as Seoul report.pdf"):
        anonymised_add(attachment=file, by=season.users["entrant"],
                       uploaded_file=upload("copy.pdf", sample_pdf("Seoul report")))


def test_a_form_that_does_not_ask_takes_no_anonymised_version(season, file):
    blind_form(season.draft, blind_variant=False)

    with pytest.raises(EntryError, match="does not ask for anonymised versions"):
        anonymised_add(attachment=file, by=season.users["entrant"],
                       uploaded_file=upload("report.pdf", sample_pdf("Report")))


def test_an_anonymised_version_is_checked_like_any_file(season, file):
    with pytest.raises(EntryError, match="not a PDF"):
        anonymised_add(attachment=file, by=season.users["entrant"],
                       uploaded_file=upload("report.pdf", b"<html>hello</html>"))
    assert not AnonymisedVersion.objects.exists()


def test_nothing_changes_after_the_deadline(season, file):
    season.edition.call_closes_at = timezone.now() - timedelta(seconds=1)
    season.edition.save()

    with pytest.raises(EntryError):
        anonymised_add(attachment=file, by=season.users["entrant"],
                       uploaded_file=upload("report.pdf", sample_pdf("Report")))


def test_removing_the_file_removes_its_anonymised_version_and_both_stored_files(
        season, file, settings, django_capture_on_commit_callbacks):
    from entries.attachments import attachment_remove

    version = anonymised_add(attachment=file, by=season.users["entrant"],
                             uploaded_file=upload("report.pdf", sample_pdf("Report")))
    assert len(stored_files(settings)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=file, by=season.users["entrant"])

    assert not AnonymisedVersion.objects.filter(pk=version.pk).exists()
    assert stored_files(settings) == set()


def test_removing_the_anonymised_version_keeps_the_file(
        season, file, settings, django_capture_on_commit_callbacks):
    anonymised_add(attachment=file, by=season.users["entrant"],
                   uploaded_file=upload("report.pdf", sample_pdf("Report")))

    with django_capture_on_commit_callbacks(execute=True):
        anonymised_remove(attachment=file, by=season.users["entrant"])
    anonymised_remove(attachment=file, by=season.users["entrant"])  # twice: nothing happens

    assert not AnonymisedVersion.objects.exists()
    assert len(stored_files(settings)) == 1
    assert AuditEvent.objects.filter(action="attachment.anonymised_remove").count() == 1


# --- The pages ---------------------------------------------------------------------------------


def test_the_entrant_adds_an_anonymised_version_on_the_attachments_page(season, entrant, file):
    page = entrant.get(reverse("entries:attachments", args=[season.draft.pk])).content.decode()
    assert "Anonymised version of Seoul report.pdf for blind rounds (optional)" in page
    assert "Blind judging" in page

    response = entrant.post(reverse("entries:anonymised_upload", args=[file.pk]),
                            {"anonymised": upload("report.pdf", sample_pdf("Report"))},
                            follow=True)

    page = response.content.decode()
    assert "The anonymised version of Seoul report.pdf is added" in page
    assert "Anonymised version for blind rounds:" in page and "report.pdf" in page
    download = entrant.get(reverse("entries:anonymised_download", args=[file.pk]))
    assert b"".join(download.streaming_content) == sample_pdf("Report")


def test_a_refused_anonymised_version_is_explained_on_the_page(season, entrant, file):
    response = entrant.post(reverse("entries:anonymised_upload", args=[file.pk]),
                            {"anonymised": upload("report.pdf", b"not a pdf at all")})

    assert response.status_code == 400
    assert "This file is not a PDF" in response.content.decode()
    assert not AnonymisedVersion.objects.exists()


def test_the_entrant_removes_the_anonymised_version(season, entrant, file):
    anonymised_add(attachment=file, by=season.users["entrant"],
                   uploaded_file=upload("report.pdf", sample_pdf("Report")))

    response = entrant.post(reverse("entries:anonymised_remove", args=[file.pk]), follow=True)

    assert "The anonymised version of Seoul report.pdf was removed." in \
        response.content.decode()
    assert not AnonymisedVersion.objects.exists()


def expect(*statuses):
    return dict(zip(ENTRY_PERSONAS, statuses, strict=True))


#          anonymous entrant  other  judge  coordinator secretariat superuser
@pytest.mark.parametrize(("route", "method", "expected"), [
    ("anonymised_upload", "post", expect(LOGIN, REDIRECT, GONE, GONE, GONE, GONE, GONE)),
    ("anonymised_remove", "post", expect(LOGIN, REDIRECT, GONE, GONE, GONE, GONE, GONE)),
    ("anonymised_download", "get", expect(LOGIN, OK, GONE, GONE, OK, OK, OK)),
])
@pytest.mark.parametrize("persona", ENTRY_PERSONAS)
def test_who_may_touch_an_anonymised_version(season, file, route, method, expected, persona):
    anonymised_add(attachment=file, by=season.users["entrant"],
                   uploaded_file=upload("report.pdf", sample_pdf("Report")))
    client = season.client(persona)
    data = {"anonymised": upload("v2.pdf", sample_pdf("Second"))} if route.endswith(
        "upload") else {}

    response = getattr(client, method)(reverse(f"entries:{route}", args=[file.pk]), data)

    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == want


# --- What the form tells the entrant -----------------------------------------------------------


def test_a_form_made_for_blind_judging_says_what_it_means_on_each_step(season, entrant):
    blind_form(season.draft)

    page = entrant.get(reverse("entries:step", args=[season.draft.pk, "basics"]))

    text = page.content.decode()
    assert "Blind judging" in text
    assert "they do not see your profile" in text
    # the title is marked: its field says so, the summary's does not
    title_help = text.split('id="field-title-help"')[1].split("</div>")[0]
    summary_help = text.split('id="field-summary-help"')[1].split("</div>")[0]
    assert "Not shown in blind rounds" in title_help
    assert "Not shown in blind rounds" not in summary_help


def test_a_form_without_blind_marks_says_nothing_of_blind_judging(season, entrant):
    page = entrant.get(reverse("entries:step", args=[season.draft.pk, "basics"]))
    files = entrant.get(reverse("entries:attachments", args=[season.draft.pk]))

    assert "Blind judging" not in page.content.decode()
    assert "Blind judging" not in files.content.decode()
    assert "Anonymised version" not in files.content.decode()


def test_a_step_that_names_the_entrant_says_it_is_not_shown(season, entrant):
    blind_form(season.draft)
    schema = season.draft.form.schema
    schema["steps"][1]["identifying"] = True
    season.draft.form.save()

    page = entrant.get(reverse("entries:step", args=[season.draft.pk, "budget"]))

    assert "This step names you, so it is not shown to them." in page.content.decode()


# --- Size limits, before the body is read ------------------------------------------------------


def test_an_oversized_anonymised_version_is_refused_before_its_body_is_read(season, file):
    from django.test.client import BOUNDARY, encode_multipart

    from tests.entries.test_upload_limits import post_body

    body = encode_multipart(BOUNDARY, {"anonymised": upload("big.pdf", sample_pdf("Big"))})
    response, stream = post_body(season.client("entrant"),
                                 reverse("entries:anonymised_upload", args=[file.pk]), body,
                                 content_length=30 * 1024 * 1024)

    assert (response.status_code, stream.bytes_read) == (413, 0)
    assert not AnonymisedVersion.objects.exists()


def test_reading_stops_at_an_anonymised_version_over_the_size_per_file(season, entrant, file):
    schema = season.draft.form.schema
    schema["steps"][-1]["max_mb"] = 1
    season.draft.form.save()
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)

    response = entrant.post(reverse("entries:anonymised_upload", args=[file.pk]),
                            {"anonymised": upload("big.pdf", big)})

    assert response.status_code == 400
    assert "This file is larger than 1 MB, the limit per file." in response.content.decode()
    assert not AnonymisedVersion.objects.exists()
