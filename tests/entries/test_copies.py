"""The entrant's copies: the copy of the entry and the receipt, as PDF. What they say (read back
with pypdf), who gets them, and that no answer, however hostile, breaks them."""

import hashlib
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from entries import copies
from entries.enums import EntryStatus
from entries.models import Attachment, EntryRevision
from prize.pdf import MISSING
from tests.factories import (
    EntrantMemberFactory,
    EntryFactory,
    EntryFormFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

COPY_FORM = {
    "title_field": "title",
    "steps": [
        {"key": "about", "title": "About the project", "fields": [
            {"key": "title", "type": "text", "label": "Project title", "required": True},
            {"key": "summary", "type": "textarea", "label": "Short summary", "required": True},
            {"key": "stage", "type": "choice", "label": "Stage",
             "choices": [["pilot", "Pilot phase"], ["operating", "Operating"]]},
            {"key": "sectors", "type": "multichoice", "label": "Sectors",
             "choices": [["mobility", "Mobility"], ["energy", "Energy"]]},
            {"key": "consent", "type": "boolean", "label": "We agree to the rules"},
        ]},
        {"key": "money", "title": "Budget and dates", "fields": [
            {"key": "budget", "type": "number", "label": "Budget in won"},
            {"key": "started", "type": "date", "label": "Start date"},
            {"key": "site", "type": "url", "label": "Project website"},
            {"key": "links", "type": "urls", "label": "Press links"},
            {"key": "indicators", "type": "table", "label": "Indicators",
             "columns": [["indicator", "Indicator"], ["result", "Result"]]},
            {"key": "notes", "type": "textarea", "label": "Further notes"},
        ]},
        {"key": "files", "title": "Supporting files", "kind": "attachments"},
    ],
}

ANSWERS = {
    "title": "Smart crossings for Seoul",
    "summary": "Sensors make crossings safer for older people.",
    "stage": "pilot",
    "sectors": ["mobility", "energy"],
    "consent": True,
    "budget": "250000000",
    "started": "2022-03-01",
    "site": "https://crossings.example.org/",
    "links": ["https://news.example.org/a", "https://news.example.org/b"],
    "indicators": [{"indicator": "Falls at crossings", "result": "-37%"}],
    "notes": "",
}


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The text with its line breaks and spaces gone (a PDF breaks lines where it likes)."""
    return re.sub(r"\s+", "", text)


def missing_in_order(text: str, parts: list[str]) -> list[str]:
    """The parts not found in ``text`` one after the other (each after the one before)."""
    missing, at = [], 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            missing.append(part)
        else:
            at = found + len(part)
    return missing


def pages_of(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def entry(season):
    entry = season.entry
    entry.form = EntryFormFactory(edition=season.edition, schema=COPY_FORM)
    entry.answers = dict(ANSWERS)
    entry.title = ANSWERS["title"]
    entry.submitted_at = datetime(2023, 6, 30, 14, 59, tzinfo=UTC)
    entry.save()
    season.edition.time_zone = "Asia/Seoul"
    season.edition.contact_email = "secretariat@prize.example.org"
    season.edition.save()
    return entry


def attach(entry, name="plan.pdf", size=2048):
    return Attachment.objects.create(
        entry=entry, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="stored.pdf"),
        original_name=name, content_type="application/pdf", size=size,
        sha256=hashlib.sha256(name.encode()).hexdigest())


def download(client, name, entry):
    return client.get(reverse(f"entries:{name}", args=[entry.pk]))


# --- The copy of the entry ----------------------------------------------------------------------


def test_the_copy_has_every_answer_under_its_label_in_the_forms_order(season, entry):
    attach(entry, "crossing-plan.pdf", size=2048)

    response = download(season.client("entrant"), "entry_copy", entry)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    order = ["1. About the project", "Project title", "Smart crossings for Seoul",
             "Short summary", "Sensors make crossings safer for older people.", "Stage",
             "Pilot phase", "Sectors", "Mobility, Energy", "We agree to the rules", "Yes",
             "2. Budget and dates", "Budget in won", "250,000,000", "Start date", "2022-03-01",
             "Project website", "https://crossings.example.org/", "Press links",
             "https://news.example.org/a", "https://news.example.org/b", "Indicators",
             "Indicator", "Result", "Falls at crossings", "-37%", "Further notes",
             "Not answered", "3. Supporting files", "crossing-plan.pdf", "2.0 KB",
             "application/pdf"]
    assert missing_in_order(text.split("1. About the project", 1)[1], order[1:]) == []
    assert "SCP00-TI-0001" in text
    assert "Tech-InnovaCity" in text
    assert season.edition.name in text
    assert "City of Seoul" in text
    assert "30 June 2023, 23:59 (Asia/Seoul)" in text  # 14:59 UTC in Seoul
    assert "pilot" not in text.replace("Pilot", "")  # the choice's label, not its key
    assert re.search(r"Page 1 of \d", text)
    assert "Draft" not in text


def test_every_page_is_headed_with_the_reference_and_numbered(season, entry):
    entry.answers["notes"] = "A long answer that goes on. " * 1500
    entry.save()

    content = download(season.client("entrant"), "entry_copy", entry).content

    total = pages_of(content)
    assert total > 3
    reader = PdfReader(io.BytesIO(content))
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "SCP00-TI-0001" in text
        assert f"Page {number} of {total}" in text


def test_the_file_is_private_and_named_after_the_reference(season, entry):
    response = download(season.client("entrant"), "entry_copy", entry)

    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="SCP00-TI-0001-entry.pdf"'


def test_korean_answers_survive(season, entry):
    entry.answers.update({"title": "서울 스마트 횡단보도",
                          "summary": "노인을 위한 안전한 횡단보도."})
    entry.title = "서울 스마트 횡단보도"
    entry.save()

    text = text_of(download(season.client("entrant"), "entry_copy", entry).content)

    assert "서울 스마트 횡단보도" in text
    assert "노인을 위한 안전한 횡단보도." in text


def test_a_long_answers_paragraphs_and_line_breaks_are_kept(season, entry):
    entry.answers["notes"] = "First paragraph,\nits second line.\n\n\nSecond paragraph."
    entry.save()

    text = text_of(download(season.client("entrant"), "entry_copy", entry).content)

    assert "Further notes\nFirst paragraph,\nits second line.\nSecond paragraph." in text


def test_a_drafts_copy_says_it_is_not_submitted_on_every_page(season):
    draft = season.draft
    draft.answers = {**draft.answers, "summary": "Still writing. " * 2000}
    draft.save()

    content = download(season.client("entrant"), "entry_copy", draft).content

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) > 1
    assert all("Draft: not submitted" in page.extract_text() for page in reader.pages)
    assert "Given when the entry is submitted" in text_of(content)


def test_the_copy_shows_what_was_submitted_and_says_changes_are_pending(season, entry):
    entry.pending_answers = {**entry.answers, "summary": "An edit not submitted yet."}
    entry.pending_since = datetime(2023, 6, 20, 1, 0, tzinfo=UTC)
    entry.save()

    text = text_of(download(season.client("entrant"), "entry_copy", entry).content)

    assert "Sensors make crossings safer for older people." in text
    assert "An edit not submitted yet." not in text
    assert flat("Changes made since 20 June 2023, 10:00 (Asia/Seoul) are not submitted yet"
                ) in flat(text)


def test_hostile_answers_are_drawn_as_text(season, entry):
    entry.answers.update({
        "title": "<b>not bold</b> & <link href='javascript:alert(1)'>x</link>",
        "summary": "x" * 20_000,  # one word of 20,000 characters
        "notes": ("Emoji 😀 and \u202eright to left\u202c and a zero\u200bwidth space. " * 300),
        "indicators": [{"indicator": "y " * 10_000, "result": "z"}] + [
            {"indicator": f"row {n}", "result": str(n)} for n in range(99)],
        "links": ["not a link", "javascript:alert(1)", "https://x.example/" + "a" * 1900],
    })
    entry.save()

    response = download(season.client("entrant"), "entry_copy", entry)

    assert response.status_code == 200
    text = text_of(response.content)
    assert "<b>not bold</b> & <link href='javascript:alert(1)'>x</link>" in text
    assert f"Emoji {MISSING} and right to left and a zerowidth space." in text
    assert flat(text).count("x") >= 20_000  # the whole word, broken over lines and pages
    assert "row 98" in text
    assert "javascript:alert(1)" in text


def test_nul_bytes_and_characters_without_a_glyph_never_break_it(season, entry):
    # PostgreSQL refuses NUL in JSON, so this entry is not saved: the drawing is checked alone.
    entry.answers.update({"summary": "a\x00b\x01\x07\x1b\x7f\ufeff c\U0010ffff 日本語 \ud800",
                          "indicators": [{"indicator": "\x00", "result": None}],
                          "links": "not a list"})
    entry.title = "\x00 Title"

    text = text_of(copies.entry_copy_pdf(entry, []))

    assert "ab c" + MISSING in text
    assert MISSING * 3 in text  # Han ideographs are not in the font


def test_a_table_whose_row_is_taller_than_a_page_is_drawn_row_by_row(season, entry):
    columns = [[f"c{n}", f"Column {n}"] for n in range(8)]
    entry.form.schema["steps"][1]["fields"][4]["columns"] = columns
    entry.answers["indicators"] = [{f"c{n}": f"cell{n} " + "word " * 115 for n in range(8)},
                                   {"c0": "a short row"}]

    text = text_of(copies.entry_copy_pdf(entry, []))

    assert missing_in_order(text, ["Indicators", "Row 1", "Column 0:", "cell0", "Column 7:",
                                   "cell7", "Row 2", "Column 0:", "a short row"]) == []


def test_a_form_that_cannot_be_read_still_gives_every_answer(season, entry):
    entry.form.schema = {"steps": "broken"}
    entry.form.save()

    text = text_of(download(season.client("entrant"), "entry_copy", entry).content)

    assert "summary" in text
    assert "Sensors make crossings safer for older people." in text


# --- The receipt --------------------------------------------------------------------------------


def test_the_receipt_confirms_the_submission_with_a_fingerprint_of_the_answers(season, entry):
    submitter = season.users["entrant"]
    submitter.name = "Min-ji Park"
    submitter.save()
    EntryRevision.objects.create(entry=entry, number=1, answers=entry.answers,
                                 created_by=submitter)
    attach(entry, "crossing-plan.pdf")

    response = download(season.client("entrant"), "entry_receipt", entry)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        'attachment; filename="SCP00-TI-0001-receipt.pdf"')
    text = text_of(response.content)
    canonical = json.dumps(entry.answers, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False).encode()
    assert hashlib.sha256(canonical).hexdigest() in flat(text)
    for part in ["Receipt of submission", "SCP00-TI-0001", "Smart crossings for Seoul",
                 "Tech-InnovaCity", season.edition.name, "30 June 2023, 23:59 (Asia/Seoul)",
                 "2023-06-30 14:59:00 UTC", "Min-ji Park <entrant@example.org>",
                 "Sensors make crossings safer for older people.",
                 "secretariat@prize.example.org", "crossing-plan.pdf", "Page 1 of "]:
        assert part in text, part


def test_the_fingerprint_changes_with_the_answers_and_ignores_key_order():
    assert (copies.fingerprint({"a": "1", "b": "서울"})
            == copies.fingerprint({"b": "서울", "a": "1"}))
    assert copies.fingerprint({"a": "1"}) != copies.fingerprint({"a": "2"})
    assert copies.canonical_answers({"b": ["서울"], "a": 1}) == '{"a":1,"b":["서울"]}'.encode()


def test_the_receipt_names_the_last_change_submitted(season, entry):
    first = UserFactory(email="first@example.org", name="First Person")
    later = UserFactory(email="later@example.org", name="Later Person")
    EntryRevision.objects.create(entry=entry, number=1, answers={}, created_by=first)
    EntryRevision.objects.create(entry=entry, number=2, answers={}, created_by=later)

    text = text_of(download(season.client("entrant"), "entry_receipt", entry).content)

    assert "First Person <first@example.org>" in text
    assert "Last change submitted" in text
    assert "Later Person" in text


def test_a_draft_has_no_receipt_and_the_entrant_is_told_why(season):
    client = season.client("entrant")

    response = download(client, "entry_receipt", season.draft)

    assert response.status_code == 302
    assert response["Location"] == reverse("entries:entry_detail", args=[season.draft.pk])
    page = client.get(response["Location"])
    assert "A receipt is given once the entry is submitted" in page.content.decode()


@pytest.mark.parametrize("name", ["entry_copy", "entry_receipt"])
def test_a_withdrawn_entrys_copies_say_it_was_withdrawn(season, entry, name):
    entry.status = EntryStatus.WITHDRAWN
    entry.withdrawn_at = datetime(2023, 7, 1, 3, 0, tzinfo=UTC)
    entry.save()

    text = text_of(download(season.client("entrant"), name, entry).content)

    assert "This entry was withdrawn on 1 July 2023, 12:00 (Asia/Seoul)" in text
    assert "SCP00-TI-0001" in text


# --- Who gets them ------------------------------------------------------------------------------


@pytest.fixture
def teammate(season):
    return EntrantMemberFactory(entrant=season.entrant, role="collaborator",
                                user__email="teammate@example.org").user


COPY = {"entrant": 200, "teammate": 200, "other_entrant": 404, "judge": 404,
        "coordinator": 200, "secretariat": 200, "superuser": 200}
RECEIPT = {"entrant": 200, "teammate": 200, "other_entrant": 404, "judge": 404,
           "coordinator": 404, "secretariat": 404, "superuser": 404}


@pytest.mark.parametrize("name,expected", [("entry_copy", COPY), ("entry_receipt", RECEIPT)])
def test_only_the_entrants_team_and_the_editions_staff_get_the_copies(
        season, entry, teammate, name, expected):
    from django.test import Client

    from tests.entries.conftest import BACKEND

    found = {}
    for persona in expected:
        client = Client()
        client.force_login(teammate if persona == "teammate" else season.users[persona],
                           backend=BACKEND)
        found[persona] = download(client, name, entry).status_code
    anonymous = download(Client(), name, entry)

    assert found == expected
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_another_entrants_draft_is_not_found_either(season):
    other = EntryFactory(edition=season.edition, category=season.category,
                         entrant=season.other_entrant, form=season.draft.form)

    for name in ("entry_copy", "entry_receipt"):
        assert download(season.client("entrant"), name, other).status_code == 404


# --- Bounded queries ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["entry_copy", "entry_receipt"])
def test_the_queries_do_not_grow_with_the_files_or_the_revisions(
        season, entry, name, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = season.client("entrant")
    attach(entry)
    EntryRevision.objects.create(entry=entry, number=1, answers={},
                                 created_by=season.users["entrant"])
    with CaptureQueriesContext(connection) as few:
        assert download(client, name, entry).status_code == 200
    for number in range(2, 21):
        attach(entry, f"file-{number}.pdf")
        EntryRevision.objects.create(entry=entry, number=number, answers={},
                                     created_by=UserFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        assert download(client, name, entry).status_code == 200


# --- The entry page -----------------------------------------------------------------------------


def test_the_entry_page_offers_the_copies_and_printing(season, entry):
    html = season.client("entrant").get(reverse("entries:entry_detail",
                                                args=[entry.pk])).content.decode()

    assert reverse("entries:entry_copy", args=[entry.pk]) in html
    assert reverse("entries:entry_receipt", args=[entry.pk]) in html
    assert "css/print.css" in html
    assert "js/print.js" in html
    assert "data-print" in html


def test_a_draft_page_offers_its_copy_but_no_receipt(season):
    html = season.client("entrant").get(reverse("entries:entry_detail",
                                                args=[season.draft.pk])).content.decode()

    assert reverse("entries:entry_copy", args=[season.draft.pk]) in html
    assert reverse("entries:entry_receipt", args=[season.draft.pk]) not in html


def test_staff_see_the_copy_link_but_not_the_receipt(season, entry):
    html = season.client("secretariat").get(reverse("entries:entry_detail",
                                                    args=[entry.pk])).content.decode()

    assert reverse("entries:entry_copy", args=[entry.pk]) in html
    assert reverse("entries:entry_receipt", args=[entry.pk]) not in html


def test_dates_are_in_the_editions_time_zone_even_near_midnight(season, entry):
    entry.submitted_at = datetime(2023, 6, 30, 15, 30, tzinfo=UTC) + timedelta(seconds=0)
    entry.save()

    text = text_of(download(season.client("entrant"), "entry_receipt", entry).content)

    assert "1 July 2023, 00:30 (Asia/Seoul)" in text
    assert "2023-06-30 15:30:00 UTC" in text
