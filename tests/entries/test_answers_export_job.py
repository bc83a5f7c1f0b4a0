"""Every answer exported in the background when the list is long: at most
``ANSWERS_EXPORT_DIRECT_MAX`` entries the file comes at once; above, a page says so and its
button starts one job (a double click too), whose file holds the same sheets, columns and rows
as the direct export for the same filters; the access rule is checked again when the job runs;
the queries do not grow with the entries."""

import csv
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from entries import exports_jobs
from prize import jobs
from prize.models import AuditEvent, Job, JobState, RoleAssignment
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.entries.test_answers_export import content, export_url, two_forms  # noqa: F401
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def parsed(raw: bytes, content_type: str) -> dict[str, list]:
    """A file's rows by sheet (XLSX), by member (ZIP of CSVs) or as one CSV."""
    if content_type.startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(raw))
        return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    if content_type == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(raw))
        return {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist()}
    return {"csv": list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))}


def direct(client, url) -> tuple[dict, str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] != "text/html; charset=utf-8"
    return parsed(content(response), response["Content-Type"]), response["Content-Type"]


def built(client, url) -> tuple[Job, dict]:
    response = client.post(url)
    assert response.status_code == 302, response.content.decode()[:1000]
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    return job, parsed(b"".join(download.streaming_content), job.content_type)


