"""Application forms as data: steps of typed fields, and the rules that check answers.

Plain Python but for Django's translation functions (no models, no database): a form's schema is
a dict stored in ``EntryForm.schema``; answers are the JSON dict stored in ``Entry.answers``,
holding exactly what the entrant typed (strings, lists of strings, lists of row dicts), so a draft
never loses anything. Checks happen on read: ``step_errors`` while editing, ``missing`` and
``entry_errors`` before submission. The messages these checks return are for people, so they go
through ``gettext`` with named placeholders, in the active language (the request's, or the one a
caller activates with ``translation.override``), quoting the field's label in that language.

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

Languages. A form's own texts are written in its ``"language"`` (top level; by default the
platform's main language, ``settings.LANGUAGE_CODE``). Every text people read may carry a version
in each other language of ``settings.LANGUAGES``, under ``"translations"`` on its step or field::

    {"key": "basics", "title": "Basics", "intro": "...",
     "translations": {"ko": {"title": "기본 정보", "intro": "..."}},
     "fields": [{"key": "sector", "type": "choice", "label": "Sector",
                 "choices": [["mobility", "Mobility"], ["energy", "Energy"]],
                 "translations": {"ko": {"label": "분야", "help": "...",
                                         "choices": {"mobility": "교통", "energy": "에너지"}}}}]}

A step translates ``title`` and ``intro``; a field ``label`` and ``help``, and the labels of its
``choices``, ``columns`` and ``currencies`` as dicts from the value (or column key, or currency
code) to the label. Values, keys, types, limits and conditions (``show_if`` names values) never
change with the language: answers are the same whatever language the entrant used. A text with no
translation (absent or blank) falls back to the form's own. ``localise(data, language)`` gives the
schema as read in one language; ``Schema.parse(data)`` reads it in the active language
(``language=AS_WRITTEN`` keeps the form's own texts); ``missing_translations`` lists what is not
translated yet. The parser refuses translations in an unknown language, of an unknown text, of
an option the field does not have, or that are not text.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

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
    """Words as they are written: runs of characters between spaces. Korean is written with
    spaces between its words (어절), so "스마트 도시 정책" is 3 words, as an entrant counts
    them; English the same way."""
    return len(_WORD.findall(text or ""))


def char_count(text: str) -> int:
    """Characters as people count them: a Hangul syllable typed as separate jamo (some systems
    send "한" as three code points) counts once, never as its bytes."""
    return len(unicodedata.normalize("NFC", text))


# --- Languages -----------------------------------------------------------------------------------

# The texts a translation of a step or a field gives (``"translations"``), and the labels of
# options, keyed by their value.
STEP_TEXTS = ("title", "intro")
FIELD_TEXTS = ("label", "help")
OPTION_TEXTS = ("choices", "columns", "currencies")
# ``Schema.parse(data, language=AS_WRITTEN)``: the form's own texts, whatever the language.
AS_WRITTEN = ""
_FALLBACK_LANGUAGES = ("en", "ko")


def languages() -> tuple[str, ...]:
    """The platform's languages (``settings.LANGUAGES``)."""
    from django.conf import settings

    try:
        return tuple(code for code, _name in settings.LANGUAGES)
    except Exception:  # noqa: BLE001 - settings not configured: this module used alone
        return _FALLBACK_LANGUAGES


def main_language() -> str:
    from django.conf import settings

    try:
        return settings.LANGUAGE_CODE
    except Exception:  # noqa: BLE001
        return _FALLBACK_LANGUAGES[0]


def form_language(data: Any) -> str:
    """The language a form's own texts are written in (``"language"``, else the platform's)."""
    language = data.get("language") if isinstance(data, dict) else None
    return language if isinstance(language, str) and language else main_language()


def current_language() -> str:
    """The active language as a code of ``languages()`` ("ko" for "ko-kr")."""
    from django.utils.translation import get_language

    language = get_language() or main_language()
    known = languages()
    if language not in known and language.split("-")[0] in known:
        language = language.split("-")[0]
    return language


def translation_of(item: dict, language: str) -> dict:
    """The ``language`` translation of a step or a field as stored (empty: none)."""
    return _translation(item, language)


