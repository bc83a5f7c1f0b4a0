"""A judge's own entry book: the entries assigned to them in one round (never a recused or
conflicted one, never another judge's), in their own order, read back with pypdf; blind in a
blind round as their scoring pages are; who may start one, the check made again when it is
built, a double click, bad input and the start page's queries."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from entries import redaction
from entries.schema import Schema
from judging import book
from judging.models import Assignment
from judging.selectors import judge_assignments
from judging.services.reviews import recuse
from prize import jobs
from prize.models import Job, JobState, RoleAssignment
from tests.entries.test_entry_book import BOOK_FORM, add_plan, flat, run_book, text_of

pytestmark = pytest.mark.django_db

TITLES = ["Smart crossings", "Cool roofs", "Digital benches", "Quiet streets"]


@pytest.fixture
def entries(judging):
    """The round's four entries on a form with an identifying field and step; the first with
    a passage staff redacted ("Seoul") and a PDF that has an anonymised version."""
    form = judging.entry.form
    form.schema = BOOK_FORM
    form.save()
    for number, (entry, title) in enumerate(zip(judging.entries, TITLES, strict=True), 1):
        place = "Seoul" if number == 1 else "the old town"
        entry.answers = {"title": title, "summary": f"Summary number {number}: people of "
                         f"{place} ride safer.", "sectors": ["mobility"],
                         "nominee": "Jae-won Lee", "history": "Founded long ago."}
        entry.title = title
        entry.save()
    first = judging.entry
    add_plan(first)
    redaction.redaction_add(entry=first, schema=Schema.parse(BOOK_FORM), text="Seoul",
                            field_key="", by=None)
    return judging.entries


def book_url(judging):
    return reverse("judging:judge_book", args=[judging.round.pk])


def references_in_order(text: str, references: list[str]) -> list[str]:
    found = sorted((text.index(r), r) for r in references if r in text)
    return [r for _at, r in found]


def test_the_dashboard_links_each_round_to_its_book(judging, entries):
    page = judging.client("judge").get(reverse("judging:dashboard")).content.decode()
    assert book_url(judging) in page and "Entry book of your entries" in page


def test_a_blind_book_holds_the_judges_entries_in_their_order_and_nothing_of_the_entrant(
        judging, entries):
    judging.round.blind = True
    judging.round.save()
    client = judging.client("judge")
    page = client.get(book_url(judging)).content.decode()
    assert "3 entries." in page and "Blind" in page
    job, content = run_book(client, book_url(judging))
    assert job.kind == "judge_book" and job.title.startswith("Your blind entry book")
    text = text_of(content)
    flat_text = flat(text)
    # the judge's three entries, in the dashboard's order; never the fourth (not theirs)
    order = [a.entry.reference for a in judge_assignments(judging.users["judge"], judging.round)]
    assert len(order) == 3 and entries[3].reference not in text
    contents = PdfReader(io.BytesIO(content)).pages[1].extract_text()
    assert references_in_order(contents, [e.reference for e in entries]) == order
    assert flat("Quiet streets") not in flat_text
    for entry in entries[:3]:
        assert flat(entry.title) in flat_text
    # nothing of the entrant: no name, no city, no identifying answer or step
    for entrant in ("City of Seoul", "City of Lyon", "City of Nairobi", "Lyon", "Entrant"):
        assert flat(entrant) not in flat_text
    for identifying in ("Jae-won", "Nominee", "Your history", "Founded long ago"):
        assert identifying not in text
    # the passage staff hid, and the file under its neutral name as its anonymised version
    assert "seoul" not in text.lower().replace("asia/seoul", "")
    assert flat("people of [redacted] ride safer") in flat_text
    assert "attachment-1.pdf" in text and "plan" not in text.lower() and "1.0 KB" in text
    assert job.total == 3 and job.done == 3


def test_an_open_rounds_book_shows_the_entrant_as_the_scoring_page_does(judging, entries):
    _job, content = run_book(judging.client("judge"), book_url(judging), {"format": "zip"})
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert sorted(archive.namelist()) == sorted(
        f"{e.reference}-entry.pdf" for e in entries[:3])
    first = flat(text_of(archive.read(f"{entries[0].reference}-entry.pdf")))
    assert flat("City of Seoul") in first and flat("Seoul-city-plan.pdf") in first
    assert flat("people of Seoul ride safer") in first  # redactions are for blind rounds
    assert flat("Cool roofs") not in first


def test_recused_and_conflicted_entries_are_never_in_the_book(judging, entries):
    judge = judging.users["judge"]
    recuse(assignment=judging.assignment("judge", entries[1]), by=judge,
           reason="I advised this city.", tell_replacement=False)
    _job, content = run_book(judging.client("judge"), book_url(judging))
    text = flat(text_of(content))
    assert flat("Cool roofs") not in text
    assert flat("Smart crossings") in text and flat("Digital benches") in text
    # a judge conflicted with the first entry's entrant, though assigned it, never gets it
    conflicted = judging.users["conflicted_judge"]
    Assignment.objects.create(round=judging.round, entry=entries[0], judge=conflicted)
    _job, content = run_book(judging.client("conflicted_judge"), book_url(judging))
    text = flat(text_of(content))
    assert flat("Quiet streets") in text and flat("Smart crossings") not in text


@pytest.mark.parametrize("persona,status", [
    ("anonymous", 302), ("entrant", 404), ("other_entrant", 404), ("unassigned_judge", 404),
    ("coordinator", 404), ("secretariat", 404), ("superuser", 404), ("judge", 200),
    ("second_judge", 200)])
def test_only_a_judge_of_the_rounds_entries_may_start_a_book(judging, persona, status):
    client = judging.client(persona)
    assert client.get(book_url(judging)).status_code == status
    response = client.post(book_url(judging), {"format": "pdf"})
    assert response.status_code == (302 if status in (200, 302) else 404)
    assert Job.objects.exists() is (status == 200)


def test_a_round_not_yet_open_to_judges_or_unknown_has_no_book(judging):
    client = judging.client("judge")
    judging.round.status = "draft"
    judging.round.save()
    assert client.get(book_url(judging)).status_code == 404
    assert client.get(reverse("judging:judge_book", args=[999999])).status_code == 404


def test_another_judges_book_does_not_exist_for_them(judging, entries):
    job, _content = run_book(judging.client("judge"), book_url(judging))
    other = judging.client("second_judge")
    assert other.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def queued_job(judging, persona="judge"):
    return Job.objects.create(user=judging.users[persona], edition=judging.round.edition,
                              kind=book.JUDGE_KIND,
                              params={"round": judging.round.pk, "format": "pdf"},
                              title="Your entry book")


def test_a_judge_taken_off_the_round_meanwhile_gets_a_failed_job_saying_so(judging, entries):
    job = queued_job(judging)
    Assignment.objects.filter(round=judging.round, judge=judging.users["judge"]).delete()
    job = jobs.run(jobs.claim(job.pk))
    assert job.state == JobState.FAILED and not job.file
    assert job.error == "You no longer judge entries in this round: the book was not built."


def test_a_judge_who_lost_the_role_meanwhile_gets_a_failed_job(judging, entries):
    job = queued_job(judging)
    RoleAssignment.objects.filter(user=judging.users["judge"]).delete()
    judging.users["judge"].__dict__.pop("role_set", None)
    job = jobs.run(jobs.claim(job.pk))
    assert job.state == JobState.FAILED
    assert "no longer judge" in job.error


def test_a_double_click_makes_one_book(judging, entries):
    client = judging.client("judge")
    first = client.post(book_url(judging), {"format": "pdf"})
    second = client.post(book_url(judging), {"format": "pdf"})
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind=book.JUDGE_KIND).count() == 1


def test_bad_input_is_refused_on_the_form(judging, entries):
    client = judging.client("judge")
    for data in ({"format": "epub"}, {}, {"format": "\x00"}):
        response = client.post(book_url(judging), data)
        assert response.status_code == 400
        assert "Choose one PDF file or a zip of PDFs." in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize("blind", [False, True])
def test_the_start_page_makes_as_many_queries_with_20_entries_as_with_3(count_queries, blind):
    from tests.judging.test_judge_queries import build

    counts = []
    for size in (3, 20):
        client, round, _entries = build(size, blind=blind)
        url = reverse("judging:judge_book", args=[round.pk])
        client.get(url)  # sessions and caches warm
        counts.append(count_queries(lambda c=client, u=url: c.get(u)))
        assert f"{size} entries." in client.get(url).content.decode()
    assert counts[0] == counts[1]
    assert counts[0] <= 12
