"""The rows of the secretariat's entries list, written out in Python.

The list shows 50 to 200 rows of nine cells. Drawn by the template engine, each row cost a
status badge include, a dozen ``{% translate %}`` labels and as many filters: most of the
page's time. Here the labels, choices' names and country names are looked up once per page and
each row is one string; the markup is the one the template wrote (``templates/entries/staff/
list.html`` places the rows inside its table), escaped the same way: values escaped, our own
translated labels as they are.

The rows are read as plain values (``row_values``): only the columns shown, no model objects.
A category's name is the one its translated field gives in the reader's language (with the
fallback to another language), read from a category object made once per page from its
languages' columns; dates are written by the language's format read once per page.
"""

from __future__ import annotations

import zoneinfo
from html import escape

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.dateformat import DateFormat, re_escaped, re_formatchars
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext
from django_countries.fields import Country
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from prize.enums import EntrantKind
from prize.models import Category

from .enums import EntryStatus
from .models import Entrant, ScreeningDecision

ROW = """
          <tr>
            {select}
            <td class="text-nowrap" data-label="{l_reference}">
              <a href="{url}">{reference}</a>
            </td>
            <td class="title-col" data-label="{l_title}">{title}</td>
            <td data-label="{l_category}"><abbr title="{category_name}">{category_code}</abbr></td>
            <td data-label="{l_entrant}">
              {entrant}
              <span class="d-block small text-body-secondary">{kind}{wego}</span>
            </td>
            <td data-label="{l_place}">{city}, {country}</td>
            <td data-label="{l_status}">
              <span class="status-badge status-{status}">{status_label}</span>
{changes}

              {not_sent}
            </td>
            <td class="text-nowrap" data-label="{l_submitted}">{submitted}</td>
            <td class="text-nowrap" data-label="{l_saved}">{saved}</td>
          </tr>
        """

SELECT = """
              <td class="select-col">
                <input class="form-check-input" type="checkbox" name="entries" value="{pk}" \
id="select-{pk}"{checked}>
                <label class="visually-hidden" for="select-{pk}">{label}</label>
              </td>
            """

NOT_SENT = """
                <span class="d-block not-released">{label}</span>
              """

#: The category's name in each language (its translated field reads them, with the fallback).
CATEGORY_NAMES = tuple(build_localized_fieldname("name", code) for code in AVAILABLE_LANGUAGES)
#: The columns a row shows, in this order.
ROW_FIELDS = (
    "pk", "reference", "title", "status", "pending_since", "submitted_at", "last_saved_at",
    "not_sent", "entrant__name", "entrant__kind", "entrant__wego_member", "entrant__city",
    "entrant__country", "category_id", "category__code",
    *(f"category__{name}" for name in CATEGORY_NAMES),
)


def row_values(entries: QuerySet) -> QuerySet:
    """``entries`` as the rows read them: the shown columns only, as named tuples, with
    ``not_sent`` (the latest screening decision has not been released to the entrant)."""
    latest = ScreeningDecision.objects.filter(entry=OuterRef("pk")).order_by("-decided_at", "-pk")
    unsent = ExpressionWrapper(Q(released_at__isnull=True) & ~Q(decision=""),
                               output_field=BooleanField())
    return entries.annotate(
        not_sent=Subquery(latest.annotate(unsent=unsent).values("unsent")[:1]),
    ).values_list(*ROW_FIELDS, named=True)


def _escape(value) -> str:
    """A value from the database as ``{{ value }}`` writes it (None as the empty string)."""
    return "" if value is None else escape(str(value))


# Format characters written as a word of the active language, and what of the moment the word
# depends on: each is looked up once per page and value of that.
_WORDS = {
    "a": lambda v: v.hour < 12, "A": lambda v: v.hour < 12,
    "b": lambda v: v.month, "E": lambda v: v.month, "F": lambda v: v.month,
    "M": lambda v: v.month, "N": lambda v: v.month,
    "D": lambda v: v.weekday(), "l": lambda v: v.weekday(),
}
# Characters that write only digits (nothing to escape).
_DIGITS = set("dgGhHijmnoswWyYzuUL")


