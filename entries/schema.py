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

Attachment steps take ``max_files`` (default 10), ``max_mb`` per file (default 20),
``min_files`` (default 0) and ``types``: the kinds of file the step accepts, among ``FILE_TYPES``
(``"pdf"``, ``"docx"``, ``"xlsx"``, ``"png"``, ``"jpeg"``, or the groups ``"image"`` and
``"office"``); without it, every kind ``entries/attachments.py`` recognises.

Field types: text, textarea, email, url, number, date, choice, multichoice, boolean, urls
(one per line), table (rows of ``columns``), money (``{"amount": "250000", "currency": "KRW"}``,
among ``currencies``, by default ``DEFAULT_CURRENCIES``; ``min`` / ``max`` bound the amount),
country (an ISO 3166-1 alpha-2 code such as ``"KR"``), city (a short text, ``max_length`` 120
unless the form says otherwise). Limits: max_length (characters), max_words,
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

``"show_if": {"field": "<key>", "in": ["v1", ...]}`` on a field shows it only when an earlier
choice, multichoice, boolean (``"yes"`` / ``"no"``) or country field has one of the values
(``Schema.visible``). A hidden field is not required, not checked, and not shown to anyone; its
answer stays stored, so it comes back when the other answer changes back.

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
    "urls", "table", "money", "country", "city",
}
# The kinds of answer a condition (``show_if``) may depend on.
CONDITION_TYPES = {"choice", "multichoice", "boolean", "country"}
CITY_MAX_LENGTH = 120


def gettext_noop(message: str) -> str:
    """Marks a label for translation where it is shown (this module knows no languages)."""
    return message


