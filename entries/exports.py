"""The secretariat's entries list as a spreadsheet: CSV (UTF-8 with a byte-order mark, so Excel
reads Korean and accented names right) or XLSX.

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) are written with a leading apostrophe, so a title such as ``=HYPERLINK(...)`` stays
text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from prize.models import Edition
from prize.spreadsheets import FORMULA_START, XLSX_TYPE, neutralise, xlsx_bytes  # noqa: F401
from prize.spreadsheets import attachment as _attachment

from .enums import EntryStatus, Region
from .models import ScreeningDecision


def with_latest_decision(queryset: QuerySet) -> QuerySet:
    """Annotate each entry with its latest screening decision and reason (one query)."""
    latest = ScreeningDecision.objects.filter(entry=OuterRef("pk")).order_by("-decided_at", "-pk")
    return queryset.annotate(
        latest_decision=Subquery(latest.values("decision")[:1]),
        latest_reason=Subquery(latest.values("reason")[:1]),
        latest_released_at=Subquery(latest.values("released_at")[:1]),
    )


def columns(edition: Edition) -> list[tuple[str, int]]:
    """(header, width in characters) of each column."""
    tz = edition.time_zone
    return [
        (_("Reference"), 16),
        (_("Title"), 50),
        (_("Category"), 22),
        (_("Status"), 12),
        (_("Entrant"), 36),
        (_("Entrant kind"), 18),
        (_("City"), 18),
        (_("Country"), 22),
        (_("Region"), 14),
        (_("WeGO member"), 12),
        (_("Contact e-mail"), 30),
        (_("Submitted (%(tz)s)") % {"tz": tz}, 18),
        (_("Last saved (%(tz)s)") % {"tz": tz}, 18),
        (_("Changes not submitted since (%(tz)s)") % {"tz": tz}, 18),
        (_("Latest screening decision"), 16),
        (_("Screening reason"), 50),
    ]


def rows(edition: Edition, entries: Iterable) -> Iterable[list]:
    """One list per entry, in column order. Datetimes are naive, in the edition's zone."""
    names = dict(countries)
    statuses = dict(EntryStatus.choices)
    regions = dict(Region.choices)

    def local(moment: datetime | None):
        return timezone.localtime(moment, edition.tz).replace(tzinfo=None) if moment else None

    for entry in entries:
        entrant = entry.entrant
        decision = getattr(entry, "latest_decision", None)
        yield [
            entry.reference or "",
            entry.title,
            entry.category.name,
            str(statuses.get(entry.status, entry.status)),
            entrant.name,
            str(entrant.get_kind_display()),
            entrant.city,
            str(names.get(str(entrant.country), str(entrant.country))),
            str(regions.get(entrant.region, entrant.region)),
            _("Yes") if entrant.wego_member else _("No"),
            entrant.contact_email,
            local(entry.submitted_at),
            local(entry.last_saved_at),
            local(entry.pending_since) if entry.has_pending_changes else None,
            str(statuses.get(decision, "")) if decision else "",
            getattr(entry, "latest_reason", None) or "",
        ]


def filename(edition: Edition, extension: str) -> str:
    """``SSCP23-entries-2023-07-01.xlsx``: the edition's short name and today, in its zone."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", edition.short_name).strip("-") or "entries"
    today = timezone.localtime(timezone.now(), edition.tz).date().isoformat()
    return f"{stem}-entries-{today}.{extension}"


def as_csv(edition: Edition, entries: Iterable) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([header for header, _width in columns(edition)])
    for row in rows(edition, entries):
        writer.writerow([
            value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime)
            else neutralise("" if value is None else str(value))
            for value in row
        ])
    response = HttpResponse(buffer.getvalue().encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    return _attachment(response, filename(edition, "csv"))


def as_xlsx(edition: Edition, entries: Iterable) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(_("Entries"), columns(edition), rows(edition, entries)),
                            content_type=XLSX_TYPE)
    return _attachment(response, filename(edition, "xlsx"))


EXPORTERS = {"csv": as_csv, "xlsx": as_xlsx}