def date_writer(format_name: str):
    """``date_format(value, format_name)`` escaped, for many local moments of one page: the
    format read once, its words translated once per page; the same text to the byte."""
    pieces = []
    for i, piece in enumerate(re_formatchars.split(str(get_format(format_name)))):
        if i % 2:
            pieces.append((piece, None))
        elif piece:
            pieces.append((None, escape(re_escaped.sub(r"\1", piece))))
    words: dict[tuple, str] = {}

    def write(value) -> str:
        moment = DateFormat(value)
        out = []
        for char, text in pieces:
            if char is None:
                out.append(text)
            elif char in _WORDS:
                key = (char, _WORDS[char](value))
                if key not in words:
                    words[key] = escape(str(getattr(moment, char)()))
                out.append(words[key])
            elif char in _DIGITS:
                out.append(str(getattr(moment, char)()))
            else:
                out.append(escape(str(getattr(moment, char)())))
        return "".join(out)

    return write


def entry_rows(entries, *, edition, can_screen: bool, selected: set[str]) -> SafeString:
    """The ``<tr>`` rows of ``entries`` (read by ``row_values``, as the list's page reads
    them) for the table's body."""
    tz = zoneinfo.ZoneInfo(edition.time_zone)
    labels = {
        "l_reference": gettext("Reference"), "l_title": gettext("Title"),
        "l_category": gettext("Category"), "l_entrant": gettext("Entrant"),
        "l_place": gettext("City, country"), "l_status": gettext("Status"),
        "l_submitted": gettext("Submitted"), "l_saved": gettext("Last saved"),
    }
    draft, untitled, untitled_draft = gettext("Draft"), gettext("(untitled)"), \
        gettext("untitled draft")
    select_label = gettext("Select %(name)s")
    wego = " · " + gettext("WeGO member")
    not_sent = NOT_SENT.format(label=gettext("not sent yet"))
    changes = ' <span class="badge text-bg-warning">{}</span>'.format(
        gettext("Changes not submitted"))
    not_submitted = '<span aria-hidden="true">—</span><span class="visually-hidden">{}</span>' \
        .format(gettext("not submitted"))
    kinds = {value: _escape(name) for value, name in EntrantKind.choices}
    statuses = {value: _escape(name) for value, name in EntryStatus.choices}
    countries: dict[str, str] = {}
    known = Entrant._meta.get_field("country").countries
    country_names = dict(known)  # every name in the reader's language, kept per language
    categories: dict[int, str] = {}
    category_fields = [field.attname for field in Category._meta.concrete_fields
                       if field.attname in {"id", *CATEGORY_NAMES}]
    url_of = _entry_urls(edition)
    shown_in, written = get_current_timezone(), date_writer("SHORT_DATETIME_FORMAT")

    def moment(value) -> str:
        # ``datetime`` in the reader's time zone (``|date:'c'``), shown in the edition's.
        return (f'<time datetime="{value.astimezone(shown_in).isoformat()}">'
                f'{written(value.astimezone(tz))}</time>')

    def category_name(row) -> str:
        values = {"id": row.category_id,
                  **{name: getattr(row, f"category__{name}") for name in CATEGORY_NAMES}}
        category = Category.from_db(None, category_fields,
                                    [values[name] for name in category_fields])
        return _escape(category.name)

    out = []
    for row in entries:
        pk, status = row.pk, row.status
        select = ""
        if can_screen:
            name = row.reference or row.title or untitled_draft
            select = SELECT.format(
                pk=pk, checked=" checked" if str(pk) in selected else "",
                label=select_label % {"name": _escape(name)})
        code = row.entrant__country
        if code not in countries:
            name = country_names.get(code)
            countries[code] = _escape(Country(code, custom_countries=known).name
                                      if name is None else name)
        if row.category_id not in categories:
            categories[row.category_id] = category_name(row)
        out.append(ROW.format(
            select=select, url=url_of(pk),
            reference=_escape(row.reference) if row.reference else draft,
            title=_escape(row.title) if row.title else untitled,
            category_name=categories[row.category_id],
            category_code=_escape(row.category__code),
            entrant=_escape(row.entrant__name),
            kind=kinds.get(row.entrant__kind, _escape(row.entrant__kind)),
            wego=wego if row.entrant__wego_member else "",
            city=_escape(row.entrant__city), country=countries[code],
            status=_escape(status or "neutral"),
            status_label=statuses.get(status, _escape(status)),
            changes=changes if row.pending_since is not None
            and status == EntryStatus.SUBMITTED else "",
            not_sent=not_sent if row.not_sent else "",
            submitted=moment(row.submitted_at) if row.submitted_at else not_submitted,
            saved=moment(row.last_saved_at), **labels,
        ))
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)


def _entry_urls(edition):
    """The address of each entry's staff page: the URL pattern reversed once for the page."""
    marker = 2_147_483_647
    url = reverse("entries:staff_entry", args=[edition.slug, marker])
    head, tail = url.split(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"