# ISO 4217 codes a money field offers when its form names none.
DEFAULT_CURRENCIES = (
    ("KRW", gettext_noop("Korean won")),
    ("USD", gettext_noop("US dollar")),
    ("EUR", gettext_noop("Euro")),
    ("JPY", gettext_noop("Japanese yen")),
    ("CNY", gettext_noop("Chinese yuan")),
    ("GBP", gettext_noop("Pound sterling")),
)
# The kinds of file an attachments step may accept (``"types"``), as the kind names of
# ``entries/attachments.py``, and two groups of them.
FILE_KINDS = ("pdf", "docx", "xlsx", "png", "jpeg")
FILE_TYPES = {
    **{kind: (kind,) for kind in FILE_KINDS},
    "image": ("png", "jpeg"),
    "office": ("docx", "xlsx"),
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
    # money: the currencies offered, (ISO 4217 code, name)
    currencies: tuple[tuple[str, str], ...] = ()
    # Shown only when an earlier answer is one of some values (see ``Condition``).
    show_if: Condition | None = None

    @property
    def choice_values(self) -> set[str]:
        return {value for value, _label in self.choices}

    @property
    def currency_codes(self) -> set[str]:
        return {code for code, _name in self.currencies}

    def visible(self, answers: dict) -> bool:
        """Whether the field is asked, given the answers (always, without a condition)."""
        condition = self.show_if
        if condition is None:
            return True
        if not condition.field.visible(answers):
            return False
        return bool(condition_values(condition.field, answers.get(condition.field.key))
                    & set(condition.values))

    def empty(self, value: Any) -> bool:
        if value is None:
            return True
        if isinstance(value, str):
            return not value.strip()
        if isinstance(value, dict):
            # a money answer without an amount; a dict is never an empty answer of another type
            return self.type == "money" and not str(value.get("amount") or "").strip()
        if isinstance(value, bool):
            return value is False
        if isinstance(value, list):
            if self.type == "table":
                return not any(_row_filled(row) for row in value)
            return not any(str(v).strip() for v in value)
        return False


@dataclass(frozen=True)
class Condition:
    """``"show_if"``: the field is shown when the answer to ``field`` (an earlier choice,
    multichoice, boolean or country field) is one of ``values``."""

    field: Field
    values: tuple[str, ...]


def condition_values(f: Field, value: Any) -> set[str]:
    """The values an answer offers to conditions: a choice or country code itself, each value
    ticked of a multichoice, "yes" or "no" for a boolean."""
    if f.type == "boolean":
        return {"yes" if value is True else "no"}
    if f.type == "multichoice":
        return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()
    return {value} if isinstance(value, str) else set()


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
    # attachment steps: the kinds of file accepted, as the form names them (empty: all)
    types: tuple[str, ...] = ()

    @property
    def file_kinds(self) -> tuple[str, ...]:
        """The kind names (``FILE_KINDS``) of the files this step accepts, in that order."""
        if not self.types:
            return FILE_KINDS
        wanted = {kind for name in self.types for kind in FILE_TYPES[name]}
        return tuple(kind for kind in FILE_KINDS if kind in wanted)


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
        all_keys = {raw.get("key") for raw_step in data["steps"] if isinstance(raw_step, dict)
                    for raw in raw_step.get("fields", []) if isinstance(raw, dict)}
        for raw_step in data["steps"]:
            if not isinstance(raw_step, dict):
                raise SchemaError("Each step of a form is an object with a key.")
            key = raw_step.get("key")
            if not key or key in seen_steps:
                raise SchemaError(f"Step key missing or repeated: {key!r}")
            seen_steps.add(key)
            kind = raw_step.get("kind", "fields")
            if kind not in STEP_KINDS:
                raise SchemaError(f"Unknown step kind {kind!r} in step {key!r}")
            step_identifying = bool(raw_step.get("identifying"))
            step_public = bool(raw_step.get("public"))
            fields = []
            for raw_field in raw_step.get("fields", []):
                f = _parse_field(raw_field, key, step_identifying, step_public,
                                 earlier=by_key, all_keys=all_keys)
                if f.key in by_key:
                    raise SchemaError(f"Field key repeated: {f.key!r}")
                by_key[f.key] = f
                fields.append(f)
            fields = tuple(fields)
            limits = {k: int(raw_step[k]) for k in ("max_files", "max_mb", "min_files")
                      if k in raw_step}
            blind_variant = bool(raw_step.get("blind_variant"))
            if blind_variant and kind != "attachments":
                raise SchemaError(f"Only an attachments step takes blind_variant ({key!r}).")
            types = _parse_types(raw_step, key, kind)
            steps.append(Step(key=key, title=raw_step.get("title", key),
                              intro=raw_step.get("intro", ""), kind=kind, fields=fields,
                              identifying=step_identifying, blind_variant=blind_variant,
                              types=types, **limits))
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

    def visible(self, field: Field, answers: dict) -> bool:
        """Whether ``field`` is asked given ``answers``: a field hidden by its condition
        (``show_if``) is not required, not checked and not shown."""
        return field.visible(answers)

    def title(self, answers: dict) -> str:
        value = answers.get(self.title_field, "")
        return " ".join(str(value).split())[:300] if isinstance(value, str) else ""


def _parse_types(raw_step: dict, key: str, kind: str) -> tuple[str, ...]:
    if "types" not in raw_step:
        return ()
    types = raw_step["types"]
    if kind != "attachments":
        raise SchemaError(f"Only an attachments step takes types ({key!r}).")
    if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
        raise SchemaError(f"The types of step {key!r} are a list of kinds of file, such as "
                          f'["pdf", "image"].')
    unknown = [t for t in types if t not in FILE_TYPES]
    if unknown:
        raise SchemaError(f"Step {key!r} names an unknown kind of file {unknown[0]!r}; the "
                          f"kinds are {', '.join(FILE_TYPES)}.")
    return tuple(dict.fromkeys(types))


def _parse_condition(raw: Any, key: str, earlier: dict[str, Field],
                     all_keys: set) -> Condition:
    if not isinstance(raw, dict) or not isinstance(raw.get("field"), str):
        raise SchemaError(f'The condition of field {key!r} needs "field": the key of another '
                          f"field.")
    other = raw["field"]
    if other == key:
        raise SchemaError(f"Field {key!r} cannot depend on itself.")
    if other not in earlier:
        if other in all_keys:
            raise SchemaError(f"Field {key!r} depends on {other!r}, which comes later in the "
                              f"form: a condition depends on an earlier field.")
        raise SchemaError(f"Field {key!r} depends on {other!r}, which is not a field of the "
                          f"form.")
    controller = earlier[other]
    if controller.type not in CONDITION_TYPES:
        raise SchemaError(f"Field {key!r} depends on {other!r}, a {controller.type} field: a "
                          f"condition depends on a choice, multichoice, boolean or country "
                          f"field.")
    values = raw.get("in")
    if not isinstance(values, list) or not values or not all(
            isinstance(v, str | bool) for v in values):
        raise SchemaError(f'The condition of field {key!r} needs "in": a list of at least '
                          f"one value.")
    cleaned = tuple(dict.fromkeys(
        ("yes" if v else "no") if isinstance(v, bool) else v for v in values))
    return Condition(field=controller, values=cleaned)


def _parse_currencies(raw: Any, key: str) -> tuple[tuple[str, str], ...]:
    """``[["KRW", "Korean won"], ...]`` (a bare code is its own name)."""
    currencies = []
    for item in raw if isinstance(raw, list | tuple) else [None]:
        if isinstance(item, str):
            item = (item, item)
        if not isinstance(item, list | tuple) or len(item) != 2 or not str(item[0]).strip():
            raise SchemaError(f'The currencies of field {key!r} are pairs such as '
                              f'["KRW", "Korean won"].')
        currencies.append((str(item[0]).strip(), str(item[1])))
    return tuple(currencies)


def _parse_field(raw: dict, step_key: str, step_identifying: bool = False,
                 step_public: bool = False, *, earlier: dict[str, Field] | None = None,
                 all_keys: set | None = None) -> Field:
    if not isinstance(raw, dict):
        raise SchemaError(f"Each field of step {step_key!r} is an object with a key and a type.")
    key, kind = raw.get("key"), raw.get("type")
    if not key or kind not in FIELD_TYPES:
        raise SchemaError(f"Field {key!r} in step {step_key!r} has an unknown type {kind!r}")
    choices = tuple((str(v), str(label)) for v, label in raw.get("choices", []))
    if kind in {"choice", "multichoice"} and not choices:
        raise SchemaError(f"Field {key!r} needs choices")
    columns = tuple((str(v), str(label)) for v, label in raw.get("columns", []))
    if kind == "table" and not columns:
        raise SchemaError(f"Field {key!r} needs columns")
    currencies: tuple[tuple[str, str], ...] = ()
    if kind == "money":
        currencies = _parse_currencies(raw.get("currencies") or DEFAULT_CURRENCIES, key)
        if len({code for code, _name in currencies}) != len(currencies):
            raise SchemaError(f"Field {key!r} names a currency twice")
    max_length = raw.get("max_length")
    if kind == "city" and max_length is None:
        max_length = CITY_MAX_LENGTH
    show_if = None
    if raw.get("show_if") is not None:
        show_if = _parse_condition(raw["show_if"], key, earlier or {}, all_keys or set())
    return Field(
        key=key, type=kind, label=raw.get("label", key), required=bool(raw.get("required")),
        help=raw.get("help", ""), max_length=max_length,
        max_words=raw.get("max_words"), min=raw.get("min"), max=raw.get("max"),
        min_items=raw.get("min_items"), max_items=raw.get("max_items"), choices=choices,
        columns=columns, identifying=step_identifying or bool(raw.get("identifying")),
        public=step_public or bool(raw.get("public")), currencies=currencies,
        show_if=show_if,
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
    if f.type == "money":
        return _money_errors(f, value)
    if f.type == "country":
        if not isinstance(value, str):
            return [f"{f.label} has a value of the wrong kind."]
        if value.strip() not in country_codes():
            return [f"{f.label}: choose a country from the list."]
        return []
    if f.type in {"text", "textarea", "email", "url", "number", "date", "choice", "city"}:
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


def amount_text(value: float) -> str:
    """A money limit as people read it: 1,000,000,000 (never 1e+09)."""
    return f"{Decimal(str(value)).normalize():,f}"


def _money_errors(f: Field, value: Any) -> list[str]:
    if not isinstance(value, dict) or not all(
            isinstance(value.get(k, ""), str) for k in ("amount", "currency")):
        return [f"{f.label} has a value of the wrong kind."]
    errors = []
    number = _as_number(value.get("amount", ""))
    if number is None:
        errors.append(f"{f.label}: enter an amount, such as 250000.")
    elif f.min is not None and number < Decimal(str(f.min)):
        errors.append(f"{f.label} must be at least {amount_text(f.min)}.")
    elif f.max is not None and number > Decimal(str(f.max)):
        errors.append(f"{f.label} must be at most {amount_text(f.max)}.")
    if value.get("currency", "").strip() not in f.currency_codes:
        errors.append(f"{f.label}: choose a currency from the list.")
    return errors


_COUNTRY_CODES: frozenset[str] | None = None


def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes a country field takes (those django-countries knows)."""
    global _COUNTRY_CODES
    if _COUNTRY_CODES is None:
        from django_countries.data import COUNTRIES

        _COUNTRY_CODES = frozenset(COUNTRIES)
    return _COUNTRY_CODES


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
    elif isinstance(value, dict):
        cells = [str(k) for k in value] + [str(v) for v in value.values()]
        if len(value) > 2 or any(len(c) > text_limit for c in cells):
            errors.append(f"{f.label} is too long: at most {text_limit} characters.")
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
        if not f.visible(answers):
            continue  # hidden by its condition: not asked, so neither required nor checked
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
        elif f.type == "money":
            money = value if isinstance(value, dict) else {"amount": value}
            amount = str(money.get("amount") or "").strip()
            # without an amount there is no answer (a currency alone says nothing)
            cleaned[f.key] = {"amount": amount,
                              "currency": str(money.get("currency") or "").strip()} \
                if amount else ""
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
    """(label, before, after) for each answer that changed, in form order (answers hidden by
    their condition both before and after are left out)."""
    changes = []
    for step in schema.steps:
        for f in step.fields:
            if not (f.visible(before) or f.visible(after)):
                continue
            old, new = before.get(f.key), after.get(f.key)
            if (old or None) != (new or None):
                changes.append((f.label, old, new))
    return changes