def _translation(item: dict, language: str) -> dict:
    translations = item.get("translations")
    found = translations.get(language) if isinstance(translations, dict) else None
    return found if isinstance(found, dict) else {}


def _given(text: Any) -> bool:
    return isinstance(text, str) and bool(text.strip())


def _localise_item(item: dict, language: str, texts: tuple[str, ...],
                   options: tuple[str, ...]) -> None:
    translation = _translation(item, language)
    if not translation:
        return
    for name in texts:
        if _given(translation.get(name)):
            item[name] = translation[name]
    for name in options:
        labels, pairs = translation.get(name), item.get(name)
        if not isinstance(labels, dict) or not isinstance(pairs, list):
            continue
        localised = []
        for pair in pairs:
            value = pair if isinstance(pair, str) else (
                pair[0] if isinstance(pair, list | tuple) and len(pair) == 2 else None)
            label = labels.get(str(value)) if value is not None else None
            localised.append([value, label] if _given(label) else pair)
        item[name] = localised


def localise(data: Any, language: str) -> Any:
    """The schema as read in ``language``: each text replaced by its translation where there is
    one, else kept (the form's own). Keys, types, limits, values and conditions are untouched,
    and so is ``data`` (a copy is returned; ``data`` itself when there is nothing to do). Any
    shape is accepted: what is not a schema is left for ``Schema.parse`` to refuse."""
    if not isinstance(data, dict) or not language or language == form_language(data):
        return data
    steps = data.get("steps")
    if not isinstance(steps, list):
        return data
    localised = copy.deepcopy(data)
    for step in localised["steps"]:
        if not isinstance(step, dict):
            continue
        _localise_item(step, language, STEP_TEXTS, ())
        fields = step.get("fields")
        for f in fields if isinstance(fields, list) else ():
            if isinstance(f, dict):
                _localise_item(f, language, FIELD_TEXTS, OPTION_TEXTS)
    return localised


@dataclass(frozen=True)
class MissingText:
    """A text of the form with no translation in a language yet: where it is (the step's key
    and title, the field's key and label, or empty for a step's own text), which text (``"title"``,
    ``"label"``, ``"choices"`` ...; for an option, its value too) and the form's own text."""

    step: str
    step_title: str
    field: str
    label: str
    text: str
    value: str
    original: str


def missing_translations(data: Any, language: str) -> list[MissingText]:
    """Every text of the form that has no ``language`` version, in form order (none when
    ``language`` is the form's own). Blank texts need none."""
    if not isinstance(data, dict) or language == form_language(data):
        return []
    found: list[MissingText] = []
    steps = data.get("steps")
    for step in steps if isinstance(steps, list) else ():
        if not isinstance(step, dict):
            continue
        step_key, step_title = str(step.get("key", "")), str(step.get("title", ""))
        translation = _translation(step, language)
        for name in STEP_TEXTS:
            if _given(step.get(name)) and not _given(translation.get(name)):
                found.append(MissingText(step_key, step_title, "", "", name, "", step[name]))
        fields = step.get("fields")
        for f in fields if isinstance(fields, list) else ():
            if not isinstance(f, dict):
                continue
            key, label = str(f.get("key", "")), str(f.get("label", f.get("key", "")))
            translation = _translation(f, language)
            for name in FIELD_TEXTS:
                if _given(f.get(name)) and not _given(translation.get(name)):
                    found.append(MissingText(step_key, step_title, key, label, name, "", f[name]))
            for name in OPTION_TEXTS:
                pairs = f.get(name)
                labels = translation.get(name) if isinstance(translation.get(name), dict) else {}
                for pair in pairs if isinstance(pairs, list) else ():
                    if isinstance(pair, list | tuple) and len(pair) == 2 and _given(pair[1]) \
                            and not _given(labels.get(str(pair[0]))):
                        found.append(MissingText(step_key, step_title, key, label, name,
                                                 str(pair[0]), str(pair[1])))
    return found


