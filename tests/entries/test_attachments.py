"""Attachments: files are judged by their content, limits come from the form, refused files leave
nothing behind, and the services keep the entry's rules (deadline, status, count)."""

import hashlib
import io
import re
import time
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from entries import attachments as files
from entries.attachments import MB, attachment_add, attachment_remove, check_file
from entries.enums import EntryStatus
from entries.models import Attachment, EntryRevision, Extension
from entries.samples import sample_docx, sample_jpeg, sample_pdf, sample_png, sample_xlsx
from entries.services import EntryError
from prize.models import AuditEvent
from tests.factories import TEST_FORM_SCHEMA

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def limit_files(entry, **limits):
    """Give the entry's form an attachments step with these limits."""
    schema = {**TEST_FORM_SCHEMA, "steps": [
        *TEST_FORM_SCHEMA["steps"][:-1],
        {"key": "attachments", "title": "Attachments", "kind": "attachments", **limits},
    ]}
    entry.form.schema = schema
    entry.form.save()
    return entry


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def png_bytes(size=(40, 30), colour="teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(40, 30), colour="orange") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def openpyxl_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Indicator", "Baseline", "Result"])
    workbook.active.append(["Crossing accidents", 41, 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


def refusal(name: str, content: bytes, max_bytes: int = 20 * MB) -> list[str]:
    with pytest.raises(files.FileRefused) as caught:
        check_file(upload(name, content), max_bytes=max_bytes)
    return caught.value.messages


HTML = b"<!DOCTYPE html><html><head><title>Report</title></head><body><p>Hi</p></body></html>"


# --- What a file is ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "mime"), [
    ("report.pdf", sample_pdf("Smart crossings"), PDF),
    ("Report.PDF", sample_pdf("Upper-case extension"), PDF),
    ("photo.png", png_bytes(), "image/png"),
    ("photo.jpg", jpeg_bytes(), "image/jpeg"),
    ("photo.jpeg", jpeg_bytes(), "image/jpeg"),
    ("plan.docx", sample_docx("Plan", "Phase one\nPhase two"), DOCX),
    ("budget.xlsx", openpyxl_xlsx(), XLSX),
    ("indicators.xlsx", sample_xlsx([["Indicator", "Result"], ["Trees", 120]]), XLSX),
])
def test_real_files_are_accepted_with_their_true_type_size_and_digest(name, content, mime):
    checked = check_file(upload(name, content), max_bytes=20 * MB)

    assert (checked.name, checked.kind.mime, checked.size) == (name, mime, len(content))
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_a_renamed_html_file_is_not_a_pdf():
    assert refusal("report.pdf", HTML) == [
        "This file is not a PDF (it looks like HTML or text)."
    ]


def test_an_empty_file_is_refused():
    assert refusal("report.pdf", b"") == ["The file is empty."]


def test_an_oversized_file_is_refused_with_its_size_and_the_limit():
    content = sample_pdf("Big") + b"0" * (int(1.1 * MB) - len(sample_pdf("Big")))

    assert refusal("big.pdf", content, max_bytes=MB) == [
        "This file is 1.1 MB; the limit is 1 MB per file."
    ]


def test_an_oversized_file_is_refused_from_its_declared_size_before_it_is_read():
    class Huge(File):
        size = 23 * MB + 400 * 1024

        def chunks(self, chunk_size=None):
            raise AssertionError("an oversized file must not be read")

    huge = Huge(io.BytesIO(b"%PDF-"), name="huge.pdf")
    with pytest.raises(files.FileRefused) as caught:
        check_file(huge, max_bytes=20 * MB)

    assert caught.value.messages == ["This file is 23.4 MB; the limit is 20 MB per file."]


def test_a_file_larger_than_it_claims_is_refused_while_it_is_read():
    liar = File(io.BytesIO(b"%PDF-" + b"0" * (MB + 10)), name="liar.pdf")
    liar.size = 100  # what a client claimed

    with pytest.raises(files.FileRefused) as caught:
        check_file(liar, max_bytes=MB)

    assert caught.value.messages == ["This file is 1.1 MB; the limit is 1 MB per file."]


