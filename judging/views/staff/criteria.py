"""A round's criteria per category: the table, its total weight, and (while the round is a
draft) adding, changing, deleting and copying criteria."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prize.inputs import int_param

from ...enums import RoundStatus
from ...models import Criterion
from ...services import JudgingError, criterion_delete, criterion_save
from ...services.rounds import CRITERION_FIELDS
from ...staff_forms import CopyCriteriaForm, CriterionForm
from .common import categories_of, error_list, render_round, round_page


def _page(request, round, *, bound=None, errors=None, status=200):
    """``bound``: (category pk, criterion pk or None, form) of a rejected form to show again."""
    draft = round.status == RoundStatus.DRAFT
    criteria = list(Criterion.objects.filter(round=round).order_by("category_id", "order", "pk"))
    by_category: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        by_category.setdefault(criterion.category_id, []).append(criterion)
    categories = categories_of(round)
    editing = request.GET.get("edit", "")
    sections = []
    for category in categories:
        own = by_category.get(category.pk, [])
        section = {
            "category": category,
            "criteria": own,
            "total_weight": sum(c.weight for c in own),
            "errors": list((errors or {}).get(category.pk, [])),
        }
        if not draft and bound and bound[0] == category.pk:
            section["errors"] += bound[2].non_field_errors()
        if draft:
            section["new_form"] = CriterionForm(round=round, category=category,
                                                prefix=f"new-{category.pk}")
            for criterion in own:
                if str(criterion.pk) == editing:
                    section["edit_form"] = CriterionForm(round=round, category=category,
                                                         instance=criterion,
                                                         prefix=f"edit-{criterion.pk}")
                    section["editing"] = criterion
            sources = [c for c in categories if c.pk != category.pk and by_category.get(c.pk)]
            if sources:
                section["copy_form"] = CopyCriteriaForm(sources=sources,
                                                        prefix=f"copy-{category.pk}")
            if bound and bound[0] == category.pk:
                if bound[1] is None:
                    section["new_form"] = bound[2]
                else:
                    section["edit_form"] = bound[2]
                    section["editing"] = next(c for c in own if c.pk == bound[1])
        sections.append(section)
    return render_round(request, round, "judging/staff/criteria.html", {
        "sections": sections,
        "draft": draft,
    }, current="judging:staff_criteria", status=status)


def _back(round, category):
    return redirect(reverse("judging:staff_criteria", args=[round.pk])
                    + f"#category-{category.pk}")


@round_page()
def staff_criteria(request, round):
    if request.method != "POST":
        return _page(request, round)
    categories = {str(c.pk): c for c in categories_of(round)}
    action = request.POST.get("action", "")
    if action == "delete":
        criterion = get_object_or_404(Criterion, round=round,
                                      pk=int_param(request.POST, "criterion"))
        try:
            criterion_delete(criterion=criterion, by=request.user)
        except JudgingError as exc:
            return _page(request, round, errors={criterion.category_id: error_list(exc)},
                         status=400)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": criterion.name})
        return _back(round, criterion.category)
    category = categories.get(request.POST.get("category", ""))
    if category is None:
        return _page(request, round, status=400)
    if action == "copy":
        return _copy(request, round, category, categories)
    if action != "save":
        return _page(request, round, status=400)
    criterion = None
    if request.POST.get("criterion"):
        criterion = get_object_or_404(Criterion, round=round, category=category,
                                      pk=int_param(request.POST, "criterion"))
    prefix = f"edit-{criterion.pk}" if criterion else f"new-{category.pk}"
    form = CriterionForm(request.POST, round=round, category=category, instance=criterion,
                         prefix=prefix)
    if form.is_valid():
        try:
            saved = criterion_save(round=round, category=category, data=form.service_data(),
                                   by=request.user, criterion=criterion)
        except JudgingError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": saved.name})
            return _back(round, category)
    return _page(request, round, bound=(category.pk, criterion.pk if criterion else None, form),
                 status=400)


def _copy(request, round, category, categories):
    sources = [c for c in categories.values() if c.pk != category.pk]
    form = CopyCriteriaForm(request.POST, sources=sources, prefix=f"copy-{category.pk}")
    if not form.is_valid():
        return _page(request, round, errors={category.pk: [_("Choose a category to copy "
                                                             "from.")]}, status=400)
    present = {name.casefold() for name in Criterion.objects.filter(
        round=round, category=category).values_list("name", flat=True)}
    copied = 0
    try:
        for source in Criterion.objects.filter(round=round, category=form.category).order_by(
                "order", "pk"):
            if source.name.casefold() in present:
                continue
            criterion_save(round=round, category=category, by=request.user,
                           data={name: getattr(source, name) for name in CRITERION_FIELDS})
            copied += 1
    except JudgingError as exc:
        return _page(request, round, errors={category.pk: error_list(exc)}, status=400)
    messages.success(request, ngettext(
        "%(count)d criterion was copied from %(source)s.",
        "%(count)d criteria were copied from %(source)s.", copied,
    ) % {"count": copied, "source": form.category.name})
    return _back(round, category)
