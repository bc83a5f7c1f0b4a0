"""What a certificate says and how it is drawn: A4 landscape, one page per certificate.

Drawn with reportlab in the Pretendard font shipped in ``static/fonts`` (Latin, Greek, Cyrillic,
Vietnamese, Hangul and kana; no Han ideographs or Arabic), so it needs no font installed on the
machine. The font is read once per process; each PDF embeds only the glyphs it uses. The QR
code is reportlab's own encoder, drawn as vectors. Strings are in the active language; dates in
the edition's time zone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from prize.enums import OrganisationRole
from prize.models import Edition, Organisation
from prize.pdf import BOLD, REGULAR, register_fonts

from .. import selectors
from ..enums import AwardKind
from ..models import Certificate, Decision, Publication

# A citation is printed when it fits in this many lines at the citation's size.
CITATION_LINES = 3
SIGNATORIES_SHOWN = 4


def verification_url(certificate: Certificate) -> str:
    """The absolute address printed on the certificate and in its QR code."""
    return settings.SITE_URL + reverse("ceremony:certificate_verify", args=[certificate.code])


# --- What a certificate says -------------------------------------------------------------------


@dataclass
class CertificateText:
    """Every string printed on one certificate, in the active language."""

    code: str
    kind: str
    edition: str
    organisers: str
    heading: str
    presented_to: str
    entrant: str
    entrant_detail: str
    for_project: str
    title: str
    award_intro: str
    award: str
    award_detail: str
    citation: str
    ceremony: str
    signatories: list[tuple[str, str]] = field(default_factory=list)
    verify_label: str = ""
    verify_url: str = ""


def ceremony_line(edition: Edition) -> str:
    """Where and when the ceremony is, its date in the edition's time zone."""
    venue = edition.ceremony_venue.strip()
    date = ""
    if edition.ceremony_at:
        local = edition.local(edition.ceremony_at)
        date = formats.date_format(local, "DATE_FORMAT")
    if venue and date:
        return _("Conferred at %(venue)s on %(date)s") % {"venue": venue, "date": date}
    if date:
        return _("Conferred on %(date)s") % {"date": date}
    if venue:
        return _("Conferred at %(venue)s") % {"venue": venue}
    return ""


def _signatories(publication: Publication | None) -> list[tuple[str, str]]:
    rows = publication.signatories if publication is not None else []
    out = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and str(row.get("name", "")).strip():
            out.append((str(row["name"]).strip(), str(row.get("title", "") or "").strip()))
    return out[:SIGNATORIES_SHOWN]


def _organisers(edition: Edition) -> str:
    names = Organisation.objects.filter(
        edition=edition, role=OrganisationRole.ORGANISER
    ).order_by("order", "name").values_list("name", flat=True)
    names = list(names)
    return _("Organised by %(names)s") % {"names": " · ".join(names)} if names else ""


def _contains(haystack: str, needle: str) -> bool:
    return needle.casefold() in haystack.casefold()


def _award_detail(decision: Decision) -> str:
    award = decision.award
    parts = []
    if award.tier and not _contains(award.name, award.tier):
        parts.append(award.tier)
    if award.category_id and not _contains(award.name, award.category.name):
        parts.append(award.category.name)
    if award.kind == AwardKind.SPECIAL_MENTION:
        partners = [p.name for p in award.partners.all()]
        if partners:
            parts.append(_("chosen with %(partners)s") % {"partners": " · ".join(partners)})
    return " · ".join(parts)


def certificate_text(certificate: Certificate, *, context: dict | None = None
                     ) -> CertificateText:
    """What the certificate says. ``context`` (``edition_context(edition)``) saves the
    edition's queries when many certificates of one edition are drawn."""
    entry = certificate.entry
    edition = entry.edition
    context = context or edition_context(edition)
    entrant = entry.entrant
    place = ", ".join(p for p in (entrant.city, str(entrant.country.name or "")) if p)
    entrant_detail = " · ".join(p for p in (entrant.position, place) if p)
    decision = certificate.decision
    if decision is not None:
        heading = _("Certificate of Award")
        award_intro = _("winner of the")
        award = decision.award.name
        award_detail = _award_detail(decision)
        citation = decision.citation.strip()
    else:
        heading = _("Certificate of Recognition")
        award_intro = _("selected as a")
        award = _("Finalist")
        award_detail = entry.category.name
        citation = ""
    return CertificateText(
        code=certificate.code,
        kind=certificate.kind,
        edition=edition.name,
        organisers=context["organisers"],
        heading=heading,
        presented_to=_("is presented to"),
        entrant=entrant.name,
        entrant_detail=entrant_detail,
        for_project=_("for the project"),
        title=entry.title or entry.reference or "",
        award_intro=award_intro,
        award=award,
        award_detail=award_detail,
        citation=citation,
        ceremony=context["ceremony"],
        signatories=context["signatories"],
        verify_label=_("Verify this certificate"),
        verify_url=verification_url(certificate),
    )


