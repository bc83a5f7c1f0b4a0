"""Filters, search and sorting for the secretariat's entries list and its exports.

A django-filter FilterSet reads the query string; ``filter_entries`` applies what it
understood. The list page (``EntriesList``, in the staff lists' shape of
``prize.staff_lists``), the exports, the entry book and "screen the next entry" use the same
filters and the same order, so each holds exactly the rows on screen.
"""

from __future__ import annotations

import contextlib

import django_filters
from django.core.cache import cache
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from prize.cache_versions import SharedVersion, shared_cache
from prize.enums import EntrantKind
from prize.models import Category, Edition
from prize.staff_lists import ListFilterForm, SortKey, StaffList

from .enums import ENTERED_STATUSES, EntryStatus, Region
from .models import Entrant, Entry

# ``?status=`` values besides the statuses themselves.
ENTERED = ""  # the default: submitted, eligible and ineligible entries
ALL = "all"

# ``?sort=`` keys and their labels; a leading "-" sorts descending.
SORTS = {
    "reference": _("Reference"),
    "title": _("Title"),
    "entrant": _("Entrant"),
    "country": _("Country"),
    "submitted": _("Submitted"),
    "saved": _("Last saved"),
}
DEFAULT_SORT = "reference"


class EntryFilterForm(ListFilterForm):
    """The list's filters as a form: every field optional; an invalid value is ignored (and
    said so on the page) while the valid ones still apply."""


def _keep(queryset, name, value):
    return queryset  # read in ``EntryFilterSet.filter_queryset`` (the empty value filters too)


class EntryFilterSet(django_filters.FilterSet):
    """The secretariat's entries list's filters (django-filter)."""

    q = django_filters.CharFilter(
        label=_("Search"), method="search", max_length=200,
        help_text=_("Reference, title, entrant or city."),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), method=_keep, empty_label=None)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), field_name="category", queryset=Category.objects.none(),
        to_field_name="slug", empty_label=_("All categories"),
    )
    kind = django_filters.ChoiceFilter(label=_("Entrant kind"), field_name="entrant__kind",
                                       choices=EntrantKind.choices, empty_label=_("All kinds"))
    country = django_filters.ChoiceFilter(label=_("Country"), field_name="entrant__country",
                                          empty_label=_("All countries"))
    region = django_filters.ChoiceFilter(label=_("Region"), field_name="entrant__region",
                                         choices=Region.choices, empty_label=_("All regions"))
    wego = django_filters.ChoiceFilter(
        label=_("WeGO member"), method="wego_member", empty_label=_("Members or not"),
        choices=[("yes", _("Members")), ("no", _("Not members"))],
    )
    tag = django_filters.ChoiceFilter(label=_("Tag"), method="tagged", empty_label=_("Any tag"))

    class Meta:
        model = Entry
        fields = []
        form = EntryFilterForm

    def __init__(self, data=None, queryset=None, *, edition: Edition | None = None,
                 country_codes: list[str] | None = None, tags=None):
        super().__init__(data, queryset=queryset)
        self.filters["status"].extra["choices"] = [
            (ENTERED, _("Entered (submitted, eligible, ineligible)")),
            (ALL, _("All, drafts and withdrawn included")),
            *EntryStatus.choices,
        ]
        self.filters["category"].queryset = (
            Category.objects.filter(edition=edition).order_by("order", "name")
            if edition is not None else Category.objects.order_by("edition", "name"))
        codes = country_codes if country_codes is not None else [code for code, _n in countries]
        names = dict(countries)
        self.filters["country"].extra["choices"] = sorted(
            ((code, names.get(code, code)) for code in codes), key=lambda c: str(c[1]))
        if edition is not None:
            from .tagging import tags_of_edition

            self.filters["tag"].extra["choices"] = [
                (tag.slug, tag.name) for tag in (tags if tags is not None
                                                 else tags_of_edition(edition))]
        else:
            del self.filters["tag"]
        self.filters["q"].field.widget.attrs.update(type="search", autocomplete="off")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        status = self.form.cleaned_data.get("status", ENTERED)
        if status == ALL:
            return queryset
        if status in EntryStatus.values:
            return queryset.filter(status=status)
        return queryset.filter(status__in=ENTERED_STATUSES)

    def search(self, queryset, name, value):
        return search(queryset, value)

    def wego_member(self, queryset, name, value):
        return queryset.filter(entrant__wego_member=value == "yes")

    def tagged(self, queryset, name, value):
        from .tagging import filter_by_tags

        return filter_by_tags(queryset, [value])


def _sorted(queryset: QuerySet, key: str, country_codes: list[str] | None = None) -> QuerySet:
    descending = key.startswith("-")
    name = key.lstrip("-")
    if name not in SORTS:
        name, descending = DEFAULT_SORT, False

    def order(expression):
        expression = F(expression) if isinstance(expression, str) else expression
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)

    if name == "reference":
        keys = [order("reference")]
    elif name == "title":
        keys = [order("title"), order("reference")]
    elif name == "entrant":
        keys = [order("entrant__name"), order("reference")]
    elif name == "country":
        codes = set(country_codes) if country_codes is not None else set(
            queryset.order_by().values_list("entrant__country", flat=True).distinct()
        )
        names = dict(countries)
        by_name = Case(
            *[When(entrant__country=code, then=Value(str(names.get(code, code))))
              for code in sorted(codes) if code],
            default=Value(""), output_field=CharField(),
        )
        keys = [order(by_name), order("entrant__city"), order("entrant__name")]
    elif name == "submitted":
        keys = [order("submitted_at")]
    else:  # saved
        keys = [order("last_saved_at")]
    return queryset.order_by(*keys, "pk")


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Every word must appear in the reference, title, entrant name or city."""
    for word in text.split():
        queryset = queryset.filter(
            Q(reference__icontains=word) | Q(title__icontains=word)
            | Q(entrant__name__icontains=word) | Q(entrant__city__icontains=word)
        )
    return queryset


def valid_sort(value) -> str:
    """``?sort=`` when it is one of the list's keys (a leading "-" descending), else ""."""
    value = str(value or "")
    return value if value.lstrip("-") in SORTS and value.count("-") <= 1 else ""


