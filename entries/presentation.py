"""How an entry's answers read on a page: in the form's order with labels, and, between two
revisions, word by word with insertions and deletions marked (escaped HTML)."""

import re
from difflib import SequenceMatcher

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_countries import countries

from . import schema as form_schema
from .models import Entry

_WEB_ADDRESS = re.compile(r"^https?://\S+$", re.IGNORECASE)


def answer_view(f: form_schema.Field, value) -> dict:
    """How to show one answer: its kind ("empty", "text", "list", "links", "table", "bool")
    and value."""
    if f.empty(value) and f.type != "boolean":
        return {"field": f, "kind": "empty"}
    if f.type == "boolean":
        return {"field": f, "kind": "bool", "value": value is True}
    if f.type == "table" and isinstance(value, list):
        columns = list(f.columns)
        return {"field": f, "kind": "table", "columns": [label for _key, label in columns],
                "rows": [[str(row.get(key, "")) for key, _label in columns]
                         for row in value if isinstance(row, dict)]}
    if f.type == "money" and isinstance(value, dict):
        return {"field": f, "kind": "text", "value": money_text(value, grouped=True)}
    if f.type == "number" and isinstance(value, str | int | float):
        return {"field": f, "kind": "text", "value": number_text(value)}
    if f.type == "country" and isinstance(value, str):
        return {"field": f, "kind": "text", "value": countries.name(value.strip()) or value}
    labels = dict(f.choices)
    if f.type in ("url", "urls"):
        items = value if isinstance(value, list) else [value]
        # Only web addresses become links (drafts keep whatever was typed).
        return {"field": f, "kind": "links", "value": [
            (str(v), str(v) if _WEB_ADDRESS.match(str(v)) else None) for v in items
        ]}
    if isinstance(value, list):
        return {"field": f, "kind": "list", "value": [labels.get(str(v), str(v)) for v in value]}
    return {"field": f, "kind": "text", "value": labels.get(str(value), str(value))}


def number_text(value) -> str:
    """A number answer grouped as the page's language writes it ("3,910,000"; decimals as
    typed); anything that is not a number as it was typed. Pages and PDFs only: the exports
    keep the value as typed."""
    number = form_schema._as_number(str(value))
    if number is None or not number.is_finite():
        return str(value).strip()
    return number_format(number, use_l10n=True, force_grouping=True)


def money_text(value: dict, *, grouped: bool = False) -> str:
    """A money answer with its currency code: as typed ("250000 KRW", for exports), or with
    the amount ``grouped`` for a page ("250,000 KRW")."""
    amount = str(value.get("amount") or "").strip()
    if grouped and amount:
        amount = number_text(amount)
    return " ".join((amount, str(value.get("currency") or "").strip())).strip()


def answer_sections(entry: Entry, attachments: list,
                    schema: form_schema.Schema | None = None) -> list[dict]:
    """The entry's answers in the form's order, step by step, with labels: one section a step
    when the form can be read (``schema``, if the caller parsed it already)."""
    if schema is None:
        try:
            schema = form_schema.Schema.parse(entry.form.schema)
        except form_schema.SchemaError:
            return [{"title": _("Answers"), "kind": "raw",
                     "answers": sorted(entry.answers.items())}]
    sections = []
    for step in schema.steps:
        if step.kind == "attachments":
            sections.append({"key": step.key, "title": step.title, "kind": "attachments",
                             "attachments": attachments})
        else:
            sections.append({"key": step.key, "title": step.title, "kind": "fields",
                             "answers": [answer_view(f, entry.answers.get(f.key))
                                         for f in step.fields
                                         if schema.visible(f, entry.answers)]})
    return sections


_TOKENS = re.compile(r"\S+|\s+")


def word_diff(before: str, after: str) -> tuple[str, str]:
    """``before`` with removed words in <del>, ``after`` with added words in <ins>; escaped.

    Words are runs of non-space characters. A lone space kept between two changes joins them,
    so a rewritten phrase reads as one change rather than word, space, word."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    segments = [
        [op == "equal", "".join(old[i1:i2]), "".join(new[j1:j2])]
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    for k in range(1, len(segments) - 1):
        same, text, _text = segments[k]
        if same and not text.strip() and not segments[k - 1][0] and not segments[k + 1][0]:
            segments[k][0] = False
    merged: list[list] = []
    for segment in segments:
        if merged and not segment[0] and not merged[-1][0]:
            merged[-1][1] += segment[1]
            merged[-1][2] += segment[2]
        else:
            merged.append(list(segment))
    left, right = [], []
    for same, removed, added in merged:
        removed, added = escape(removed), escape(added)
        if same:
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 (escaped above)


def as_text(value) -> str:
    """An answer as plain text for comparing: lists one item a line, table rows as lines."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return money_text(value)
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict):
                lines.append(" · ".join(str(v) for v in item.values()))
            else:
                lines.append(str(item))
        return "\n".join(lines)
    return str(value)


def revision_changes(entry: Entry, before, after) -> list[dict]:
    """Each changed answer (and the attachments) with its word-level before and after."""
    try:
        schema = form_schema.Schema.parse(entry.form.schema)
        changed = form_schema.diff(schema, before.answers, after.answers)
    except form_schema.SchemaError:
        keys = sorted(set(before.answers) | set(after.answers))
        changed = [(key, before.answers.get(key), after.answers.get(key)) for key in keys
                   if (before.answers.get(key) or None) != (after.answers.get(key) or None)]
    changes = []
    for label, old, new in changed:
        old_html, new_html = word_diff(as_text(old), as_text(new))
        changes.append({"label": label, "before": old_html, "after": new_html,
                        "was_empty": not as_text(old), "now_empty": not as_text(new)})
    if list(before.attachments) != list(after.attachments):
        old_html, new_html = word_diff("\n".join(before.attachments),
                                       "\n".join(after.attachments))
        changes.append({"label": _("Attached files"), "before": old_html, "after": new_html,
                        "was_empty": not before.attachments, "now_empty": not after.attachments})
    return changes
