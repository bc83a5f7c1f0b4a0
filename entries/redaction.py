"""Redacting identity from free text for blind rounds.

Blind rounds hide the answers a form marks ``identifying``; but entrants' other answers often
name their city, organisation or people. Staff mark passages to hide (``Redaction``, in one
answer or in every answer of the entry), and judges of blind rounds read "[redacted]" in their
place. The answer itself is never changed: staff still read it, with the hidden passages marked.

A redaction keeps the text it hides, not a position: it hides each occurrence of that text,
so it still applies after the answer is edited, and the staff page reports those that no longer
match anything. Matching ignores case and how the words are spaced or broken across lines, and
compares Unicode text in one normal form (Korean typed on another system included); it is a
plain substring search, since Korean attaches particles to names ("서울시는").

The staff page suggests what to hide: the entrant's name, city, contact person and the people
working on its entries, the domains of its website and e-mail addresses, and the values of the
answers the form marks identifying (a nominee's name, an organisation's website).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from prize.services import audit

from . import schema as form_schema
from .models import Entry
from .redaction_models import PASSAGE_MAX_LENGTH, Redaction

# The answers that hold free text (what a redaction can hide).
TEXT_TYPES = {"text", "textarea", "email", "url", "urls", "table", "city"}
PASSAGE_MIN_LENGTH = 2
MAX_PER_ENTRY = 200
# A value of an identifying answer longer than this is a text, not a name to look for.
SUGGESTION_MAX_LENGTH = 120
# Addresses at these providers say nothing of who entered.
COMMON_MAIL_DOMAINS = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "icloud.com", "me.com", "naver.com", "daum.net", "hanmail.net", "kakao.com", "nate.com",
    "proton.me", "protonmail.com", "qq.com", "163.com", "example.org", "example.com",
}


def redacted_mark() -> str:
    return _("[redacted]")


class RedactionError(ValueError):
    """A passage that cannot be hidden, with what to do instead."""


# --- Matching (pure) ---------------------------------------------------------------------------


def normal(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), so that the same words match whichever way
    they were typed."""
    return unicodedata.normalize("NFC", text)


def clean_passage(text: str) -> str:
    """A passage as it is kept: composed, trimmed, its inner spacing made single spaces."""
    return " ".join(normal(text or "").split())


def passage_pattern(passage: str) -> re.Pattern | None:
    """What finds ``passage`` in a text: case-insensitive, any run of spaces or line breaks
    where the passage has a space. None for a passage with nothing to find."""
    words = clean_passage(passage).split(" ")
    if not any(words):
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def find_spans(text: str, patterns) -> list[tuple[int, int]]:
    """Where ``patterns`` match in ``text`` (already normal), as (start, end) sorted and merged
    when they overlap or touch."""
    spans = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(text)
                   if m.end() > m.start())
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def redact_text(text: str, patterns) -> str:
    """``text`` with each passage ``patterns`` find replaced by "[redacted]"."""
    if not patterns or not text:
        return text
    text = normal(text)
    spans = find_spans(text, patterns)
    if not spans:
        return text
    out, at = [], 0
    for start, end in spans:
        out.append(text[at:start])
        out.append(redacted_mark())
        at = end
    out.append(text[at:])
    return "".join(out)


def answer_pieces(f: form_schema.Field, value) -> list[str]:
    """The free-text pieces of an answer (a text, each link, each table cell), normal."""
    if f.type not in TEXT_TYPES or value is None:
        return []
    if isinstance(value, str):
        return [normal(value)] if value.strip() else []
    if isinstance(value, list):
        if f.type == "table":
            return [normal(str(v)) for row in value if isinstance(row, dict)
                    for v in row.values() if str(v).strip()]
        return [normal(str(v)) for v in value if str(v).strip()]
    return []


def count_in(pieces: list[str], pattern: re.Pattern | None) -> int:
    if pattern is None:
        return 0
    return sum(len(pattern.findall(piece)) for piece in pieces)


