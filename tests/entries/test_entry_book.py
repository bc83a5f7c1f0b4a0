"""The entry book: the entries of the staff list (exactly its rows) or of a round as one PDF or
a zip of PDFs, read back with pypdf; a blind round's book holds only what its judges read; who
may start one; bad input."""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from entries import book, redaction
from entries.models import AnonymisedVersion, Attachment
from entries.schema import Schema
from judging.models import RoundEntry
from prize.models import Job, JobState
from tests.factories import EntrantFactory, EntryFactory, RoundFactory

pytestmark = pytest.mark.django_db

BOOK_FORM = {
    "title_field": "title",
    "steps": [
        {"key": "basics", "title": "The project", "fields": [
            {"key": "title", "type": "text", "label": "Project title", "required": True},
            {"key": "summary", "type": "textarea", "label": "Short summary", "required": True},
            {"key": "sectors", "type": "multichoice", "label": "Sectors",
             "choices": [["mobility", "Mobility"], ["energy", "Energy"]]},
            {"key": "nominee", "type": "text", "label": "Nominee", "identifying": True},
        ]},
        {"key": "about", "title": "About you", "identifying": True, "fields": [
            {"key": "history", "type": "textarea", "label": "Your history"},
        ]},
        {"key": "attachments", "title": "Attachments", "kind": "attachments"},
    ],
}


def pdf_bytes(pages: int, text: str = "a page") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for _ in range(pages):
        canvas.drawString(100, 700, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def add_plan(entry) -> Attachment:
    """A 3-page PDF named for its city, with a 2-page anonymised version (for blind rounds)."""
    plan = Attachment.objects.create(
        entry=entry, file=ContentFile(pdf_bytes(3), name="plan.pdf"),
        original_name="Seoul-city-plan.pdf", content_type="application/pdf", size=2048,
        sha256="0" * 64)
    AnonymisedVersion.objects.create(
        attachment=plan, file=ContentFile(pdf_bytes(2), name="anon.pdf"),
        original_name="plan-anonymised-by-Seoul.pdf", content_type="application/pdf",
        size=1024, sha256="1" * 64)
    return plan


@pytest.fixture
def entries(season):
    """Three submitted entries of the season on the book's form, one with two files."""
    form = season.entry.form
    form.schema = BOOK_FORM
    form.save()
    made = []
    for number, (title, entrant) in enumerate([
        ("Smart crossings", season.entrant),
        ("Cool roofs for Lyon", season.other_entrant),
        ("Digital benches", EntrantFactory(name="Busan Metropolitan City", city="Busan",
                                           country="KR")),
    ], start=1):
        entry = season.entry if number == 1 else EntryFactory(
            edition=season.edition, category=season.category, entrant=entrant, form=form,
            submitted=True, reference=f"SCP00-TI-000{number}")
        entry.answers = {"title": title, "summary": f"Summary number {number}: people of "
                         f"{entrant.city} ride safer.", "sectors": ["mobility"],
                         "nominee": "Jae-won Lee", "history": f"Founded in {entrant.city}."}
        entry.title = title
        entry.save()
        made.append(entry)
    add_plan(made[0])
    return made


def run_book(client, url, data=None):
    response = client.post(url, data or {"format": "pdf"})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.order_by("-pk").first()
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    return job, b"".join(download.streaming_content)


def list_book_url(season, query=""):
    url = reverse("entry_book:start", args=[season.edition.slug])
    return f"{url}?{query}" if query else url


def test_the_list_book_holds_every_entry_its_answers_and_files(season, entries):
    client = season.client("secretariat")
    job, content = run_book(client, list_book_url(season))
    assert job.file_name.endswith(".pdf") and job.content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(content))
    text = text_of(content)
    flat_text = flat(text)
    for entry in entries:
        assert flat(entry.title) in flat_text
        assert flat(entry.answers["summary"]) in flat_text
        assert flat(entry.entrant.name) in flat_text
    assert flat("Seoul-city-plan.pdf") in flat_text
    # the cover: the edition and the count; then the contents, with each entry's start page
    cover = flat(reader.pages[0].extract_text())
    assert flat(season.edition.name) in cover and "3entries" in cover
    contents = reader.pages[1].extract_text()
    assert "Contents" in contents
    assert flat("SCP00-TI-0001 · Smart crossings") in flat(contents)
    # each entry starts a new page; every page says "Page N of M"
    total = len(reader.pages)
    assert flat(f"Page {total} of {total}") in flat(reader.pages[-1].extract_text())
    starts = [n for n, page in enumerate(reader.pages, start=1)
              if flat("Entrant kind") in flat(page.extract_text())]
    assert len(starts) == 3
    # the contents say the page each entry starts on
    assert re.search(rf"Smartcrossings{starts[0]}(?!\d)", flat(contents))
    # the files: type, size and pages, never their content
    assert "PDF" in text and "2.0 KB" in text
    assert "a page" not in text
    assert job.total == 3 and job.done == 3