def _parse_translations(raw: dict, where: str, texts: tuple[str, ...],
                        options: dict[str, set[str]], own: str) -> None:
    """Refuse translations the platform cannot use, saying what is wrong."""
    translations = raw.get("translations")
    if translations is None:
        return
    if not isinstance(translations, dict):
        raise SchemaError(_('The translations of %(where)s are an object with one entry per '
                            'language, such as {"ko": {...}}.') % {"where": where})
    known = languages()
    for language, translation in translations.items():
        if language not in known:
            raise SchemaError(_("%(where)s has a translation in '%(language)s', which is not a "
                                "language of the platform (%(languages)s).")
                              % {"where": where, "language": language,
                                 "languages": ", ".join(known)})
        if language == own:
            raise SchemaError(_("%(where)s has a translation in '%(language)s', the language "
                                "the form is written in: change its own text instead.")
                              % {"where": where, "language": language})
        if not isinstance(translation, dict):
            raise SchemaError(_("The '%(language)s' translation of %(where)s is an object of "
                                "texts, such as {\"label\": \"...\"}.")
                              % {"where": where, "language": language})
        allowed = texts + tuple(options)
        for name, text in translation.items():
            if name not in allowed:
                raise SchemaError(_("The '%(language)s' translation of %(where)s has "
                                    "'%(name)s', which it cannot translate (it translates "
                                    "%(allowed)s).")
                                  % {"where": where, "language": language, "name": name,
                                     "allowed": ", ".join(allowed)})
            if name in texts:
                if not isinstance(text, str):
                    raise SchemaError(_("The '%(language)s' translation of %(where)s: "
                                        "'%(name)s' is a text.")
                                      % {"where": where, "language": language, "name": name})
                continue
            if not isinstance(text, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in text.items()):
                raise SchemaError(_("The '%(language)s' translation of %(where)s: '%(name)s' "
                                    "is an object from each value to its label.")
                                  % {"where": where, "language": language, "name": name})
            unknown = [k for k in text if k not in options[name]]
            if unknown:
                raise SchemaError(_("The '%(language)s' translation of %(where)s names "
                                    "'%(value)s' in '%(name)s', which the field does not have.")
                                  % {"where": where, "language": language, "name": name,
                                     "value": unknown[0]})


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
    def parse(cls, data: dict, language: str | None = None) -> Schema:
        """Read a form, its texts in ``language`` (by default the active one; ``AS_WRITTEN``:
        the form's own), raising ``SchemaError`` for a form the platform cannot read."""
        if language is None:
            language = current_language()
        if language != AS_WRITTEN:
            data = localise(data, language)
        if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
            raise SchemaError(_("A form needs a list of steps."))
        own = data.get("language", main_language())
        if not isinstance(own, str) or own not in languages():
            raise SchemaError(_("The form's language '%(language)s' is not a language of the "
                                "platform (%(languages)s).")
                              % {"language": own, "languages": ", ".join(languages())})
        steps, seen_steps, by_key = [], set(), {}
        all_keys = {raw.get("key") for raw_step in data["steps"] if isinstance(raw_step, dict)
                    for raw in raw_step.get("fields", []) if isinstance(raw, dict)}
        for raw_step in data["steps"]:
            if not isinstance(raw_step, dict):
                raise SchemaError(_("Each step of a form is an object with a key."))
            key = raw_step.get("key")
            if not key or key in seen_steps:
                raise SchemaError(_("Step key missing or repeated: '%(key)s'") % {"key": key})
            seen_steps.add(key)
            kind = raw_step.get("kind", "fields")
            if kind not in STEP_KINDS:
                raise SchemaError(_("Unknown step kind '%(kind)s' in step '%(key)s'")
                                  % {"kind": kind, "key": key})
            _parse_translations(raw_step, _("step '%(key)s'") % {"key": key}, STEP_TEXTS, {},
                                own)
            step_identifying = bool(raw_step.get("identifying"))
            step_public = bool(raw_step.get("public"))
            fields = []
            for raw_field in raw_step.get("fields", []):
                f = _parse_field(raw_field, key, step_identifying, step_public,
                                 earlier=by_key, all_keys=all_keys, language=own)
                if f.key in by_key:
                    raise SchemaError(_("Field key repeated: '%(key)s'") % {"key": f.key})
                by_key[f.key] = f
                fields.append(f)
            fields = tuple(fields)
            limits = {k: int(raw_step[k]) for k in ("max_files", "max_mb", "min_files")
                      if k in raw_step}
            blind_variant = bool(raw_step.get("blind_variant"))
            if blind_variant and kind != "attachments":
                raise SchemaError(_("Only an attachments step takes blind_variant "
                                    "('%(key)s').") % {"key": key})
            types = _parse_types(raw_step, key, kind)
            steps.append(Step(key=key, title=raw_step.get("title", key),
                              intro=raw_step.get("intro", ""), kind=kind, fields=fields,
                              identifying=step_identifying, blind_variant=blind_variant,
                              types=types, **limits))
        if not steps:
            raise SchemaError(_("A form needs at least one step."))
        title_field = data.get("title_field", "title")
        if title_field not in by_key:
            raise SchemaError(_("The title field '%(key)s' is not a field of the form.")
                              % {"key": title_field})
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
        raise SchemaError(_("Only an attachments step takes types ('%(key)s').")
                          % {"key": key})
    if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
        raise SchemaError(_("The types of step '%(key)s' are a list of kinds of file, such as "
                            "[\"pdf\", \"image\"].") % {"key": key})
    unknown = [t for t in types if t not in FILE_TYPES]
    if unknown:
        raise SchemaError(_("Step '%(key)s' names an unknown kind of file '%(kind)s'; the "
                            "kinds are %(kinds)s.")
                          % {"key": key, "kind": unknown[0], "kinds": ", ".join(FILE_TYPES)})
    return tuple(dict.fromkeys(types))


