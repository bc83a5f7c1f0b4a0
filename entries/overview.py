"""The entries' section of an edition's staff overview (``prize/overview.py``): entries by
status and by category, drafts started this week, the screening's progress, and the
submissions day by day up to the deadline. Four queries, whatever the number of entries."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prize import overview
from prize.formats import moment
from prize.models import Category, Edition
from prize.rules import is_edition_staff, is_superuser

from .enums import ENTERED_STATUSES, EntryStatus
from .models import Entry
from .stats import timeline

WEEK = timedelta(days=7)
# Who sees the entries' figures: whoever sees the entries list (entries/views/staff.py).
may_view_entries = is_superuser | is_edition_staff


def _list_url(edition: Edition, **filters) -> str:
    url = reverse("entries:staff_list", kwargs={"edition_slug": edition.slug})
    return f"{url}?{urlencode(filters)}" if filters else url


def entries_section(request, edition: Edition) -> dict | None:
    if not may_view_entries.test(request.user, edition):
        return None
    now = timezone.now()
    entries = Entry.objects.filter(edition=edition)
    cells = {(status, category_id): n for status, category_id, n in (
        entries.values_list("status", "category_id").annotate(n=Count("pk")).order_by())}
    drafts_this_week = entries.filter(status=EntryStatus.DRAFT,
                                      created_at__gte=now - WEEK).count()
    categories = list(Category.objects.filter(edition=edition).order_by("order", "name"))

    by_status = dict.fromkeys(EntryStatus.values, 0)
    for (status, _category), n in cells.items():
        by_status[status] = by_status.get(status, 0) + n
    statuses = [
        {"key": value, "label": label, "count": by_status.get(value, 0),
         "url": _list_url(edition, status=value)}
        for value, label in EntryStatus.choices
    ]
    rows = []
    for category in categories:
        counts = [cells.get((value, category.pk), 0) for value in EntryStatus.values]
        rows.append({
            "category": category, "total": sum(counts),
            "cells": [(label, n) for (_value, label), n in zip(EntryStatus.choices, counts,
                                                               strict=True)],
            "url": _list_url(edition, status="all", category=category.slug),
        })

    screened = by_status[EntryStatus.ELIGIBLE] + by_status[EntryStatus.INELIGIBLE]
    to_screen = by_status[EntryStatus.SUBMITTED]
    entered = screened + to_screen

    per_day = dict(
        entries.filter(status__in=ENTERED_STATUSES).exclude(submitted_at=None)
        .annotate(day=TruncDate("submitted_at", tzinfo=edition.tz))
        .values_list("day").annotate(n=Count("pk")).order_by()
    )
    days = timeline(edition, per_day).days if per_day else []
    submissions = overview.chart(
        "line", [moment(d.day, "SHORT_MONTH_DAY_FORMAT") for d in days],
        [(_("Entries submitted so far"), [d.cumulative for d in days])],
        title=_("Entries submitted, day by day up to the deadline"),
    )
    by_category = overview.chart(
        "bar", [c.code or c.name for c in categories],
        [(label, [cells.get((value, c.pk), 0) for c in categories])
         for value, label in EntryStatus.choices],
        stacked=True, title=_("Entries by category and status"),
    )
    return {
        "statuses": statuses,
        "status_labels": [label for _value, label in EntryStatus.choices],
        "rows": rows,
        "total": sum(by_status.values()),
        "drafts_this_week": drafts_this_week,
        "drafts_url": _list_url(edition, status=EntryStatus.DRAFT, sort="-saved"),
        "screening": {
            "screened": screened, "to_screen": to_screen, "entered": entered,
            "percent": overview.percent(screened, entered),
            "to_screen_url": _list_url(edition, status=EntryStatus.SUBMITTED),
            "screened_url": _list_url(edition, status=EntryStatus.ELIGIBLE),
        },
        "days": [d for d in days if d.count],
        "closes_on": edition.local(edition.call_closes_at).date(),
        "stats_url": reverse("entries:staff_stats", kwargs={"edition_slug": edition.slug}),
        "chart_by_category": by_category if categories else None,
        "chart_submissions": submissions if days else None,
    }


overview.register("entries", 10, entries_section, "entries/overview/_section.html")
