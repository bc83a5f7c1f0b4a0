"""Small valid files made on the fly (PDF, PNG, JPEG, DOCX, XLSX), for demo entries and tests.

Each takes a few milliseconds; none reads anything from disk.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from functools import lru_cache
from xml.sax.saxutils import escape

# --- PDF -----------------------------------------------------------------------------------------


def _pdf_text(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252); characters it lacks become "?"."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def sample_pdf(title: str, body: str = "") -> bytes:
    """A one-page A4 PDF showing ``title`` (and ``body``, wrapped) in Helvetica, with a correct
    cross-reference table, so every reader opens it."""
    lines = [(20, line) for line in textwrap.wrap(title, 45)[:4]]
    for paragraph in body.splitlines():
        lines += [(11, line) for line in (textwrap.wrap(paragraph, 90) or [""])]
    lines = lines[:60]
    text = [b"BT", b"72 770 Td"]
    previous = None
    for size, line in lines:
        if previous is not None:
            text.append(b"0 -%d Td" % round(previous * 1.4))
        text.append(b"/F1 %d Tf %s Tj" % (size, _pdf_text(line)))
        previous = size
    text.append(b"ET")
    stream = b"\n".join(text)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Title %s /Producer (Smart City Prize) >>" % _pdf_text(title),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body_bytes)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, len(objects), xref_at))
    return bytes(out)


# --- Images --------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def _image(width: int, height: int, text: str, text_colour, background):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), background)
    if text:
        draw = ImageDraw.Draw(image)
        size = max(10, min(height // 8, 48))
        wrapped = "\n".join(textwrap.wrap(text, max(8, int(width / (size * 0.55))))[:6])
        draw.multiline_text((size, size), wrapped, fill=text_colour, font=_font(size),
                            spacing=size // 3)
    return image


def sample_png(width: int = 640, height: int = 400, text_colour="#ffffff",
               background="#1f4e79", text: str = "") -> bytes:
    """A PNG of the given size: a flat background with ``text`` written on it."""
    buffer = io.BytesIO()
    _image(width, height, text, text_colour, background).save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def sample_jpeg(width: int = 640, height: int = 400, text_colour="#ffffff",
                background="#7a3b12", text: str = "") -> bytes:
    buffer = io.BytesIO()
    _image(width, height, text, text_colour, background).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


# --- Office files --------------------------------------------------------------------------------

_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{target}"/></Relationships>'
)


def _package(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def sample_docx(title: str, body: str = "") -> bytes:
    """A minimal Word document (DOCX): a heading line and one paragraph per line of ``body``."""
    paragraphs = [f'<w:p><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>'
                  f"<w:t>{escape(title)}</w:t></w:r></w:p>"]
    paragraphs += [f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
                   for line in body.splitlines()]
    return _package({
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": _RELS.format(target="word/document.xml"),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{''.join(paragraphs)}</w:body></w:document>"
        ),
    })


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sample_xlsx(rows: list[list]) -> bytes:
    """A minimal Excel workbook (XLSX) with one sheet holding ``rows`` (numbers stay numbers)."""
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_column(c)}{r}"
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t>'
                             f"</is></c>")
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return _package({
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": _RELS.format(target="xl/workbook.xml"),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{main}"><sheetData>{"".join(xml_rows)}</sheetData></worksheet>'
        ),
    })


__all__ = ["sample_docx", "sample_jpeg", "sample_pdf", "sample_png", "sample_xlsx"]