def _parse_condition(raw: Any, key: str, earlier: dict[str, Field],
                     all_keys: set) -> Condition:
    if not isinstance(raw, dict) or not isinstance(raw.get("field"), str):
        raise SchemaError(_("The condition of field '%(key)s' needs \"field\": the key of "
                            "another field.") % {"key": key})
    other = raw["field"]
    if other == key:
        raise SchemaError(_("Field '%(key)s' cannot depend on itself.") % {"key": key})
    if other not in earlier:
        if other in all_keys:
            raise SchemaError(_("Field '%(key)s' depends on '%(other)s', which comes later in "
                                "the form: a condition depends on an earlier field.")
                              % {"key": key, "other": other})
        raise SchemaError(_("Field '%(key)s' depends on '%(other)s', which is not a field of "
                            "the form.") % {"key": key, "other": other})
    controller = earlier[other]
    if controller.type not in CONDITION_TYPES:
        raise SchemaError(_("Field '%(key)s' depends on '%(other)s', a %(type)s field: a "
                            "condition depends on a choice, multichoice, boolean or country "
                            "field.") % {"key": key, "other": other, "type": controller.type})
    values = raw.get("in")
    if not isinstance(values, list) or not values or not all(
            isinstance(v, str | bool) for v in values):
        raise SchemaError(_("The condition of field '%(key)s' needs \"in\": a list of at least "
                            "one value.") % {"key": key})
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
            raise SchemaError(_("The currencies of field '%(key)s' are pairs such as "
                                "[\"KRW\", \"Korean won\"].") % {"key": key})
        currencies.append((str(item[0]).strip(), str(item[1])))
    return tuple(currencies)