# --- Judges' side ------------------------------------------------------------------------------


class EntryPatterns(dict):
    """An entry's redactions as patterns by field key ("" for those hiding in every answer)."""

    def for_field(self, key: str) -> list[re.Pattern]:
        return self.get(key, []) + (self.get("", []) if key else [])

    def hides_in(self, key: str, text: str) -> bool:
        return bool(text) and any(p.search(normal(text)) for p in self.for_field(key))


_CACHE = "_redaction_patterns"


def _patterns(rows) -> dict[int, EntryPatterns]:
    by_entry: dict[int, EntryPatterns] = {}
    for entry_id, key, text in rows:
        pattern = passage_pattern(text)
        if pattern is not None:
            by_entry.setdefault(entry_id, EntryPatterns()).setdefault(key, []).append(pattern)
    return by_entry


def load_patterns(entries) -> None:
    """Load the redactions of many entries in one query (a list page)."""
    entries = [e for e in entries if _CACHE not in e.__dict__]
    if not entries:
        return
    found = _patterns(Redaction.objects.filter(entry__in=[e.pk for e in entries])
                      .values_list("entry_id", "field_key", "text"))
    for entry in entries:
        entry.__dict__[_CACHE] = found.get(entry.pk, EntryPatterns())


def patterns_of(entry: Entry) -> EntryPatterns:
    """The entry's redactions as patterns (one query, then kept on the entry object)."""
    if _CACHE not in entry.__dict__:
        load_patterns([entry])
    return entry.__dict__[_CACHE]


def redact_answer(answer: dict, patterns: EntryPatterns) -> dict:
    """One answer as ``entries.presentation.answer_view`` shows it, with the passages the
    redactions hide replaced by "[redacted]" (a link whose text loses a passage is no longer a
    link: its address would tell)."""
    f = answer["field"]
    found = patterns.for_field(f.key)
    if not found or f.type not in TEXT_TYPES:
        return answer
    kind = answer.get("kind")
    if kind == "text":
        return {**answer, "value": redact_text(answer["value"], found)}
    if kind == "list":
        return {**answer, "value": [redact_text(v, found) for v in answer["value"]]}
    if kind == "links":
        links = []
        for text, href in answer["value"]:
            shown = redact_text(text, found)
            links.append((shown, href if shown == normal(text) else None))
        return {**answer, "value": links}
    if kind == "table":
        return {**answer, "rows": [[redact_text(cell, found) for cell in row]
                                   for row in answer["rows"]]}
    return answer


# --- Suggestions ---------------------------------------------------------------------------------


def _domain(value: str) -> str:
    value = (value or "").strip()
    if "@" in value and "://" not in value:
        host = value.rpartition("@")[2]
    else:
        try:
            host = urlsplit(value if "://" in value else f"https://{value}").hostname or ""
        except ValueError:
            return ""
    host = host.lower().strip(".")
    if host.startswith("www."):
        host = host[4:]
    return "" if host in COMMON_MAIL_DOMAINS or "." not in host else host


def suggestion_terms(entry: Entry, schema: form_schema.Schema | None,
                     member_names=()) -> list[str]:
    """What probably names the entrant in free text, longest first (so that "City of Seoul"
    is marked before "Seoul"), without repeats."""
    entrant = entry.entrant
    raw = [entrant.name, entrant.city, entrant.contact_name, entrant.position,
           _domain(entrant.website), _domain(entrant.contact_email), *member_names]
    if schema is not None:
        for step in schema.steps:
            for f in step.fields:
                if not f.identifying:
                    continue
                for piece in answer_pieces(f, entry.answers.get(f.key)):
                    if f.type in ("url", "urls", "email"):
                        raw.append(_domain(piece))
                    else:
                        raw += [line for line in piece.splitlines()
                                if len(line.strip()) <= SUGGESTION_MAX_LENGTH]
    seen, terms = set(), []
    for term in raw:
        term = clean_passage(term or "")
        if len(term) < PASSAGE_MIN_LENGTH or len(term) > PASSAGE_MAX_LENGTH:
            continue
        if term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return sorted(terms, key=lambda t: -len(t))


