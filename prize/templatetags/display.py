"""Filters that show values the same way on every staff page.

``{{ count|number }}`` groups thousands as the active language does ("12,345");
``{{ score|number:2 }}`` also fixes the decimals ("1,234.50"), so a page's scores line up.
``{% for label, before, after in changes|readable_changes %}``: audit changes as people read
them (see prize/audit_display.py).
``{% required_marks field %}`` (in the field template): marks a required input with
aria-required and writes the "* required" legend once per form, before its first required field.
``{{ field.label|with_error:message }}``: "Label: message" for an error summary, or the message
alone when it already names its field ("Title is required", not "Title: Title is required").
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.html import conditional_escape

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
def action_label(action):
    return audit_display.action_label(str(action or ""))


@register.filter
def readable_changes(changes):
    return audit_display.readable(changes)


# Widgets whose inputs may not carry aria-required (radio buttons, a group of checkboxes): their
# fieldset's legend carries the asterisk, and the browser knows a radio group is required.
_GROUPS = {"radioselect", "checkboxselectmultiple", "radioselectinline"}


@register.simple_tag
def required_marks(field):
    """Mark ``field`` (a bound field) as required for assistive technology, and return the
    form's "* required" legend if this is the form's first required field (else nothing).
    Forms of a formset share their page's legend: they get none of their own."""
    if field is None or not getattr(field, "field", None) or not field.field.required:
        return ""
    widget = field.field.widget
    if type(widget).__name__.lower() not in _GROUPS:
        widget.attrs.setdefault("aria-required", "true")
    form = field.form
    if getattr(form, "_required_legend_shown", False) or _in_formset(form):
        return ""
    form._required_legend_shown = True
    return render_to_string("components/required_legend.html")


def _in_formset(form) -> bool:
    prefix = form.prefix or ""
    tail = prefix.rsplit("-", 1)[-1]
    return "-" in prefix and (tail.isdigit() or tail == "__prefix__")


@register.filter
def with_error(label, message):
    """An error for a summary: "Label: message", or the message alone when it already starts
    with the label (so no "Title: Title is required")."""
    label, text = str(label or "").strip(), str(message or "").strip()
    if not label or text.lower().startswith(label.lower()):
        return conditional_escape(text)
    return conditional_escape(f"{label}: {text}")