def test_at_most_the_limit_the_file_comes_at_once(season, two_forms, settings):  # noqa: F811
    settings.ANSWERS_EXPORT_DIRECT_MAX = 3  # the default list holds 3 entries
    response = season.client("secretariat").get(export_url(season, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Job.objects.exists()


def test_above_the_limit_a_page_says_so_and_starts_nothing(season, two_forms, settings,  # noqa: F811
                                                          django_assert_max_num_queries):
    settings.ANSWERS_EXPORT_DIRECT_MAX = 1
    client = season.client("coordinator")
    client.get(export_url(season, "xlsx"))  # warm caches (content types, the user's roles)
    with django_assert_max_num_queries(12):
        response = client.get(export_url(season, "xlsx", q="Sensors", status="all"))
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "This export has 2 entries: it is built in the background (XLSX)." in page
    assert "Search: Sensors" in page
    assert "Build the export" in page and 'method="post"' in page
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["entry.export_answers",
                                                     "job.start"]).exists()
    # one form chosen: the count is that form's entries
    one = client.get(export_url(season, "csv", form=two_forms["form"].pk)).content.decode()
    assert "This export has 2 entries" in one and "Project form B" in one
    # without a form, the whole list (3 entries) is above the limit as well
    assert "This export has 3 entries" in client.get(export_url(season, "csv")).content.decode()


@pytest.mark.parametrize("fmt,params", [
    ("xlsx", {"status": "all", "sort": "-reference"}),
    ("csv", {}),  # two forms in use: a ZIP of one CSV per form
    ("csv", {"q": "Sensors"}),  # one form in use: one CSV
])
def test_the_jobs_file_holds_what_the_direct_export_holds(season, two_forms, settings,  # noqa: F811
                                                          fmt, params):
    client = season.client("secretariat")
    url = export_url(season, fmt, **params)
    settings.ANSWERS_EXPORT_DIRECT_MAX = 100
    expected, content_type = direct(client, url)
    assert sum(len(rows) - 1 for rows in expected.values()) >= 1
    settings.ANSWERS_EXPORT_DIRECT_MAX = 0
    job, rows = built(client, url)
    assert rows == expected
    assert job.content_type.split(";")[0] == content_type.split(";")[0]
    assert job.kind == "entries.answers" and job.done == job.total >= 1
    assert job.params["query"] == "&".join(f"{k}={v}" for k, v in params.items())
    audited = AuditEvent.objects.filter(action="entry.export_answers").order_by("pk")
    assert audited.count() == 2 and audited.last().after["job"] == job.pk


def test_the_job_of_one_form_is_that_forms_csv(season, two_forms, settings):  # noqa: F811
    settings.ANSWERS_EXPORT_DIRECT_MAX = 0
    url = export_url(season, "csv", form=two_forms["form"].pk, status="all")
    job, rows = built(season.client("coordinator"), url)
    assert job.file_name.endswith("-answers-project-b-" + job.file_name.rsplit("-b-", 1)[1])
    assert [row[0] for row in rows["csv"][1:]] == ["SCP00-TI-0100", "SCP00-TI-0101"]


def test_a_double_click_makes_one_job(season, two_forms, settings):  # noqa: F811
    settings.ANSWERS_EXPORT_DIRECT_MAX = 1
    client = season.client("secretariat")
    url = export_url(season, "xlsx")
    first, second = client.post(url), client.post(url)
    assert first["Location"] == second["Location"]
    assert Job.objects.count() == 1
    assert AuditEvent.objects.filter(action="job.start").count() == 1


def test_a_coordinator_removed_meanwhile_gets_a_failed_job(season, two_forms, settings,  # noqa: F811
                                                          monkeypatch):
    settings.ANSWERS_EXPORT_DIRECT_MAX = 1
    monkeypatch.setattr(jobs, "enqueue", lambda pk: False)  # the worker has not taken it yet
    client = season.client("coordinator")
    client.post(export_url(season, "xlsx"))
    job = Job.objects.get()
    assert job.state == JobState.QUEUED
    RoleAssignment.objects.filter(user=season.users["coordinator"]).delete()
    job = jobs.run(jobs.claim(job.pk))
    assert job.state == JobState.FAILED and not job.file
    assert job.error == "You may no longer see these entries."
    page = client.get(job.get_absolute_url()).content.decode()
    assert "You may no longer see these entries." in page
    assert not AuditEvent.objects.filter(action="entry.export_answers").exists()


def test_a_job_whose_form_is_gone_fails_with_a_message(season, two_forms, settings):  # noqa: F811
    job = Job.objects.create(user=season.users["secretariat"], edition=season.edition,
                             kind=exports_jobs.KIND, title="Every answer",
                             params={"query": "", "format": "csv", "form": 999999})
    job = jobs.run(jobs.claim(job.pk))
    assert job.state == JobState.FAILED
    assert job.error == "The application form chosen no longer exists."


@pytest.mark.parametrize("persona,status", [
    ("anonymous", 302), ("entrant", 404), ("judge", 404), ("coordinator", 302),
    ("secretariat", 302), ("superuser", 302)])
def test_only_the_editions_staff_start_the_job(season, settings, persona, status):
    settings.ANSWERS_EXPORT_DIRECT_MAX = 0
    response = season.client(persona).post(export_url(season, "csv"))
    assert response.status_code == status
    if persona == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert Job.objects.exists() == (persona in ("coordinator", "secretariat", "superuser"))


def test_bad_input_starts_no_job(season, two_forms, settings):  # noqa: F811
    settings.ANSWERS_EXPORT_DIRECT_MAX = 0
    client = season.client("secretariat")
    assert client.post(export_url(season, "pdf")).status_code == 400
    assert client.post(export_url(season, "csv", form="999999")).status_code == 404
    assert client.post(export_url(season, "csv", form="x\x00")).status_code == 404
    assert not Job.objects.exists()
    hostile = export_url(season, "xlsx", q="a\x00b", status="%00", sort=";drop", page="-1")
    assert client.get(hostile).status_code == 200
    job, _rows = built(client, hostile)
    assert "\x00" not in job.params["query"]


def test_the_job_makes_the_same_queries_for_few_entries_or_many(season, two_forms,  # noqa: F811
                                                               settings):
    """Apart from the progress written on the job, whose number is bounded apart."""
    settings.ANSWERS_EXPORT_DIRECT_MAX = 0
    user = season.users["secretariat"]
    params = {"query": "", "format": "xlsx", "form": None, "links": "http://testserver/x/"}

    def run() -> int:
        job = Job.objects.create(user=user, edition=season.edition, kind=exports_jobs.KIND,
                                 title="Every answer", params=params)
        user.__dict__.pop("role_set", None)
        with CaptureQueriesContext(connection) as captured:
            done = jobs.run(jobs.claim(job.pk))
        assert done.state == JobState.DONE, done.error
        return len([q for q in captured.captured_queries
                    if not q["sql"].startswith('UPDATE "prize_job" SET "done"')])

    run()
    few = run()
    form = two_forms["form"]
    for n in range(40):
        EntryFactory(edition=season.edition, category=season.category,
                     entrant=two_forms["first"].entrant, form=form, submitted=True,
                     reference=f"SCP00-TI-3{n:03d}", answers=two_forms["first"].answers)
    assert run() == few


def test_progress_is_told_about_a_hundred_times_whatever_the_size():
    told = []
    tick = exports_jobs.counter(24_000, lambda done, total: told.append((done, total)))
    for _n in range(24_000):
        tick()
    assert 90 <= len(told) <= 100
    assert told[0] == (240, 24_000) and all(total == 24_000 for _d, total in told)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_page_asks_then_the_job_page_offers_the_file(
        page, live_server, season, two_forms, settings):  # noqa: F811
    """At 320 px: the page says the export is built in the background, its button starts the
    job, whose page offers the file; both pages pass axe."""
    settings.ANSWERS_EXPORT_DIRECT_MAX = 1
    log_in_as(page, live_server, season.users["coordinator"])
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(export_url(season, "xlsx", status="all"))
    page.get_by_role("heading", name="Every answer of the entries").wait_for()
    assert "This export has 4 entries" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    page.get_by_role("button", name="Build the export").click()
    page.get_by_text("Your file is ready.").wait_for()
    assert page.get_by_role("link", name="Download").count() == 1
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    assert Job.objects.get().state == JobState.DONE
