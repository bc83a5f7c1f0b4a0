"""Which of an edition's texts lack a language: the staff's "Translations" page.

The prize's own texts (an edition's tagline, its categories, criteria, awards, the ceremony's
programme…) are stored once per language by django-modeltranslation (each app's
``translation.py``), and a reader sees their own language or, where it is empty, the other one.
This module tells the staff what is still missing, so the fallback is a stopgap, not a habit.

Each app declares its translatable models here, from its ``translation.py`` (the pattern of
``prize/overview.py``: the core lists what later apps know without importing them)::

    translations.register("judging.criteria", order=40, model=Criterion,
                          label=_("Criteria"),
                          objects=lambda edition: Criterion.objects.filter(round__edition=edition)
                                      .select_related("round", "category"),
                          edit_url=lambda edition, obj: reverse(...),
                          describe=lambda obj: f"{obj.round.name} · {obj.name}")

``objects(edition)`` is one query (with what ``describe`` reads joined in), so the page makes a
fixed number of queries, one per declared model, whatever the number of objects. Which fields
are translated is modeltranslation's registration: declared once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.functional import lazy
from modeltranslation.translator import translator

from .models import Edition
from .translated_forms import column, language_name, main_language


@dataclass(frozen=True)
class Source:
    key: str
    order: int
    model: type[Model]
    label: Any
    objects: Callable[[Edition], QuerySet]
    edit_url: Callable[[Edition, Model], str]
    describe: Callable[[Model], str] = str


_SOURCES: dict[str, Source] = {}


def register(key: str, *, order: int, model: type[Model], label, objects, edit_url,
             describe=str) -> Source:
    """Add (or, under the same key, replace) a kind of object whose texts are translated."""
    source = Source(key=key, order=order, model=model, label=label, objects=objects,
                    edit_url=edit_url, describe=describe)
    _SOURCES[key] = source
    return source


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


def translated_fields(model: type[Model]) -> list[str]:
    """The model's translated texts, in the model's field order."""
    names = set(translator.get_options_for_model(model).fields)
    return [f.name for f in model._meta.get_fields() if f.name in names]


def languages() -> list[str]:
    return list(settings.MODELTRANSLATION_LANGUAGES)


@dataclass
class Gap:
    """One object's text, present in some language and empty in others."""

    field: str
    label: str
    missing: list[str]
    present: dict[str, str]


@dataclass
class Row:
    source: Source
    obj: Model
    description: str
    url: str
    gaps: list[Gap]


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    # missing texts per language code
    counts: dict[str, int] = field(default_factory=dict)
    # per source key: missing texts per language code
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def lacking(self) -> list[tuple[str, str, int]]:
        """(code, language name, how many texts lack it), for each language that lacks any."""
        return [(code, language_name(code), self.counts[code]) for code in languages()
                if self.counts.get(code)]


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def gaps_of(obj: Model, fields: list[str]) -> list[Gap]:
    gaps = []
    for name in fields:
        values = {code: getattr(obj, column(name, code)) for code in languages()}
        present = {code: value for code, value in values.items() if _filled(value)}
        if present and len(present) < len(values):
            verbose = obj._meta.get_field(name).verbose_name
            gaps.append(Gap(field=name, label=str(verbose).capitalize(),
                            missing=[code for code in values if code not in present],
                            present=present))
    return gaps


def report(edition: Edition) -> Report:
    """Every text of ``edition`` that one language has and another lacks: one query per kind
    of object."""
    result = Report(counts=dict.fromkeys(languages(), 0))
    for source in sources():
        fields = translated_fields(source.model)
        per = dict.fromkeys(languages(), 0)
        for obj in source.objects(edition):
            gaps = gaps_of(obj, fields)
            if not gaps:
                continue
            for gap in gaps:
                for code in gap.missing:
                    per[code] += 1
                    result.counts[code] += 1
            result.rows.append(Row(source=source, obj=obj, description=source.describe(obj),
                                   url=source.edit_url(edition, obj), gaps=gaps))
        result.by_source[source.key] = per
    return result


def localised(obj: Model, name: str):
    """A translated text read when it is used, in the language active then: handed to
    ``notify()``, the text is the recipient's language (``notify`` writes its context in it),
    not the language of whoever caused the message."""
    return lazy(lambda: str(getattr(obj, name) or ""), str)()


def summary_language() -> str:
    """The language the staff's short line counts: the first that is not the main one."""
    others = [code for code in languages() if code != main_language()]
    return others[0] if others else main_language()
