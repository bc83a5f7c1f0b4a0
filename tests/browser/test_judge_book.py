"""A judge's own entry book in Chromium at 320 px: started from the dashboard's link of the
round, built, then downloaded; every page clean under axe and without sideways scrolling."""

import pytest
from django.urls import reverse

from prize import jobs
from prize.models import Job
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_judge_builds_and_downloads_the_book_of_their_entries(
        page, live_server, judging, monkeypatch):  # noqa: F811
    judging.round.blind = True
    judging.round.save()
    # The worker is this test: the job waits until the test builds it.
    monkeypatch.setattr(jobs, "enqueue", lambda job_id: True)
    log_in_as(page, live_server, judging.users["judge"])
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + reverse("judging:dashboard"))
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    page.get_by_role("link", name="Entry book of your entries · Online screening").click()
    assert page.get_by_role(
        "heading", name="Entry book of your entries in Online screening").is_visible()
    assert "3 entries." in page.content()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    page.get_by_role("button", name="Build the book").click()

    job = Job.objects.get()
    assert job.kind == "judge_book" and job.user == judging.users["judge"]
    assert job.params == {"round": judging.round.pk, "format": "pdf"}
    assert "Waiting to start" in page.get_by_role("status").inner_text()
    jobs.run(jobs.claim(job.pk))
    job.refresh_from_db()
    download_link = page.get_by_role("link", name=f"Download {job.file_name}")
    download_link.wait_for(timeout=10000)
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == job.file_name
    assert job.file_name.startswith("your-blind-entry-book") and job.file_name.endswith(".pdf")