def filter_entries(queryset: QuerySet, params, *, edition: Edition | None = None,
                   country_codes: list[str] | None = None) -> tuple[QuerySet, EntryFilterForm]:
    """Apply the list's query string (``request.GET``) to ``queryset``: the rows to show, in
    order, and the bound form to show above them (``cleaned_data["sort"]`` the sort applied).
    The list page, its exports, the entry book and "screen the next entry" all call this."""
    filterset = EntryFilterSet(params if params is not None else {}, queryset=queryset,
                               edition=edition, country_codes=country_codes)
    rows = filterset.qs
    sort = valid_sort((params or {}).get("sort"))
    form = filterset.form
    form.cleaned_data["sort"] = sort
    return _sorted(rows, sort or DEFAULT_SORT, country_codes), form


def _countries_of(entries: QuerySet) -> list[str]:
    return sorted(code for code in entries.order_by().values_list(
        "entrant__country", flat=True).distinct() if code)


#: Raised on every save or delete of an entry or an entrant (``_follow_changes``).
COUNTRIES_VERSION = SharedVersion("entries.countries.version")
COUNTRIES_KEY = "entries.countries:%d:%d"
COUNTRIES_TIMEOUT = 600


def edition_countries(edition: Edition) -> list[str]:
    """The country codes of the entrants of every entry of ``edition`` (drafts and withdrawn
    ones included), sorted. At 100 times 2023 reading them is a join of some 24,000 rows for
    every visit of the entries list, so they are kept in the shared cache under a version
    raised by every save or delete of an entry (added, moved to another edition or entrant,
    deleted) or an entrant (its country changed), whichever way it is made (a service, the
    admin, a shell). Codes only: each reader's language names them. Without a shared cache
    (each process its own, which another process's change does not reach) or with it
    unreachable, they are read afresh."""

    def read() -> list[str]:
        return _countries_of(Entry.objects.filter(edition=edition))

    if not shared_cache():
        return read()
    version = COUNTRIES_VERSION.current()
    if version is None:
        return read()
    key = COUNTRIES_KEY % (edition.pk, version)
    try:
        codes = cache.get(key)
    except Exception:  # unreachable since the version was read: read afresh, keep nothing
        return read()
    if codes is None:
        codes = read()
        with contextlib.suppress(Exception):
            cache.set(key, codes, COUNTRIES_TIMEOUT)
    return codes


def _follow_changes() -> None:
    for model in (Entry, Entrant):
        uid = f"entries.filters.countries.{model._meta.label}"
        post_save.connect(COUNTRIES_VERSION.bump, sender=model, dispatch_uid=f"{uid}.save",
                          weak=False)
        post_delete.connect(COUNTRIES_VERSION.bump, sender=model,
                            dispatch_uid=f"{uid}.delete", weak=False)


_follow_changes()


class EntriesList(StaffList):
    """The secretariat's entries list of one edition in the staff lists' shape."""

    key = "entries"
    title = _("Entries")
    per_edition = True
    filterset_class = EntryFilterSet
    sorts = {key: SortKey(label) for key, label in SORTS.items()}
    default_sort = DEFAULT_SORT

    def get_queryset(self):
        from .selectors import entries_screenable_by

        return entries_screenable_by(self.user).filter(edition=self.edition)

    @cached_property
    def country_codes(self) -> list[str]:
        """The countries of the entrants of the rows this user may see (the filter's choices
        and the country sort's names): every entry of the edition for its staff, kept."""
        from .selectors import staff_edition_ids

        if self.user.is_superuser or self.edition.pk in staff_edition_ids(self.user):
            return edition_countries(self.edition)
        return _countries_of(self.queryset)

    @cached_property
    def tags(self) -> list:
        """The edition's tags (read once: the filter and the bulk actions both offer them)."""
        from .tagging import tags_of_edition

        return list(tags_of_edition(self.edition))

    def filterset_kwargs(self):
        return {"edition": self.edition, "country_codes": self.country_codes, "tags": self.tags}

    def sort_queryset(self, queryset, name, descending):
        return _sorted(queryset, f"-{name}" if descending else name, self.country_codes)

    def paged(self, rows):
        """Only the columns the rows show, as plain values (``entries.list_rows``)."""
        from .list_rows import row_values

        return row_values(rows)

    @classmethod
    def url(cls, edition=None):
        return reverse("entries:staff_list", kwargs={"edition_slug": edition.slug})


__all__ = ["ALL", "ENTERED", "SORTS", "EntriesList", "EntryFilterForm", "EntryFilterSet",
           "filter_entries", "search", "valid_sort"]
