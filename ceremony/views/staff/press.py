"""The press list for staff: the confirmed winners (category, award, tier, reference, title,
entrant, city, country, citation) as CSV (streamed) or XLSX. Staff only, so it is available
before publication too; cells a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from django.db.models import F
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from entries.exports import XLSX_TYPE, neutralise, xlsx_bytes
from entries.exports import _attachment as attachment

from ... import selectors
from ...enums import DecisionStatus
from .common import edition_page


def columns() -> list[tuple[str, int]]:
    """(header, width in characters) of each column."""
    return [
        (_("Category"), 22),
        (_("Award"), 26),
        (_("Tier"), 12),
        (_("Reference"), 16),
        (_("Project title"), 44),
        (_("Entrant"), 32),
        (_("City"), 20),
        (_("Country"), 20),
        (_("Citation"), 60),
    ]


def rows(edition) -> Iterable[list]:
    """One row per confirmed winner, in tier order, special mentions last (one query)."""
    decisions = selectors.decisions_of(edition).filter(status=DecisionStatus.CONFIRMED).order_by(
        F("award__category__order").asc(nulls_last=True), "award__category_id", "award__order",
        "award__name", "rank", "pk")  # special mentions after the categories
    for d in decisions:
        entrant = d.entry.entrant
        yield [
            d.award.category.name if d.award.category_id else _("Special mention"),
            d.award.name, d.award.tier, d.entry.reference or "", d.entry.title, entrant.name,
            entrant.city, entrant.country.name or str(entrant.country), d.citation,
        ]


def filename(edition, extension: str) -> str:
    """``SSCP23-winners-2023-09-25.csv``."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", edition.short_name).strip("-") or "ceremony"
    today = timezone.localtime(timezone.now(), edition.tz).date().isoformat()
    return f"{stem}-winners-{today}.{extension}"


class _Line:
    def write(self, value: str) -> str:
        return value


def _csv_lines(edition) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([h for h, _w in columns()])).encode()
    for row in rows(edition):
        yield writer.writerow([neutralise("" if v is None else str(v)) for v in row]).encode()


def as_csv(edition) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(edition), content_type="text/csv; charset=utf-8")
    return attachment(response, filename(edition, "csv"))


def as_xlsx(edition) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(_("Winners"), columns(), rows(edition)),
                            content_type=XLSX_TYPE)
    return attachment(response, filename(edition, "xlsx"))


EXPORTERS = {"csv": as_csv, "xlsx": as_xlsx}


@edition_page()
def staff_press(request, edition, fmt):
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    return exporter(edition)
