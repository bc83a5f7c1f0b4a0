"""What the ceremony's staff exports share (the press list, the invitations): a file name with
the edition and the day, a CSV streamed row by row with a BOM for spreadsheets, an XLSX sheet;
cells a spreadsheet would run as a formula are neutralised, moments written in the edition's
time zone as the caller gave them."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from entries.exports import XLSX_TYPE, neutralise, xlsx_bytes
from entries.exports import _attachment as attachment


def export_filename(edition, what: str, extension: str) -> str:
    """``SSCP23-winners-2023-09-25.csv``."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", edition.short_name).strip("-") or "ceremony"
    today = timezone.localtime(timezone.now(), edition.tz).date().isoformat()
    return f"{stem}-{what}-{today}.{extension}"


class _Line:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    return neutralise("" if value is None else str(value))


def _csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow(headers)).encode()
    for row in rows:
        yield writer.writerow([_cell(value) for value in row]).encode()


def csv_response(edition, what: str, columns: list[tuple[str, int]],
                 rows: Iterable[list]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines([h for h, _w in columns], rows),
                                     content_type="text/csv; charset=utf-8")
    return attachment(response, export_filename(edition, what, "csv"))


def xlsx_response(edition, what: str, sheet: str, columns: list[tuple[str, int]],
                  rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheet, columns, rows), content_type=XLSX_TYPE)
    return attachment(response, export_filename(edition, what, "xlsx"))
