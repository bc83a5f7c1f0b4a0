"""The MC's script as a PDF for the stage: A4 portrait, large type, one cue per page (a cue too
long for one page goes on over the next), every page headed CONFIDENTIAL and numbered "page N of
M", and the document's metadata (title, subject, keywords) saying it is confidential.

Drawn with reportlab's platypus in the Pretendard font shipped in ``static/fonts`` (registered
by ``ceremony.certificates.pdf``: Latin, Hangul and more, no Han ideographs or Arabic). Strings
are in the active language, times in the edition's time zone (see ``ceremony.script``).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from prize.pdf import BOLD, REGULAR, numbered_canvas, register_fonts

from . import cues as pure
from .enums import ItemKind
from .script import Script, Sheet

MARGIN = 18 * mm
INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#41464b")
ALERT = colors.HexColor("#842029")
WARN_INK = colors.HexColor("#523e02")
WARN_BG = colors.HexColor("#fff3cd")
NOTE_BG = colors.HexColor("#e7f1ff")

def _style(name: str, size: float, *, bold: bool = False, color=INK, space_after: float = 6,
           leading: float | None = None, **extra) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else REGULAR, fontSize=size,
                          leading=leading or size * 1.3, textColor=color,
                          spaceAfter=space_after, alignment=TA_LEFT, **extra)


STYLES = {
    "cover": _style("cover", 30, bold=True, space_after=10),
    "h2": _style("h2", 22, bold=True, space_after=8, spaceBefore=10),
    "cue": _style("cue", 15, color=MUTED, space_after=4),
    "heading": _style("heading", 26, bold=True, space_after=6),
    "body": _style("body", 17),
    "small": _style("small", 13, color=MUTED),
    "flag": _style("flag", 16, color=WARN_INK, space_after=2),
    "name": _style("name", 32, bold=True, space_after=4),
    "say": _style("say", 21, space_after=10),
    "label": _style("label", 14, bold=True, color=MUTED, space_after=1),
    "list": _style("list", 18, space_after=5, leftIndent=10 * mm, firstLineIndent=-10 * mm),
    "note": _style("note", 17, color=colors.HexColor("#052c65")),
    "table": _style("table", 12, space_after=0),
}


def _p(text: str, style: str) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), STYLES[style])


def _m(markup: str, style: str) -> Paragraph:
    """A paragraph of markup the caller built from escaped parts."""
    return Paragraph(markup, STYLES[style])


def _box(flowables: list, background) -> Table:
    table = Table([[flowables]], colWidths=["100%"])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _person(name: str, *details: str, say: str = "") -> str:
    text = f"<b>{escape(name)}</b>"
    for detail in details:
        if detail:
            text += ", " + escape(detail)
    if say:
        hint = _("say:")
        text += f" ({escape(hint)} {escape(say)})"
    return text


def _cover(script: Script) -> list:
    edition = script.edition
    mark = _("CONFIDENTIAL")
    story = [
        _m(f'<font color="#842029">{escape(mark)}</font>', "h2"),
        _p(_("MC's script"), "cover"),
        _p(edition.name, "h2"),
    ]
    if edition.ceremony_at:
        when = formats.date_format(edition.local(edition.ceremony_at), "DATETIME_FORMAT")
        where = ", ".join(x for x in [
            edition.ceremony_venue, script.ceremony.address if script.ceremony else ""] if x)
        story.append(_p(f"{when} ({script.time_zone}){', ' + where if where else ''}", "body"))
    story.append(_p(_("This script names every winner. Keep it to the people who run the "
                      "evening until the announcement."), "body"))
    generated = formats.date_format(script.generated_at, "DATETIME_FORMAT")
    story.append(_p(_("Generated %(at)s (%(tz)s) from the programme, the confirmed decisions "
                      "and the finalists' replies as they were then.")
                    % {"at": generated, "tz": script.time_zone}, "small"))
    story.append(_p(ngettext("%(count)d cue", "%(count)d cues", len(script.sheets))
                    % {"count": len(script.sheets)} + " · "
                    + ngettext("%(count)d winner", "%(count)d winners", script.winners)
                    % {"count": script.winners}, "small"))

    story.append(_p(_("Before the evening"), "h2"))
    if not script.problem_count:
        story.append(_p(_("Nothing to sort out: every award presented has its confirmed "
                          "winners, and every winner has replied with who receives the prize."),
                        "body"))
    for flag in script.flags:
        story.append(_p("⚠ " + flag.message, "flag"))
    if script.unpresented:
        story.append(_p("⚠ " + ngettext(
            "No programme item presents this award, so it is missing from the script and "
            "the reveal:",
            "No programme item presents these awards, so they are missing from the script "
            "and the reveal:", len(script.unpresented)), "flag"))
        for award in script.unpresented:
            story.append(_p("• " + award.name, "flag"))
    for sheet in script.flagged:
        for flag in sheet.flags:
            story.append(_p("⚠ " + _("Cue %(number)d, %(heading)s") % {
                "number": sheet.number, "heading": sheet.heading} + ": " + flag.message, "flag"))

    if script.sheets:
        story.append(_p(_("Run of show"), "h2"))
        rows = [[_p(_("Cue"), "table"), _p(_("Time"), "table"), _p(_("Kind"), "table"),
                 _p(_("What"), "table")]]
        for sheet in script.sheets:
            rows.append([_p(str(sheet.number), "table"), _p(sheet.starts, "table"),
                         _p(sheet.kind_label, "table"),
                         _p(sheet.heading + ("  ⚠" if sheet.flags else ""), "table")])
        width = A4[0] - 2 * MARGIN
        table = Table(rows, colWidths=[14 * mm, 18 * mm, 40 * mm, width - 72 * mm],
                      repeatRows=1)
        table.setStyle(TableStyle([
            ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#adb5bd")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        story.append(table)
    return story


def _sheet(sheet: Sheet, total: int) -> list:
    cue = sheet.cue
    story = [
        _p(_("Cue %(number)d of %(total)d") % {"number": sheet.number, "total": total}
           + f" · {sheet.starts} · {sheet.kind_label}", "cue"),
        _p(sheet.heading, "heading"),
    ]
    if sheet.first_of_item:
        story.append(_p(_("%(start)s to %(end)s (%(minutes)d min)") % {
            "start": sheet.starts, "end": sheet.ends, "minutes": cue.item.minutes}, "small"))
    elif cue.item.title != sheet.heading:
        story.append(_p(_("In “%(item)s”") % {"item": cue.item.title}, "small"))
    if sheet.flags:
        story.append(Spacer(0, 2 * mm))
        story.append(_box([_p("⚠ " + f.message, "flag") for f in sheet.flags], WARN_BG))
        story.append(Spacer(0, 3 * mm))
    if cue.award is not None:
        label = _("Award:")
        story.append(_m(f"{escape(label)} <b>{escape(cue.award.name)}</b> · "
                        f"{escape(sheet.award_detail)}", "body"))
    if cue.winner is not None:
        w = cue.winner
        story.append(Spacer(0, 2 * mm))
        story.append(_p(w.entrant, "name"))
        story.append(_p((_("Say:") + " " + w.pronunciation) if w.pronunciation
                        else _("No pronunciation hint."), "say"))
        place = ", ".join(x for x in [w.city, w.country] if x) or "—"
        for label, value in [(_("City, country"), place), (_("Project"), w.project or "—"),
                             (_("Citation"), w.citation or "—")]:
            story.append(KeepTogether([_p(label, "label"), _p(value, "body")]))
    if cue.nominees:
        story.append(_p(ngettext("Read out the nominee", "Read out the %(counter)s nominees",
                                 len(cue.nominees)) % {"counter": len(cue.nominees)}, "h2"))
        for number, n in enumerate(cue.nominees, start=1):
            place = ", ".join(x for x in [n.city, n.country] if x)
            text = f"{number}.&nbsp;<b>{escape(n.entrant)}</b>"
            if place:
                text += ", " + escape(place)
            if n.project:
                text += f": <i>{escape(n.project)}</i>"
            story.append(_m(text, "list"))
    if cue.kind == pure.CueKind.MISSING:
        story.append(_p(_("Skip this award on the night, or confirm its winner before the "
                          "ceremony."), "body"))
    if sheet.first_of_item or cue.winner is not None:
        story.append(_p(_("On stage"), "h2"))
        role = _("Presents:") if cue.item.kind == ItemKind.AWARD else _("Speaks:")
        for person in cue.presenters:
            story.append(_m(escape(role) + " " + _person(
                person.name, person.title, person.organisation, say=person.pronunciation),
                "body"))
        if not cue.presenters:
            story.append(_p(_("No presenter named."), "small"))
        if cue.winner is not None:
            unknown = _("not told yet")
            receiver = (_person(sheet.receiver, sheet.receiver_title) if sheet.receiver
                        else f"<i>{escape(unknown)}</i>")
            story.append(_m(escape(_("Receives the prize:")) + " " + receiver, "body"))
    if sheet.first_of_item and cue.item.notes:
        story.append(Spacer(0, 3 * mm))
        story.append(_box([_p(_("Notes for the MC"), "label"), _p(cue.item.notes, "note")],
                          NOTE_BG))
    return story


def _canvas_class(header: str, footer: str, page_label: str):
    """A canvas that waits for the last page to number every page "N of M" and head it
    CONFIDENTIAL."""

    def decorate(canvas: Canvas, number: int, total: int) -> None:
        width, height = A4
        canvas.setFillColor(ALERT)
        canvas.setFont(BOLD, 13)
        canvas.drawString(MARGIN, height - 11 * mm, _("CONFIDENTIAL"))
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 10)
        canvas.drawRightString(width - MARGIN, height - 11 * mm, header)
        canvas.setStrokeColor(ALERT)
        canvas.setLineWidth(1)
        canvas.line(MARGIN, height - 13 * mm, width - MARGIN, height - 13 * mm)
        canvas.setFont(REGULAR, 10)
        canvas.drawString(MARGIN, 9 * mm, footer)
        canvas.setFont(BOLD, 12)
        canvas.setFillColor(INK)
        canvas.drawRightString(width - MARGIN, 9 * mm,
                               page_label % {"number": number, "total": total})

    return numbered_canvas(decorate)


def render(script: Script, *, language: str = "en") -> bytes:
    """The script's PDF."""
    register_fonts()
    edition = script.edition
    buffer = io.BytesIO()
    title = _("CONFIDENTIAL: MC's script, %(edition)s") % {"edition": edition.name}
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 2 * mm,
        bottomMargin=MARGIN, title=title, author=edition.name, creator=edition.name,
        subject=_("CONFIDENTIAL: names the winners before the announcement. Not for "
                  "distribution."),
        keywords=[_("CONFIDENTIAL"), _("MC's script"), edition.short_name], lang=language,
        initialFontName=REGULAR)
    story = _cover(script)
    for sheet in script.sheets:
        story.append(PageBreak())
        story.extend(_sheet(sheet, len(script.sheets)))
    generated = formats.date_format(script.generated_at, "DATETIME_FORMAT")
    canvas = _canvas_class(
        header=_("MC's script · %(edition)s") % {"edition": edition.short_name},
        footer=_("Generated %(at)s (%(tz)s)") % {"at": generated, "tz": script.time_zone},
        page_label=_("Page %(number)d of %(total)d"))
    doc.build(story, canvasmaker=canvas)
    return buffer.getvalue()