def edition_context(edition: Edition) -> dict:
    return {
        "organisers": _organisers(edition),
        "ceremony": ceremony_line(edition),
        "signatories": _signatories(selectors.publication_of(edition)),
    }


# --- Drawing -----------------------------------------------------------------------------------

# Colours (RGB 0-1) and the page, in millimetres from the top left corner.
NAVY = (0.086, 0.157, 0.278)
GOLD = (0.667, 0.525, 0.298)
INK = (0.129, 0.145, 0.161)
MUTED = (0.376, 0.408, 0.455)
PAPER = (0.988, 0.980, 0.961)
PAGE_W, PAGE_H = 297.0, 210.0
LEFT, RIGHT = 30.0, 267.0
WIDTH = RIGHT - LEFT
PT = 25.4 / 72  # one point in millimetres

def _width(text: str, font: str, size: float) -> float:
    """Width in millimetres."""
    return pdfmetrics.stringWidth(text, font, size) * PT


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most ``width`` mm, broken between words, or inside a word longer than a
    line (names in scripts written without spaces)."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if _width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while _width(word, font, size) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and _width(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        if line:
            lines.append(line)
    return lines


class _Page:
    """One certificate page on a reportlab canvas, placed in mm from the top left."""

    def __init__(self, canvas: Canvas):
        self.c = canvas

    def y(self, top: float) -> float:
        return (PAGE_H - top) * mm

    def fit(self, text: str, *, font: str, size: float, smallest: float, width: float,
            max_lines: int) -> tuple[float, list[str]]:
        """The largest size (down to ``smallest``) at which the text takes at most
        ``max_lines`` lines, and those lines (the last one shortened if it still does not)."""
        while True:
            lines = _wrap(text, font, size, width)
            if len(lines) <= max_lines or size <= smallest:
                break
            size = max(smallest, size - 1)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            last = lines[-1]
            while last and _width(last + "…", font, size) > width:
                last = last[:-1]
            lines[-1] = last.rstrip() + "…"
        return size, lines

    def centred(self, top: float, text: str, *, size: float, bold: bool = False,
                color=INK, width: float = WIDTH, leading: float = 1.25, max_lines: int = 1,
                smallest: float | None = None) -> float:
        """Text centred on the page from ``top``; returns the top of what comes below."""
        if not text:
            return top
        font = BOLD if bold else REGULAR
        size, lines = self.fit(text, font=font, size=size, smallest=smallest or size,
                               width=width, max_lines=max_lines)
        self.c.setFont(font, size)
        self.c.setFillColorRGB(*color)
        height = size * leading * PT
        for index, line in enumerate(lines):
            baseline = top + index * height + size * 0.86 * PT
            self.c.drawCentredString(PAGE_W / 2 * mm, self.y(baseline), line)
        return top + height * len(lines)

    def text_lines(self, x: float, top: float, lines: list[str], *, font: str, size: float,
                   color, align: str = "centre", width: float = 0, leading: float = 1.3
                   ) -> float:
        self.c.setFont(font, size)
        self.c.setFillColorRGB(*color)
        height = size * leading * PT
        for index, line in enumerate(lines):
            baseline = self.y(top + index * height + size * 0.86 * PT)
            if align == "right":
                self.c.drawRightString((x + width) * mm, baseline, line)
            else:
                self.c.drawCentredString((x + width / 2) * mm, baseline, line)
        return top + height * len(lines)

    def frame(self) -> None:
        c = self.c
        c.setFillColorRGB(*PAPER)
        c.rect(0, 0, PAGE_W * mm, PAGE_H * mm, stroke=0, fill=1)
        c.setStrokeColorRGB(*NAVY)
        c.setLineWidth(1.2 * mm)
        c.rect(9 * mm, 9 * mm, (PAGE_W - 18) * mm, (PAGE_H - 18) * mm, stroke=1, fill=0)
        c.setStrokeColorRGB(*GOLD)
        c.setLineWidth(0.35 * mm)
        c.rect(12.5 * mm, 12.5 * mm, (PAGE_W - 25) * mm, (PAGE_H - 25) * mm, stroke=1, fill=0)
        c.setFillColorRGB(*NAVY)
        c.rect(12.5 * mm, self.y(15.5), (PAGE_W - 25) * mm, 3 * mm, stroke=0, fill=1)

    def rule(self, top: float, half: float = 24) -> None:
        c, middle, y = self.c, PAGE_W / 2, self.y(top)
        c.setStrokeColorRGB(*GOLD)
        c.setLineWidth(0.5 * mm)
        c.line((middle - half) * mm, y, (middle - 3) * mm, y)
        c.line((middle + 3) * mm, y, (middle + half) * mm, y)
        c.setFillColorRGB(*GOLD)
        path = c.beginPath()
        path.moveTo(middle * mm, y + 1.6 * mm)
        path.lineTo((middle + 1.6) * mm, y)
        path.lineTo(middle * mm, y - 1.6 * mm)
        path.lineTo((middle - 1.6) * mm, y)
        path.close()
        c.drawPath(path, stroke=0, fill=1)

    def qr_code(self, url: str, x: float, top: float, size: float) -> None:
        """The verification URL as a QR code (reportlab's own encoder), drawn as vectors."""
        widget = qr.QrCodeWidget(url, barLevel="M", barBorder=0)
        widget.barFillColor = Color(*NAVY)
        x0, y0, x1, y1 = widget.getBounds()
        side = size * mm
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, self.c, x * mm, self.y(top + size))

    def signatures(self, people: list[tuple[str, str]], top: float, area: float) -> None:
        if not people:
            return
        slot = area / len(people)
        width = min(slot - 8, 70)
        for index, (name, title) in enumerate(people):
            x = LEFT + index * slot + (slot - width) / 2
            self.c.setStrokeColorRGB(*MUTED)
            self.c.setLineWidth(0.25 * mm)
            self.c.line(x * mm, self.y(top), (x + width) * mm, self.y(top))
            size, lines = self.fit(name, font=BOLD, size=11, smallest=8, width=width,
                                   max_lines=1)
            below = self.text_lines(x, top + 2, lines, font=BOLD, size=size, color=INK,
                                    width=width)
            if title:
                size, lines = self.fit(title, font=REGULAR, size=8.5, smallest=7, width=width,
                                       max_lines=2)
                self.text_lines(x, below + 0.5, lines, font=REGULAR, size=size, color=MUTED,
                                width=width)