def test_the_book_holds_exactly_the_filtered_rows_of_the_list(season, entries):
    client = season.client("coordinator")
    _job, content = run_book(client, list_book_url(season, "q=Lyon"))
    text = flat(text_of(content))
    assert flat("Cool roofs for Lyon") in text
    assert flat("Smart crossings") not in text and flat("Digital benches") not in text
    assert flat("Search: Lyon") in text  # the filters on the cover


def test_the_zip_holds_one_pdf_per_entry(season, entries):
    client = season.client("secretariat")
    job, content = run_book(client, list_book_url(season), {"format": "zip"})
    assert job.file_name.endswith(".zip") and job.content_type == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = sorted(archive.namelist())
    assert names == [f"SCP00-TI-000{n}-entry.pdf" for n in (1, 2, 3)]
    second = flat(text_of(archive.read("SCP00-TI-0002-entry.pdf")))
    assert flat("Cool roofs for Lyon") in second and flat("Smart crossings") not in second
    assert "Page1of" in second


def test_the_start_page_counts_the_entries_and_refuses_bad_input(season, entries):
    client = season.client("secretariat")
    page = client.get(list_book_url(season, "q=Busan")).content.decode()
    assert "1 entry." in page and "Search: Busan" in page
    for data in ({"format": "epub"}, {}):
        response = client.post(list_book_url(season), data)
        assert response.status_code == 400
        assert "Choose one PDF file or a zip of PDFs." in response.content.decode()
    empty = client.post(list_book_url(season, "q=nothing-matches-this"), {"format": "pdf"})
    assert empty.status_code == 400
    assert "the book would be empty" in empty.content.decode()
    hostile = client.get(list_book_url(season, "status=%00&category=x&sort=;drop&page=-1"))
    assert hostile.status_code == 200
    assert not Job.objects.exists()


def test_a_long_list_is_a_zip_not_one_pdf(season, entries, settings):
    """One PDF is laid out whole, so its memory grows with its entries: above the limit the
    page offers the zip (one PDF per entry) and refuses one PDF, saying why."""
    settings.ENTRY_BOOK_PDF_MAX = 2
    client = season.client("secretariat")
    page = client.get(list_book_url(season)).content.decode()
    assert re.search(r'<input[^>]*value="zip"[^>]*checked', page)
    refused = client.post(list_book_url(season), {"format": "pdf"})
    assert refused.status_code == 400
    assert "One PDF holds at most 2 entries and this book has 3" in refused.content.decode()
    assert not Job.objects.exists()
    _job, content = run_book(client, list_book_url(season), {"format": "zip"})
    assert len([n for n in zipfile.ZipFile(io.BytesIO(content)).namelist()
                if n.endswith(".pdf")]) == 3


@pytest.mark.parametrize("persona,status", [
    ("anonymous", 302), ("entrant", 404), ("other_entrant", 404), ("judge", 404),
    ("coordinator", 200), ("secretariat", 200), ("superuser", 200)])
