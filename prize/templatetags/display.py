"""Filters that show values the same way on every staff page.

``{{ count|number }}`` groups thousands as the active language does ("12,345");
``{{ score|number:2 }}`` also fixes the decimals ("1,234.50"), so a page's scores line up.
``{% for label, before, after in changes|readable_changes %}``: audit changes as people read
them (see prize/audit_display.py).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import formats

from .. import audit_display

register = template.Library()


@register.filter
def number(value, decimals=None):
    """A number with thousands grouped and, when asked, a fixed number of decimals. Anything
    that is not a number is shown as it is; nothing (None) as nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return value
    if not isinstance(value, int | float | Decimal):
        try:
            value = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return value
    try:
        places = int(decimals) if decimals not in (None, "") else None
    except (TypeError, ValueError):
        places = None
    if places is not None:
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-places),
                                             rounding=ROUND_HALF_UP)
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def readable_changes(changes):
    return audit_display.readable(changes)