def _parse_field(raw: dict, step_key: str, step_identifying: bool = False,
                 step_public: bool = False, *, earlier: dict[str, Field] | None = None,
                 all_keys: set | None = None, language: str | None = None) -> Field:
    if not isinstance(raw, dict):
        raise SchemaError(_("Each field of step '%(step)s' is an object with a key and a type.")
                          % {"step": step_key})
    key, kind = raw.get("key"), raw.get("type")
    if not key or kind not in FIELD_TYPES:
        raise SchemaError(_("Field '%(key)s' in step '%(step)s' has an unknown type "
                            "'%(type)s'") % {"key": key, "step": step_key, "type": kind})
    choices = tuple((str(v), str(label)) for v, label in raw.get("choices", []))
    if kind in {"choice", "multichoice"} and not choices:
        raise SchemaError(_("Field '%(key)s' needs choices") % {"key": key})
    columns = tuple((str(v), str(label)) for v, label in raw.get("columns", []))
    if kind == "table" and not columns:
        raise SchemaError(_("Field '%(key)s' needs columns") % {"key": key})
    currencies: tuple[tuple[str, str], ...] = ()
    if kind == "money":
        currencies = _parse_currencies(raw.get("currencies") or DEFAULT_CURRENCIES, key)
        if len({code for code, _name in currencies}) != len(currencies):
            raise SchemaError(_("Field '%(key)s' names a currency twice") % {"key": key})
    _parse_translations(raw, _("field '%(key)s'") % {"key": key}, FIELD_TEXTS, {
        "choices": {v for v, _label in choices}, "columns": {v for v, _label in columns},
        "currencies": {code for code, _name in currencies}}, language or main_language())
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
        if required and f.required:
            return [_("%(label)s is required.") % {"label": f.label}]
        return []
    errors: list[str] = []
    if f.type == "money":
        return _money_errors(f, value)
    if f.type == "country":
        if not isinstance(value, str):
            return [_("%(label)s has a value of the wrong kind.") % {"label": f.label}]
        if value.strip() not in country_codes():
            return [_("%(label)s: choose a country from the list.") % {"label": f.label}]
        return []
    if f.type in {"text", "textarea", "email", "url", "number", "date", "choice", "city"}:
        if not isinstance(value, str):
            return [_("%(label)s has a value of the wrong kind.") % {"label": f.label}]
        text = value.strip()
        if f.max_length and char_count(text) > f.max_length:
            errors.append(_("%(label)s is too long: %(count)s characters, at most %(limit)s.")
                          % {"label": f.label, "count": char_count(text), "limit": f.max_length})
        if f.max_words and count_words(text) > f.max_words:
            errors.append(_("%(label)s has %(count)s words; the limit is %(limit)s.")
                          % {"label": f.label, "count": count_words(text), "limit": f.max_words})
        if f.type == "email" and not _EMAIL.match(text):
            errors.append(_("%(label)s: enter an e-mail address such as name@example.org.")
                % {"label": f.label})
        if f.type == "url" and not _URL.match(text):
            errors.append(_("%(label)s: enter a web address starting with https://.")
                % {"label": f.label})
        if f.type == "number":
            number = _as_number(text)
            if number is None:
                errors.append(_("%(label)s: enter a number, such as 250000.") % {"label": f.label})
            elif f.min is not None and number < Decimal(str(f.min)):
                errors.append(_("%(label)s must be at least %(limit)s.")
                              % {"label": f.label, "limit": f"{f.min:g}"})
            elif f.max is not None and number > Decimal(str(f.max)):
                errors.append(_("%(label)s must be at most %(limit)s.")
                              % {"label": f.label, "limit": f"{f.max:g}"})
        if f.type == "date":
            try:
                date.fromisoformat(text)
            except ValueError:
                errors.append(_("%(label)s: enter a date as YYYY-MM-DD.") % {"label": f.label})
        if f.type == "choice" and text not in f.choice_values:
            errors.append(_("%(label)s: choose one of the options.") % {"label": f.label})
    elif f.type == "boolean":
        if not isinstance(value, bool):
            errors.append(_("%(label)s has a value of the wrong kind.") % {"label": f.label})
    elif f.type in {"multichoice", "urls"}:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [_("%(label)s has a value of the wrong kind.") % {"label": f.label}]
        items = [v.strip() for v in value if v.strip()]
        if f.type == "multichoice" and any(v not in f.choice_values for v in items):
            errors.append(_("%(label)s: choose among the options given.") % {"label": f.label})
        if f.type == "urls":
            bad = [v for v in items if not _URL.match(v)]
            if bad:
                shown = ", ".join(b if len(b) <= 60 else b[:60] + "…" for b in bad[:3])
                errors.append(_("%(label)s: these are not web addresses: %(addresses)s.")
                              % {"label": f.label, "addresses": shown})
        errors += _count_errors(f, len(items))
    elif f.type == "table":
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            return [_("%(label)s has a value of the wrong kind.") % {"label": f.label}]
        rows = [r for r in value if _row_filled(r)]
        columns = {key for key, _label in f.columns}
        if any(set(r) - columns for r in rows):
            errors.append(_("%(label)s has an unknown column.") % {"label": f.label})
        if any(not all(str(r.get(c, "")).strip() for c in columns) for r in rows):
            errors.append(_("%(label)s: fill every column of each row you start.")
                % {"label": f.label})
        if f.max_length and any(char_count(str(v)) > f.max_length
                                for r in rows for v in r.values()):
            errors.append(_("%(label)s: a cell is longer than %(limit)s characters.")
                          % {"label": f.label, "limit": f.max_length})
        errors += _count_errors(f, len(rows))
    return errors


