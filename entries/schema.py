"""Application forms as data: steps of typed fields, and the rules that check answers.

Pure Python, no Django: a form's schema is a dict stored in ``EntryForm.schema``; answers are the
JSON dict stored in ``Entry.answers``, holding exactly what the entrant typed (strings, lists of
strings, lists of row dicts), so a draft never loses anything. Checks happen on read:
``step_errors`` while editing, ``missing`` and ``entry_errors`` before submission.

Schema::

    {"title_field": "title",
     "steps": [{"key": "basics", "title": "Basics", "intro": "...",
                "fields": [{"key": "title", "type": "text", "label": "Project title",
                            "required": true, "max_length": 200, "help": "..."}, ...]},
               {"key": "attachments", "title": "Attachments", "kind": "attachments"}]}

Attachment steps take ``max_files`` (default 10), ``max_mb`` per file (default 20) and
``min_files`` (default 0).

Field types: text, textarea, email, url, number, date, choice, multichoice, boolean, urls
(one per line), table (rows of ``columns``). Limits: max_length (characters), max_words,
min / max (number), max_items (urls, multichoice, table rows), min_items. ``max_length`` and
``max_items`` hold even in a draft: a save that passes them is refused (``limit_errors``), and
a field without them gets the platform's caps (``TEXT_CAP`` characters, ``ITEMS_CAP`` items, in
settings). Word limits, ranges and formats are checked for submission; a draft keeps them as
typed, flagged.

``"identifying": true`` on a field or a whole step marks answers that name the entrant (a person,
a city, an organisation); judges of a blind round do not see them. Mark the title field too when
titles usually name a place or a person (judges then know the entry by its reference), and link
fields (a project's site names its city). An identifying attachments step hides the files from
judges of blind rounds altogether.

``"public": true`` on a field (or a whole fields step) marks answers that may be published when
the entry wins: the public page of a winner shows them, in the form's order, after the results
are announced (a short summary, say). Never mark a field that holds personal data (contacts,
references). Unmarked answers stay private to the entrant, the staff and the judges.

``"blind_variant": true`` on an attachments step asks the entrant, for each file, for an
optional anonymised version (names, logos and faces removed from the pages): judges of a blind
round get that version instead of the original. Whatever judges of a blind round download is
served under a neutral name ("attachment-2.pdf") and without its document metadata (author,
title, producer; EXIF and XMP of images; see ``entries/metadata.py``).

A form with any of these marks tells the entrant, on each step, what blind judging means for
their answers and files (``Schema.blind_marks``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

FIELD_TYPES = {
    "text", "textarea", "email", "url", "number", "date", "choice", "multichoice", "boolean",
    "urls", "table",
}
STEP_KINDS = {"fields", "attachments"}

_WORD = re.compile(r"\S+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

# What no answer may pass, even in a draft, where its form sets no limit of its own (the
# platform passes its settings; these defaults keep the module usable alone).
TEXT_CAP = 20_000
ITEMS_CAP = 100
URL_MAX_LENGTH = 2_000
NUMBER_MAX_DIGITS = 30
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$|^https?://[^\s/$.?#][^\s]*$", re.I)


class SchemaError(ValueError):
    """The form definition itself is wrong (an organiser's configuration mistake)."""


def count_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    label: str
    required: bool = False
    help: str = ""
    max_length: int | None = None
    max_words: int | None = None
    min: float | None = None
    max: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    # Names the entrant (a person, a city, an organisation): hidden from judges in a blind round.
    identifying: bool = False
    # Published with the results on the winner's public page (a short summary, say).
    public: bool = False

    @property
    def choice_values(self) -> set[str]:
        return {value for value, _label in self.choices}

    def empty(self, value: Any) -> bool:
        if value is None:
            return True
        if isinstance(value, str):
            return not value.strip()
        if isinstance(value, bool):
            return value is False
        if isinstance(value, list):
            if self.type == "table":
                return not any(_row_filled(row) for row in value)
            return not any(str(v).strip() for v in value)
        return False


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    intro: str = ""
    kind: str = "fields"
    fields: tuple[Field, ...] = ()
    # attachment steps: how many files, how large, at least how many
    max_files: int = 10
    max_mb: int = 20
    min_files: int = 0
    # Every field of the step names the entrant: hidden from judges in a blind round.
    identifying: bool = False
    # attachment steps: ask for an anonymised version of each file, for blind rounds
    blind_variant: bool = False


@dataclass(frozen=True)
class Problem:
    """Something that stops submission, with where to fix it."""

    step: str
    step_title: str
    field: str
    label: str
    message: str


@dataclass(frozen=True)
class Schema:
    steps: tuple[Step, ...]
    title_field: str = "title"
    fields_by_key: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def parse(cls, data: dict) -> Schema:
        if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
            raise SchemaError("A form needs a list of steps.")
        steps, seen_steps, by_key = [], set(), {}
        for raw_step in data["steps"]:
            key = raw_step.get("key")
            if not key or key in seen_steps:
                raise SchemaError(f"Step key missing or repeated: {key!r}")
            seen_steps.add(key)
            kind = raw_step.get("kind", "fields")
            if kind not in STEP_KINDS:
                raise SchemaError(f"Unknown step kind {kind!r} in step {key!r}")
            step_identifying = bool(raw_step.get("identifying"))
            step_public = bool(raw_step.get("public"))
            fields = tuple(_parse_field(f, key, step_identifying, step_public)
                           for f in raw_step.get("fields", []))
            for f in fields:
                if f.key in by_key:
                    raise SchemaError(f"Field key repeated: {f.key!r}")
                by_key[f.key] = f
            limits = {k: int(raw_step[k]) for k in ("max_files", "max_mb", "min_files")
                      if k in raw_step}
            blind_variant = bool(raw_step.get("blind_variant"))
            if blind_variant and kind != "attachments":
                raise SchemaError(f"Only an attachments step takes blind_variant ({key!r}).")
            steps.append(Step(key=key, title=raw_step.get("title", key),
                              intro=raw_step.get("intro", ""), kind=kind, fields=fields,
                              identifying=step_identifying, blind_variant=blind_variant,
                              **limits))
        if not steps:
            raise SchemaError("A form needs at least one step.")
        title_field = data.get("title_field", "title")
        if title_field not in by_key:
            raise SchemaError(f"The title field {title_field!r} is not a field of the form.")
        return cls(steps=tuple(steps), title_field=title_field, fields_by_key=by_key)

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def next_step(self, key: str) -> Step | None:
        keys = [s.key for s in self.steps]
        index = keys.index(key)
        return self.steps[index + 1] if index + 1 < len(keys) else None

    def previous_step(self, key: str) -> Step | None:
        keys = [s.key for s in self.steps]
        index = keys.index(key)
        return self.steps[index - 1] if index > 0 else None

    @property
    def blind_marks(self) -> bool:
        """Whether the form is made for blind judging: it marks answers that name the entrant,
        or asks for anonymised versions of files."""
        return any(s.identifying or s.blind_variant or any(f.identifying for f in s.fields)
                   for s in self.steps)

    @property
    def public_fields(self) -> list[Field]:
        """The fields whose answers a winner's public page shows, in the form's order."""
        return [f for s in self.steps for f in s.fields if f.public]

    def title(self, answers: dict) -> str:
        value = answers.get(self.title_field, "")
        return " ".join(str(value).split())[:300] if isinstance(value, str) else ""


def _parse_field(raw: dict, step_key: str, step_identifying: bool = False,
                 step_public: bool = False) -> Field:
    key, kind = raw.get("key"), raw.get("type")
    if not key or kind not in FIELD_TYPES:
        raise SchemaError(f"Field {key!r} in step {step_key!r} has an unknown type {kind!r}")
    choices = tuple((str(v), str(label)) for v, label in raw.get("choices", []))
    if kind in {"choice", "multichoice"} and not choices:
        raise SchemaError(f"Field {key!r} needs choices")
    columns = tuple((str(v), str(label)) for v, label in raw.get("columns", []))
    if kind == "table" and not columns:
        raise SchemaError(f"Field {key!r} needs columns")
    return Field(
        key=key, type=kind, label=raw.get("label", key), required=bool(raw.get("required")),
        help=raw.get("help", ""), max_length=raw.get("max_length"),
        max_words=raw.get("max_words"), min=raw.get("min"), max=raw.get("max"),
        min_items=raw.get("min_items"), max_items=raw.get("max_items"), choices=choices,
        columns=columns, identifying=step_identifying or bool(raw.get("identifying")),
        public=step_public or bool(raw.get("public")),
    )


def _row_filled(row: Any) -> bool:
    return isinstance(row, dict) and any(str(v).strip() for v in row.values())


def _as_number(value: str) -> Decimal | None:
    """A number as people write it (250000, 250,000, -3.5); not 1e400, not NaN, and at most
    ``NUMBER_MAX_DIGITS`` digits."""
    text = str(value).replace(",", "").strip()
    if not _NUMBER.match(text) or sum(c.isdigit() for c in text) > NUMBER_MAX_DIGITS:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def field_errors(f: Field, value: Any, *, required: bool) -> list[str]:
    """Messages for one answer. ``required`` adds the "required" check (submission)."""
    if f.empty(value):
        return [f"{f.label} is required."] if required and f.required else []
    errors: list[str] = []
    if f.type in {"text", "textarea", "email", "url", "number", "date", "choice"}:
        if not isinstance(value, str):
            return [f"{f.label} has a value of the wrong kind."]
        text = value.strip()
        if f.max_length and len(text) > f.max_length:
            errors.append(f"{f.label} is too long: {len(text)} characters, at most "
                          f"{f.max_length}.")
        if f.max_words and count_words(text) > f.max_words:
            errors.append(f"{f.label} has {count_words(text)} words; the limit is "
                          f"{f.max_words}.")
        if f.type == "email" and not _EMAIL.match(text):
            errors.append(f"{f.label}: enter an e-mail address such as name@example.org.")
        if f.type == "url" and not _URL.match(text):
            errors.append(f"{f.label}: enter a web address starting with https://.")
        if f.type == "number":
            number = _as_number(text)
            if number is None:
                errors.append(f"{f.label}: enter a number, such as 250000.")
            elif f.min is not None and number < Decimal(str(f.min)):
                errors.append(f"{f.label} must be at least {f.min:g}.")
            elif f.max is not None and number > Decimal(str(f.max)):
                errors.append(f"{f.label} must be at most {f.max:g}.")
        if f.type == "date":
            try:
                date.fromisoformat(text)
            except ValueError:
                errors.append(f"{f.label}: enter a date as YYYY-MM-DD.")
        if f.type == "choice" and text not in f.choice_values:
            errors.append(f"{f.label}: choose one of the options.")
    elif f.type == "boolean":
        if not isinstance(value, bool):
            errors.append(f"{f.label} has a value of the wrong kind.")
    elif f.type in {"multichoice", "urls"}:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [f"{f.label} has a value of the wrong kind."]
        items = [v.strip() for v in value if v.strip()]
        if f.type == "multichoice" and any(v not in f.choice_values for v in items):
            errors.append(f"{f.label}: choose among the options given.")
        if f.type == "urls":
            bad = [v for v in items if not _URL.match(v)]
            if bad:
                shown = ", ".join(b if len(b) <= 60 else b[:60] + "…" for b in bad[:3])
                errors.append(f"{f.label}: these are not web addresses: {shown}.")
        errors += _count_errors(f, len(items))
    elif f.type == "table":
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            return [f"{f.label} has a value of the wrong kind."]
        rows = [r for r in value if _row_filled(r)]
        columns = {key for key, _label in f.columns}
        if any(set(r) - columns for r in rows):
            errors.append(f"{f.label} has an unknown column.")
        if any(not all(str(r.get(c, "")).strip() for c in columns) for r in rows):
            errors.append(f"{f.label}: fill every column of each row you start.")
        if f.max_length and any(len(str(v)) > f.max_length for r in rows for v in r.values()):
            errors.append(f"{f.label}: a cell is longer than {f.max_length} characters.")
        errors += _count_errors(f, len(rows))
    return errors


def limit_errors(f: Field, value: Any, *, text_cap: int = TEXT_CAP,
                 items_cap: int = ITEMS_CAP) -> list[str]:
    """What an answer may never pass, even in a draft: its form's ``max_length`` and
    ``max_items``, or ``text_cap`` and ``items_cap`` where the form sets none. (Word limits,
    ranges and formats are checked for submission: a draft keeps them as typed.)"""
    text_limit = f.max_length or text_cap
    errors: list[str] = []
    if isinstance(value, str):
        if len(value) > text_limit:
            errors.append(f"{f.label} is too long: {len(value)} characters, at most "
                          f"{text_limit}.")
        cells = [value]
    elif isinstance(value, list):
        if f.type == "table":
            rows = [r for r in value if _row_filled(r)]
            cells = [str(v) for r in value if isinstance(r, dict) for v in r.values()]
            cells += [str(k) for r in value if isinstance(r, dict) for k in r]
            if any(len(c) > text_limit for c in cells):
                errors.append(f"{f.label}: a cell is longer than {text_limit} characters.")
            count = len(rows)
        else:
            cells = [str(v) for v in value]
            item_limit = f.max_length or (URL_MAX_LENGTH if f.type == "urls" else text_limit)
            if any(len(c) > item_limit for c in cells):
                errors.append(f"{f.label}: an item is longer than {item_limit} characters.")
            count = len([c for c in cells if c.strip()])
        items_limit = f.max_items if f.max_items is not None else items_cap
        if count > items_limit:
            errors.append(f"{f.label}: at most {items_limit} items ({count} given).")
    else:
        cells = []
    if any("\x00" in c for c in cells):
        errors.append(f"{f.label} holds a character that cannot be stored (NUL).")
    return errors


def step_limit_errors(step: Step, answers: dict, **caps) -> dict[str, list[str]]:
    """Field key -> ``limit_errors`` for the answers of one step."""
    errors = {}
    for f in step.fields:
        if f.key in answers:
            messages = limit_errors(f, answers[f.key], **caps)
            if messages:
                errors[f.key] = messages
    return errors


def answers_over_limits(schema: Schema, answers: dict, **caps) -> list[str]:
    """``limit_errors`` for every answer of the form (none: every answer is within its
    limits)."""
    return [message for step in schema.steps
            for messages in step_limit_errors(step, answers, **caps).values()
            for message in messages]


def _count_errors(f: Field, count: int) -> list[str]:
    if f.max_items is not None and count > f.max_items:
        return [f"{f.label}: at most {f.max_items} items ({count} given)."]
    if f.min_items is not None and count < f.min_items:
        return [f"{f.label}: at least {f.min_items} items."]
    return []


def step_errors(step: Step, answers: dict, *, required: bool = False) -> dict[str, list[str]]:
    """Field key -> messages for one step (with ``required``: as submission would judge it)."""
    errors = {}
    for f in step.fields:
        messages = field_errors(f, answers.get(f.key), required=required)
        if messages:
            errors[f.key] = messages
    return errors


def missing(schema: Schema, answers: dict) -> list[Problem]:
    """Everything that stops submission, in form order (attachment steps are checked by the
    caller, which knows the files)."""
    problems = []
    for step in schema.steps:
        for key, messages in step_errors(step, answers, required=True).items():
            f = schema.fields_by_key[key]
            problems += [Problem(step.key, step.title, key, f.label, m) for m in messages]
    return problems


def complete_steps(schema: Schema, answers: dict) -> set[str]:
    """Keys of field steps with nothing missing or wrong."""
    return {
        step.key for step in schema.steps
        if step.kind == "fields" and not step_errors(step, answers, required=True)
    }


def clean_answers(schema: Schema, step: Step, submitted: dict[str, Any]) -> dict[str, Any]:
    """Answers for ``step`` from form input, kept as typed (trimmed only), dropping keys the
    step does not have, so nothing can be smuggled into another step."""
    cleaned: dict[str, Any] = {}
    for f in step.fields:
        if f.key not in submitted:
            continue
        value = submitted[f.key]
        if f.type in {"multichoice", "urls"}:
            items = value if isinstance(value, list) else str(value or "").splitlines()
            cleaned[f.key] = [str(v).strip() for v in items if str(v).strip()]
        elif f.type == "boolean":
            cleaned[f.key] = value in (True, "on", "true", "1", 1)
        elif f.type == "table":
            rows = value if isinstance(value, list) else []
            columns = [key for key, _label in f.columns]
            cleaned[f.key] = [
                {c: str(row.get(c, "")).strip() for c in columns}
                for row in rows if isinstance(row, dict) and _row_filled(row)
            ]
        else:
            cleaned[f.key] = str(value if value is not None else "").replace("\r\n", "\n").strip()
    return cleaned


def diff(schema: Schema, before: dict, after: dict) -> list[tuple[str, Any, Any]]:
    """(label, before, after) for each answer that changed, in form order."""
    changes = []
    for step in schema.steps:
        for f in step.fields:
            old, new = before.get(f.key), after.get(f.key)
            if (old or None) != (new or None):
                changes.append((f.label, old, new))
    return changes