def test_who_may_start_a_list_book(season, persona, status):
    client = season.client(persona)
    assert client.get(list_book_url(season)).status_code == status
    response = client.post(list_book_url(season), {"format": "pdf"})
    assert response.status_code == (302 if status in (200, 302) else 404)
    if persona in ("anonymous", "entrant", "other_entrant", "judge"):
        assert not Job.objects.exists()


def test_a_book_of_another_editions_list_does_not_exist(season):
    from tests.factories import EditionFactory

    other = EditionFactory(is_current=False)
    client = season.client("secretariat")
    url = reverse("entry_book:start", args=[other.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"format": "pdf"}).status_code == 404


# --- A round's book --------------------------------------------------------------------------


@pytest.fixture
def blind_round(season, entries):
    round = RoundFactory(edition=season.edition, blind=True, name="Round 1")
    for entry in entries:
        RoundEntry.objects.create(round=round, entry=entry)
    schema = Schema.parse(entries[0].form.schema)
    redaction.redaction_add(entry=entries[0], schema=schema, text="Seoul", field_key="",
                            by=None)
    return round


def round_book_url(round):
    return reverse("judging:staff_round_book", args=[round.pk])


def test_a_blind_rounds_book_shows_what_its_judges_read(season, entries, blind_round):
    client = season.client("secretariat")
    page = client.get(round_book_url(blind_round)).content.decode()
    assert "3 entries." in page and "Blind" in page
    job, content = run_book(client, round_book_url(blind_round))
    assert job.kind == "round_book" and job.title.startswith("Blind entry book Round 1")
    text = text_of(content)
    flat_text = flat(text)
    for entry in entries:
        assert entry.reference in text
        assert flat(entry.title) in flat_text
        assert flat(entry.entrant.name) not in flat_text  # no entrant
    for identifying in ("Jae-won", "Founded in", "Your history", "Nominee", "Entrant"):
        assert identifying not in text
    # the passage staff hid in the first entry, wherever it was
    assert "seoul" not in text.lower().replace("asia/seoul", "")  # the time zone aside
    assert flat("people of [redacted] ride safer") in flat_text
    # the others keep their city: only redactions hide text in answers
    assert flat("people of Lyon ride safer") in flat_text
    # the file under its neutral name, as the anonymised version: its type, size and pages
    assert "attachment-1.pdf" in text and "plan" not in text.lower()
    assert "1.0 KB" in text


def test_a_round_that_is_not_blind_shows_everything(season, entries, blind_round):
    blind_round.blind = False
    blind_round.save()
    _job, content = run_book(season.client("coordinator"), round_book_url(blind_round))
    text = flat(text_of(content))
    assert flat("City of Seoul") in text and flat("Seoul-city-plan.pdf") in text


@pytest.mark.parametrize("persona,status", [
    ("anonymous", 302), ("entrant", 404), ("judge", 404), ("coordinator", 200),
    ("secretariat", 200)])
def test_who_may_start_a_rounds_book(season, blind_round, persona, status):
    assert season.client(persona).get(round_book_url(blind_round)).status_code == status


def test_the_round_page_links_to_its_book(season, blind_round):
    page = season.client("secretariat").get(
        reverse("judging:staff_round", args=[blind_round.pk])).content.decode()
    assert round_book_url(blind_round) in page and "Blind entry book of this round" in page


def test_a_book_whose_reader_lost_access_fails_with_a_message(season, entries):
    from prize import jobs
    from prize.models import RoleAssignment

    user = season.users["coordinator"]
    job = Job.objects.create(user=user, edition=season.edition, kind=book.KIND,
                             params={"query": "", "format": "pdf"}, title="Entry book")
    RoleAssignment.objects.filter(user=user).delete()
    user.__dict__.pop("role_set", None)
    job = jobs.run(jobs.claim(job.pk))
    assert job.state == JobState.FAILED
    assert job.error == "You may no longer see these entries."
