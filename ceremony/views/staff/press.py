"""The press list for staff: the confirmed winners (category, award, tier, reference, title,
entrant, city, country, citation) as CSV (streamed) or XLSX. Staff only, so it is available
before publication too; cells a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from ... import selectors
from ...enums import DecisionStatus
from .common import edition_page
from .tables import csv_response, xlsx_response


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


def as_csv(edition) -> StreamingHttpResponse:
    return csv_response(edition, "winners", columns(), rows(edition))


def as_xlsx(edition) -> HttpResponse:
    return xlsx_response(edition, "winners", _("Winners"), columns(), rows(edition))


EXPORTERS = {"csv": as_csv, "xlsx": as_xlsx}


@edition_page()
def staff_press(request, edition, fmt):
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    return exporter(edition)
