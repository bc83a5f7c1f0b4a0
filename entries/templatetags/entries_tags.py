"""Template helpers for entry pages and e-mails: dates given as ISO strings, time left to a
deadline, word counts, and answers shown as the entrant typed them (always escaped)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entries import schema as form_schema

register = template.Library()

DEFAULT_FORMAT = "DATETIME_FORMAT"  # in the active language (prize/formats)


def _as_datetime(value) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zoneinfo.ZoneInfo("UTC"))
    return moment


@register.filter
def localdt(value, zone: str = "") -> str:
    """``"2023-06-30T14:59:00Z"|localdt:"Asia/Seoul"`` → "30 June 2023, 23:59 (Asia/Seoul)".
    E-mail contexts hold dates as ISO strings; pages may pass datetimes. Without a zone, the
    active time zone is used."""
    moment = _as_datetime(value)
    if moment is None:
        return "" if value is None else str(value)
    try:
        tz = zoneinfo.ZoneInfo(zone) if zone else timezone.get_current_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz, zone = zoneinfo.ZoneInfo("UTC"), "UTC"
    text = formats.date_format(timezone.localtime(moment, tz), DEFAULT_FORMAT)
    return f"{text} ({zone})" if zone else text


def time_left(deadline: datetime | None, now: datetime | None = None) -> str:
    """"3 days 4 hours left", "5 hours 12 minutes left", "closed"."""
    if deadline is None:
        return ""
    seconds = int((deadline - (now or timezone.now())).total_seconds())
    if seconds <= 0:
        return _("closed")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
        if hours:
            parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    elif hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
        if minutes:
            parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    elif minutes:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    else:
        return _("less than a minute left")
    return _("%(time)s left") % {"time": " ".join(parts)}


@register.filter
def timeleft(deadline) -> str:
    return time_left(deadline)


@register.filter
def words(text) -> int:
    return form_schema.count_words(text if isinstance(text, str) else "")


@register.filter
def chars(text) -> int:
    return len(text.strip()) if isinstance(text, str) else 0


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if isinstance(mapping, dict) else None
