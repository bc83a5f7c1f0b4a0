"""Building an application form in the browser: new forms, and each change to a form's steps and
fields (add, change, remove, move, choose the title field).

A form is data (``EntryForm.schema``, see ``entries/schema.py``). Each change here is a function
of the schema as stored (a dict in, a new dict out, raising ``BuilderError`` with the reasons),
and ``change_save`` stores it only when

- the form has not changed since the organiser read it (the version they were shown): two
  organisers at once never lose each other's work;
- ``Schema.parse`` reads the result: a form the platform cannot read is never stored;
- the form has no entries, or ``schema_changes.problems`` allows the change for the entries made
  with it (otherwise the refusals are returned, with the offer to make a copy for new entries).

Keys of steps and fields are made from their titles and labels when they are added (slugified,
unique in the form) and never change afterwards: answers, reviews and exports are kept under them.
Every change stored is audited (``form.change``, with a short description).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prize.models import Edition, User
from prize.services import audit

from . import schema as form_schema
from . import schema_changes
from .models import Entry, EntryForm

# Every type the builder knows, in the order it offers them; only those the platform reads
# (``schema.FIELD_TYPES``) are offered.
TYPE_LABELS = {
    "text": gettext_lazy("Short text"),
    "textarea": gettext_lazy("Long text"),
    "email": gettext_lazy("E-mail address"),
    "url": gettext_lazy("Web address"),
    "number": gettext_lazy("Number"),
    "date": gettext_lazy("Date"),
    "choice": gettext_lazy("Choice (one option)"),
    "multichoice": gettext_lazy("Several choices"),
    "boolean": gettext_lazy("Yes or no (a box to tick)"),
    "urls": gettext_lazy("List of links"),
    "table": gettext_lazy("Table"),
    "money": gettext_lazy("Amount of money"),
    "country": gettext_lazy("Country"),
    "city": gettext_lazy("City"),
}

# The options each type takes; any other of these is dropped when a field changes type.
TYPE_OPTIONS = {
    "text": ("max_length", "max_words"),
    "textarea": ("max_length", "max_words"),
    "number": ("min", "max"),
    "choice": ("choices",),
    "multichoice": ("choices", "min_items", "max_items"),
    "urls": ("min_items", "max_items"),
    "table": ("columns", "min_items", "max_items"),
    "money": ("currencies", "min", "max"),
}
OPTIONS = ("max_length", "max_words", "min", "max", "min_items", "max_items", "choices",
           "columns", "currencies")
# Types a condition can depend on (as the platform reads them; choices before it knew more).
CONDITION_TYPES = tuple(sorted(getattr(form_schema, "CONDITION_TYPES", {"choice", "multichoice"})))
# Types a title field may have.
TITLE_TYPES = ("text",)
STEP_OPTIONS = ("max_files", "max_mb", "min_files", "types", "blind_variant")

FILE_TYPE_LABELS = {
    "pdf": gettext_lazy("PDF"),
    "docx": gettext_lazy("Word document (.docx)"),
    "xlsx": gettext_lazy("Excel workbook (.xlsx)"),
    "png": gettext_lazy("PNG image"),
    "jpeg": gettext_lazy("JPEG image"),
    "image": gettext_lazy("Any image (PNG or JPEG)"),
    "office": gettext_lazy("Any office document (Word or Excel)"),
}
# The kinds of file a files step may accept, as the platform reads them.
FILE_TYPES = tuple((kind, label) for kind, label in FILE_TYPE_LABELS.items()
                   if kind in getattr(form_schema, "FILE_TYPES", FILE_TYPE_LABELS))

KEY_LENGTH = 40
# Names the entrant's step form posts beside the answers: never a field's key.
RESERVED_KEYS = {"version", "writer", "action", "next", "csrfmiddlewaretoken"}
MAX_STEPS = 40
MAX_FIELDS = 300


class BuilderError(Exception):
    """A change refused, with the reasons to show (``copy``: the form has entries, and a copy
    for new entries would take the change)."""

    def __init__(self, messages: list[str] | str, *, copy: bool = False, conflict: bool = False):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        self.copy = copy
        self.conflict = conflict
        super().__init__(" ".join(str(m) for m in self.messages))


def languages() -> tuple[str, ...]:
    """The platform's languages, as codes."""
    return form_schema.languages()


