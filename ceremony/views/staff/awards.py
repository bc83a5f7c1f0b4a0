"""The edition's awards, grouped by category in tier order (special mentions last, with their
partners), with how many winners each has; creating, changing and deleting one (the
secretariat). An award with decided winners cannot lose them: the service says why."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from ... import selectors
from ...enums import AwardKind, DecisionStatus
from ...services import award_delete, award_save
from ...staff_forms import AwardForm
from .common import edition_page, error_list, render_page, require


def _awards(edition):
    return selectors.awards_of(edition).annotate(
        decided=Count("decisions", distinct=True),
        confirmed=Count("decisions", filter=Q(decisions__status=DecisionStatus.CONFIRMED),
                        distinct=True),
    )


def _groups(awards) -> list[dict]:
    """Tiered awards per category (in the categories' order), then the special mentions."""
    groups: dict[object, dict] = {}
    mentions = []
    for award in awards:
        if award.kind == AwardKind.SPECIAL_MENTION:
            mentions.append(award)
            continue
        groups.setdefault(award.category_id, {"category": award.category, "awards": []})[
            "awards"].append(award)
    out = list(groups.values())
    if mentions:
        out.append({"category": None, "awards": mentions})
    return out


def _save(request, edition, form, award=None):
    """Hand a valid form to the service; its refusals land on the form."""
    try:
        return award_save(edition=edition, data=form.service_data(), by=request.user,
                          award=award)
    except ValidationError as exc:  # CeremonyError, or the model's own checks
        form.add_error(None, exc)
    except IntegrityError:  # the same name saved by someone else a moment ago
        form.add_error("name", _("This edition already has an award with this name."))
    return None


@edition_page()
def staff_awards(request, edition):
    form = None
    status = 200
    if request.method == "POST":
        require(request, edition, "manage_awards")
        form = AwardForm(request.POST, edition=edition)
        if form.is_valid():
            award = _save(request, edition, form)
            if award is not None:
                messages.success(request, _("%(award)s is created.") % {"award": award})
                return redirect("ceremony:staff_awards", edition=edition.slug)
        status = 400
    awards = list(_awards(edition))
    if form is None and request.user.has_perm("ceremony.manage_awards", edition):
        form = AwardForm(edition=edition)
    return render_page(request, edition, "ceremony/staff/awards.html", {
        "groups": _groups(awards),
        "total": len(awards),
        "seats": sum(a.winners for a in awards),
        "decided": sum(a.decided for a in awards),
        "form": form,
    }, current="ceremony:staff_awards", status=status)


@edition_page("ceremony.manage_awards")
def staff_award(request, edition, pk):
    award = get_object_or_404(_awards(edition), pk=pk)
    form = AwardForm(edition=edition, award=award)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "delete":
            try:
                award_delete(award=award, by=request.user)
            except ValidationError as exc:
                errors = error_list(exc)
                status = 400
            else:
                messages.success(request, _("%(award)s is deleted.") % {"award": award})
                return redirect("ceremony:staff_awards", edition=edition.slug)
        else:
            form = AwardForm(request.POST, edition=edition, award=award)
            if form.is_valid() and _save(request, edition, form, award) is not None:
                messages.success(request, _("%(award)s is saved.") % {"award": form.instance})
                return redirect("ceremony:staff_awards", edition=edition.slug)
            status = 400
    return render_page(request, edition, "ceremony/staff/award.html", {
        "award": award,
        "form": form,
        "errors": errors,
    }, current="ceremony:staff_awards", status=status)