# --- The staff page ------------------------------------------------------------------------------


@dataclass
class Segment:
    text: str
    kind: str = ""  # "", "hidden" or "suggestion"


@dataclass
class AnswerText:
    """One answer judges of a blind round read, as the staff page shows it."""

    field: form_schema.Field
    step_title: str
    pieces: list[list[Segment]]  # each piece of the answer (a text, a link, a cell) in segments
    suggestions: list[tuple[str, int]] = field(default_factory=list)  # (term, times) not hidden
    redactions: list[tuple[Redaction, int]] = field(default_factory=list)  # this answer's

    @property
    def many(self) -> bool:
        return len(self.pieces) > 1


def _segments(text: str, hidden: list[tuple[int, int]],
              suggested: list[tuple[int, int]]) -> list[Segment]:
    marks = [(s, e, "hidden") for s, e in hidden]
    marks += [(s, e, "suggestion") for s, e in suggested
              if not any(s < he and hs < e for hs, he in hidden)]
    marks.sort()
    out, at = [], 0
    for start, end, kind in marks:
        if start < at:
            continue
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], kind))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def text_answers(entry: Entry, schema: form_schema.Schema) -> list[tuple[str, form_schema.Field]]:
    """(step title, field) of each free-text answer judges of a blind round may read (not
    those the form marks identifying, nor those a condition leaves unasked)."""
    answers = entry.answers if isinstance(entry.answers, dict) else {}
    return [(step.title, f) for step in schema.steps if not step.identifying
            for f in step.fields if f.type in TEXT_TYPES and not f.identifying
            and schema.visible(f, answers)]


@dataclass
class RedactionPage:
    answers: list[AnswerText]
    everywhere: list[tuple[Redaction, int]]  # redactions of every answer, with times found
    stale: list[Redaction]  # redactions that no longer match anything
    terms: list[str]
    count: int


def redaction_page(entry: Entry, schema: form_schema.Schema, redactions: list[Redaction],
                   member_names=()) -> RedactionPage:
    """What the staff page shows: each answer judges may read, in pieces with hidden passages
    and suggestions marked, the suggestions not yet hidden, and each redaction with how often
    it is found now."""
    terms = suggestion_terms(entry, schema, member_names)
    term_patterns = [(t, passage_pattern(t)) for t in terms]
    compiled = {r.pk: passage_pattern(r.text) for r in redactions}
    wide = [r for r in redactions if r.everywhere]
    wide_found = dict.fromkeys((r.pk for r in wide), 0)
    answers, found_by_key = [], {}
    for step_title, f in text_answers(entry, schema):
        pieces = answer_pieces(f, entry.answers.get(f.key))
        own = [r for r in redactions if r.field_key == f.key]
        applying = [compiled[r.pk] for r in own + wide if compiled[r.pk] is not None]
        shown, left = [], {}
        for piece in pieces:
            hidden = find_spans(piece, applying)
            suggested = []
            for term, pattern in term_patterns:
                for m in pattern.finditer(piece):
                    if not any(m.start() < he and hs < m.end() for hs, he in hidden):
                        suggested.append((m.start(), m.end()))
                        left[term] = left.get(term, 0) + 1
            shown.append(_segments(piece, hidden, suggested))
        for r in wide:
            wide_found[r.pk] += count_in(pieces, compiled[r.pk])
        own_counts = [(r, count_in(pieces, compiled[r.pk])) for r in own]
        found_by_key.update({r.pk: n for r, n in own_counts})
        answers.append(AnswerText(field=f, step_title=step_title, pieces=shown,
                                  suggestions=[(t, left[t]) for t in terms if t in left],
                                  redactions=own_counts))
    keys = {f.key for _t, f in text_answers(entry, schema)}
    stale = [r for r in redactions
             if (r.everywhere and not wide_found[r.pk])
             or (not r.everywhere and (r.field_key not in keys or not found_by_key.get(r.pk)))]
    return RedactionPage(answers=answers, everywhere=[(r, wide_found[r.pk]) for r in wide],
                         stale=stale, terms=terms, count=len(redactions))


