"""Filters, search and sorting for the secretariat's entries list and its exports.

One plain form reads the query string; ``filter_entries`` applies what it understood. The list
page and the exports call the same function, so an export holds exactly the rows on screen.
"""

from __future__ import annotations

from django import forms
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from prize.enums import EntrantKind
from prize.inputs import LimitedFormMixin
from prize.models import Category, Edition

from .enums import ENTERED_STATUSES, EntryStatus, Region

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


def sort_choices() -> list[tuple[str, str]]:
    choices = []
    for key, label in SORTS.items():
        choices.append((key, _("%(label)s, ascending") % {"label": label}))
        choices.append((f"-{key}", _("%(label)s, descending") % {"label": label}))
    return choices


class EntryFilterForm(LimitedFormMixin, forms.Form):
    """The list's query string. Every field is optional; an invalid value is ignored (and said
    so on the form) while the valid ones still apply."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        help_text=_("Reference, title, entrant or city."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(),
        to_field_name="slug", empty_label=_("All categories"),
    )
    kind = forms.ChoiceField(
        label=_("Entrant kind"), required=False,
        choices=[("", _("All kinds")), *EntrantKind.choices],
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices],
    )
    wego = forms.ChoiceField(
        label=_("WeGO member"), required=False,
        choices=[("", _("Members or not")), ("yes", _("Members")), ("no", _("Not members"))],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data=None, *, edition: Edition | None = None,
                 country_codes: list[str] | None = None):
        super().__init__(data)
        self.fields["status"].choices = [
            (ENTERED, _("Entered (submitted, eligible, ineligible)")),
            (ALL, _("All, drafts and withdrawn included")),
            *EntryStatus.choices,
        ]
        if edition is not None:
            self.fields["category"].queryset = Category.objects.filter(edition=edition).order_by(
                "order", "name"
            )
        else:
            self.fields["category"].queryset = Category.objects.order_by("edition", "name")
        codes = country_codes if country_codes is not None else [code for code, _n in countries]
        names = dict(countries)
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, names.get(code, code)) for code in codes), key=lambda c: str(c[1])
        )
        self.fields["sort"].choices = sort_choices()
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")

    def applied(self) -> dict:
        """The valid filters that change the rows (not sorting), for "reset" links and
        messages."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data = self.cleaned_data
        return {k: v for k, v in data.items() if k != "sort" and v not in (None, "")}


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


def filter_entries(queryset: QuerySet, params, *, edition: Edition | None = None,
                   country_codes: list[str] | None = None) -> tuple[QuerySet, EntryFilterForm]:
    """Apply the list's query string (``request.GET``) to ``queryset``: the rows to show, in
    order, and the bound form to show above them."""
    form = EntryFilterForm(params if params is not None else {}, edition=edition,
                           country_codes=country_codes)
    form.is_valid()
    data = form.cleaned_data  # only the fields that were valid

    status = data.get("status", ENTERED)
    if status == ALL:
        pass
    elif status in EntryStatus.values:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=ENTERED_STATUSES)
    if data.get("category"):
        queryset = queryset.filter(category=data["category"])
    if data.get("kind"):
        queryset = queryset.filter(entrant__kind=data["kind"])
    if data.get("country"):
        queryset = queryset.filter(entrant__country=data["country"])
    if data.get("region"):
        queryset = queryset.filter(entrant__region=data["region"])
    if data.get("wego"):
        queryset = queryset.filter(entrant__wego_member=data["wego"] == "yes")
    if data.get("q"):
        queryset = search(queryset, data["q"])
    return _sorted(queryset, data.get("sort") or DEFAULT_SORT, country_codes), form


__all__ = ["ALL", "ENTERED", "SORTS", "EntryFilterForm", "filter_entries", "search"]
