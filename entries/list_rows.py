"""The rows of the secretariat's entries list, written out in Python.

The list shows 50 to 200 rows of nine cells. Drawn by the template engine, each row cost a
status badge include, a dozen ``{% translate %}`` labels and as many filters: most of the
page's time. Here the labels, choices' names and country names are looked up once per page and
each row is one string; the markup is the one the template wrote (``templates/entries/staff/
list.html`` places the rows inside its table), escaped the same way: values escaped, our own
translated labels as they are.
"""

from __future__ import annotations

import zoneinfo

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime, template_localtime
from django.utils.translation import gettext

from prize.enums import EntrantKind

from .enums import EntryStatus

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


def _label(message: str) -> str:
    """A label of ours as ``{% translate %}`` writes it (not escaped again)."""
    return gettext(message)


def _escape(value) -> str:
    return conditional_escape("" if value is None else value)


def entry_rows(entries, *, edition, can_screen: bool, selected: set[str]) -> SafeString:
    """The ``<tr>`` rows of ``entries`` (annotated with their latest decision, as the list's
    page reads them) for the table's body."""
    tz = zoneinfo.ZoneInfo(edition.time_zone)
    labels = {
        "l_reference": _label("Reference"), "l_title": _label("Title"),
        "l_category": _label("Category"), "l_entrant": _label("Entrant"),
        "l_place": _label("City, country"), "l_status": _label("Status"),
        "l_submitted": _label("Submitted"), "l_saved": _label("Last saved"),
    }
    draft, untitled, untitled_draft = _label("Draft"), _label("(untitled)"), \
        _label("untitled draft")
    select_label = _label("Select %(name)s")
    wego = " · " + _label("WeGO member")
    not_sent = NOT_SENT.format(label=_label("not sent yet"))
    changes = ' <span class="badge text-bg-warning">{}</span>'.format(
        _label("Changes not submitted"))
    not_submitted = '<span aria-hidden="true">—</span><span class="visually-hidden">{}</span>' \
        .format(_label("not submitted"))
    kinds = {value: _escape(str(name)) for value, name in EntrantKind.choices}
    statuses = {value: _escape(str(name)) for value, name in EntryStatus.choices}
    countries: dict[str, str] = {}
    url_of = _entry_urls(edition)

    def moment(value) -> str:
        iso = template_localtime(value).isoformat()
        shown = date_format(localtime(value, tz), "SHORT_DATETIME_FORMAT")
        return f'<time datetime="{_escape(iso)}">{_escape(shown)}</time>'

    out = []
    for entry in entries:
        entrant, pk = entry.entrant, entry.pk
        select = ""
        if can_screen:
            name = entry.reference or entry.title or untitled_draft
            select = SELECT.format(
                pk=pk, checked=" checked" if str(pk) in selected else "",
                label=select_label % {"name": _escape(name)})
        code = entrant.country.code
        if code not in countries:
            countries[code] = _escape(entrant.country.name)
        submitted = moment(entry.submitted_at) if entry.submitted_at else not_submitted
        out.append(ROW.format(
            select=select, url=url_of(pk),
            reference=_escape(entry.reference) if entry.reference else draft,
            title=_escape(entry.title) if entry.title else untitled,
            category_name=_escape(entry.category.name), category_code=_escape(
                entry.category.code),
            entrant=_escape(entrant.name),
            kind=kinds.get(entrant.kind, _escape(entrant.kind)),
            wego=wego if entrant.wego_member else "",
            city=_escape(entrant.city), country=countries[code],
            status=_escape(entry.status or "neutral"),
            status_label=statuses.get(entry.status, _escape(entry.status)),
            changes=changes if entry.has_pending_changes else "",
            not_sent=not_sent if entry.latest_decision and not entry.latest_released_at
            else "",
            submitted=submitted, saved=moment(entry.last_saved_at), **labels,
        ))
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)


def _entry_urls(edition):
    """The address of each entry's staff page: the URL pattern reversed once for the page."""
    marker = 2_147_483_647
    url = reverse("entries:staff_entry", args=[edition.slug, marker])
    head, tail = url.split(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"