def amount_text(value: float) -> str:
    """A money limit as people read it: 1,000,000,000 (never 1e+09)."""
    return f"{Decimal(str(value)).normalize():,f}"


def _money_errors(f: Field, value: Any) -> list[str]:
    if not isinstance(value, dict) or not all(
            isinstance(value.get(k, ""), str) for k in ("amount", "currency")):
        return [_("%(label)s has a value of the wrong kind.") % {"label": f.label}]
    errors = []
    number = _as_number(value.get("amount", ""))
    if number is None:
        errors.append(_("%(label)s: enter an amount, such as 250000.") % {"label": f.label})
    elif f.min is not None and number < Decimal(str(f.min)):
        errors.append(_("%(label)s must be at least %(limit)s.")
                      % {"label": f.label, "limit": amount_text(f.min)})
    elif f.max is not None and number > Decimal(str(f.max)):
        errors.append(_("%(label)s must be at most %(limit)s.")
                      % {"label": f.label, "limit": amount_text(f.max)})
    if value.get("currency", "").strip() not in f.currency_codes:
        errors.append(_("%(label)s: choose a currency from the list.") % {"label": f.label})
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
        if char_count(value) > text_limit:
            errors.append(_("%(label)s is too long: %(count)s characters, at most %(limit)s.")
                          % {"label": f.label, "count": char_count(value), "limit": text_limit})
        cells = [value]
    elif isinstance(value, list):
        if f.type == "table":
            rows = [r for r in value if _row_filled(r)]
            cells = [str(v) for r in value if isinstance(r, dict) for v in r.values()]
            cells += [str(k) for r in value if isinstance(r, dict) for k in r]
            if any(char_count(c) > text_limit for c in cells):
                errors.append(_("%(label)s: a cell is longer than %(limit)s characters.")
                              % {"label": f.label, "limit": text_limit})
            count = len(rows)
        else:
            cells = [str(v) for v in value]
            item_limit = f.max_length or (URL_MAX_LENGTH if f.type == "urls" else text_limit)
            if any(char_count(c) > item_limit for c in cells):
                errors.append(_("%(label)s: an item is longer than %(limit)s characters.")
                              % {"label": f.label, "limit": item_limit})
            count = len([c for c in cells if c.strip()])
        items_limit = f.max_items if f.max_items is not None else items_cap
        if count > items_limit:
            errors.append(_("%(label)s: at most %(limit)s items (%(count)s given).")
                          % {"label": f.label, "limit": items_limit, "count": count})
    elif isinstance(value, dict):
        cells = [str(k) for k in value] + [str(v) for v in value.values()]
        if len(value) > 2 or any(char_count(c) > text_limit for c in cells):
            errors.append(_("%(label)s is too long: at most %(limit)s characters.")
                          % {"label": f.label, "limit": text_limit})
    else:
        cells = []
    if any("\x00" in c for c in cells):
        errors.append(_("%(label)s holds a character that cannot be stored (NUL).")
            % {"label": f.label})
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
        return [_("%(label)s: at most %(limit)s items (%(count)s given).")
                % {"label": f.label, "limit": f.max_items, "count": count}]
    if f.min_items is not None and count < f.min_items:
        return [_("%(label)s: at least %(limit)s items.") % {"label": f.label,
                                                              "limit": f.min_items}]
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
