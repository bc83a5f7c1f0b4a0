"""What every PDF of the platform shares: the Pretendard font shipped in ``static/fonts``
(Latin, Greek, Cyrillic, Vietnamese, Hangul and kana; no Han ideographs, Arabic or emoji),
text made safe to draw in it, pages numbered "N of M" with a header and a footer, and the
private download.

The font is read once per process under the names ``Pretendard`` and ``Pretendard-Bold``, the
names the ceremony's certificates and script use too; each PDF embeds only the glyphs it uses.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import HttpResponse
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .spreadsheets import attachment

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
REGULAR, BOLD = "Pretendard", "Pretendard-Bold"
FONT_FILES = {REGULAR: "Pretendard-Regular.ttf", BOLD: "Pretendard-Bold.ttf"}
# Drawn instead of a character the font has no glyph for (an emoji, a Han ideograph).
MISSING = "\u25a1"

_lock = threading.Lock()
_glyphs: frozenset[int] | None = None


def register_fonts() -> None:
    """Make the shipped font known to reportlab (once per process; a font another module
    registered already under the same name is kept), as a family so <b> works in paragraphs."""
    global _glyphs
    with _lock:
        if _glyphs is not None:
            return
        known = set(pdfmetrics.getRegisteredFontNames())
        for name, path in FONT_FILES.items():
            if name not in known:
                pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / path)))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                      boldItalic=BOLD)
        regular = frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)
        _glyphs = regular & frozenset(pdfmetrics.getFont(BOLD).face.charToGlyph)


def printable(text) -> str:
    """``text`` as the font can draw it: control and invisible formatting characters (NUL,
    escape, zero-width spaces, direction overrides, byte-order marks) left out, tabs as spaces,
    any character without a glyph in the font shown as a white square. Line breaks stay."""
    register_fonts()
    out = []
    for char in str(text if text is not None else ""):
        if char == "\n":
            out.append(char)
        elif char == "\t":
            out.append("    ")
        elif unicodedata.category(char) in ("Cc", "Cf"):
            continue
        else:
            out.append(char if ord(char) in _glyphs else MISSING)
    return "".join(out)


def markup(text) -> str:
    """Plain text as paragraph markup: made printable, escaped, line breaks kept."""
    return escape(printable(text)).replace("\n", "<br/>")


def numbered_canvas(decorate: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that waits for the last page, then calls ``decorate(canvas, number,
    total)`` on every page (a header, a footer, "page N of M")."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                decorate(self, number, total)
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def pdf_download(content: bytes, filename: str) -> HttpResponse:
    """A PDF to save, kept by no cache on the way (``private, no-store``)."""
    response = attachment(HttpResponse(content, content_type="application/pdf"), filename)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
