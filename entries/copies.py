"""The entrant's own copies as PDF: a copy of the entry (every answer as submitted, step by
step, in the form's order, the files listed) and the receipt of its submission (with a
fingerprint of the answers, so the entrant can show what they sent).

A4 portrait, drawn with reportlab's platypus in the font shipped with the platform (see
``prize.pdf``). Every page carries the reference in its header and "Page N of M" in its
footer. Strings are in the active language; moments in the edition's time zone (the receipt
adds UTC). What the entrant typed is drawn as text, never as markup; characters the font
cannot draw show as a white square, and long answers flow over pages.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC
from email.utils import parseaddr
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from prize.pdf import BOLD, REGULAR, markup, numbered_canvas, printable, register_fonts

from . import schema as form_schema
from .enums import EntryStatus
from .models import Entry, EntryRevision
from .presentation import answer_sections
from .templatetags.entries_tags import localdt

MARGIN = 18 * mm
# What a page's frame leaves for its content (a frame pads its content by 6 points a side).
WIDTH = A4[0] - 2 * MARGIN - 12
INK = colors.HexColor("#212529")
MUTED = colors.HexColor("#495057")
RULE = colors.HexColor("#adb5bd")
NOTE_BG = colors.HexColor("#fff3cd")
NOTE_INK = colors.HexColor("#523e02")
TINT = colors.HexColor("#f1f3f5")
# A table answer is drawn as a table when each of its rows takes at most this height (a row of
# a table cannot break over pages); otherwise row by row, each cell after its column's name.
ROW_HEIGHT = 120 * mm
CELL_PADDING = 12  # points, left and right together
SUMMARY_WORDS = 60
_PARAGRAPHS = re.compile(r"\n\s*\n")


def _style(name: str, size: float, *, bold: bool = False, color=INK, after: float = 4,
           **extra) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else REGULAR, fontSize=size,
                          leading=size * 1.35, textColor=color, spaceAfter=after,
                          alignment=TA_LEFT, splitLongWords=1, **extra)


STYLES = {
    "title": _style("title", 18, bold=True, after=6),
    "h2": _style("h2", 13.5, bold=True, after=4, spaceBefore=8),
    "label": _style("label", 9.5, bold=True, color=MUTED, after=1, spaceBefore=5),
    "body": _style("body", 10.5),
    "small": _style("small", 9, color=MUTED),
    "cell": _style("cell", 9.5, after=0),
    "head": _style("head", 9.5, bold=True, after=0),
    "note": _style("note", 10.5, bold=True, color=NOTE_INK, after=2),
    "item": _style("item", 10.5, after=2, leftIndent=5 * mm, bulletIndent=1 * mm),
    "mono": _style("mono", 10, after=2),
}


def _p(text, style: str = "body") -> Paragraph:
    """A paragraph of what someone typed (made printable and escaped)."""
    return Paragraph(markup(text), STYLES[style])


def _m(text: str, style: str = "body") -> Paragraph:
    """A paragraph of markup built here from escaped parts."""
    return Paragraph(text, STYLES[style])


def _box(flowables: list, background=NOTE_BG) -> Table:
    table = Table([[flowables]], colWidths=[WIDTH])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _facts(rows: list[tuple[str, str]]) -> Table:
    """Label and value, one pair a row."""
    table = Table([[_p(label, "head"), _p(value, "cell")] for label, value in rows],
                  colWidths=[45 * mm, WIDTH - 45 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _grid(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), TINT),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


# --- What the copies say -------------------------------------------------------------------------


def canonical_answers(answers: dict) -> bytes:
    """The answers as canonical JSON: keys sorted, no spaces between items, UTF-8 (characters
    written as themselves, not escaped)."""
    return json.dumps(answers, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8", "surrogatepass")


def fingerprint(answers: dict) -> str:
    """The SHA-256 of the canonical answers, in hexadecimal."""
    return hashlib.sha256(canonical_answers(answers)).hexdigest()


def filename(entry: Entry, what: str) -> str:
    """``SCP23-TI-0001-entry.pdf``; a draft, which has no reference yet, by its number."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", entry.reference or "").strip("-")
    return f"{stem or f'draft-{entry.pk}'}-{what}.pdf"