def _draw(canvas: Canvas, text: CertificateText) -> None:
    page = _Page(canvas)
    page.frame()
    y = page.centred(24, text.edition, size=13, bold=True, color=NAVY, smallest=9)
    y = page.centred(y + 0.8, text.organisers, size=8.5, color=MUTED, smallest=7)
    y = page.centred(y + 5, text.heading, size=30, bold=True, color=NAVY, smallest=20)
    page.rule(y + 3)
    y = page.centred(y + 8, text.presented_to, size=10.5, color=MUTED)
    y = page.centred(y + 1.5, text.entrant, size=28, bold=True, max_lines=2, smallest=16,
                     leading=1.15)
    y = page.centred(y + 0.5, text.entrant_detail, size=10.5, color=MUTED, smallest=8)
    y = page.centred(y + 4, text.for_project, size=10.5, color=MUTED)
    y = page.centred(y + 1, text.title, size=16, bold=True, max_lines=2, smallest=11,
                     width=WIDTH - 30)
    y = page.centred(y + 4, text.award_intro, size=10.5, color=MUTED)
    y = page.centred(y + 1, text.award, size=20, bold=True, color=GOLD, smallest=12)
    y = page.centred(y + 0.5, text.award_detail, size=11, bold=True, color=NAVY, smallest=8)
    ceremony_top = 151.0
    if text.citation:
        lines = _wrap(text.citation, REGULAR, 9.5, WIDTH - 50)
        room = ceremony_top - 2 - (y + 3)
        if len(lines) <= CITATION_LINES and len(lines) * 9.5 * 1.35 * PT <= room:
            page.centred(y + 3, text.citation, size=9.5, color=MUTED, width=WIDTH - 50,
                         max_lines=CITATION_LINES, leading=1.35)
    page.centred(ceremony_top, text.ceremony, size=10.5, smallest=8)
    qr_size = 24.0
    page.signatures(text.signatories, top=176, area=WIDTH - 60)
    page.qr_code(text.verify_url, RIGHT - qr_size, 158, qr_size)
    below = page.text_lines(RIGHT - 80, 158 + qr_size + 1.5, [text.verify_label], font=BOLD,
                            size=6.5, color=NAVY, align="right", width=80)
    page.text_lines(RIGHT - 80, below, [text.verify_url], font=REGULAR, size=6,
                    color=MUTED, align="right", width=80)


def render(texts: list[CertificateText], *, title: str = "", language: str = "en") -> bytes:
    """The PDF of one or more certificates, one A4 landscape page each."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_W * mm, PAGE_H * mm), lang=language)
    edition = texts[0].edition if texts else ""
    canvas.setTitle(title or (texts[0].heading if texts else ""))
    canvas.setAuthor(edition)
    canvas.setCreator(edition)
    canvas.setSubject(", ".join(t.verify_url for t in texts))
    for text in texts:
        _draw(canvas, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def certificates_pdf(certificates: list[Certificate]) -> bytes:
    """The PDF of these certificates (of one edition), in the active language."""
    contexts: dict[int, dict] = {}
    texts = []
    for certificate in certificates:
        edition = certificate.entry.edition
        if edition.pk not in contexts:
            contexts[edition.pk] = edition_context(edition)
        texts.append(certificate_text(certificate, context=contexts[edition.pk]))
    title = ""
    if texts:
        title = f"{texts[0].heading} · {texts[0].entrant} · {texts[0].edition}"
    return render(texts, title=title, language=translation.get_language() or "en")

