"""Files built in the background (an entry book): who asked, what, how far along, and the file.

An app registers a *kind* from its ``AppConfig.ready()``: a builder function and who may start
it. ``start_job`` writes the ``Job`` row and, once the transaction commits, queues the Celery
task; the same request sent twice within ``DUPLICATE_WINDOW`` (a double click) returns the job
already made. The task claims the row (one worker runs it, however often it is queued), calls
the builder with a progress callback, keeps the file in the private storage (like attachments,
under a random name, served only to the person who asked) and marks the job done, or failed
with a message the person can act on. A beat task deletes the files once they expire, queues
again jobs whose message was lost (broker down at commit) and fails jobs whose worker died.

A builder is ``build(job, progress) -> Built``: it writes its file to ``Built.path`` (a
temporary file, so a large book never sits in memory) and calls ``progress(done, total)`` as it
goes; ``progress`` writes to the database at most every ``PROGRESS_EVERY`` steps.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Edition, Job, JobState, User
from .services import audit

log = logging.getLogger(__name__)

# A second request for the same file within this window returns the first job.
DUPLICATE_WINDOW = timedelta(minutes=1)
# Progress is written to the database at most once every this many steps (and at the end).
PROGRESS_EVERY = 10
# A queued job not taken after this is queued again; a running one silent after this failed.
REQUEUE_AFTER = timedelta(minutes=2)
STUCK_AFTER = timedelta(hours=2)


def keep_for() -> timedelta:
    """How long a built file is kept (``JOB_FILES_KEEP_DAYS``, 7 days by default)."""
    return timedelta(days=getattr(settings, "JOB_FILES_KEEP_DAYS", 7))


class JobError(Exception):
    """A failure the person who asked can act on: its message is shown to them as it is."""


@dataclass
class Built:
    """What a builder made: the file it wrote, the name to download it under, its type."""

    path: str
    file_name: str
    content_type: str


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Kind:
    """A kind of job: ``build(job, progress) -> Built``; ``may_start(user, edition, params)``
    says whether this person may (still) ask for it with these parameters."""

    key: str
    label: str
    build: Callable[[Job, Progress], Built]
    may_start: Callable[[User, Edition, dict], bool]


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Called from an app's ``ready()``: the same key registered again replaces the first."""
    _KINDS[kind.key] = kind


def kind_of(key: str) -> Kind | None:
    return _KINDS.get(key)


# --- Starting ----------------------------------------------------------------------------------


def _same_params(a: dict, b: dict) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def start_job(*, user: User, edition: Edition, kind: str, params: dict, title: str,
              again: bool = False) -> Job:
    """The job for this request: the one the same person started with the same parameters
    within the last minute, else a new row whose task is queued once the caller commits.
    ``again`` ("build again") reuses only a job still waiting or running, not a finished one.
    Audited: a file holding entries is a disclosure worth recording."""
    if kind not in _KINDS:
        raise ValueError(f"No job kind {kind!r} is registered.")
    with transaction.atomic():
        # One request at a time per person: two clicks cannot both miss each other's row.
        User.objects.select_for_update().filter(pk=user.pk).first()
        recent = Job.objects.filter(
            user=user, edition=edition, kind=kind,
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            state__in=(JobState.QUEUED, JobState.RUNNING) if again
            else (JobState.QUEUED, JobState.RUNNING, JobState.DONE))
        for job in recent:
            if _same_params(job.params, params):
                return job
        job = Job.objects.create(user=user, edition=edition, kind=kind, params=params,
                                 title=title[:300])
        audit(user, "job.start", job, edition=edition,
              after={"kind": kind, "title": job.title, "params": params})
        transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int) -> bool:
    """Queue the job's task; a broker that is down leaves the row queued for the beat."""
    try:
        run_job.delay(job_id)
    except Exception:  # noqa: BLE001 - any broker failure: the beat task queues it again
        log.warning("Jobs: could not queue job %s; the beat task will.", job_id, exc_info=True)
        return False
    return True


# --- Running -----------------------------------------------------------------------------------


def claim(job_id: int) -> Job | None:
    """Mark the job running if it is still queued; None when another run took it already."""
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=now)
    if not taken:
        return None
    return Job.objects.select_related("user", "edition").get(pk=job_id)


def progress_writer(job: Job, every: int = PROGRESS_EVERY) -> Progress:
    """``progress(done, total)`` that writes at most every ``every`` steps, and the last."""
    last = {"done": -every}

    def progress(done: int, total: int) -> None:
        if done < total and done - last["done"] < every and done != 0:
            return
        last["done"] = done
        job.done, job.total = min(done, total), total
        Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total)

    return progress


def run(job: Job) -> Job:
    """Build the job's file and keep it; on failure mark the job failed with a message the
    person who asked can read (an unexpected error is logged, not shown)."""
    kind = kind_of(job.kind)
    built = None
    try:
        if kind is None:
            raise JobError(_("This kind of file can no longer be built."))
        # in the language of the person who asked: headings, labels and the form's texts
        with translation.override(job.user.language or settings.LANGUAGE_CODE):
            built = kind.build(job, progress_writer(job))
        with open(built.path, "rb") as handle:
            job.file.save(built.file_name, File(handle), save=False)
        job.file_name = built.file_name[:200]
        job.content_type = built.content_type
        job.size = job.file.size
        job.state = JobState.DONE
        job.done = job.total
        job.finished_at = timezone.now()
        job.expires_at = job.finished_at + keep_for()
        job.save()
    except Exception as exc:  # noqa: BLE001 - every failure ends the job, with a message
        if isinstance(exc, JobError):
            message = str(exc)
        else:
            log.exception("Jobs: job %s (%s) failed", job.pk, job.kind)
            message = _("The file could not be built because of an error on our side. Build "
                        "it again; if it fails again, tell the secretariat.")
        if job.file:
            job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=message,
                                             finished_at=timezone.now(), file="")
        job.refresh_from_db()
    finally:
        if built is not None:
            with contextlib.suppress(OSError):
                os.unlink(built.path)
    return job


@shared_task(acks_late=True, ignore_result=True)
def run_job(job_id: int) -> str:
    job = claim(job_id)
    if job is None:
        return "skipped"
    return run(job).state


# --- Expiry and lost jobs ----------------------------------------------------------------------


def expire_files(now=None) -> int:
    """Delete the files whose time is up and mark their jobs expired."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(state=JobState.DONE, expires_at__lte=now).iterator():
        if job.file:
            job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(state=JobState.EXPIRED, file="")
        count += 1
    return count


def recover(now=None) -> int:
    """Queue again jobs still waiting long after they were asked for; fail those whose worker
    went silent (the person can build them again)."""
    now = now or timezone.now()
    Job.objects.filter(state=JobState.RUNNING, started_at__lte=now - STUCK_AFTER).update(
        state=JobState.FAILED, finished_at=now,
        error=_("Building the file stopped before it was finished. Build it again."))
    waiting = list(Job.objects.filter(state=JobState.QUEUED,
                                      created_at__lte=now - REQUEUE_AFTER)
                   .values_list("pk", flat=True)[:200])
    return sum(1 for pk in waiting if enqueue(pk))


@shared_task(ignore_result=True)
def tidy_jobs() -> int:
    """Beat: expired files deleted, lost jobs queued again, dead ones failed."""
    recover()
    return expire_files()