def _moment(entry: Entry, moment) -> str:
    return localdt(moment, entry.edition.time_zone) if moment else ""


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if moment else ""


def contact_address(entry: Entry) -> str:
    """Where the secretariat reads its mail: the edition's contact, else the platform's."""
    return entry.edition.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def summary_of(entry: Entry) -> str:
    """The first words of the summary (the field named ``summary``, else the form's first long
    text), as the e-mailed receipt gives them."""
    value = entry.answers.get("summary")
    if not isinstance(value, str):
        value = ""
        try:
            schema = form_schema.Schema.parse(entry.form.schema)
        except form_schema.SchemaError:
            schema = None
        for f in (f for s in schema.steps for f in s.fields) if schema else ():
            if f.type == "textarea" and isinstance(entry.answers.get(f.key), str):
                value = entry.answers[f.key]
                break
    words = value.split()
    return " ".join(words[:SUMMARY_WORDS]) + (" …" if len(words) > SUMMARY_WORDS else "")


def _status_line(entry: Entry) -> tuple[str, str]:
    """What the copy's header says of the entry's state, and a warning for its first page."""
    if entry.status == EntryStatus.DRAFT:
        return _("Draft: not submitted"), _(
            "Draft: not submitted. This is a copy of a draft; the secretariat has not "
            "received it.")
    if entry.status == EntryStatus.WITHDRAWN:
        state = _("Withdrawn")
        return (f"{entry.reference} · {state}" if entry.reference else state), _(
            "This entry was withdrawn on %(at)s; it will not be judged.") % {
            "at": _moment(entry, entry.withdrawn_at)}
    return entry.reference or "", ""


def _header_footer(entry: Entry, left: str, right: str):
    generated = _("Generated %(at)s") % {"at": localdt(timezone.now(),
                                                        entry.edition.time_zone)}
    label = _("Page %(number)d of %(total)d")

    def decorate(canvas, number: int, total: int) -> None:
        height = A4[1]
        left_x, right_x = MARGIN + 6, MARGIN + 6 + WIDTH  # in line with the content
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 9)
        canvas.drawString(left_x, height - 11 * mm, printable(left)[:90])
        canvas.setFont(BOLD, 10)
        canvas.setFillColor(INK)
        canvas.drawRightString(right_x, height - 11 * mm, printable(right))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left_x, height - 13 * mm, right_x, height - 13 * mm)
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(MUTED)
        canvas.drawString(left_x, 9 * mm, printable(generated))
        canvas.drawRightString(right_x, 9 * mm,
                               label % {"number": number, "total": total})

    return numbered_canvas(decorate)


def _document(buffer, *, title: str, subject: str, entry: Entry, language: str):
    return SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 2 * mm,
        bottomMargin=MARGIN, title=printable(title), author=printable(entry.edition.name),
        creator=printable(entry.edition.name), subject=printable(subject), lang=language,
        initialFontName=REGULAR)


# --- The answers ---------------------------------------------------------------------------------


def _link(text: str, href: str | None) -> str:
    shown = markup(text)
    if not href:
        return shown
    target = escape(printable(href), {'"': "&quot;"})
    return f'<link href="{target}" color="#0a58ca">{shown}</link>'


def _table_answer(answer: dict) -> list:
    columns = [printable(c) for c in answer["columns"]] or [""]
    rows = [[_p(cell, "cell") for cell in row] for row in answer["rows"]]
    width = WIDTH / len(columns)
    if rows and all(cell.wrap(width - CELL_PADDING, ROW_HEIGHT)[1] <= ROW_HEIGHT
                    for row in rows for cell in row):
        return [_grid([[_p(c, "head") for c in columns], *rows], [width] * len(columns))]
    out = []
    for number, row in enumerate(answer["rows"], start=1):
        out.append(_p(_("Row %(number)d") % {"number": number}, "label"))
        for column, cell in zip(columns, row, strict=False):
            out.append(_m(f"<b>{escape(column)}:</b> {markup(cell)}", "item"))
    return out