def language_names() -> dict[str, str]:
    """Each language's name in itself ("한국어"), as ``settings.LANGUAGES`` gives it."""
    return {code: str(name) for code, name in settings.LANGUAGES}


def form_language(schema) -> str:
    return form_schema.form_language(schema)


def missing_texts(schema) -> list[tuple[str, str, list[form_schema.MissingText]]]:
    """(language code, its name, the texts with no version in it) for each language the form
    is not written in."""
    names = language_names()
    own = form_language(schema)
    return [(code, names.get(code, code), form_schema.missing_translations(schema, code))
            for code in languages() if code != own]


def _set_translations(item: dict, translations, options: tuple[str, ...] = ()) -> None:
    """Store the translations the builder's form gave (when it gave them), keeping only those
    of options the item still has; none at all: no ``"translations"``."""
    current = translations if translations is not None else item.get("translations")
    if not isinstance(current, dict):
        item.pop("translations", None)
        return
    kept = {}
    for code, translation in current.items():
        if not isinstance(translation, dict):
            continue
        translation = dict(translation)
        for name in form_schema.OPTION_TEXTS:
            labels = translation.get(name)
            values = {str(p if isinstance(p, str) else p[0]) for p in item.get(name) or []
                      if isinstance(p, str) or (isinstance(p, list | tuple) and p)}
            if isinstance(labels, dict):
                labels = {v: label for v, label in labels.items() if v in values}
                if labels:
                    translation[name] = labels
                else:
                    translation.pop(name)
        translation = {k: v for k, v in translation.items() if v not in ("", None, {})}
        if translation:
            kept[code] = translation
    if kept:
        item["translations"] = kept
    else:
        item.pop("translations", None)


def field_types() -> list[tuple[str, str]]:
    """(type, label) of every type a field may have, in the builder's order."""
    return [(kind, TYPE_LABELS[kind]) for kind in TYPE_LABELS if kind in form_schema.FIELD_TYPES]


