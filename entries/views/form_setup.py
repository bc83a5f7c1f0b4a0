"""The edition's application forms: which form each kind of entrant fills in each category, a
copy of a form, and a preview of every step exactly as an entrant sees it (to try: what is typed
there is checked and shown with its messages, never saved).

The secretariat changes; coordinators read and preview.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prize.inputs import ID_DIGITS

from .. import form_setup
from .. import schema as form_schema
from ..forms import StepForm
from ..models import EntryForm
from ..services import answer_limits
from .staff import _can_screen, staff_page


def _page(request, edition, *, error="", status=200):
    from prize.selectors import editions_managed_by

    forms = form_setup.forms_of(edition)
    can_edit = _can_screen(request, edition)
    return render(request, "entries/forms/list.html", {
        "edition": edition, "forms": forms, "grid": form_setup.grid(edition),
        "can_edit": can_edit, "error": error,
        "importable": form_setup.forms_to_import(edition, editions_managed_by(request.user))
        if can_edit else [],
    }, status=status)


def _chosen(post, grid) -> dict[tuple[int, str], int | None]:
    chosen = {}
    for row in grid:
        for cell in row["kinds"]:
            if cell["field"] not in post:
                continue
            raw = post.get(cell["field"], "").strip()
            if raw and not (raw.isdigit() and len(raw) <= ID_DIGITS):
                raise form_setup.FormSetupError(_("Choose one of this edition's forms."))
            chosen[(row["category"].pk, cell["kind"])] = int(raw) if raw else None
    return chosen


@staff_page()
def staff_forms(request, edition):
    if request.method != "POST":
        return _page(request, edition)
    if not _can_screen(request, edition):
        raise Http404
    try:
        changed = form_setup.uses_save(
            edition=edition, chosen=_chosen(request.POST, form_setup.grid(edition)),
            by=request.user)
    except form_setup.FormSetupError as exc:
        return _page(request, edition, error=str(exc), status=400)
    messages.success(request, _("Saved: new entries use the forms chosen (%(count)s changed); "
                                "entries already started keep theirs.") % {"count": changed})
    return redirect("entries:staff_forms", edition_slug=edition.slug)


@require_POST
@staff_page(act=True)
def staff_form_copy(request, edition, pk):
    form = get_object_or_404(EntryForm, edition=edition, pk=pk)
    copy = form_setup.form_copy(form=form, by=request.user)
    messages.success(request, _("%(name)s is made: choose it below for the categories that "
                                "should use it.") % {"name": copy.name})
    return redirect("entries:staff_forms", edition_slug=edition.slug)


@require_POST
@staff_page(act=True)
def staff_form_import(request, edition):
    """Copy a form of another edition the user manages into this one."""
    from prize.selectors import editions_managed_by

    raw = request.POST.get("form", "")
    source = None
    if raw.isdigit() and len(raw) <= ID_DIGITS:
        source = next((f for f in form_setup.forms_to_import(
            edition, editions_managed_by(request.user)) if f.pk == int(raw)), None)
    if source is None:
        return _page(request, edition, error=_("Choose a form of another edition you run."),
                     status=400)
    copy = form_setup.form_copy(form=source, by=request.user, to=edition)
    messages.success(request, _("%(name)s is copied from %(edition)s: build it further, then "
                                "choose it below.") % {"name": copy.name,
                                                       "edition": source.edition.name})
    return redirect("entries:staff_forms", edition_slug=edition.slug)


@staff_page()
def staff_form_preview(request, edition, pk, step_key=""):
    form = get_object_or_404(EntryForm, edition=edition, pk=pk)
    try:
        schema = form_schema.Schema.parse(form.schema)
    except (ValueError, KeyError, TypeError) as exc:
        return render(request, "entries/forms/preview.html", {
            "edition": edition, "entry_form": form, "broken": str(exc)}, status=200)
    steps = list(schema.steps)
    step = next((s for s in steps if s.key == step_key), steps[0] if steps else None)
    if step is None or (step_key and step.key != step_key):
        raise Http404
    tried = request.method == "POST"
    if step.kind == "attachments":
        step_form = None
    elif tried:
        # As submission judges the step: required answers, formats and limits.
        answers = form_schema.clean_answers(schema, step, StepForm(step, request.POST).typed())
        problems = form_schema.step_errors(step, answers, required=True)
        for key, found in form_schema.step_limit_errors(step, answers,
                                                        **answer_limits()).items():
            problems.setdefault(key, []).extend(m for m in found if m not in problems[key])
        step_form = StepForm(step, request.POST, problems=problems)
    else:
        step_form = StepForm(step)
    number = steps.index(step) + 1
    return render(request, "entries/forms/preview.html", {
        "edition": edition, "entry_form": form, "schema": schema, "step": step,
        "form": step_form, "tried": tried, "step_number": number, "step_count": len(steps),
        "steps": [{"step": s, "url": reverse("entries:staff_form_preview_step",
                                             args=[edition.slug, form.pk, s.key]),
                   "current": s.key == step.key} for s in steps],
        "next_step": steps[number] if number < len(steps) else None,
    })


urlpatterns = [
    path("staff/<slug:edition_slug>/forms/", staff_forms, name="staff_forms"),
    path("staff/<slug:edition_slug>/forms/import/", staff_form_import,
         name="staff_form_import"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/copy/", staff_form_copy,
         name="staff_form_copy"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/preview/", staff_form_preview,
         name="staff_form_preview"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/preview/<slug:step_key>/", staff_form_preview,
         name="staff_form_preview_step"),
]
