"""The staff overview of one edition: how far it has got, in a page of sections, each figure
linking to the page where staff act on it.

Each app contributes the section about its own part (``register``, from its
``AppConfig.ready``), the pattern of ``prize/checklist.py``: the core shows the outbox's health
for the edition and its next dates; ``entries`` the entries by status and the screening;
``judging`` each round's progress; ``ceremony`` the awards, the publication and the
invitations. So the core page shows what later apps know without importing them.

A section's ``context(request, edition)`` returns its template's context, or ``None`` to show
nothing (the viewer may not see that part, or there is nothing yet). It asks its own app's rules,
makes a fixed number of queries whatever the number of entries, rounds or messages, and shows
figures only: never a name or a title of an unpublished result.

Charts get their data as a dict handed to ``json_script`` (see ``chart``): labels and datasets
in the shape Chart.js reads, drawn by ``static/js/overview-charts.js``; every chart's figures are
also in a table beside it, which is all a page without JavaScript shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .enums import NotificationStatus, Role
from .models import Edition, Milestone, Notification

ContextFunction = Callable[[HttpRequest, Edition], Mapping[str, Any] | None]

# Chart colours, each at least 4.5:1 against white (the same as the entries' statistics), in
# the order datasets take them. Legends and tables name every series: colour is never the
# only cue.
COLOURS = ["#0d5c8c", "#0f766e", "#b02a37", "#5c636a", "#6f42c1", "#8a5a00"]


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    context: ContextFunction
    template: str


_SECTIONS: dict[str, Section] = {}


def register(key: str, order: int, context: ContextFunction, template: str) -> Section:
    """Add (or, under the same key, replace) a section of the overview."""
    section = Section(key=key, order=order, context=context, template=template)
    _SECTIONS[key] = section
    return section


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def render(request: HttpRequest, edition: Edition) -> list[SafeString]:
    """The HTML of every section that has something to show this viewer."""
    parts = []
    for section in sections():
        context = section.context(request, edition)
        if context is None:
            continue
        parts.append(render_to_string(
            section.template, {"edition": edition, **context}, request=request))
    return parts


def chart(kind: str, labels: Sequence[str], datasets: Sequence[tuple[str, Sequence[int]]], *,
          stacked: bool = False, horizontal: bool = False, title: str = "") -> dict:
    """A chart's data for ``json_script``: ``datasets`` are (label, values) pairs, coloured in
    order. Plain data only (no functions), so the page carries no script of its own."""
    return {
        "type": kind,
        "title": str(title),
        "stacked": stacked,
        "horizontal": horizontal,
        "labels": [str(label) for label in labels],
        "datasets": [
            {"label": str(label), "data": list(values), "colour": COLOURS[i % len(COLOURS)]}
            for i, (label, values) in enumerate(datasets)
        ],
    }


def percent(part: int, whole: int) -> int:
    """A whole percent, rounded down so that 99.6% never reads as done."""
    return int(100 * part / whole) if whole else 0


# --- The core's section: the outbox's health and the next dates -------------------------------

NEXT_DATES = 5


@dataclass(frozen=True)
class Deadline:
    at: datetime
    label: str
    url: str
    link: str


def may_read_outbox(user, edition: Edition) -> bool:
    """The edition's secretariat and superusers read its messages (``prize.selectors
    .notifications_visible_to``); coordinators do not."""
    return user.is_superuser or user.has_role(edition, Role.SECRETARIAT)


def outbox_health(edition: Edition, now: datetime) -> dict:
    """Pending and failed messages of the edition, and the oldest pending one's age (one
    query)."""
    rows = (Notification.objects.filter(edition=edition, status__in=[
        NotificationStatus.PENDING, NotificationStatus.FAILED])
        .values_list("status", "created_at"))
    pending = failed = 0
    oldest = None
    for status, created_at in rows.iterator():
        if status == NotificationStatus.FAILED:
            failed += 1
        else:
            pending += 1
            oldest = created_at if oldest is None else min(oldest, created_at)
    return {"pending": pending, "failed": failed, "oldest_pending": oldest,
            "oldest_age": (now - oldest) if oldest else None}


def next_dates(edition: Edition, now: datetime, *, manage: bool) -> list[Deadline]:
    """The edition's dates still to come (call, ceremony, the public timeline's), soonest
    first, each with where to change it (one query)."""
    staff_page = reverse("staff_edition", args=[edition.slug])
    settings_url = reverse("staff_edition_settings", args=[edition.slug]) if manage else staff_page
    timeline_url = reverse("staff_edition_timeline", args=[edition.slug]) if manage else staff_page
    settings_link = _("Edition settings") if manage else _("The edition's page")
    timeline_link = _("Timeline") if manage else _("The edition's page")
    dates = [
        Deadline(edition.call_opens_at, _("The call opens"), settings_url, settings_link),
        Deadline(edition.call_closes_at, _("The call closes"), settings_url, settings_link),
    ]
    if edition.ceremony_at:
        dates.append(Deadline(edition.ceremony_at, _("The ceremony"), settings_url,
                              settings_link))
    for milestone in Milestone.objects.filter(edition=edition).filter(
            starts_at__gt=now).order_by("starts_at")[:NEXT_DATES]:
        dates.append(Deadline(milestone.starts_at, milestone.title, timeline_url, timeline_link))
    return sorted((d for d in dates if d.at > now), key=lambda d: d.at)[:NEXT_DATES]


def core_section(request: HttpRequest, edition: Edition) -> dict:
    now = timezone.now()
    manage = request.user.has_perm("prize.manage_edition", edition)
    outbox = None
    if may_read_outbox(request.user, edition):
        url = reverse("staff_outbox")
        outbox = {**outbox_health(edition, now),
                  "pending_url": f"{url}?edition={edition.pk}&status={NotificationStatus.PENDING}",
                  "failed_url": f"{url}?edition={edition.pk}&status={NotificationStatus.FAILED}"}
    return {"outbox": outbox, "deadlines": next_dates(edition, now, manage=manage), "now": now}


def overview_link_panel(request, objects) -> dict | None:
    """The link to the overview on the edition's staff page (whoever sees that page may see
    the overview: the same rule)."""
    return {"edition": objects[0]} if objects else None


def _register() -> None:
    from . import panels

    register("prize.core", 0, core_section, "prize/overview/_core.html")
    panels.register("prize.staff_edition_tools", "prize.overview", order=-20,
                    template="prize/overview/_tools_link.html", context=overview_link_panel)


_register()
