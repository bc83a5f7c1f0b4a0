"""The attachments step and the download: who may do what, what the entrant sees, and how a file
leaves the server."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image

from entries.attachments import MB, attachment_add
from entries.models import Attachment
from entries.samples import sample_docx, sample_pdf
from tests.entries.conftest import ENTRY_PERSONAS
from tests.factories import TEST_FORM_SCHEMA

pytestmark = pytest.mark.django_db

OK, LOGIN, GONE, REDIRECT = 200, "login", 404, 302

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
LIMITS = "PDF, DOCX, XLSX, PNG or JPEG; up to 20 MB each; at most 10 files."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def limit_files(entry, **limits):
    entry.form.schema = {**TEST_FORM_SCHEMA, "steps": [
        *TEST_FORM_SCHEMA["steps"][:-1],
        {"key": "attachments", "title": "Attachments", "kind": "attachments", **limits},
    ]}
    entry.form.save()
    return entry


def attach(season, name="Plan.pdf", content=None, entry=None):
    return attachment_add(entry=entry or season.draft,
                          uploaded_file=upload(name, content or sample_pdf(name)),
                          by=season.users["entrant"])


def page_url(entry):
    return reverse("entries:attachments", args=[entry.pk])


def close_call(edition):
    edition.call_closes_at = timezone.now() - timedelta(seconds=1)
    edition.save(update_fields=["call_closes_at"])


def expect(*statuses):
    return dict(zip(ENTRY_PERSONAS, statuses, strict=True))


# --- Who may do what ---------------------------------------------------------------------------

#          anonymous entrant  other  judge  coordinator secretariat superuser
MATRIX = [
    ("attachments page", "get",
     lambda s, a: page_url(s.draft), expect(LOGIN, OK, GONE, GONE, GONE, GONE, GONE)),
    ("upload", "post",
     lambda s, a: page_url(s.draft),
     expect(LOGIN, REDIRECT, GONE, GONE, GONE, GONE, GONE)),
    ("download", "get",
     lambda s, a: reverse("entries:attachment_download", args=[a.pk]),
     expect(LOGIN, OK, GONE, GONE, OK, OK, OK)),
    ("remove", "post",
     lambda s, a: reverse("entries:attachment_remove", args=[a.pk]),
     expect(LOGIN, REDIRECT, GONE, GONE, GONE, GONE, GONE)),
]


@pytest.mark.parametrize("persona", ENTRY_PERSONAS)
@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX,
                         ids=[m[0] for m in MATRIX])
def test_permission_matrix(season, media, persona, name, method, url, expected):
    attachment = attach(season)
    client = season.client(persona)
    target = url(season, attachment)

    if method == "post":
        response = client.post(target, {"files": [upload("new.pdf", sample_pdf("New"))]})
    else:
        response = client.get(target)

    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    else:
        assert response.status_code == want, f"{name} as {persona}"
    if want != REDIRECT:
        assert list(Attachment.objects.values_list("original_name", flat=True)) == ["Plan.pdf"]
        assert len(stored_files(media)) == 1


def test_removal_only_answers_post(season):
    attachment = attach(season)

    response = season.client("entrant").get(
        reverse("entries:attachment_remove", args=[attachment.pk])
    )

    assert response.status_code == 405
    assert Attachment.objects.count() == 1


def test_a_file_of_another_entrants_entry_does_not_exist_for_an_entrant(season):
    from tests.factories import EntryFactory

    theirs = EntryFactory(edition=season.edition, category=season.category,
                          entrant=season.other_entrant, form=season.draft.form)
    attachment = attachment_add(entry=theirs, uploaded_file=upload("x.pdf", sample_pdf("X")),
                                by=season.users["other_entrant"])
    client = season.client("entrant")

    assert client.get(reverse("entries:attachment_download",
                              args=[attachment.pk])).status_code == 404
    assert client.post(reverse("entries:attachment_remove",
                               args=[attachment.pk])).status_code == 404
    assert client.get(page_url(theirs)).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


# --- Download ----------------------------------------------------------------------------------


def test_the_download_is_the_file_as_an_attachment_never_cached(season):
    content = sample_docx("Plan", "Phase one")
    attachment = attach(season, name="Plan 2023.docx", content=content)

    response = season.client("secretariat").get(
        reverse("entries:attachment_download", args=[attachment.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="Plan 2023.docx"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_non_ascii_name_is_offered_as_it_was_uploaded(season):
    attachment = attach(season, name="서울 계획.pdf")

    response = season.client("entrant").get(
        reverse("entries:attachment_download", args=[attachment.pk])
    )

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%EC%84%9C%EC%9A%B8%20%EA%B3%84%ED%9A%8D.pdf"
    )


# --- The attachments step ----------------------------------------------------------------------


def test_the_page_lists_files_and_says_the_limits_up_front(season):
    attachment = attach(season, name="Plan.pdf")

    response = season.client("entrant").get(page_url(season.draft))

    html = response.content.decode()
    assert LIMITS in html
    assert "Files (1 of at most 10)" in html
    assert reverse("entries:attachment_download", args=[attachment.pk]) in html
    assert reverse("entries:attachment_remove", args=[attachment.pk]) in html
    assert 'type="file" name="files" id="id_files" multiple' in html
    assert "You can add 9 more files." in html


def test_good_files_are_added_and_the_page_says_so(season, media):
    client = season.client("entrant")

    response = client.post(page_url(season.draft), {"files": [
        upload("a.pdf", sample_pdf("A")), upload("b.docx", sample_docx("B")),
    ]}, follow=True)

    assert response.redirect_chain == [(page_url(season.draft), 302)]
    assert "2 files added." in response.content.decode()
    assert list(season.draft.attachments.values_list("original_name", flat=True)) == [
        "a.pdf", "b.docx"]
    assert len(stored_files(media)) == 2


def test_bad_files_are_listed_with_their_messages_and_good_ones_kept(season, media):
    entry = season.draft
    answers, version = dict(entry.answers), entry.version
    png = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(png, "PNG")

    response = season.client("entrant").post(page_url(entry), {"files": [
        upload("report.pdf", HTML),
        upload("good.png", png.getvalue()),
        upload("empty.pdf", b""),
        upload("photo.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20),
    ]})

    assert response.status_code == 200
    html = response.content.decode()
    assert "These 3 files were not added" in html
    assert ("<strong class=\"text-break\">report.pdf</strong>: "
            "This file is not a PDF (it looks like HTML or text).") in html
    assert "<strong class=\"text-break\">empty.pdf</strong>: The file is empty." in html
    assert ("<strong class=\"text-break\">photo.png</strong>: This file cannot be read as a PNG "
            "image") in html
    assert "The other file was added." in html
    assert list(entry.attachments.values_list("original_name", flat=True)) == ["good.png"]
    assert [p.read_bytes() for p in stored_files(media)] == [png.getvalue()]
    entry.refresh_from_db()
    assert (entry.answers, entry.version) == (answers, version)


def test_an_oversized_file_is_refused_on_the_page(season, media):
    limit_files(season.draft, max_mb=1)

    response = season.client("entrant").post(page_url(season.draft), {
        "files": [upload("big.pdf", b"%PDF-" + b"0" * int(1.1 * MB))]
    })

    html = response.content.decode()
    assert "up to 1 MB each" in html
    # the upload stops reading at the first megabyte past the limit
    assert ("<strong class=\"text-break\">big.pdf</strong>: This file is larger than 1 MB, the "
            "limit per file. The upload stopped there: choose any files after it again.") in html
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_more_files_than_allowed_in_one_go_keeps_the_first_ones(season, media):
    limit_files(season.draft, max_files=2)

    response = season.client("entrant").post(page_url(season.draft), {"files": [
        upload(f"{name}.pdf", sample_pdf(name)) for name in ("a", "b", "c")
    ]})

    html = response.content.decode()
    assert ("<strong class=\"text-break\">c.pdf</strong>: "
            "An entry can have at most 2 files; remove one first.") in html
    assert "This entry has the most files allowed (2). Remove one to add another." in html
    assert Attachment.objects.count() == 2
    assert len(stored_files(media)) == 2


def test_a_file_name_with_markup_is_shown_escaped(season):
    attach(season, name="<img src=x onerror=alert(1)>.pdf")

    html = season.client("entrant").get(page_url(season.draft)).content.decode()

    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in html
    assert "<img src=x" not in html


def test_uploading_nothing_asks_for_a_file(season):
    response = season.client("entrant").post(page_url(season.draft), {})

    assert response.status_code == 200
    assert "Choose one or more files to upload first." in response.content.decode()


def test_save_and_continue_goes_to_the_review_after_the_last_step(season):
    response = season.client("entrant").post(page_url(season.draft), {
        "continue": "1", "files": [upload("a.pdf", sample_pdf("A"))],
    })

    try:
        expected = reverse("entries:review", args=[season.draft.pk])
    except NoReverseMatch:  # the review page is not routed: stay on the step
        expected = page_url(season.draft)
    assert (response.status_code, response["Location"]) == (302, expected)
    assert season.draft.attachments.count() == 1


def test_save_and_continue_stays_when_a_file_was_refused(season):
    response = season.client("entrant").post(page_url(season.draft), {
        "continue": "1", "files": [upload("a.pdf", HTML)],
    })

    assert response.status_code == 200
    assert "This file is not a PDF (it looks like HTML or text)." in response.content.decode()


def test_removing_a_file_from_the_page(season, media):
    attachment = attach(season, name="Old plan.pdf")

    response = season.client("entrant").post(
        reverse("entries:attachment_remove", args=[attachment.pk]), follow=True
    )

    assert response.redirect_chain == [(page_url(season.draft), 302)]
    assert "Old plan.pdf was removed." in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


# --- After the deadline ------------------------------------------------------------------------


def test_after_the_deadline_the_files_are_read_only(season):
    attachment = attach(season, name="Plan.pdf")
    close_call(season.edition)

    html = season.client("entrant").get(page_url(season.draft)).content.decode()

    assert "The call for entries has closed; entries can no longer be changed." in html
    assert reverse("entries:attachment_download", args=[attachment.pk]) in html
    assert reverse("entries:attachment_remove", args=[attachment.pk]) not in html
    assert 'type="file"' not in html


def test_after_the_deadline_an_upload_is_refused(season, media):
    close_call(season.edition)

    response = season.client("entrant").post(page_url(season.draft), {
        "files": [upload("late.pdf", sample_pdf("Late"))]
    })

    assert response.status_code == 200
    assert ("The call for entries has closed; entries can no longer be changed."
            in response.content.decode())
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_after_the_deadline_a_removal_is_refused(season, media):
    attachment = attach(season)
    close_call(season.edition)

    response = season.client("entrant").post(
        reverse("entries:attachment_remove", args=[attachment.pk]), follow=True
    )

    assert ("The call for entries has closed; entries can no longer be changed."
            in response.content.decode())
    assert Attachment.objects.count() == 1
    assert len(stored_files(media)) == 1


# --- Queries ------------------------------------------------------------------------------------


def test_the_page_makes_the_same_number_of_queries_with_one_file_and_ten(season,
                                                                         count_queries):
    client = season.client("entrant")
    attach(season, name="file-0.pdf")
    one = count_queries(lambda: client.get(page_url(season.draft)))
    for number in range(1, 10):
        attach(season, name=f"file-{number}.pdf")

    ten = count_queries(lambda: client.get(page_url(season.draft)))

    assert ten == one