def test_a_file_just_over_the_limit_never_reads_as_the_limit():
    assert refusal("edge.pdf", b"%PDF-" + b"0" * (MB + 10), max_bytes=MB) == [
        "This file is 1.1 MB; the limit is 1 MB per file."
    ]


def test_a_png_header_followed_by_garbage_is_not_an_image():
    assert refusal("photo.png", b"\x89PNG\r\n\x1a\n" + b"not really an image " * 50) == [
        "This file cannot be read as a PNG image: it is damaged, or not really an image. "
        "Open it, save it again, and upload the new copy."
    ]


def test_a_text_file_renamed_png_is_not_an_image():
    assert refusal("photo.png", b"Just some notes, not a picture.\n") == [
        "This file is not a PNG image (it looks like HTML or text)."
    ]


def test_a_truncated_jpeg_is_refused():
    content = jpeg_bytes(size=(300, 200))
    assert refusal("photo.jpg", content[: len(content) // 2]) == [
        "This file cannot be read as a JPEG image: it is damaged, or not really an image. "
        "Open it, save it again, and upload the new copy."
    ]


def test_an_image_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_IMAGE_PIXELS", 1_000_000)

    assert refusal("wide.png", png_bytes(size=(2000, 600))) == [
        "This image is 2000 × 600 pixels; the limit is 1 megapixels. "
        "Make it smaller and upload it again."
    ]


def test_a_docx_that_is_just_a_zip_without_a_document_is_refused():
    content = zip_of({"[Content_Types].xml": b"<Types/>", "notes.txt": b"hello"})

    assert refusal("plan.docx", content) == [
        "This file is not a Word document (it looks like a ZIP archive)."
    ]


def test_a_plain_zip_named_xlsx_is_refused():
    assert refusal("budget.xlsx", zip_of({"budget.csv": b"a,b\n1,2\n"})) == [
        "This file is not an Excel workbook (it looks like a ZIP archive)."
    ]


def test_a_workbook_named_docx_is_refused_with_the_name_it_should_have():
    assert refusal("plan.docx", openpyxl_xlsx()) == [
        "This file is not a Word document (it looks like an Excel workbook). "
        "Rename it to end in .xlsx and upload it again."
    ]


def test_a_png_named_jpg_is_refused_with_the_name_it_should_have():
    assert refusal("photo.jpg", png_bytes()) == [
        "This file is not a JPEG image (it looks like a PNG image). "
        "Rename it to end in .png and upload it again."
    ]


def test_an_old_word_file_renamed_docx_is_explained():
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)

    assert refusal("letter.docx", content) == [
        "This file is not a Word document (it looks like an older Word or Excel file "
        "(.doc, .xls) or a password-protected one)."
    ]


