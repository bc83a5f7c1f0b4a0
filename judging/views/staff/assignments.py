"""One panel's assignments (a round and a category): automatic assignment while the round is a
draft, its report, the problems of the current assignment, manual add / remove / swap with the
same checks, and telling judges about new assignments. A bounded number of queries."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entries.models import Entry
from prize.inputs import int_param, text_param
from prize.models import User

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
    # The table pages through the panel (50 entries a page, searchable, "short only"), so the
    # page stays small at any size; the loads and problems cover the whole panel.
    query = text_param(request.GET, "q")
    short_only = request.GET.get("short") == "1"
    listed = (RoundEntry.objects.filter(round=round, entry__category=category)
              .annotate(judges=Count("entry__assignments",
                                     filter=Q(entry__assignments__round=round)))
              .select_related("entry__entrant").defer("entry__answers")
              .order_by("entry__reference", "entry_id"))
    if query:
        listed = listed.filter(Q(entry__reference__icontains=query)
                               | Q(entry__title__icontains=query)
                               | Q(entry__entrant__name__icontains=query))
    if short_only:
        listed = listed.filter(judges__lt=round.judges_per_entry)
    page = Paginator(listed, ROWS_PER_PAGE).get_page(request.GET.get("page"))
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
        "page": page,
        "query": query,
        "short_only": short_only,
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