def _answer(answer: dict) -> list:
    """One answer as the entry page shows it."""
    kind, f = answer["kind"], answer["field"]
    if kind == "empty" or (kind == "bool" and not answer["value"]):
        return [_m(f"<i>{escape(_('Not answered'))}</i>", "small")]
    if kind == "bool":
        return [_p(_("Yes"))]
    if kind == "table":
        return _table_answer(answer)
    if kind == "links":
        links = [_link(text, href) for text, href in answer["value"]]
        if f.type == "url":
            return [_m(" ".join(links))]
        return [Paragraph(link, STYLES["item"], bulletText="•") for link in links]
    if kind == "list":
        return [_p(", ".join(answer["value"]))]
    # Paragraphs as the page shows them (a blank line parts them); drawn one by one, a long
    # answer also flows over pages faster than as a single paragraph.
    parts = [part for part in _PARAGRAPHS.split(str(answer["value"])) if part.strip()]
    return [_p(part) for part in parts] or [_p(answer["value"])]


def _attachments(files: list) -> list:
    if not files:
        return [_m(f"<i>{escape(_('No files attached.'))}</i>", "small")]
    rows = [[_p(_("File name"), "head"), _p(_("Size"), "head"), _p(_("Type"), "head")]]
    rows += [[_p(a.original_name, "cell"), _p(filesizeformat(a.size), "cell"),
              _p(a.content_type, "cell")] for a in files]
    return [_p(_("The files are listed here; they are not part of this copy."), "small"),
            _grid(rows, [WIDTH - 75 * mm, 25 * mm, 50 * mm])]


def entry_story(sections: list[dict], *, files_table=None) -> list:
    """One entry's answers as flowables, step by step in the form's order: the body of the
    copy, and of each entry in the entry book (``entries.book``). ``sections`` are as
    ``entries.presentation.answer_sections`` gives them (a blind round filters them first);
    ``files_table(files)`` draws an attachments step's files (the copy's list by default)."""
    files_table = files_table or _attachments
    story = []
    for number, section in enumerate(sections, start=1):
        story.append(CondPageBreak(40 * mm))
        story.append(_p(f"{number}. {section['title']}", "h2"))
        if section["kind"] == "attachments":
            story.extend(files_table(section["attachments"]))
        elif section["kind"] == "raw":
            for key, value in section["answers"]:
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                story.append(_p(key, "label"))
                story.append(_p(text))
        else:
            for answer in section["answers"]:
                drawn = _answer(answer)
                # The label stays with the start of its answer; a long answer flows on.
                story.append(KeepTogether([_p(answer["field"].label, "label"), drawn[0]]))
                story.extend(drawn[1:])
    return story


def _sections(entry: Entry, files: list) -> list:
    return entry_story(answer_sections(entry, files))


# What the entry book draws with too: paragraphs of typed text and of markup, label-and-value
# facts, tables with a header row, a shaded note.
paragraph, markup_paragraph, facts_table, grid, note_box = _p, _m, _facts, _grid, _box


# --- The two documents ---------------------------------------------------------------------------


@dataclass
class Submission:
    """Who submitted the entry, and the last change submitted after that (from its
    revisions)."""

    first: EntryRevision | None
    last: EntryRevision | None


def submission_of(entry: Entry) -> Submission:
    """Two queries whatever the number of revisions."""
    revisions = entry.revisions.select_related("created_by")
    first = revisions.order_by("number").first()
    last = revisions.order_by("-number").first()
    return Submission(first=first, last=last if last and first and last.pk != first.pk
                      else None)


