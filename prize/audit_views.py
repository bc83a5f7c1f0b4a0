"""The audit log's staff page: filters by action, edition, person or object and day; the
same rows as CSV."""

from datetime import UTC, timedelta

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit_display, selectors
from .inputs import int_param, text_param
from .permissions import permission_required

PAGE_SIZE = 50


@permission_required("prize.enter_staff_area")
def staff_audit(request):
    events = selectors.audit_events_visible_to(request.user)
    action = text_param(request.GET, "action")
    edition = int_param(request.GET, "edition")
    query = text_param(request.GET, "q")
    since, until = _day_param(request.GET, "from"), _day_param(request.GET, "to")
    if action:
        events = events.filter(action=action)
    if edition is not None:
        events = events.filter(edition_id=edition)
    if query:
        events = events.filter(actor_repr__icontains=query) | events.filter(
            target_repr__icontains=query
        )
    if since is not None:
        events = events.filter(at__gte=_start_of(since))
    if until is not None:
        events = events.filter(at__lt=_start_of(until + timedelta(days=1)))
    if request.GET.get("format") == "csv":
        return _audit_csv(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    zone = _page_zone(request.user, edition)
    with timezone.override(zone):
        audit_display.describe(page.object_list)
    return render(
        request,
        "prize/staff/audit.html",
        {
            "page": page,
            "page_zone": zone.key,
            "actions": selectors.audit_events_visible_to(request.user)
            .order_by("action").values_list("action", flat=True).distinct(),
            "editions": selectors.editions_visible_to(request.user).filter(
                pk__in=selectors.audit_events_visible_to(request.user).values("edition_id")
            ),
            "filters": {"action": action, "edition": str(edition or ""), "q": query,
                        "from": since.isoformat() if since else "",
                        "to": until.isoformat() if until else ""},
        },
    )


def _page_zone(user, edition_id: int | None):
    """The time zone the page shows times in: the chosen edition's, else the current
    edition's, else the site's."""
    import zoneinfo

    from django.conf import settings

    editions = selectors.editions_visible_to(user)
    chosen = (editions.filter(pk=edition_id).first() if edition_id is not None else None) \
        or editions.filter(is_current=True).first()
    try:
        return zoneinfo.ZoneInfo(chosen.time_zone if chosen else settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _day_param(data, name: str):
    """A day typed as YYYY-MM-DD, or None (nothing, or nothing that reads as a day)."""
    from datetime import date

    value = text_param(data, name)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _start_of(day):
    """Midnight of ``day`` in the time zone the page shows times in."""
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


CSV_CHUNK = 500  # events described together (one look-up of names per model and chunk)


def _audit_csv(events):
    """The filtered events as CSV (streamed; formulas neutralised), times in UTC: the values
    as recorded (Before, After), for machines, and the same changes in words (Changes)."""
    import json
    from itertools import islice

    from .spreadsheets import attachment, csv_lines

    def raw(values):
        if not values:
            return ""
        return json.dumps({k: v for k, v in values.items() if not audit_display.credential(k)},
                          ensure_ascii=False)

    def rows():
        stream = events.select_related("edition", "target_type").iterator(chunk_size=CSV_CHUNK)
        while chunk := list(islice(stream, CSV_CHUNK)):
            with timezone.override(UTC):
                audit_display.describe(chunk)
                for event in chunk:
                    yield [event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                           event.actor_repr, event.action, event.target_repr,
                           event.edition.short_name if event.edition_id else "",
                           raw(event.before), raw(event.after), event.note,
                           audit_display.summary(event)]

    headers = [_("When (UTC)"), _("Who"), _("Action"), _("Object"), _("Edition"), _("Before"),
               _("After"), _("Note"), _("Changes")]
    response = StreamingHttpResponse(csv_lines(headers, rows()),
                                     content_type="text/csv; charset=utf-8")
    return attachment(response, "audit-log.csv")
