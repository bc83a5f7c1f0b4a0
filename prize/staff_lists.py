"""The staff lists, written once: filters, sort, pagination with a page size, the export of the
filtered rows and bulk actions.

A page declares its list as a subclass of ``StaffList``: the rows the user may see
(``get_queryset``), a django-filter ``FilterSet``, the sort keys with their labels, the columns
of its export and its bulk actions. The view builds the list from the query string and renders
it with the components in ``templates/components/staff_list/``; the page only writes its
columns.

The query string is the one source of truth: a link to the page shows the same rows, the
export link carries it, a saved view (``prize.list_models.SavedView``) stores it. Every value in
it is checked: a filter value, sort key or page size that does not read is ignored and said so
(``ignored``), while the valid ones still apply.

Tables: django-tables2 renders its own markup; ours has captions, ``aria-sort`` headers,
``{% scrollregion %}`` and the ``table-cards`` layout with ``data-label`` cells below 768 px, so
the columns stay in each page's template and this module gives them what they need.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .inputs import QUERY_TEXT_MAX_LENGTH, LimitedFormMixin, int_params, text_param

SORT = "sort"
PER_PAGE = "per_page"
PAGE = "page"
FORMAT = "format"
# Parameters that are not filters: they never change which rows are in the list.
CONTROL_PARAMS = (SORT, PER_PAGE, PAGE, FORMAT)

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
SELECTED = "selected"  # the name of each row's checkbox
ACTION = "action"  # the name of the bulk bar's buttons

# Every list with a key, so a saved view can find its list again (see ``list_class``).
REGISTRY: dict[str, type[StaffList]] = {}


def list_class(key: str) -> type[StaffList] | None:
    return REGISTRY.get(key)


@dataclass(frozen=True)
class SortKey:
    """A way to sort the rows: the label of its column and the fields it orders by (a
    leading "-" in ``?sort=`` reverses them all; empty values go last either way)."""

    label: str
    fields: tuple = ()


@dataclass(frozen=True)
class BulkAction:
    """An action on the ticked rows. ``run(request, rows)`` receives only the rows the user may
    act on among those ticked (``StaffList.actionable``), writes its own audit events and says
    what it did with ``messages``."""

    name: str
    label: str
    run: Callable
    style: str = "btn-primary"


class ListPaginator(Paginator):
    """Pages of the rows as shown (``StaffList.paged``), counted on the rows as filtered: what
    only the shown rows need (their annotations, their related columns) is left out of the
    count."""

    def __init__(self, object_list, per_page, *, counted):
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        if isinstance(self.counted, QuerySet) and isinstance(self.object_list, QuerySet):
            return self.counted.count()
        return super().count  # rows in a list: their number


class StaffList:
    key: ClassVar[str] = ""  # names the list in saved views; empty: none can be saved
    title: ClassVar[str] = ""
    per_edition: ClassVar[bool] = False  # a list of one edition's rows (its URL names it)
    filterset_class: ClassVar[type | None] = None
    sorts: ClassVar[dict[str, SortKey]] = {}
    default_sort: ClassVar[str] = ""
    page_sizes: ClassVar[tuple[int, ...]] = PAGE_SIZES
    default_page_size: ClassVar[int] = DEFAULT_PAGE_SIZE
    bulk_actions: ClassVar[tuple[BulkAction, ...]] = ()
    export_name: ClassVar[str] = "list"
    # (header, width in characters for XLSX) and ``export_row(row)`` for the export.
    export_headers: ClassVar[tuple] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.key:
            REGISTRY[cls.key] = cls

    def __init__(self, data: QueryDict | None, *, user, edition=None,
                 default_page_size: int | None = None):
        self.data = _trimmed(data if data is not None else QueryDict())
        self.user = user
        self.edition = edition
        if default_page_size is not None:
            self.default_page_size = default_page_size

    # --- What a page declares -------------------------------------------------------------

    def get_queryset(self) -> QuerySet:
        """The rows this user may see in this list, before any filter."""
        raise NotImplementedError

    def filterset_kwargs(self) -> dict:
        return {}

    @classmethod
    def url(cls, edition=None) -> str:
        """The list's page (for saved views)."""
        raise NotImplementedError

    def export_row(self, row) -> list:
        raise NotImplementedError

    def decorate(self, rows: list) -> None:
        """Add what the rows of one page need to be shown (looked up once for the page)."""

    def paged(self, rows: QuerySet) -> QuerySet:
        """The rows as the page shows them (annotations only the page needs)."""
        return rows

    def actionable(self, queryset: QuerySet) -> QuerySet:
        """The rows the user may act on (the bulk actions see no other)."""
        return queryset

    # --- Filters ---------------------------------------------------------------------------

    @cached_property
    def queryset(self) -> QuerySet:
        return self.get_queryset()

    @cached_property
    def filterset(self):
        return self.filterset_class(self.data, queryset=self.queryset, **self.filterset_kwargs())

    @property
    def form(self):
        return self.filterset.form

    @cached_property
    def filtered(self) -> QuerySet:
        return self.filterset.qs

    @cached_property
    def applied(self) -> dict:
        """The valid filters that change the rows."""
        form = self.form
        form.is_valid()
        return {name: value for name, value in form.cleaned_data.items()
                if value not in (None, "", [], ())}

    # --- Sort --------------------------------------------------------------------------------

    @cached_property
    def sort(self) -> str:
        """The sort asked for when it is one of the list's keys, else the default."""
        value = self.data.get(SORT, "") or ""
        return value if value.lstrip("-") in self.sorts and value.count("-") <= 1 \
            else self.default_sort

    def sort_queryset(self, queryset: QuerySet, name: str, descending: bool) -> QuerySet:
        def order(field):
            expression = F(field) if isinstance(field, str) else field
            return expression.desc(nulls_last=True) if descending \
                else expression.asc(nulls_last=True)

        return queryset.order_by(*[order(field) for field in self.sorts[name].fields], "-pk"
                                 if descending else "pk")

    @cached_property
    def rows(self) -> QuerySet:
        """The filtered rows in the chosen order: what the page and the export show."""
        if not self.sort:
            return self.filtered
        return self.sort_queryset(self.filtered, self.sort.lstrip("-"), self.sort.startswith("-"))

    @cached_property
    def headers(self) -> dict[str, dict]:
        """For each sort key: its label, the ``?sort=`` its header link sets, its aria-sort."""
        headers = {}
        for key, sort in self.sorts.items():
            if self.sort == key:
                headers[key] = {"label": sort.label, "next": f"-{key}", "aria": "ascending"}
            elif self.sort == f"-{key}":
                headers[key] = {"label": sort.label, "next": key, "aria": "descending"}
            else:
                headers[key] = {"label": sort.label, "next": key, "aria": ""}
        return headers

    def sort_choices(self) -> list[tuple[str, str]]:
        choices = []
        for key, sort in self.sorts.items():
            choices.append((key, _("%(label)s, ascending") % {"label": sort.label}))
            choices.append((f"-{key}", _("%(label)s, descending") % {"label": sort.label}))
        return choices

    # --- Pages -------------------------------------------------------------------------------

    @cached_property
    def page_size(self) -> int:
        value = text_param(self.data, PER_PAGE)
        return int(value) if value.isdigit() and int(value) in self.page_sizes \
            else self.default_page_size

    @cached_property
    def page(self) -> Page:
        paginator = ListPaginator(self.paged(self.rows), self.page_size, counted=self.rows)
        page = paginator.get_page(self.data.get(PAGE))
        self.decorate(page.object_list)
        return page

    # --- What was not understood ----------------------------------------------------------

    @cached_property
    def ignored(self) -> list[str]:
        """Each value of the query string that does not read, in words."""
        ignored = []
        form = self.form
        form.is_valid()
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            label = field.label if field is not None else name
            ignored.append(_("%(label)s: “%(value)s”") % {
                "label": label, "value": ", ".join(self.data.getlist(name))[:80] or errors[0]})
        sort = self.data.get(SORT)
        if sort and sort != self.sort:
            ignored.append(_("sort: “%(value)s”") % {"value": sort[:80]})
        per_page = self.data.get(PER_PAGE)
        if per_page and per_page != str(self.page_size):
            ignored.append(_("rows per page: “%(value)s”") % {"value": per_page[:80]})
        return ignored

    def known_params(self) -> set[str]:
        return set(self.form.fields) | {SORT, PER_PAGE}

    def clean_query(self) -> tuple[str, list[str]]:
        """The query string without what does not read (and without the page number): what a
        saved view stores and opens; and what was left out, in words."""
        form = self.form
        form.is_valid()
        ignored = list(self.ignored)
        kept = []
        for name, values in self.data.lists():
            if name not in self.known_params():
                if name not in CONTROL_PARAMS:
                    ignored.append(_("%(name)s (not a filter of this list)") % {
                        "name": name[:40]})
                continue
            if name in form.errors or (name == SORT and self.sort not in values) or (
                    name == PER_PAGE and str(self.page_size) not in values):
                continue
            kept.extend((name, value) for value in values if value != "")
        return urlencode(kept), ignored

    # --- Export --------------------------------------------------------------------------------

    def export_rows(self) -> Iterable[list]:
        for row in self.rows.iterator(chunk_size=500):
            yield self.export_row(row)

    def export_response(self, fmt: str) -> HttpResponse | None:
        """The filtered rows in the list's order as CSV or XLSX; None for another format."""
        from .spreadsheets import XLSX_TYPE, attachment, csv_lines, export_filename, xlsx_bytes

        heads = [(str(header), width) for header, width in self.export_headers]
        tz = self.edition.tz if self.edition is not None else _utc()
        stem = self.edition.short_name if self.edition is not None else ""
        if fmt == "csv":
            response = StreamingHttpResponse(
                csv_lines([h for h, _w in heads], self.export_rows()),
                content_type="text/csv; charset=utf-8")
            return attachment(response, export_filename(stem, tz, self.export_name, "csv"))
        if fmt == "xlsx":
            response = HttpResponse(xlsx_bytes(str(self.title), heads, self.export_rows()),
                                    content_type=XLSX_TYPE)
            return attachment(response, export_filename(stem, tz, self.export_name, "xlsx"))
        return None

    # --- Bulk actions ---------------------------------------------------------------------------

    def selected_ids(self, post) -> list[int]:
        """The ticked rows' ids (whole numbers in the id range; anything else is no row)."""
        return int_params(post, SELECTED)

    def run_bulk(self, request) -> bool:
        """Run the action the bulk bar's button names on the ticked rows the user may act on;
        rows ticked but not actionable (another edition's, gone, not theirs) are counted and
        said. False when no known action was asked for."""
        action = next((a for a in self.bulk_actions if a.name == request.POST.get(ACTION)), None)
        if action is None:
            messages.error(request, _("Choose an action for the selected rows."))
            return False
        ids = self.selected_ids(request.POST)
        if not ids:
            messages.error(request, _("Nothing was changed: select at least one row."))
            return False
        rows = self.actionable(self.queryset).filter(pk__in=ids)
        found = rows.count()
        if found < len(set(ids)):
            skipped = len(set(ids)) - found
            messages.warning(request, ngettext(
                "%(count)d selected row is not one you may act on here; it was left alone.",
                "%(count)d selected rows are not ones you may act on here; they were left "
                "alone.", skipped) % {"count": skipped})
        if found:
            action.run(request, rows)
        return True

    # --- The page ------------------------------------------------------------------------------

    def saved_views(self):
        from .list_models import SavedView

        if not self.key or not self.user.is_authenticated:
            return []
        return list(SavedView.objects.filter(user=self.user, list_key=self.key,
                                             edition=self.edition))

    def context(self) -> dict:
        """What the list's components need, under ``list`` in the page's context."""
        return {"list": self, "page": self.page}

    @property
    def size_form_params(self) -> list[tuple[str, str]]:
        """The query string's values but the page size and number: the page-size form's hidden
        inputs. Read here rather than from ``request.GET.lists`` in a template, where a query
        parameter called ``lists`` would stand in for the method."""
        return [(name, value) for name, values in self.data.lists()
                if name not in (PER_PAGE, PAGE) for value in values]

    @property
    def current_query(self) -> str:
        query = self.data.copy()
        for name in (PAGE, FORMAT):
            query.pop(name, None)
        return query.urlencode()