def test_a_damaged_zip_named_docx_is_refused():
    content = sample_docx("Plan")

    assert refusal("plan.docx", content[: len(content) // 2]) == [
        "This file is not a Word document (it looks like a damaged ZIP archive)."
    ]


def test_a_zip_bomb_is_refused_from_its_unpacked_size(monkeypatch):
    monkeypatch.setattr(files, "ZIP_MAX_UNCOMPRESSED", MB)
    content = zip_of({
        "[Content_Types].xml": b"<Types/>", "word/document.xml": b"0" * (2 * MB),
    })

    assert len(content) < 20_000
    assert refusal("plan.docx", content) == [
        "This file would unpack to 2.0 MB; the limit is 1 MB. Save it again as DOCX, XLSX or PDF."
    ]


def test_a_package_with_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(files, "ZIP_MAX_MEMBERS", 10)
    content = zip_of({f"word/part{i}.xml": b"<x/>" for i in range(11)})

    assert refusal("plan.docx", content) == [
        "This file holds 11 parts; a Word or Excel file holds far fewer. "
        "Save it again as DOCX, XLSX or PDF."
    ]


@pytest.mark.parametrize(("name", "message"), [
    ("animation.gif", "Files ending in .gif are not accepted. "
                      "Accepted: PDF, DOCX, XLSX, PNG or JPEG."),
    ("page.html", "Files ending in .html are not accepted. "
                  "Accepted: PDF, DOCX, XLSX, PNG or JPEG."),
    ("README", "This file's name has no type ending (such as .pdf). "
               "Accepted: PDF, DOCX, XLSX, PNG or JPEG."),
])
def test_names_of_types_not_accepted_are_refused(name, message):
    assert refusal(name, sample_pdf("Anything")) == [message]


@pytest.mark.parametrize(("raw", "clean"), [
    ("C:\\Users\\kim\\Report 2023.pdf", "Report 2023.pdf"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("evil\r\nname\x00.pdf", "evilname.pdf"),
    ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ("  서울 계획서.pdf ", "서울 계획서.pdf"),
])
def test_names_are_kept_readable_without_folders_or_control_characters(raw, clean):
    assert files.clean_name(raw) == clean


# --- Samples --------------------------------------------------------------------------------------


def test_sample_pdf_has_a_correct_cross_reference_table():
    content = sample_pdf("Seoul (2023) — safer \\ crossings", "Line one\nLine two")

    startxref = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", content).group(1))
    assert content[startxref:].startswith(b"xref\n0 7\n")
    offsets = re.findall(rb"(\d{10}) 00000 n \n", content[startxref:])
    assert len(offsets) == 6
    for number, offset in enumerate(offsets, start=1):
        assert content[int(offset):].startswith(b"%d 0 obj\n" % number)
    length = int(re.search(rb"/Length (\d+) >>\nstream\n", content).group(1))
    stream_start = content.index(b"stream\n") + len(b"stream\n")
    assert content[stream_start + length:].startswith(b"\nendstream")
    assert b"(Seoul \\(2023\\) \x97 safer \\\\ crossings) Tj" in content


def test_sample_images_have_the_size_asked_for():
    with Image.open(io.BytesIO(sample_png(320, 200, text="Hello"))) as image:
        assert (image.format, image.size) == ("PNG", (320, 200))
    with Image.open(io.BytesIO(sample_jpeg(160, 90))) as image:
        assert (image.format, image.size) == ("JPEG", (160, 90))


def test_sample_workbook_opens_in_openpyxl_with_its_values():
    workbook = openpyxl.load_workbook(io.BytesIO(sample_xlsx([["Trees", 120], [2.5, "x"]])))

    assert list(workbook.active.values) == [("Trees", 120), (2.5, "x")]


def test_samples_are_quick_enough_for_a_demo_season():
    sample_png(text="warm up")
    started = time.perf_counter()
    for number in range(50):
        sample_pdf(f"Entry {number}", "A short body.")
        sample_png(640, 400, text=f"Entry {number}")
    assert time.perf_counter() - started < 1.0  # 10 ms per pair; each takes about 3


# --- Services -------------------------------------------------------------------------------------


def test_a_file_is_stored_under_a_random_name_with_its_facts(season, media):
    content = sample_pdf("Smart crossings")
    by = season.users["entrant"]

    attachment = attachment_add(entry=season.draft, uploaded_file=upload("Plan.pdf", content),
                                by=by)

    attachment.refresh_from_db()
    assert (attachment.original_name, attachment.content_type, attachment.size,
            attachment.sha256, attachment.uploaded_by) == (
        "Plan.pdf", PDF, len(content), hashlib.sha256(content).hexdigest(), by)
    assert re.fullmatch(r"attachments/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert [p.read_bytes() for p in stored_files(media)] == [content]
    event = AuditEvent.objects.get(action="attachment.add")
    assert (event.actor, event.edition, event.target_id, event.after["file"]) == (
        by, season.edition, str(season.draft.pk), "Plan.pdf")


def test_adding_a_file_keeps_the_answers_and_does_not_outdate_an_open_tab(season):
    entry = season.draft
    answers, version = dict(entry.answers), entry.version

    attachment_add(entry=entry, uploaded_file=upload("a.pdf", sample_pdf("A")),
                   by=season.users["entrant"])

    entry.refresh_from_db()
    assert (entry.answers, entry.version, entry.last_saved_by) == (
        answers, version, season.users["entrant"])


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.pdf", HTML, "This file is not a PDF (it looks like HTML or text)."),
    ("report.pdf", b"", "The file is empty."),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 40,
     "This file cannot be read as a PNG image: it is damaged, or not really an image. "
     "Open it, save it again, and upload the new copy."),
    ("plan.docx", zip_of({"[Content_Types].xml": b"<Types/>"}),
     "This file is not a Word document (it looks like a ZIP archive)."),
    ("big.pdf", b"%PDF-" + b"0" * int(1.1 * MB),
     "This file is 1.1 MB; the limit is 1 MB per file."),
])
def test_a_refused_file_leaves_nothing_behind(season, media, name, content, message):
    entry = limit_files(season.draft, max_mb=1)

    with pytest.raises(EntryError) as caught:
        attachment_add(entry=entry, uploaded_file=upload(name, content),
                       by=season.users["entrant"])

    assert caught.value.messages == [message]
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(action="attachment.add").exists()


