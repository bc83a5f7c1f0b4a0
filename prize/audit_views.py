"""The audit log's staff page: filters by action, edition, person or object and day; the
same rows as CSV."""

from datetime import UTC

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit_display, selectors
from .inputs import int_param
from .list_pages import AuditList
from .permissions import permission_required


@permission_required("prize.enter_staff_area")
def staff_audit(request):
    """The audit log as a staff list; ``?format=csv``: the filtered events as CSV."""
    audit_list = AuditList(request.GET, user=request.user)
    zone = _page_zone(request.user, int_param(request.GET, "edition"))
    with timezone.override(zone):  # days and times read in the zone the page shows
        if request.GET.get("format") == "csv":
            return _audit_csv(audit_list.rows)
        page = audit_list.page
    return render(
        request,
        "prize/staff/audit.html",
        {**audit_list.context(), "page": page, "page_zone": zone.key},
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
