"""Spreadsheets every app exports (CSV and XLSX): cells a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) are written as text with a leading
apostrophe; CSV is UTF-8 with a byte-order mark (Excel then reads Korean and accented names
right) and streamed line by line; downloads are private and never cached.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A text cell a spreadsheet will not evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def text_cell(value) -> str:
    """A CSV cell: empty for nothing, a moment as ``YYYY-MM-DD HH:MM``, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return neutralise(str(value))


class _Line:
    """A file-like object whose ``write`` hands back the line csv.writer wrote."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: list[str], rows: Iterable[Iterable],
              cell: Callable[[object], str] = text_cell) -> Iterator[bytes]:
    """The CSV file as encoded lines, the byte-order mark first: memory stays flat however
    many rows there are."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow(headers)).encode()
    for row in rows:
        yield writer.writerow([cell(value) for value in row]).encode()


def export_filename(short_name: str, tz, what: str, extension: str) -> str:
    """``SSCP23-winners-2023-09-25.csv``: the edition's short name, what it is, today there."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", short_name).strip("-") or "export"
    today = timezone.localtime(timezone.now(), tz).date().isoformat()
    return f"{stem}-{what}-{today}.{extension}"


def xlsx_bytes(title: str, heads: list[tuple[str, int]], rows) -> bytes:
    """A workbook of one sheet: bold frozen headers with their widths, an auto-filter, dates
    as dates, text never a formula. Write-only: rows go to the file as they come instead of
    living in memory as cells."""
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, (_header, width) in enumerate(heads, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def header(text):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    def cell_of(value):
        cell = WriteOnlyCell(sheet, value=neutralise(value))
        if isinstance(value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever the text
        return cell

    sheet.append([header(text) for text, _width in heads])
    count = 0
    for row in rows:
        sheet.append([cell_of(value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
