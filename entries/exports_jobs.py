"""Every answer exported in the background, for lists too long to export within a request.

The staff's export of every answer (``entries.exports_full``) answers directly while the list
has at most ``ANSWERS_EXPORT_DIRECT_MAX`` entries (a setting, 2,000 by default). Above that, the
page asks first and then starts a job of this kind (``prize.jobs``): the list's query string,
the format, the form chosen and the address the files' links start with are kept in the job's
parameters. When the job runs, the access rule is checked again and the query string goes
through ``entries.filters.filter_entries`` once more, so the file holds the list's rows as they
are then, with the same sheets, columns and cells as the direct export. Progress is told about
a hundred times whatever the size; the queries are the same few for 10 entries or 24,000.
"""

from __future__ import annotations

import os
import tempfile

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prize import jobs
from prize.models import Edition, User
from prize.services import audit

from . import exports_full
from .book import list_entries

KIND = "entries.answers"
# How many progress reports a file gets at most (besides the first and the last).
REPORTS = 100


def direct_max() -> int:
    """The most entries exported within the request; above, the export is built in the
    background."""
    return getattr(settings, "ANSWERS_EXPORT_DIRECT_MAX", 2000)


def may_start(user: User, edition: Edition, params: dict | None = None) -> bool:
    """Whoever sees the edition's entries list: its secretariat and coordinators (and a
    superuser)."""
    from prize.rules import is_edition_staff, is_superuser

    return bool(user.is_authenticated and (is_superuser | is_edition_staff).test(user, edition))


def list_query(query: QueryDict) -> str:
    """The list's query string without the export's own parameters."""
    kept = query.copy()
    for key in ("format", "form"):
        kept.pop(key, None)
    return kept.urlencode()


def params_for(*, query: QueryDict, fmt: str, form_id: int | None, links: str) -> dict:
    return {"query": list_query(query), "format": fmt, "form": form_id, "links": links}


def title_for(edition: Edition, fmt: str, filtered: bool) -> str:
    name = edition.short_name or edition.name
    if filtered:
        return _("Every answer %(edition)s, %(format)s (filtered)") % {
            "edition": name, "format": fmt.upper()}
    return _("Every answer %(edition)s, %(format)s") % {"edition": name, "format": fmt.upper()}


def counter(total: int, progress: jobs.Progress):
    """``tick()`` to call after each row: tells ``progress`` about every hundredth of the way
    (one write to the database each), not every row."""
    step = max(1, total // REPORTS)
    state = {"done": 0}

    def tick() -> None:
        state["done"] += 1
        if state["done"] % step == 0 and state["done"] < total:
            progress(state["done"], total)

    return tick


def build(job, progress: jobs.Progress) -> jobs.Built:
    """The job's file from the list's query string, read again now (``job.params``)."""
    params = job.params if isinstance(job.params, dict) else {}
    edition = job.edition
    if not may_start(job.user, edition, params):
        raise jobs.JobError(_("You may no longer see these entries."))
    fmt = params.get("format")
    if fmt not in exports_full.FORMATS:
        raise jobs.JobError(_("This export's format is unknown: export the list again."))
    form_id = params.get("form")
    if form_id is not None and not isinstance(form_id, int):
        raise jobs.JobError(_("The application form chosen no longer exists."))
    rows, filter_form = list_entries(job.user, edition, params.get("query") or "")
    forms = exports_full.forms_for(edition, rows, form_id)
    if forms is None:
        raise jobs.JobError(_("The application form chosen no longer exists."))
    total = exports_full.rows_of(rows, form_id).count()
    progress(0, total)
    link = exports_full.links_under(params.get("links") or settings.SITE_URL.rstrip("/") + "/")
    handle, path = tempfile.mkstemp(suffix=".xlsx" if fmt == "xlsx" else ".csv")
    os.close(handle)
    try:
        tick = counter(total, progress)
        if fmt == "xlsx":
            exports_full.write_xlsx(path, rows, forms, link, tick)
        else:
            with open(path, "wb") as target:
                exports_full.write_csv(target, rows, forms, link, tick)
    except BaseException:
        os.unlink(path)
        raise
    progress(total, total)
    audit(job.user, "entry.export_answers", edition, edition=edition,
          after={"format": fmt, **({"form": form_id} if form_id else {}),
                 **exports_full.filters_audited(filter_form), "job": job.pk})
    return jobs.Built(path=path, file_name=exports_full.file_name(edition, fmt, forms),
                      content_type=exports_full.content_type(fmt, forms))


def register() -> None:
    jobs.register(jobs.Kind(key=KIND, label=gettext_lazy("Every answer of the entries"),
                            build=build, may_start=may_start))


register()
