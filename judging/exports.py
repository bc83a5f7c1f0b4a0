"""Every score of a round as a spreadsheet (CSV or XLSX): one row per criterion score, with the
round, category, entry, entrant, judge, the review's status and weighted total; an abstained
review is one row with its reason. Cells a spreadsheet would run as a formula are neutralised
the same way as the entries export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from entries.exports import XLSX_TYPE, neutralise
from entries.exports import _attachment as attachment

from . import scoring
from .enums import ReviewStatus
from .models import Criterion, Review, Round
from .results import scoring_criteria


def columns(round: Round) -> list[tuple[str, int]]:
    """(header, width in characters) of each column."""
    return [
        (_("Round"), 22),
        (_("Category"), 22),
        (_("Entry reference"), 16),
        (_("Entry title"), 44),
        (_("Entrant"), 32),
        (_("Judge"), 24),
        (_("Judge e-mail"), 30),
        (_("Review status"), 14),
        (_("Criterion"), 24),
        (_("Weight"), 8),
        (_("Scale"), 8),
        (_("Score"), 8),
        (_("Weighted total of the review (out of 100)"), 16),
        (_("Submitted (%(tz)s)") % {"tz": round.edition.time_zone}, 18),
        (_("Reason for abstaining"), 40),
    ]


def reviews_of(round: Round) -> list[Review]:
    """Every review of the round with what the rows need (two queries)."""
    return list(
        Review.objects.filter(assignment__round=round)
        .select_related("assignment__entry__entrant", "assignment__entry__category",
                        "assignment__judge")
        .prefetch_related("scores")
        .order_by("assignment__entry__category__order", "assignment__entry__reference",
                  "assignment__entry_id", "assignment__judge__name", "assignment__judge__email")
    )


def rows(round: Round, reviews: Iterable[Review]) -> Iterable[list]:
    """One list per score (or per abstained review), in column order. Datetimes are naive, in
    the edition's zone; numbers are numbers."""
    criteria = list(Criterion.objects.filter(round=round))
    by_category: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        by_category.setdefault(criterion.category_id, []).append(criterion)
    statuses = dict(ReviewStatus.choices)
    tz = round.edition.tz

    def local(moment: datetime | None):
        return timezone.localtime(moment, tz).replace(tzinfo=None) if moment else None

    for review in reviews:
        a = review.assignment
        entry, judge = a.entry, a.judge
        head = [round.name, entry.category.name, entry.reference or "", entry.title,
                entry.entrant.name, judge.name, judge.email,
                str(statuses.get(review.status, review.status))]
        if review.status == ReviewStatus.ABSTAINED:
            yield head + ["", None, "", None, None, local(review.submitted_at),
                          review.abstain_reason]
            continue
        own = by_category.get(entry.category_id, [])
        values = {s.criterion_id: s.value for s in review.scores.all()}
        total = _total(values, own)
        for criterion in own:
            if criterion.pk not in values:
                continue
            yield head + [
                criterion.name, float(criterion.weight),
                f"{criterion.scale_min}-{criterion.scale_max}",
                float(values[criterion.pk]), total, local(review.submitted_at), "",
            ]


def _total(values: dict, criteria: list[Criterion]) -> float | None:
    if not criteria:
        return None
    try:
        total = scoring.weighted_total(
            {c.name: float(values[c.pk]) if c.pk in values else None for c in criteria},
            scoring_criteria(criteria),
        )
    except ValueError:  # a score outside its scale (the scale changed): no total
        return None
    return round_(total)


def round_(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.2f}")


def filename(round: Round, extension: str) -> str:
    """``SSCP23-round-1-scores-2023-07-01.csv``."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", round.edition.short_name).strip("-") or "judging"
    today = timezone.localtime(timezone.now(), round.edition.tz).date().isoformat()
    return f"{stem}-round-{round.number}-scores-{today}.{extension}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:g}"
    return neutralise(str(value))


def as_csv(round: Round) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([header for header, _width in columns(round)])
    for row in rows(round, reviews_of(round)):
        writer.writerow([_text(value) for value in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    return attachment(response, filename(round, "csv"))


def as_xlsx(round: Round) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Scores")[:31]
    heads = columns(round)
    sheet.append([header for header, _width in heads])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, (_header, width) in enumerate(heads, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows(round, reviews_of(round)):
        sheet.append([neutralise(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    return attachment(response, filename(round, "xlsx"))


EXPORTERS = {"csv": as_csv, "xlsx": as_xlsx}