def entry_copy_pdf(entry: Entry, files: list, *, language: str = "en") -> bytes:
    """The copy of the entry: its facts, then every step's answers, then the files' list."""
    register_fonts()
    edition = entry.edition
    state, warning = _status_line(entry)
    title = entry.title or _("Untitled entry")
    heading = _("Copy of the entry")
    story = [_p(heading, "small"), _p(title, "title")]
    if warning:
        story.append(_box([_p(warning, "note")]))
        story.append(Spacer(0, 3 * mm))
    if entry.pending_since and entry.status != EntryStatus.DRAFT:
        story.append(_box([_p(_(
            "This copy shows the entry as submitted. Changes made since %(at)s are not "
            "submitted yet and are not in this copy.") % {"at": _moment(entry,
                                                                        entry.pending_since)},
            "note")]))
        story.append(Spacer(0, 3 * mm))
    facts = [(_("Reference"), entry.reference or _("Given when the entry is submitted")),
             (_("Title"), title), (_("Category"), entry.category.name),
             (_("Entrant"), entry.entrant.name), (_("Edition"), edition.name),
             (_("Status"), entry.get_entrant_status_display())]
    if entry.submitted_at:
        facts.append((pgettext("moment", "Submitted"), _moment(entry, entry.submitted_at)))
    else:
        facts += [(pgettext("moment", "Submitted"), _("Not submitted")),
                  (_("Last saved"), _moment(entry, entry.last_saved_at))]
    story.append(_facts(facts))
    story.extend(_sections(entry, files))
    buffer = io.BytesIO()
    doc = _document(buffer, title=f"{heading}: {entry.reference or title}",
                    subject=title, entry=entry, language=language)
    left = f"{edition.short_name or edition.name} · {heading}"
    doc.build(story, canvasmaker=_header_footer(entry, left, state))
    return buffer.getvalue()


def receipt_pdf(entry: Entry, submission: Submission, files: list, *,
                language: str = "en") -> bytes:
    """The receipt of a submitted entry: what was received, when, from whom, and the
    fingerprint of the answers as they stand."""
    register_fonts()
    edition = entry.edition
    title = entry.title or _("Untitled entry")
    heading = _("Receipt of submission")
    story = [_p(edition.name, "small"), _p(heading, "title"),
             _p(_("The secretariat of %(edition)s received this entry. Please quote its "
                  "reference when you write to us.") % {"edition": edition.name})]
    if entry.status == EntryStatus.WITHDRAWN:
        story.append(_box([_p(_status_line(entry)[1], "note")]))
    facts = [(_("Reference"), entry.reference), (_("Title"), title),
             (_("Category"), entry.category.name), (_("Entrant"), entry.entrant.name),
             (_("Edition"), edition.name),
             (pgettext("moment", "Submitted"), _moment(entry, entry.submitted_at)),
             (_("Submitted (UTC)"), _utc(entry.submitted_at))]
    first = submission.first
    if first is not None and first.created_by is not None:
        facts.append((_("Submitted by"), f"{first.created_by.get_full_name()} "
                                         f"<{first.created_by.email}>"))
    last = submission.last
    if last is not None:
        who = last.created_by.get_full_name() if last.created_by else ""
        facts.append((_("Last change submitted"),
                      f"{_moment(entry, last.created_at)} ({_utc(last.created_at)})"
                      + (f", {who}" if who else "")))
    story.append(Spacer(0, 2 * mm))
    story.append(_facts(facts))
    summary = summary_of(entry)
    if summary:
        story.append(_p(_("Summary"), "h2"))
        story.append(_p(summary))
    story.append(_p(_("Fingerprint of the answers"), "h2"))
    digest = fingerprint(entry.answers)
    story.append(_p(f"SHA-256: {digest[:32]} {digest[32:]}", "mono"))
    story.append(_p(_(
        "This is the SHA-256 of the answers as they stand on this receipt, written as JSON "
        "with the keys sorted, no spaces between items and characters as themselves (UTF-8). "
        "The same answers always give the same fingerprint, and any change gives another."),
        "small"))
    if files:
        story.append(_p(_("Files on record"), "h2"))
        rows = [[_p(_("File name"), "head"), _p(_("Size"), "head"), _p("SHA-256", "head")]]
        rows += [[_p(a.original_name, "cell"), _p(filesizeformat(a.size), "cell"),
                  _p(a.sha256, "cell")] for a in files]
        story.append(_grid(rows, [WIDTH - 105 * mm, 20 * mm, 85 * mm]))
    story.append(_p(_("Questions"), "h2"))
    story.append(_p(_("Write to the secretariat at %(address)s.")
                    % {"address": contact_address(entry)}))
    buffer = io.BytesIO()
    doc = _document(buffer, title=f"{heading}: {entry.reference}", subject=title,
                    entry=entry, language=language)
    left = f"{edition.short_name or edition.name} · {heading}"
    doc.build(story, canvasmaker=_header_footer(entry, left, entry.reference or ""))
    return buffer.getvalue()