def version(schema) -> str:
    """A short fingerprint of a schema: the version an organiser read."""
    text = json.dumps(schema, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def make_key(title: str, taken: set[str], fallback: str) -> str:
    """A key for a new step or field: its title slugified, unique among ``taken``."""
    base = slugify(title).replace("-", "_")[:KEY_LENGTH].strip("_") or fallback
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


def starting_schema() -> dict:
    """A new form: one step holding the required title field (a form needs one)."""
    step_title, label = _("The project"), _("Project title")
    step_key = make_key(step_title, set(), "project")
    field_key = make_key(label, set(), "title")
    return {"title_field": field_key, "steps": [{
        "key": step_key, "title": step_title, "fields": [
            {"key": field_key, "type": "text", "label": label, "required": True,
             "max_length": 200}]}]}


# --- Reading a schema ----------------------------------------------------------------------------


def steps_of(schema) -> list[dict]:
    steps = schema.get("steps") if isinstance(schema, dict) else None
    return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []


def fields_of(step: dict) -> list[dict]:
    fields = step.get("fields")
    return [f for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []


def all_fields(schema) -> list[tuple[dict, dict]]:
    """(step, field) for every field, in form order."""
    return [(step, f) for step in steps_of(schema) for f in fields_of(step)]


def find_step(schema, key: str) -> dict | None:
    return next((s for s in steps_of(schema) if s.get("key") == key), None)


def find_field(schema, key: str) -> tuple[dict, dict] | None:
    return next(((s, f) for s, f in all_fields(schema) if f.get("key") == key), None)


def _taken(schema) -> tuple[set[str], set[str]]:
    return ({str(s.get("key")) for s in steps_of(schema)},
            {str(f.get("key")) for _s, f in all_fields(schema)})


def _is_attachments(step: dict) -> bool:
    return step.get("kind") == "attachments"


# --- Checks of the builder's own (the platform's reading is ``Schema.parse``) --------------------


def condition_options(f: dict) -> list[tuple[str, str]] | None:
    """The values a condition on ``f`` may name, with their labels (None: any country code)."""
    if f.get("type") == "boolean":
        return [("yes", _("Yes")), ("no", _("No"))]
    if f.get("type") == "country":
        return None
    return [(str(v), str(label)) for v, label in f.get("choices") or []]


def condition_value_ok(f: dict, value: str) -> bool:
    options = condition_options(f)
    if options is None:
        return len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()
    return value in {v for v, _label in options}


def condition_problems(schema) -> list[str]:
    """Conditions must name an earlier field with options, and some of its options."""
    found, earlier = [], {}
    for _step, f in all_fields(schema):
        condition = f.get("show_if")
        if condition:
            label = f.get("label") or f.get("key")
            source = earlier.get(condition.get("field")) if isinstance(condition, dict) else None
            values = condition.get("in") if isinstance(condition, dict) else None
            if source is None:
                found.append(_("“%(field)s” can only depend on a field with options above it.")
                             % {"field": label})
            elif not values or not isinstance(values, list) or not all(
                    condition_value_ok(source, str(v)) for v in values):
                found.append(_("“%(field)s” depends on options that “%(source)s” does not "
                               "have.") % {"field": label, "source": source.get("label")})
        if f.get("type") in CONDITION_TYPES:
            earlier[f.get("key")] = f
    return found


def _readable(schema) -> None:
    found = condition_problems(schema)
    if found:
        raise BuilderError(found)
    try:
        form_schema.Schema.parse(schema)
    except (form_schema.SchemaError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BuilderError(_("The platform could not read the form after this change (%(reason)s"
                             "), so it was not saved.") % {"reason": exc}) from exc
    if "\\u0000" in json.dumps(schema):
        raise BuilderError(_("A character that cannot be stored (NUL) was removed: check the "
                             "text and save again."))
    steps, fields = steps_of(schema), all_fields(schema)
    if len(steps) > MAX_STEPS or len(fields) > MAX_FIELDS:
        raise BuilderError(_("A form holds at most %(steps)s steps and %(fields)s fields.")
                           % {"steps": MAX_STEPS, "fields": MAX_FIELDS})


# --- Changes: a schema in, a new schema out ------------------------------------------------------


def _set(target: dict, key: str, value) -> None:
    """Set an option, or drop it when it is empty (absent means "no limit", "no")."""
    if value in (None, "", [], False):
        target.pop(key, None)
    else:
        target[key] = value


def _step_apply(step: dict, data: dict) -> None:
    step["title"] = data["title"]
    _set(step, "intro", data.get("intro", ""))
    _set(step, "identifying", bool(data.get("identifying")))
    if _is_attachments(step):
        for name in ("max_files", "max_mb", "min_files"):
            if data.get(name) is not None:
                step[name] = data[name]
        _set(step, "types", list(data.get("types") or []))
        _set(step, "blind_variant", bool(data.get("blind_variant")))
    else:
        for name in STEP_OPTIONS:
            step.pop(name, None)
    _set_translations(step, data.get("translations"))


def step_add(schema: dict, data: dict) -> tuple[dict, str]:
    steps_taken, _fields = _taken(schema)
    key = make_key(data["title"], steps_taken, "step")
    step: dict = {"key": key, "title": data["title"]}
    if data.get("kind") == "attachments":
        step["kind"] = "attachments"
    else:
        step["fields"] = []
    _step_apply(step, data)
    schema.setdefault("steps", []).append(step)
    return schema, _("Step added: %(step)s") % {"step": data["title"]}


def step_change(schema: dict, key: str, data: dict) -> tuple[dict, str]:
    step = find_step(schema, key)
    if step is None:
        raise BuilderError(_("This step is no longer in the form."))
    kind = "attachments" if data.get("kind") == "attachments" else "fields"
    if kind != ("attachments" if _is_attachments(step) else "fields"):
        if fields_of(step):
            raise BuilderError(_("Remove the fields of this step (or move them to another) "
                                 "before making it a files step."))
        if kind == "attachments":
            step["kind"] = "attachments"
            step.pop("fields", None)
        else:
            step.pop("kind", None)
            step["fields"] = []
    _step_apply(step, data)
    return schema, _("Step changed: %(step)s") % {"step": data["title"]}


def step_remove(schema: dict, key: str) -> tuple[dict, str]:
    step = find_step(schema, key)
    if step is None:
        raise BuilderError(_("This step is no longer in the form."))
    if any(f.get("key") == schema.get("title_field") for f in fields_of(step)):
        raise BuilderError(_("This step holds the title field: choose another title field "
                             "first."))
    if len(steps_of(schema)) == 1:
        raise BuilderError(_("A form needs at least one step."))
    schema["steps"] = [s for s in schema["steps"] if s is not step]
    return schema, _("Step removed: %(step)s") % {"step": step.get("title", key)}


def _field_apply(f: dict, data: dict) -> None:
    kind = data["type"]
    f["type"] = kind
    f["label"] = data["label"]
    _set(f, "help", data.get("help", ""))
    for name in ("required", "identifying", "public"):
        _set(f, name, bool(data.get(name)))
    wanted = TYPE_OPTIONS.get(kind, ())
    for name in OPTIONS:
        if name in wanted:
            value = data.get(name)
            _set(f, name, [list(pair) for pair in value] if isinstance(value, list) else value)
        else:
            f.pop(name, None)
    condition = data.get("show_if")
    if condition:
        f["show_if"] = {"field": condition["field"], "in": list(condition["in"])}
    else:
        f.pop("show_if", None)
    _set_translations(f, data.get("translations"))


def field_add(schema: dict, step_key: str, data: dict) -> tuple[dict, str]:
    step = find_step(schema, step_key)
    if step is None or _is_attachments(step):
        raise BuilderError(_("Fields go on a step of questions; this one is not (any more)."))
    _steps, fields_taken = _taken(schema)
    f: dict = {"key": make_key(data["label"], fields_taken | RESERVED_KEYS, "field")}
    _field_apply(f, data)
    step.setdefault("fields", []).append(f)
    return schema, _("Field added: %(field)s (%(step)s)") % {
        "field": data["label"], "step": step.get("title", step_key)}


def field_change(schema: dict, key: str, data: dict) -> tuple[dict, str]:
    found = find_field(schema, key)
    if found is None:
        raise BuilderError(_("This field is no longer in the form."))
    step, f = found
    if key == schema.get("title_field") and data["type"] not in TITLE_TYPES:
        raise BuilderError(_("The title field stays a short text: choose another title field "
                             "before changing its type."))
    _field_apply(f, data)
    return schema, _("Field changed: %(field)s (%(step)s)") % {
        "field": data["label"], "step": step.get("title", "")}


def field_remove(schema: dict, key: str) -> tuple[dict, str]:
    found = find_field(schema, key)
    if found is None:
        raise BuilderError(_("This field is no longer in the form."))
    step, f = found
    if key == schema.get("title_field"):
        raise BuilderError(_("This is the title field: choose another title field first."))
    dependants = [g.get("label") for _s, g in all_fields(schema)
                  if isinstance(g.get("show_if"), dict) and g["show_if"].get("field") == key]
    if dependants:
        raise BuilderError(_("“%(fields)s” depend on this field: change their condition "
                             "first.") % {"fields": "”, “".join(map(str, dependants))})
    step["fields"] = [g for g in step["fields"] if g is not f]
    return schema, _("Field removed: %(field)s (%(step)s)") % {
        "field": f.get("label", key), "step": step.get("title", "")}


def _moved(items: list, item, position: int) -> list:
    rest = [i for i in items if i is not item]
    position = max(0, min(position, len(rest)))
    return [*rest[:position], item, *rest[position:]]


def move(schema: dict, kind: str, key: str, *, direction: str = "",
         position: int | None = None) -> tuple[dict, str]:
    """Move a step (among the steps) or a field (within its step) one place up or down, or to
    ``position`` (counted from 0)."""
    if kind == "step":
        item = find_step(schema, key)
        items = schema.get("steps") if item is not None else None
        label = item.get("title", key) if item else ""
    else:
        found = find_field(schema, key)
        item = found[1] if found else None
        items = found[0].get("fields") if found else None
        label = item.get("label", key) if item else ""
    if item is None or not isinstance(items, list):
        raise BuilderError(_("This is no longer in the form."))
    index = items.index(item)
    if position is None:
        position = index - 1 if direction == "up" else index + 1
    moved = _moved(items, item, position)
    if kind == "step":
        schema["steps"] = moved
    else:
        found[0]["fields"] = moved
    where = moved.index(item) + 1
    return schema, _("Moved: %(item)s, now %(position)s of %(count)s") % {
        "item": label, "position": where, "count": len(moved)}


def title_field_set(schema: dict, key: str) -> tuple[dict, str]:
    found = find_field(schema, key)
    if found is None or found[1].get("type") not in TITLE_TYPES:
        raise BuilderError(_("Choose a short text field of the form as its title."))
    schema["title_field"] = key
    return schema, _("Title field: %(field)s") % {"field": found[1].get("label", key)}


# --- Storing -------------------------------------------------------------------------------------


def form_new(*, edition: Edition, name: str, by: User) -> EntryForm:
    """A new form of the edition, starting with its title field."""
    name = name.strip()[:200]
    with transaction.atomic():
        taken = set(EntryForm.objects.filter(edition=edition).values_list("slug", flat=True))
        slug = make_key(name, {t.replace("-", "_") for t in taken}, "form").replace("_", "-")
        form = EntryForm.objects.create(edition=edition, name=name, slug=slug,
                                        schema=starting_schema())
        audit(by, "form.change", form, edition=edition, note=_("Form made: %(name)s")
              % {"name": name}, after={"change": "new"})
    return form


def change_save(*, form: EntryForm, edition: Edition, read: str,
                change: Callable[[dict], tuple[dict, str]], by: User) -> str:
    """Apply ``change`` to the form as stored, if it is still the version ``read``; store it if
    the platform reads it and its entries allow it. Returns the change's description; raises
    ``BuilderError`` with the reasons otherwise."""
    with transaction.atomic():
        locked = EntryForm.objects.select_for_update().get(pk=form.pk)
        if version(locked.schema) != read:
            raise BuilderError(_("Someone changed this form after you opened it; their change "
                                 "is kept and shown now. Check it, then make yours again."),
                               conflict=True)
        before = locked.schema
        try:
            after, description = change(copy.deepcopy(before))
        except (AttributeError, TypeError, KeyError, ValueError) as exc:
            # A form written by hand that the platform cannot read (steps that are not a list)
            raise BuilderError(_("The builder cannot change this form as it is: the platform "
                                 "cannot read it. Make a new form instead.")) from exc
        _readable(after)
        if Entry.objects.filter(form=locked).exists():
            try:
                found = schema_changes.problems(before, after)
            except (form_schema.SchemaError, ValueError, TypeError, KeyError, AttributeError):
                found = []  # the form could not be read before: its repair is welcome
            if found:
                raise BuilderError(found, copy=True)
        locked.schema = after
        locked.save(update_fields=["schema"])
        audit(by, "form.change", locked, edition=edition, note=description[:500],
              before={"version": read}, after={"version": version(after)})
    form.schema = after
    return description
