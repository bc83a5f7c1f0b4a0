"""The steps of the application form: showing a step, saving it (a plain POST, or an htmx
autosave), and keeping what an expired session typed until the entrant logs in again.

Nothing typed is lost: a refused save (closed call, a newer save elsewhere) shows the form
again with what was sent.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prize import writers

from ... import schema as form_schema
from ...enums import EDITABLE_STATUSES
from ...forms import StepForm
from ...models import Entry
from ...selectors import entries_editable_by
from ...services import AnswersOverLimits, EntryError, StaleEntry, entry_save_step
from ...templatetags.entries_tags import time_left
from ._common import call_open, step_nav, step_url

# What an expired session typed last, kept in the (new, anonymous) session until login.
UNSAVED_KEY = "entries:unsaved"
UNSAVED_MAX_BYTES = 64_000


def _saved_time(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i:s")


def _keep_unsaved(request, pk: int, step_key: str) -> bool:
    """Keep what a logged-out browser sent, to put it back in the form after login."""
    data = {key: request.POST.getlist(key) for key in request.POST
            if key not in ("csrfmiddlewaretoken", "action")}
    if len(json.dumps(data)) > UNSAVED_MAX_BYTES:
        return False
    request.session[UNSAVED_KEY] = {"entry": pk, "step": step_key, "data": data}
    return True


def _take_unsaved(request, entry: Entry, step_key: str) -> QueryDict | None:
    kept = request.session.get(UNSAVED_KEY)
    if not kept or kept.get("entry") != entry.pk or kept.get("step") != step_key:
        return None
    del request.session[UNSAVED_KEY]
    data = QueryDict(mutable=True)
    for key, values in kept.get("data", {}).items():
        data.setlist(key, [str(v) for v in values])
    return data


def _session_expired(request, pk: int, step_key: str):
    kept = request.method == "POST" and _keep_unsaved(request, pk, step_key)
    here = reverse("entries:step", args=[pk, step_key])
    login = f"{reverse('account_login')}?{QueryDict.fromkeys(['next'], here).urlencode()}"
    if not request.htmx:
        if request.method != "POST":
            return redirect_to_login(here)
        if kept:
            messages.info(request, _("Your session had expired, so this was not saved yet. Log "
                                     "in to carry on: what you typed will be back in the form."))
        return redirect(login)
    html = render_to_string("entries/entrant/_session_expired.html",
                            {"login_url": login, "kept": kept}, request=request)
    return HttpResponse(html, status=401)


def _same_as_stored(schema, step, typed: dict, entry: Entry) -> bool:
    """Whether what was sent for this step is what is stored (a repeated save)."""
    cleaned = form_schema.clean_answers(schema, step, typed)
    return all((entry.answers.get(key) or None) == (value or None)
               for key, value in cleaned.items())


def _step_response(request, entry, schema, step, form, *, deadline, version, alert="",
                   alert_kind="danger", status=200):
    attachment_count = entry.attachments.count()
    next_step, previous_step = schema.next_step(step.key), schema.previous_step(step.key)
    return render(request, "entries/entrant/step.html", {
        "entry": entry, "schema": schema, "step": step, "form": form,
        "nav": step_nav(schema, entry, step.key, attachment_count),
        "next_step": next_step, "previous_step": previous_step,
        "deadline": deadline, "is_open": call_open(entry.edition, deadline),
        "time_left": time_left(deadline), "version": version,
        "alert": alert, "alert_kind": alert_kind,
        "step_number": [s.key for s in schema.steps].index(step.key) + 1,
    }, status=status)


def _save_partial(request, entry, schema, step, *, message="", status=200, version=None):
    attachment_count = entry.attachments.count()
    html = render_to_string("entries/entrant/_save_status.html", {
        "entry": entry, "message": message, "failed": status != 200,
        "version": entry.version if version is None else version,
        "nav": step_nav(schema, entry, step.key, attachment_count),
        "saved_at": _saved_time(entry.last_saved_at),
    }, request=request)
    return HttpResponse(html, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def step(request, pk, step_key):
    if not request.user.is_authenticated:
        return _session_expired(request, pk, step_key)
    # A submitted entry is edited with its changes not submitted yet in place.
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk).editing()
    schema = form_schema.Schema.parse(entry.form.schema)
    try:
        step = schema.step(step_key)
    except KeyError:
        raise Http404 from None
    if step.kind == "attachments":
        return redirect(step_url(entry, step))
    deadline = entry.deadline()

    if request.method != "POST":
        if entry.status not in EDITABLE_STATUSES:
            messages.info(request, entry.locked_message())
            return redirect("entries:entry_detail", pk=entry.pk)
        if not call_open(entry.edition, deadline):
            if timezone.now() < entry.edition.call_opens_at:
                messages.info(request, _("The call for entries is not open yet."))
            else:
                messages.info(request, _("The call for entries is closed; this entry can no "
                                         "longer be changed."))
            return redirect("entries:entry_detail", pk=entry.pk)
        unsaved = _take_unsaved(request, entry, step.key)
        if unsaved is not None:
            form = StepForm(step, unsaved, problems=form_schema.step_errors(
                step, {**entry.answers, **form_schema.clean_answers(
                    schema, step, StepForm(step, unsaved).typed())}))
            return _step_response(
                request, entry, schema, step, form, deadline=deadline,
                version=unsaved.get("version", entry.version), alert_kind="warning",
                alert=_("You were logged out before this was saved. What you typed is back "
                        "in the form, but it is not saved yet: check it, then save."))
        form = StepForm(step, answers=entry.answers,
                        problems=form_schema.step_errors(step, entry.answers))
        return _step_response(request, entry, schema, step, form, deadline=deadline,
                              version=entry.version)

    form = StepForm(step, request.POST)
    typed = form.typed()
    repeated = False
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    # Checked with the other steps' answers too: a condition may depend on them.
    typed_problems = form_schema.step_errors(
        step, {**entry.answers, **form_schema.clean_answers(schema, step, typed)})
    try:
        saved = entry_save_step(entry=entry, step=step.key, data=typed, version=version,
                                by=request.user, writer=writers.writer_of(request.POST))
    except StaleEntry as exc:
        current = entries_editable_by(request.user).get(pk=entry.pk).editing()
        if not _same_as_stored(schema, step, typed, current):
            form = StepForm(step, request.POST, problems=typed_problems)
            if request.htmx:
                return _save_partial(request, current, schema, step, message=exc.messages[0],
                                     status=409, version=version)
            return _step_response(request, current, schema, step, form, deadline=deadline,
                                  version=version, alert=exc.messages[0])
        saved, repeated = current, True  # the same answers again (a double click)
    except AnswersOverLimits as exc:
        # Nothing of the step is stored; the typed text stays in the form (the autosave only
        # swaps its status line), with each problem under its field.
        message = _("%(problems)s Nothing of this step was saved; your text is still in the "
                    "form.") % {"problems": " ".join(exc.messages)}
        if request.htmx:
            return _save_partial(request, entry, schema, step, message=message, status=422,
                                 version=version)
        problems = {key: list(found) for key, found in typed_problems.items()}
        for key, found in exc.problems.items():
            problems.setdefault(key, []).extend(m for m in found if m not in problems[key])
        form = StepForm(step, request.POST, problems=problems)
        return _step_response(request, entry, schema, step, form, deadline=deadline,
                              version=version, alert=message, status=422)
    except EntryError as exc:
        if request.htmx:
            return _save_partial(request, entry, schema, step, message=exc.messages[0],
                                 status=409, version=version)
        form = StepForm(step, request.POST, problems=typed_problems)
        return _step_response(request, entry, schema, step, form, deadline=deadline,
                              version=version, alert=" ".join(exc.messages))

    saved = saved.editing()
    if request.htmx:
        return _save_partial(request, saved, schema, step)
    if not repeated:
        if saved.has_pending_changes:
            messages.success(request, _(
                "Saved at %(time)s as a change not submitted yet: submit the changes from "
                "“Review and submit” before the deadline, or the version you "
                "submitted before stands.") % {"time": _saved_time(saved.last_saved_at)})
        else:
            messages.success(request, _("Saved at %(time)s.")
                             % {"time": _saved_time(saved.last_saved_at)})
    action = request.POST.get("action", "save")
    if action == "continue":
        following = schema.next_step(step.key)
        return redirect(step_url(saved, following) if following else
                        reverse("entries:review", args=[saved.pk]))
    if action == "back":
        previous = schema.previous_step(step.key)
        return redirect(step_url(saved, previous) if previous else
                        reverse("entries:dashboard"))
    return redirect(f"{reverse('entries:step', args=[saved.pk, step.key])}#step-form")
