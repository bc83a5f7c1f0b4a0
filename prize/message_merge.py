"""Merge fields of group messages: ``{{ name }}`` in what the staff write, replaced for each
recipient.

The staff's text is never handed to the template engine: only the whitelisted names below, in
double braces, are replaced, by plain text; everything else stays as written. A name that is not
in the whitelist, or that the chosen audience cannot fill, is refused on the form with its name.
Links are to the platform's pages (the dashboard, the entry), never a personal link.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from .models import Edition, User

FIELD = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]*)\s*\}\}")

# Every field a message may use, with what it becomes.
FIELDS = {
    "name": _("the recipient's name"),
    "edition": _("the edition's name"),
    "dashboard_link": _("a link to the recipient's dashboard"),
    "entry_title": _("the entry's title"),
    "entry_reference": _("the entry's reference"),
    "entry_link": _("a link to the entry's page"),
    "deadline": _("the recipient's deadline (the call's closing, with any extension; for a "
                  "judge, the round's closing)"),
    "round": _("the judging round's name"),
}
# The fields every audience fills.
COMMON = ("name", "edition", "dashboard_link")


def used_fields(*texts: str) -> list[str]:
    """The names in double braces in ``texts``, each once, in order."""
    names: list[str] = []
    for text in texts:
        for match in FIELD.finditer(text or ""):
            if match.group(1) not in names:
                names.append(match.group(1))
    return names


def available(audience_fields) -> list[str]:
    return [*COMMON, *[name for name in audience_fields if name not in COMMON]]


def format_moment(moment: datetime, edition: Edition) -> str:
    local = edition.local(moment)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({edition.time_zone})"


def values_for(user: User, edition: Edition, values: dict) -> dict[str, str]:
    """The text of each merge field for one recipient, in their language."""
    site = settings.SITE_URL.rstrip("/")
    out = {
        "name": user.get_short_name() or user.email,
        "edition": edition.name,
        "dashboard_link": site + reverse("dashboard"),
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        for name, value in values.items():
            if isinstance(value, datetime):
                out[name] = format_moment(value, edition)
            elif name.endswith("_link"):
                out[name] = site + str(value)
            else:
                out[name] = str(value or "")
    return out


def merge(text: str, values: dict[str, str]) -> str:
    """``text`` with each known field replaced; an unknown one is left as written (forms refuse
    them before anything is sent)."""
    return FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")
