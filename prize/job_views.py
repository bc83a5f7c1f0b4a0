"""The pages of files built in the background: one job (its state, a progress bar that the
page polls while the file is built, the download once ready, "build again"), the download,
and the person's recent files.

Only the person who asked sees a job or its file: for anyone else, staff and superusers
included, it does not exist (404). Anonymous visitors are asked to log in.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import jobs
from .models import Job, JobState
from .permissions import deny

# A poll every this many seconds while the file is built.
POLL_SECONDS = 2
RECENT_DAYS = 30
RECENT_LIMIT = 50


def _own_job(request, pk: int) -> Job:
    return get_object_or_404(Job.objects.select_related("edition"), pk=pk, user=request.user)


def _may_build_again(request, job: Job) -> bool:
    kind = jobs.kind_of(job.kind)
    return kind is not None and kind.may_start(request.user, job.edition, job.params)


@require_safe
def job_detail(request, pk):
    if not request.user.is_authenticated:
        return deny(request)
    job = _own_job(request, pk)
    context = {"job": job, "poll_seconds": POLL_SECONDS, "states": JobState,
               "may_build_again": not job.is_active and _may_build_again(request, job)}
    if request.htmx:
        return render(request, "prize/jobs/_status.html", context)
    return render(request, "prize/jobs/detail.html", context)


@require_safe
def job_download(request, pk):
    if not request.user.is_authenticated:
        return deny(request)
    job = _own_job(request, pk)
    if job.state != JobState.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=job.file_name,
                            content_type=job.content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
def job_again(request, pk):
    """The same file built anew from today's data, if the person may still ask for it."""
    if not request.user.is_authenticated:
        return deny(request)
    job = _own_job(request, pk)
    if job.is_active:
        return redirect(job)
    if not _may_build_again(request, job):
        raise Http404
    again = jobs.start_job(user=request.user, edition=job.edition, kind=job.kind,
                           params=job.params, title=job.title, again=True)
    messages.success(request, _("The file is being built again."))
    return redirect(again)


@require_safe
def job_list(request):
    if not request.user.is_authenticated:
        return deny(request)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = list(Job.objects.filter(user=request.user, created_at__gte=since)
                  .select_related("edition")[:RECENT_LIMIT])
    return render(request, "prize/jobs/list.html", {"jobs": recent, "days": RECENT_DAYS,
                                                     "states": JobState})