def test_too_many_files_are_refused_and_the_limit_holds(season, media):
    entry = limit_files(season.draft, max_files=2)
    by = season.users["entrant"]
    attachment_add(entry=entry, uploaded_file=upload("a.pdf", sample_pdf("A")), by=by)
    attachment_add(entry=entry, uploaded_file=upload("b.png", png_bytes()), by=by)

    with pytest.raises(EntryError) as caught:
        attachment_add(entry=entry, uploaded_file=upload("c.pdf", sample_pdf("C")), by=by)

    assert caught.value.messages == ["An entry can have at most 2 files; remove one first."]
    assert list(entry.attachments.values_list("original_name", flat=True)) == ["a.pdf", "b.png"]
    assert len(stored_files(media)) == 2


def test_the_same_file_twice_is_refused(season, media):
    by = season.users["entrant"]
    content = sample_pdf("Once")
    attachment_add(entry=season.draft, uploaded_file=upload("once.pdf", content), by=by)

    with pytest.raises(EntryError) as caught:
        attachment_add(entry=season.draft, uploaded_file=upload("again.pdf", content), by=by)

    assert caught.value.messages == ["This file is already attached (as once.pdf)."]
    assert len(stored_files(media)) == 1


def test_a_form_without_an_attachments_step_takes_no_files(season, media):
    season.draft.form.schema = {**TEST_FORM_SCHEMA, "steps": TEST_FORM_SCHEMA["steps"][:-1]}
    season.draft.form.save()

    with pytest.raises(EntryError) as caught:
        attachment_add(entry=season.draft, uploaded_file=upload("a.pdf", sample_pdf("A")),
                       by=season.users["entrant"])

    assert caught.value.messages == ["This entry's form does not take attachments."]
    assert stored_files(media) == []


def close_call(edition, seconds_ago=1):
    edition.call_closes_at = timezone.now() - timedelta(seconds=seconds_ago)
    edition.save(update_fields=["call_closes_at"])


def test_after_the_deadline_a_file_is_refused(season, media):
    close_call(season.edition)

    with pytest.raises(EntryError) as caught:
        attachment_add(entry=season.draft, uploaded_file=upload("late.pdf", sample_pdf("L")),
                       by=season.users["entrant"])

    assert caught.value.messages == [
        "The call for entries has closed; entries can no longer be changed."
    ]
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_an_extension_lets_the_entrant_add_files_after_the_close(season):
    close_call(season.edition)
    Extension.objects.create(edition=season.edition, entrant=season.entrant,
                             deadline=timezone.now() + timedelta(hours=1), reason="Flood")

    attachment = attachment_add(entry=season.draft, uploaded_file=upload(
        "late.pdf", sample_pdf("Late")), by=season.users["entrant"])

    assert attachment.entry == season.draft


