"""The form builder: a new form, and the page where an edition's form is built step by step
(steps and fields added, changed, removed and moved; the title field chosen; the JSON shown).

The edition's secretariat (and a superuser) build; coordinators read the builder without its
buttons; for everyone else these pages do not exist. Every change goes through
``entries.builder.change_save``: a refusal is shown on the page with what was typed kept.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import builder
from .. import schema as form_schema
from ..builder_forms import BuilderFieldForm, BuilderStepForm, NewFormForm
from ..form_setup import form_copy
from ..models import EntryForm
from .staff import _can_screen, staff_page

TYPE_NAMES = builder.TYPE_LABELS
FILE_TYPE_NAMES = dict(builder.FILE_TYPES)


def _entry_form(edition, pk) -> EntryForm:
    return get_object_or_404(EntryForm.objects.annotate(entry_count=Count("entries")),
                             edition=edition, pk=pk)


def _build_url(edition, form, anchor: str = "") -> str:
    url = reverse("entries:staff_form_build", args=[edition.slug, form.pk])
    return f"{url}#{anchor}" if anchor else url


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _condition_text(schema, f: dict) -> str:
    condition = f.get("show_if")
    if not isinstance(condition, dict):
        return ""
    found = builder.find_field(schema, condition.get("field"))
    if found is None:
        return _("Shown only under a condition on a field that is no longer in the form.")
    source = found[1]
    labels = {str(v): str(label) for v, label in source.get("choices", [])}
    values = [labels.get(str(v), str(v)) for v in condition.get("in") or []]
    return _("Shown only when “%(field)s” is %(values)s.") % {
        "field": source.get("label"), "values": _(" or ").join(f"“{v}”" for v in values)}


def _steps(schema) -> list[dict]:
    steps = builder.steps_of(schema)
    title_key = schema.get("title_field") if isinstance(schema, dict) else None
    rows = []
    for step in steps:
        fields = builder.fields_of(step)
        rows.append({
            "step": step, "key": str(step.get("key", "")),
            "attachments": step.get("kind") == "attachments",
            "types": [FILE_TYPE_NAMES.get(t, t) for t in step.get("types") or []],
            "fields": [{
                "field": f, "key": str(f.get("key", "")),
                "type": TYPE_NAMES.get(f.get("type"), f.get("type")),
                "is_title": f.get("key") == title_key,
                "condition": _condition_text(schema, f),
            } for f in fields],
        })
    return rows


def _builder(request, edition, form, *, error=None, notice="", status=200):
    schema = form.schema
    try:
        form_schema.Schema.parse(schema)
        broken = ""
    except (form_schema.SchemaError, ValueError, TypeError, KeyError, AttributeError) as exc:
        broken = str(exc)
    titles = [(f.get("key"), f.get("label") or f.get("key"))
              for _s, f in builder.all_fields(schema) if f.get("type") in builder.TITLE_TYPES]
    return render(request, "entries/forms/builder.html", {
        "edition": edition, "entry_form": form, "steps": _steps(schema),
        "version": builder.version(schema), "can_edit": _can_screen(request, edition),
        "json": json.dumps(schema, indent=2, ensure_ascii=False), "broken": broken,
        "titles": titles, "title_field": schema.get("title_field") if isinstance(
            schema, dict) else "",
        "missing_texts": builder.missing_texts(schema),
        "form_language": builder.form_language(schema),
        "error": error, "notice": notice,
    }, status=status)


def _save(request, edition, form, change):
    """Store a change; returns (description, None) or (None, the refusal)."""
    try:
        return builder.change_save(form=form, edition=edition,
                                   read=request.POST.get("version", ""), change=change,
                                   by=request.user), None
    except builder.BuilderError as exc:
        form.refresh_from_db(fields=["schema"])
        return None, exc


# --- A new form ----------------------------------------------------------------------------------


@staff_page(act=True)
def staff_form_new(request, edition):
    new_form = NewFormForm(request.POST or None)
    if request.method == "POST" and new_form.is_valid():
        form = builder.form_new(edition=edition, name=new_form.cleaned_data["name"],
                                by=request.user)
        messages.success(request, _("%(name)s is made: add its steps and fields.")
                         % {"name": form.name})
        return redirect(_build_url(edition, form))
    return render(request, "entries/forms/new.html", {"edition": edition, "form": new_form},
                  status=400 if new_form.is_bound else 200)


# --- The builder ---------------------------------------------------------------------------------


@staff_page()
def staff_form_build(request, edition, pk):
    return _builder(request, edition, _entry_form(edition, pk))


@require_POST
@staff_page(act=True)
def staff_form_build_copy(request, edition, pk):
    original = _entry_form(edition, pk)
    copy = form_copy(form=original, by=request.user)
    messages.success(request, _("%(name)s is made: change it here, then choose it for new "
                                "entries on the forms page.") % {"name": copy.name})
    return redirect(_build_url(edition, copy))


def _edit_page(request, edition, form, template, bound, *, error=None, **context):
    return render(request, template, {
        "edition": edition, "entry_form": form, "form": bound, "error": error,
        "version": builder.version(form.schema), **context,
    }, status=400 if request.method == "POST" else 200)


def _edit(request, edition, form, template, bound, *, change, anchor, **context):
    """A builder page of one form (a step's, a field's): on a valid POST the change is saved
    and the builder is shown at ``anchor()`` (called once saved); otherwise the page again,
    with what was typed and the refusal, if any."""
    error = None
    if request.method == "POST" and bound.is_valid():
        data = bound.cleaned_data
        description, error = _save(request, edition, form, lambda schema: change(schema, data))
        if error is None:
            messages.success(request, description)
            return redirect(_build_url(edition, form, anchor()))
    return _edit_page(request, edition, form, template, bound, error=error, **context)


@staff_page(act=True)
def staff_form_step_add(request, edition, pk):
    form = _entry_form(edition, pk)
    bound = BuilderStepForm(request.POST or None,
                            form_language=builder.form_language(form.schema))
    return _edit(request, edition, form, "entries/forms/step.html", bound,
                 change=builder.step_add,
                 anchor=lambda: f"step-{builder.steps_of(form.schema)[-1].get('key')}")


@staff_page(act=True)
def staff_form_step(request, edition, pk, step_key):
    form = _entry_form(edition, pk)
    step = builder.find_step(form.schema, step_key)
    if step is None:
        raise Http404
    bound = BuilderStepForm(request.POST or None, initial=BuilderStepForm.initial_of(step),
                            form_language=builder.form_language(form.schema))
    return _edit(request, edition, form, "entries/forms/step.html", bound,
                 change=lambda schema, data: builder.step_change(schema, step_key, data),
                 anchor=lambda: f"step-{step_key}", step=step)


def _earlier(schema, *, before_key: str | None = None, step_key: str | None = None):
    """Fields a condition may name: those with options above the field (``before_key``), or
    above the end of the step ``step_key`` for a new field."""
    found = []
    for _step, f in builder.all_fields(schema):
        if before_key is not None and f.get("key") == before_key:
            break
        if f.get("type") in builder.CONDITION_TYPES:
            found.append(f)
    if step_key is not None:
        keys = [s.get("key") for s in builder.steps_of(schema)]
        until = keys.index(step_key) + 1 if step_key in keys else len(keys)
        allowed = {f.get("key") for s in builder.steps_of(schema)[:until]
                   for f in builder.fields_of(s)}
        found = [f for f in found if f.get("key") in allowed]
    return found


@staff_page(act=True)
def staff_form_field_add(request, edition, pk, step_key):
    form = _entry_form(edition, pk)
    step = builder.find_step(form.schema, step_key)
    if step is None or step.get("kind") == "attachments":
        raise Http404
    earlier = _earlier(form.schema, step_key=step_key)
    bound = BuilderFieldForm(request.POST or None, earlier=earlier,
                             initial={"type": "text"},
                             form_language=builder.form_language(form.schema))

    def added():
        fields = builder.fields_of(builder.find_step(form.schema, step_key))
        return f"field-{fields[-1].get('key')}"

    return _edit(request, edition, form, "entries/forms/field.html", bound,
                 change=lambda schema, data: builder.field_add(schema, step_key, data),
                 anchor=added, step=step)


@staff_page(act=True)
def staff_form_field(request, edition, pk, field_key):
    form = _entry_form(edition, pk)
    found = builder.find_field(form.schema, field_key)
    if found is None:
        raise Http404
    step, f = found
    bound = BuilderFieldForm(request.POST or None, initial=BuilderFieldForm.initial_of(f),
                             earlier=_earlier(form.schema, before_key=field_key),
                             form_language=builder.form_language(form.schema))
    return _edit(request, edition, form, "entries/forms/field.html", bound,
                 change=lambda schema, data: builder.field_change(schema, field_key, data),
                 anchor=lambda: f"field-{field_key}", step=step, field=f)


def _remove(request, edition, form, *, what: str, name: str, change, back: str):
    if request.method == "POST":
        description, error = _save(request, edition, form, change)
        if error is None:
            messages.success(request, description)
            return redirect(_build_url(edition, form))
    else:
        error = None
    return render(request, "entries/forms/remove.html", {
        "edition": edition, "entry_form": form, "what": what, "name": name, "error": error,
        "version": builder.version(form.schema), "back": _build_url(edition, form, back),
    }, status=400 if error else 200)


@staff_page(act=True)
def staff_form_step_remove(request, edition, pk, step_key):
    form = _entry_form(edition, pk)
    step = builder.find_step(form.schema, step_key)
    if step is None:
        raise Http404
    return _remove(request, edition, form, what="step", name=step.get("title") or step_key,
                   change=lambda schema: builder.step_remove(schema, step_key),
                   back=f"step-{step_key}")


@staff_page(act=True)
def staff_form_field_remove(request, edition, pk, field_key):
    form = _entry_form(edition, pk)
    found = builder.find_field(form.schema, field_key)
    if found is None:
        raise Http404
    return _remove(request, edition, form, what="field",
                   name=found[1].get("label") or field_key,
                   change=lambda schema: builder.field_remove(schema, field_key),
                   back=f"field-{field_key}")


def _after_change(request, edition, form, description, error, anchor=""):
    """Back to the builder: the page itself for htmx (its list swapped in), else a redirect."""
    if _htmx(request):
        return _builder(request, edition, form, error=error, notice=description or "")
    if error is not None:
        return _builder(request, edition, form, error=error, status=400)
    messages.success(request, description)
    return redirect(_build_url(edition, form, anchor))


@require_POST
@staff_page(act=True)
def staff_form_move(request, edition, pk):
    form = _entry_form(edition, pk)
    kind = "step" if request.POST.get("kind") == "step" else "field"
    key = request.POST.get("key", "")
    direction = request.POST.get("direction", "")
    raw = request.POST.get("position", "").strip()
    position = int(raw) if raw.isdigit() and len(raw) <= 4 else None
    if direction not in {"up", "down"} and position is None:
        return _after_change(request, edition, form, None,
                             builder.BuilderError(_("Choose where to move it.")))
    description, error = _save(request, edition, form, lambda schema: builder.move(
        schema, kind, key, direction=direction, position=position))
    return _after_change(request, edition, form, description, error, f"{kind}-{key}")


@require_POST
@staff_page(act=True)
def staff_form_title(request, edition, pk):
    form = _entry_form(edition, pk)
    key = request.POST.get("title_field", "")
    description, error = _save(request, edition, form,
                               lambda schema: builder.title_field_set(schema, key))
    return _after_change(request, edition, form, description, error, "title-field")


urlpatterns = [
    path("staff/<slug:edition_slug>/forms/new/", staff_form_new, name="staff_form_new"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/", staff_form_build,
         name="staff_form_build"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/copy/", staff_form_build_copy,
         name="staff_form_build_copy"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/move/", staff_form_move,
         name="staff_form_move"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/title/", staff_form_title,
         name="staff_form_title"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/add-step/", staff_form_step_add,
         name="staff_form_step_add"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/steps/<str:step_key>/",
         staff_form_step, name="staff_form_step"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/steps/<str:step_key>/remove/",
         staff_form_step_remove, name="staff_form_step_remove"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/steps/<str:step_key>/add-field/",
         staff_form_field_add, name="staff_form_field_add"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/fields/<str:field_key>/",
         staff_form_field, name="staff_form_field"),
    path("staff/<slug:edition_slug>/forms/<id:pk>/build/fields/<str:field_key>/remove/",
         staff_form_field_remove, name="staff_form_field_remove"),
]
