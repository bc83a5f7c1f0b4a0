"""One panel's assignments (a round and a category): automatic assignment while the round is a
draft, its report, the problems of the current assignment, manual add / remove / swap with the
same checks, and telling judges about new assignments. A bounded number of queries."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from entries.models import Entry
from prize.inputs import int_param
from prize.models import User
from prize.staff_lists import ListFilterForm, SortKey, StaffList

from ...enums import RoundStatus
from ...models import Assignment, AssignmentRun, PanelMembership, RoundEntry
from ...services import (
    JudgingError,
    assignment_add,
    assignment_problems,
    assignment_remove,
    assignment_run,
    assignment_swap,
    assignments_notify,
)
from ...staff_forms import AddForm, RunForm, SwapForm
from .common import categories_of, error_list, render_round, round_page

EDITABLE = (RoundStatus.DRAFT, RoundStatus.OPEN)
ROWS_PER_PAGE = 50


class PanelEntryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Reference, title or entrant"),
                                  method="search", max_length=200)
    short = django_filters.BooleanFilter(label=gettext_lazy("Only entries short of judges"),
                                         method="short_of_judges", widget=forms.CheckboxInput)

    class Meta:
        model = RoundEntry
        fields = []
        form = ListFilterForm

    def __init__(self, *args, judges_per_entry: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.judges_per_entry = judges_per_entry
        self.filters["q"].field.widget.attrs.update(type="search")

    def search(self, queryset, name, value):
        return queryset.filter(Q(entry__reference__icontains=value)
                               | Q(entry__title__icontains=value)
                               | Q(entry__entrant__name__icontains=value))

    def short_of_judges(self, queryset, name, value):
        return queryset.filter(judges__lt=self.judges_per_entry) if value else queryset


class PanelEntriesList(StaffList):
    """One panel's entries with their judges, in the staff lists' shape (no saved views: the
    list belongs to one round, which its address names)."""

    filterset_class = PanelEntryFilterSet
    sorts = {"reference": SortKey(gettext_lazy("Entry"), ("entry__reference",)),
             "judges": SortKey(gettext_lazy("Judges"), ("judges", "entry__reference"))}
    default_sort = "reference"

    def __init__(self, data, *, round, category, **kwargs):
        self.round, self.category = round, category
        super().__init__(data, **kwargs)

    def get_queryset(self):
        return (RoundEntry.objects.filter(round=self.round, entry__category=self.category)
                .annotate(judges=Count("entry__assignments",
                                       filter=Q(entry__assignments__round=self.round)))
                .select_related("entry__entrant").defer("entry__answers"))

    def filterset_kwargs(self):
        return {"judges_per_entry": self.round.judges_per_entry}


def _category(request, round, categories):
    """The panel shown: ``?category=`` (or the posted one), else the first with entries."""
    wanted = request.POST.get("category") or request.GET.get("category")
    by_pk = {str(c.pk): c for c in categories}
    if wanted in by_pk:
        return by_pk[wanted]
    with_entries = set(RoundEntry.objects.filter(round=round)
                       .values_list("entry__category_id", flat=True).distinct())
    for category in categories:
        if category.pk in with_entries:
            return category
    return categories[0] if categories else None


def _querysets(round, category):
    entries = (Entry.objects.filter(round_entries__round=round, category=category)
               .order_by("reference", "pk"))
    judges = (User.objects.filter(panels__round=round, panels__category=category)
              .order_by("name", "email"))
    assignments = (Assignment.objects.filter(round=round, entry__category=category)
                   .select_related("entry", "judge").order_by("entry__reference", "judge__name"))
    return entries, judges, assignments


def _page(request, round, category, categories, *, forms=None, errors=None, status=200):
    forms = forms or {}
    editable = round.status in EDITABLE
    context = {"categories": categories, "category": category, "editable": editable,
               "errors": errors or {}}
    if category is None:
        return render_round(request, round, "judging/staff/assignments.html", context,
                            current="judging:staff_assignments", status=status)
    # The table pages through the panel (50 entries a page by default, searchable, "short
    # only", sortable), so the page stays small at any size; the loads and problems cover the
    # whole panel.
    panel = PanelEntriesList(request.GET, user=request.user, round=round, category=category,
                             default_page_size=ROWS_PER_PAGE)
    page = panel.page
    shown = list(page.object_list)
    assignments = list(
        Assignment.objects.filter(round=round, entry_id__in=[row.entry_id for row in shown])
        .select_related("judge", "review").order_by("judge__name", "judge__email", "pk")
    )
    members = list(PanelMembership.objects.filter(round=round, category=category)
                   .select_related("judge").order_by("judge__name", "judge__email"))
    by_entry: dict[int, list[Assignment]] = {}
    for a in assignments:
        by_entry.setdefault(a.entry_id, []).append(a)
    load = dict(Assignment.objects.filter(round=round, entry__category=category)
                .values("judge_id").annotate(n=Count("pk")).values_list("judge_id", "n")
                .order_by())
    rows = [{"entry": row.entry, "assignments": by_entry.get(row.entry_id, []),
             "short": row.judges < round.judges_per_entry}
            for row in shown]
    loads = [{"judge": m.judge, "capacity": m.capacity, "load": load.get(m.judge_id, 0)}
             for m in members]
    run = (AssignmentRun.objects.filter(round=round, category=category)
           .select_related("created_by").first())
    if editable:
        entries, judges, panel_assignments = _querysets(round, category)
        forms.setdefault("add", AddForm(entries=entries, judges=judges, prefix="add"))
        forms.setdefault("swap", SwapForm(entries=entries, assignments=panel_assignments,
                                          judges=judges, prefix="swap"))
        if round.status == RoundStatus.DRAFT:
            forms.setdefault("run", RunForm(prefix="run"))
    counts = dict(RoundEntry.objects.filter(round=round).values("entry__category_id")
                  .annotate(n=Count("pk")).values_list("entry__category_id", "n").order_by())
    context.update({
        "rows": rows,
        "loads": loads,
        "load_range": (min((x["load"] for x in loads), default=0),
                       max((x["load"] for x in loads), default=0)),
        "run": run,
        "problems": assignment_problems(round, category) if counts.get(category.pk) else [],
        "list": panel,
        "page": page,
        "query": panel.applied.get("q", ""),
        "short_only": bool(panel.applied.get("short")),
        "forms": forms,
        "entry_counts": counts,
        "unnotified": (Assignment.objects.filter(round=round, notified_at__isnull=True).count()
                       if round.status == RoundStatus.OPEN else 0),
    })
    return render_round(request, round, "judging/staff/assignments.html", context,
                        current="judging:staff_assignments", status=status)


def _back(round, category):
    url = reverse("judging:staff_assignments", args=[round.pk])
    return redirect(f"{url}?category={category.pk}" if category else url)


@round_page()
def staff_assignments(request, round):
    categories = categories_of(round)
    category = _category(request, round, categories)
    if request.method != "POST":
        return _page(request, round, category, categories)
    action = request.POST.get("action", "")
    if action == "notify":
        count = assignments_notify(round=round, by=request.user)
        if count:
            messages.success(request, ngettext(
                "%(count)d judge was told (one e-mail each).",
                "%(count)d judges were told (one e-mail each).", count) % {"count": count})
        else:
            messages.info(request, _("There were no new assignments to tell judges about."))
        return _back(round, category)
    handler = ACTIONS.get(action)
    if category is None or handler is None:
        return _page(request, round, category, categories, status=400)
    return handler(request, round, category, categories)


def _run(request, round, category, categories):
    form = RunForm(request.POST, prefix="run")
    if form.is_valid():
        try:
            run = assignment_run(round=round, category=category, by=request.user,
                                 seed=form.cleaned_data["seed"])
        except JudgingError as exc:
            form.add_error(None, exc)
        else:
            if run.shortfalls:
                messages.warning(request, ngettext(
                    "%(assigned)d assignments made; %(short)d entry is short of judges (see "
                    "the report).",
                    "%(assigned)d assignments made; %(short)d entries are short of judges (see "
                    "the report).", len(run.shortfalls),
                ) % {"assigned": run.assigned, "short": len(run.shortfalls)})
            else:
                messages.success(request, ngettext(
                    "%(assigned)d assignment made: every entry has its judges.",
                    "%(assigned)d assignments made: every entry has its judges.", run.assigned,
                ) % {"assigned": run.assigned})
            return _back(round, category)
    return _page(request, round, category, categories, forms={"run": form}, status=400)


def _remove(request, round, category, categories):
    assignment = get_object_or_404(
        Assignment.objects.select_related("entry", "judge"),
        round=round, entry__category=category, pk=int_param(request.POST, "assignment"))
    try:
        assignment_remove(assignment=assignment, by=request.user)
    except JudgingError as exc:
        return _page(request, round, category, categories, errors={"table": error_list(exc)},
                     status=400)
    messages.success(request, _("%(judge)s no longer judges %(entry)s.")
                     % {"judge": assignment.judge, "entry": assignment.entry.reference})
    return _back(round, category)


def _add(request, round, category, categories):
    entries, judges, _assignments = _querysets(round, category)
    form = AddForm(request.POST, entries=entries, judges=judges, prefix="add")
    if form.is_valid():
        entry, judge = form.cleaned_data["entry"], form.cleaned_data["judge"]
        try:
            assignment_add(round=round, entry=entry, judge=judge, by=request.user)
        except JudgingError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(judge)s now judges %(entry)s.")
                             % {"judge": judge, "entry": entry.reference})
            return _back(round, category)
    return _page(request, round, category, categories, forms={"add": form}, status=400)


def _swap(request, round, category, categories):
    entries, judges, assignments = _querysets(round, category)
    form = SwapForm(request.POST, entries=entries, assignments=assignments, judges=judges,
                    prefix="swap")
    if form.is_valid():
        assignment, judge = form.cleaned_data["assignment"], form.cleaned_data["judge"]
        before = assignment.judge
        try:
            assignment_swap(assignment=assignment, judge=judge, by=request.user)
        except JudgingError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(entry)s: %(new)s judges it instead of %(old)s.")
                             % {"entry": assignment.entry.reference, "new": judge,
                                "old": before})
            return _back(round, category)
    return _page(request, round, category, categories, forms={"swap": form}, status=400)


ACTIONS = {"run": _run, "remove": _remove, "add": _add, "swap": _swap}
