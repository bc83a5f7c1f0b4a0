"""An entry book built by a real Celery worker through real Redis and PostgreSQL: the page's
POST queues the job once the request commits, the worker builds the book (its progress seen
in the row while it runs), and the person who asked downloads it."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from prize.models import Job, JobState
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.factories import EntryFactory

from .conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BOOK_FORM = {
    "title_field": "title",
    "steps": [{"key": "basics", "title": "The project", "fields": [
        {"key": "title", "type": "text", "label": "Project title", "required": True},
        {"key": "summary", "type": "textarea", "label": "Short summary", "required": True},
    ]}],
}


@pytest.fixture
def worker_media(settings):
    """The worker keeps files where the settings put them by default; read them there, and
    remove what the test made."""
    settings.MEDIA_ROOT = settings.BASE_DIR / "media"
    yield
    for job in Job.objects.exclude(file=""):
        job.file.delete(save=False)


def test_a_worker_builds_the_book_and_its_owner_downloads_it(integration_worker, season,  # noqa: F811
                                                             worker_media):
    form = season.entry.form
    form.schema = BOOK_FORM
    form.save()
    titles = []
    for number in range(1, 26):
        entry = season.entry if number == 1 else EntryFactory(
            edition=season.edition, category=season.category, entrant=season.entrant,
            form=form, submitted=True, reference=f"SCP00-TI-{number:04d}")
        entry.answers = {"title": f"Project number {number}",
                         "summary": "Safer crossings for older people. " * 30}
        entry.title = entry.answers["title"]
        entry.save()
        titles.append(entry.title)
    client = season.client("secretariat")
    response = client.post(reverse("entry_book:start", args=[season.edition.slug]),
                           {"format": "pdf"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()

    seen = set()

    def finished():
        row = Job.objects.values("state", "done", "total").get(pk=job.pk)
        seen.add((row["state"], row["done"]))
        return row["state"] in (JobState.DONE, JobState.FAILED) and row

    row = wait_for(finished, timeout=90, what="the worker to build the book",
                   state=lambda: Job.objects.values("state", "done").get(pk=job.pk))
    assert row["state"] == JobState.DONE, Job.objects.get(pk=job.pk).error
    assert row["done"] == row["total"] == 25
    job.refresh_from_db()
    assert job.started_at and job.finished_at and job.expires_at
    assert str(settings.MEDIA_ROOT) in job.file.path

    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    text = re.sub(r"\s+", "", "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(
            b"".join(download.streaming_content))).pages))
    assert all(re.sub(r"\s+", "", title) in text for title in titles)
    other = season.client("coordinator")
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404
