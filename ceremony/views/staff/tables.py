"""What the ceremony's staff exports share (the press list, the invitations): a file name with
the edition and the day, a streamed CSV, an XLSX sheet, through prize.spreadsheets."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

from prize.spreadsheets import XLSX_TYPE, attachment, csv_lines, export_filename, xlsx_bytes


def _filename(edition, what: str, extension: str) -> str:
    return export_filename(edition.short_name, edition.tz, what, extension)


def csv_response(edition, what: str, columns: list[tuple[str, int]],
                 rows: Iterable[list]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines([h for h, _w in columns], rows),
                                     content_type="text/csv; charset=utf-8")
    return attachment(response, _filename(edition, what, "csv"))


def xlsx_response(edition, what: str, sheet: str, columns: list[tuple[str, int]],
                  rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheet, columns, rows), content_type=XLSX_TYPE)
    return attachment(response, _filename(edition, what, "xlsx"))
