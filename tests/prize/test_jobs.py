"""Files built in the background: a job's states and progress, its failure message, the download
(for the person who asked alone), expiry, a double click, and the pages' query counts."""

import os
import tempfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from prize import jobs
from prize.models import AuditEvent, Job, JobState
from tests.conftest import CommittingClient
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.django_db

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
KIND = "test_book"
seen_progress: list[tuple[int, int]] = []


def _build(job, progress):
    """A test builder: ``params`` say how many steps, and whether (and how) to fail."""
    steps = job.params.get("steps", 3)
    for done in range(1, steps + 1):
        progress(done, steps)
        seen_progress.append((Job.objects.get(pk=job.pk).done, steps))
    if job.params.get("fail") == "user":
        raise jobs.JobError("No entry matches these filters any more.")
    if job.params.get("fail") == "bug":
        raise RuntimeError("secret internal detail")
    handle, path = tempfile.mkstemp(suffix=".pdf")
    with os.fdopen(handle, "wb") as out:
        out.write(b"%PDF-1.4 the book")
    return jobs.Built(path=path, file_name="entry-book.pdf", content_type="application/pdf")


@pytest.fixture(autouse=True)
def test_kind():
    jobs.register(jobs.Kind(key=KIND, label="Test book", build=_build,
                            may_start=lambda user, edition, params: not params.get("denied")))
    seen_progress.clear()
    yield
    jobs._KINDS.pop(KIND, None)


def login(user) -> CommittingClient:
    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    return client


def start(user, edition, **params) -> Job:
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return jobs.start_job(user=user, edition=edition, kind=KIND, params=params,
                              title="Entry book SCP23")


def test_a_job_runs_to_done_with_its_file_and_an_expiry():
    user, edition = UserFactory(), EditionFactory()
    job = start(user, edition, steps=3)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.file_name == "entry-book.pdf" and job.size == len(b"%PDF-1.4 the book")
    assert job.file.name.startswith("jobs/") and "entry-book" not in job.file.name
    assert job.expires_at - job.finished_at == timedelta(days=7)
    assert job.started_at is not None
    event = AuditEvent.objects.get(action="job.start")
    assert event.actor == user and event.after["params"] == {"steps": 3}


def test_progress_is_written_every_few_steps_and_at_the_end(monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 10)
    job = start(UserFactory(), EditionFactory(), steps=25)
    # what the database held after each step: written at 1, 11, 21 and the last
    assert [done for done, _total in seen_progress] == (
        [1] * 10 + [11] * 10 + [21] * 4 + [25])
    assert Job.objects.get(pk=job.pk).state == JobState.DONE


def test_a_failure_the_user_can_act_on_is_shown_as_it_is():
    user = UserFactory()
    job = start(user, EditionFactory(), fail="user")
    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.file
    assert job.error == "No entry matches these filters any more."
    page = login(user).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "No entry matches these filters any more." in page
    assert "Build again" in page


def test_an_unexpected_failure_says_what_to_do_and_hides_the_detail():
    user = UserFactory()
    job = start(user, EditionFactory(), fail="bug")
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "internal detail" not in job.error
    assert "Build it again" in job.error
    page = login(user).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "secret internal detail" not in page


def test_only_the_owner_downloads_the_file_staff_included():
    owner, edition = UserFactory(), EditionFactory()
    job = start(owner, edition)
    url = reverse("jobs:download", args=[job.pk])
    response = login(owner).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the book"
    assert response["Content-Disposition"] == 'attachment; filename="entry-book.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    staff = UserFactory(is_superuser=True, is_staff=True)
    for other in (UserFactory(), staff):
        for name in ("jobs:download", "jobs:detail"):
            assert login(other).get(reverse(name, args=[job.pk])).status_code == 404
        assert login(other).post(reverse("jobs:again", args=[job.pk])).status_code == 404
    anonymous = CommittingClient().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_expired_files_are_deleted_and_no_longer_served():
    owner = UserFactory()
    job = start(owner, EditionFactory())
    job.refresh_from_db()
    stored = job.file.path
    assert os.path.exists(stored)
    assert jobs.expire_files(now=timezone.now() + timedelta(days=6)) == 0
    assert jobs.expire_files(now=timezone.now() + timedelta(days=8)) == 1
    job.refresh_from_db()
    assert job.state == JobState.EXPIRED and not job.file
    assert not os.path.exists(stored)
    client = login(owner)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert "This file has been deleted" in client.get(
        reverse("jobs:detail", args=[job.pk])).content.decode()


