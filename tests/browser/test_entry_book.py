"""The round's entry book in Chromium: started from the round's page, its page polls while the
book is built (the progress bar, then the download), at 320 px and clean under axe."""

import pytest
from django.urls import reverse

from judging.models import RoundEntry
from prize import jobs
from prize.models import Job, JobState
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.factories import RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_round_book_is_started_watched_and_downloaded(page, live_server, season,  # noqa: F811
                                                        monkeypatch):
    round = RoundFactory(edition=season.edition, blind=True, name="Round 1")
    RoundEntry.objects.create(round=round, entry=season.entry)
    # The worker is this test: the job waits until the test builds it.
    monkeypatch.setattr(jobs, "enqueue", lambda job_id: True)
    log_in_as(page, live_server, season.users["secretariat"])
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + reverse("judging:staff_round", args=[round.pk]))
    page.get_by_role("link", name="Blind entry book of this round").click()
    assert page.get_by_role("heading", name="Entry book of Round 1").is_visible()
    assert_accessible(page)
    page.get_by_label("A zip of one PDF per entry").check()
    page.get_by_role("button", name="Build the book").click()

    job = Job.objects.get()
    assert job.params == {"round": round.pk, "format": "zip"}
    status = page.get_by_role("status")
    assert "Waiting to start" in status.inner_text()
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "0"
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)

    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, done=1, total=4)
    page.get_by_text("25% · 1 of 4").wait_for(timeout=10000)
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "25"
    Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED, done=0, total=0)
    jobs.run(jobs.claim(job.pk))

    download_link = page.get_by_role("link", name=f"Download {Job.objects.get().file_name}")
    download_link.wait_for(timeout=10000)
    assert "Your file is ready" in status.inner_text()
    assert page.get_by_role("progressbar").count() == 0
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".zip")
    page.goto(live_server.url + reverse("jobs:list"))
    assert page.get_by_role("link", name=Job.objects.get().title).is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
