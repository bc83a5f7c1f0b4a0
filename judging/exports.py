"""Every score of a round as a spreadsheet (CSV or XLSX): one row per criterion score, with the
round, category, entry, entrant, judge, the review's status and weighted total; an abstained
review is one row with its reason. Cells a spreadsheet would run as a formula are neutralised
the same way as the entries export."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from prize.spreadsheets import XLSX_TYPE, attachment, csv_lines, neutralise, xlsx_bytes

from . import scoring
from .enums import ReviewStatus
from .models import Criterion, Review, Round
from .results import criterion_key, scoring_criteria


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


def score_rows(round: Round) -> Iterable[tuple]:
    """One database row per score of the round (a review without scores: one row with None),
    each review's rows together, in export order. One query, read in chunks: a round of
    70,000 reviews builds no model instance per review or per score."""
    return (
        Review.objects.filter(assignment__round=round)
        .order_by("assignment__entry__category__order", "assignment__entry__reference",
                  "assignment__entry_id", "assignment__judge__name", "assignment__judge__email",
                  "pk", "scores__criterion_id")
        .values_list("pk", "status", "submitted_at", "abstain_reason",
                     "assignment__entry__category_id", "assignment__entry__category__name",
                     "assignment__entry__reference", "assignment__entry__title",
                     "assignment__entry__entrant__name", "assignment__judge__name",
                     "assignment__judge__email", "scores__criterion_id", "scores__value")
        .iterator(chunk_size=2000)
    )


def rows(round: Round, database_rows: Iterable[tuple] | None = None) -> Iterable[list]:
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

    source = score_rows(round) if database_rows is None else database_rows
    for _pk, group in groupby(source, key=itemgetter(0)):
        group = list(group)
        (_, status, submitted_at, abstain_reason, category_id, category_name, reference, title,
         entrant, judge_name, judge_email, _c, _v) = group[0]
        head = [round.name, category_name, reference or "", title, entrant, judge_name,
                judge_email, str(statuses.get(status, status))]
        if status == ReviewStatus.ABSTAINED:
            yield head + ["", None, "", None, None, local(submitted_at), abstain_reason]
            continue
        own = by_category.get(category_id, [])
        values = {row[11]: row[12] for row in group if row[11] is not None}
        total = _total(values, own)
        for criterion in own:
            if criterion.pk not in values:
                continue
            yield head + [
                criterion.name, float(criterion.weight),
                f"{criterion.scale_min}-{criterion.scale_max}",
                float(values[criterion.pk]), total, local(submitted_at), "",
            ]


def _total(values: dict, criteria: list[Criterion]) -> float | None:
    if not criteria:
        return None
    try:
        total = scoring.weighted_total(
            {criterion_key(c): float(values[c.pk]) if c.pk in values else None
             for c in criteria},
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


def as_csv(round: Round) -> StreamingHttpResponse:
    """Streamed line by line: memory stays flat however many scores the round has."""
    response = StreamingHttpResponse(
        csv_lines([header for header, _width in columns(round)], rows(round), cell=_text),
        content_type="text/csv; charset=utf-8")
    return attachment(response, filename(round, "csv"))


def as_xlsx(round: Round) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(_("Scores"), columns(round), rows(round)),
                            content_type=XLSX_TYPE)
    return attachment(response, filename(round, "xlsx"))


EXPORTERS = {"csv": as_csv, "xlsx": as_xlsx}