def test_a_double_start_makes_one_job_and_other_parameters_another():
    user, edition = UserFactory(), EditionFactory()
    first = start(user, edition, steps=2)
    assert start(user, edition, steps=2).pk == first.pk
    assert start(user, edition, steps=4).pk != first.pk
    assert start(UserFactory(), edition, steps=2).pk != first.pk
    Job.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert start(user, edition, steps=2).pk != first.pk
    assert AuditEvent.objects.filter(action="job.start").count() == 4


def test_a_lost_job_is_queued_again_and_a_dead_one_fails():
    user, edition = UserFactory(), EditionFactory()
    lost = Job.objects.create(user=user, edition=edition, kind=KIND, params={})
    dead = Job.objects.create(user=user, edition=edition, kind=KIND, params={},
                              state=JobState.RUNNING,
                              started_at=timezone.now() - timedelta(hours=3))
    Job.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert jobs.recover() == 1
    lost.refresh_from_db()
    dead.refresh_from_db()
    assert lost.state == JobState.DONE  # eager Celery ran it
    assert dead.state == JobState.FAILED and "Build it again" in dead.error


def test_the_page_polls_while_building_and_stops_when_done():
    user, edition = UserFactory(), EditionFactory()
    job = Job.objects.create(user=user, edition=edition, kind=KIND, params={}, title="Book",
                             state=JobState.RUNNING, done=3, total=12)
    client = login(user)
    url = reverse("jobs:detail", args=[job.pk])
    running = client.get(url).content.decode()
    assert 'hx-trigger="load delay:2s"' in running
    assert 'aria-valuenow="25"' in running and "3 of 12" in running
    assert 'role="status"' in running
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="job-status"') and "<html" not in partial
    Job.objects.filter(pk=job.pk).update(state=JobState.DONE)
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and reverse("jobs:download", args=[job.pk]) in done


def test_build_again_starts_a_new_job_unless_no_longer_allowed():
    user, edition = UserFactory(), EditionFactory()
    job = start(user, edition, steps=1)
    response = login(user).post(reverse("jobs:again", args=[job.pk]))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response["Location"] == again.get_absolute_url()
    denied = start(user, edition, denied=True)
    assert login(user).post(reverse("jobs:again", args=[denied.pk])).status_code == 404
    assert "Build again" not in login(user).get(
        reverse("jobs:detail", args=[denied.pk])).content.decode()


def test_the_pages_make_the_same_number_of_queries_with_one_job_or_twenty(count_queries):
    user, edition = UserFactory(), EditionFactory()
    client = login(user)
    first = start(user, edition, steps=1)
    detail = reverse("jobs:detail", args=[first.pk])
    one_list = count_queries(lambda: client.get(reverse("jobs:list")))
    one_detail = count_queries(lambda: client.get(detail))
    for steps in range(2, 21):
        start(user, EditionFactory(is_current=False), steps=steps)
    many_list = count_queries(lambda: client.get(reverse("jobs:list")))
    assert many_list == one_list
    assert count_queries(lambda: client.get(detail)) == one_detail <= 8
    page = client.get(reverse("jobs:list")).content.decode()
    assert page.count(reverse("jobs:download", args=[first.pk])) == 1
    assert 'class="table table-cards' in page and 'data-label="State"' in page


def test_someone_elses_files_are_not_listed():
    owner, other, edition = UserFactory(), UserFactory(), EditionFactory()
    job = start(owner, edition)
    page = login(other).get(reverse("jobs:list")).content.decode()
    assert reverse("jobs:detail", args=[job.pk]) not in page
    assert "You have not asked for any file lately" in page