def test_a_withdrawn_entry_takes_no_files(season, media):
    season.draft.status = EntryStatus.WITHDRAWN
    season.draft.save(update_fields=["status"])

    with pytest.raises(EntryError) as caught:
        attachment_add(entry=season.draft, uploaded_file=upload("a.pdf", sample_pdf("A")),
                       by=season.users["entrant"])

    assert caught.value.messages == ["This entry is withdrawn and can no longer be changed."]
    assert stored_files(media) == []


def test_a_file_added_to_a_submitted_entry_is_kept_in_a_revision(season):
    entry = season.entry
    by = season.users["entrant"]

    attachment_add(entry=entry, uploaded_file=upload("a.pdf", sample_pdf("A")), by=by)
    attachment_add(entry=entry, uploaded_file=upload("b.pdf", sample_pdf("B")), by=by)

    revisions = list(EntryRevision.objects.filter(entry=entry).values_list(
        "number", "attachments"))
    assert revisions == [(1, ["a.pdf"]), (2, ["a.pdf", "b.pdf"])]
    assert entry.status == EntryStatus.SUBMITTED


def test_removing_a_file_deletes_it_once_committed(season, media,
                                                   django_capture_on_commit_callbacks):
    by = season.users["entrant"]
    attachment = attachment_add(entry=season.draft, uploaded_file=upload(
        "a.pdf", sample_pdf("A")), by=by)

    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, by=by)

    assert Attachment.objects.count() == 0
    assert stored_files(media) == []
    event = AuditEvent.objects.get(action="attachment.remove")
    assert (event.actor, event.before["file"]) == (by, "a.pdf")


def test_removing_twice_does_nothing_the_second_time(season,
                                                     django_capture_on_commit_callbacks):
    by = season.users["entrant"]
    attachment = attachment_add(entry=season.draft, uploaded_file=upload(
        "a.pdf", sample_pdf("A")), by=by)
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, by=by)

    attachment_remove(attachment=attachment, by=by)

    assert AuditEvent.objects.filter(action="attachment.remove").count() == 1


def test_after_the_deadline_a_file_cannot_be_removed(season, media):
    by = season.users["entrant"]
    attachment = attachment_add(entry=season.draft, uploaded_file=upload(
        "a.pdf", sample_pdf("A")), by=by)
    close_call(season.edition)

    with pytest.raises(EntryError) as caught:
        attachment_remove(attachment=attachment, by=by)

    assert caught.value.messages == [
        "The call for entries has closed; entries can no longer be changed."
    ]
    assert Attachment.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_a_submitted_entry_keeps_its_required_files(season, media):
    entry = limit_files(season.entry, min_files=1)
    by = season.users["entrant"]
    attachment = attachment_add(entry=entry, uploaded_file=upload("a.pdf", sample_pdf("A")),
                                by=by)

    with pytest.raises(EntryError) as caught:
        attachment_remove(attachment=attachment, by=by)

    assert caught.value.messages == [
        "A submitted entry needs at least 1 file: add the new file before removing this one."
    ]
    assert Attachment.objects.count() == 1


def test_too_few_files_is_a_problem_for_submission(season):
    entry = limit_files(season.draft, min_files=1)

    problems = files.attachment_problems(entry)
    attachment_add(entry=entry, uploaded_file=upload("a.pdf", sample_pdf("A")),
                   by=season.users["entrant"])

    assert [(p.step, p.message) for p in problems] == [
        ("attachments", "Attach at least 1 file (0 so far).")
    ]
    assert files.attachment_problems(entry) == []