# --- Services ----------------------------------------------------------------------------------


def _label(schema: form_schema.Schema, key: str) -> str:
    if not key:
        return _("every answer")
    f = schema.fields_by_key.get(key)
    return f.label if f is not None else key


def redaction_add(*, entry: Entry, schema: form_schema.Schema, text: str, field_key: str,
                  by) -> Redaction:
    """Hide ``text`` from judges of blind rounds in one answer (``field_key``) or in every
    answer (``""``). Refused (RedactionError, saying why) when the passage is too short or
    long, is not in the answer, or is hidden already."""
    passage = clean_passage(text)
    if "\x00" in passage:
        raise RedactionError(_("The passage holds a character that cannot be stored (NUL)."))
    if len(passage) < PASSAGE_MIN_LENGTH:
        raise RedactionError(_("Type at least %(min)d characters of the passage to hide.")
                             % {"min": PASSAGE_MIN_LENGTH})
    if len(passage) > PASSAGE_MAX_LENGTH:
        raise RedactionError(_("A passage to hide has at most %(max)d characters (this one "
                               "has %(length)d): hide a shorter part, or hide it in pieces.")
                             % {"max": PASSAGE_MAX_LENGTH, "length": len(passage)})
    readable = {f.key: f for _t, f in text_answers(entry, schema)}
    key_length = Redaction._meta.get_field("field_key").max_length
    if field_key and (field_key not in readable or len(field_key) > key_length):
        raise RedactionError(_("Choose one of the answers listed on this page."))
    pattern = passage_pattern(passage)
    scope = [readable[field_key]] if field_key else list(readable.values())
    if not any(count_in(answer_pieces(f, entry.answers.get(f.key)), pattern) for f in scope):
        if field_key:
            raise RedactionError(_("“%(passage)s” is not in the answer “%(answer)s”. Copy the "
                                   "passage exactly as it is written there.")
                                 % {"passage": passage, "answer": readable[field_key].label})
        raise RedactionError(_("“%(passage)s” is in none of the answers judges read. Copy the "
                               "passage exactly as it is written there.") % {"passage": passage})
    with transaction.atomic():
        Entry.objects.select_for_update().filter(pk=entry.pk).first()
        existing = list(Redaction.objects.filter(entry=entry))
        if len(existing) >= MAX_PER_ENTRY:
            raise RedactionError(_("This entry has %(max)d hidden passages, the most it may "
                                   "have: remove some first.") % {"max": MAX_PER_ENTRY})
        for other in existing:
            if other.text.casefold() != passage.casefold():
                continue
            if other.everywhere:
                raise RedactionError(_("“%(passage)s” is already hidden in every answer.")
                                     % {"passage": passage})
            if other.field_key == field_key:
                raise RedactionError(_("“%(passage)s” is already hidden in this answer.")
                                     % {"passage": passage})
        try:
            with transaction.atomic():
                redaction = Redaction.objects.create(entry=entry, field_key=field_key,
                                                     text=passage, created_by=by)
        except IntegrityError as exc:  # the same passage added at the same moment
            raise RedactionError(_("“%(passage)s” is already hidden.")
                                 % {"passage": passage}) from exc
        audit(by, "redaction.add", entry,
              after={"answer": _label(schema, field_key), "passage": passage})
    return redaction


def redaction_remove(*, redaction: Redaction, schema: form_schema.Schema | None, by) -> None:
    """Show a hidden passage to judges of blind rounds again."""
    entry = redaction.entry
    label = _label(schema, redaction.field_key) if schema else redaction.field_key
    with transaction.atomic():
        audit(by, "redaction.remove", entry,
              before={"answer": label or _("every answer"), "passage": redaction.text})
        redaction.delete()