def _trimmed(data: QueryDict) -> QueryDict:
    """``data`` with each value trimmed and cut to what a query parameter may hold (see
    ``prize.inputs.text_param``), so a pasted essay filters by its start rather than failing."""
    trimmed = QueryDict(mutable=True)
    for name, values in data.lists():
        trimmed.setlist(name[:QUERY_TEXT_MAX_LENGTH],
                        [str(v).strip()[:QUERY_TEXT_MAX_LENGTH] for v in values])
    trimmed._mutable = False
    return trimmed


def _utc():
    from datetime import UTC

    return UTC


SORT_LABEL = gettext_lazy("Sort by")
PAGE_SIZE_LABEL = gettext_lazy("Rows per page")



def _attrs(attrs: dict) -> str:
    """An element's attributes as ``django/forms/widgets/attrs.html`` writes them."""
    return "".join(
        "" if value is False else f" {conditional_escape(name)}" if value is True
        else f' {conditional_escape(name)}="{escape(value)}"'
        for name, value in attrs.items())


class ListSelect(forms.Select):
    """A single-choice select written in Python, the markup of Django's ``select.html`` and
    ``select_option.html`` to the byte: a filter bar holds a country list of some 250 options,
    and drawing each option through the template engine was a large share of every list
    page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                parts.append(f'\n  <option value="{escape(option["value"])}"'
                             f'{_attrs(option["attrs"])}>{conditional_escape(option["label"])}'
                             '</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts).strip())  # noqa: S308 (every value escaped above)


class ListChoiceIterator(forms.models.ModelChoiceIterator):
    """A filter's choices from the database read with one plain query: Django's own iterator
    reads them through a server-side cursor (three round trips) to spare memory on huge tables,
    which a filter's handful of categories or rounds never is."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListFilterForm(LimitedFormMixin, forms.Form):
    """The base form of every list's FilterSet (``Meta.form``): the project's input limits,
    Bootstrap classes on every widget, and ``applied()``. Its single-choice selects are drawn
    by ``ListSelect``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            field.widget.attrs.setdefault("class", css)
            if type(field.widget) is forms.Select:
                field.widget.__class__ = ListSelect  # the same widget, drawn faster
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListChoiceIterator
                field.widget.choices = field.choices

    def applied(self) -> dict:
        """The valid filters that change the rows, for "reset" links and messages."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return {k: v for k, v in self.cleaned_data.items()
                if k not in CONTROL_PARAMS and v not in (None, "", [], ())}
