"""The secretariat's templated screening reasons: the sentences staff pick from when they mark
an entry eligible or ineligible. Listed, added, changed and removed here rather than in the
admin; coordinators read them. Decisions already made keep their words."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from prize.translated_forms import translated_initial

from ..enums import EntryStatus
from ..models import ScreeningReason
from ..services import EntryError, screening_reason_delete, screening_reason_save
from ..staff_forms import ScreeningReasonForm
from .staff import _can_screen, staff_page


def _page(request, edition, *, form=None, editing=None, status=200):
    reasons = list(ScreeningReason.objects.filter(edition=edition).order_by(
        "decision", "order", "pk"))
    groups = [(label, [r for r in reasons if r.decision == value])
              for value, label in ((EntryStatus.INELIGIBLE, _("Ineligible")),
                                   (EntryStatus.ELIGIBLE, _("Eligible")))]
    return render(request, "entries/staff/reasons.html", {
        "edition": edition,
        "groups": groups,
        "count": len(reasons),
        "form": form if form is not None else ScreeningReasonForm(
            initial={"decision": EntryStatus.INELIGIBLE}),
        "editing": editing,
        "can_edit": _can_screen(request, edition),
    }, status=status)


@staff_page()
def staff_reasons(request, edition):
    if request.method != "POST":
        return _page(request, edition)
    if not _can_screen(request, edition):
        raise Http404
    form = ScreeningReasonForm(request.POST)
    if form.is_valid():
        try:
            screening_reason_save(edition=edition, reason=None, data=form.cleaned_data,
                                  by=request.user)
        except EntryError as exc:
            form.add_error("text", exc)
        else:
            messages.success(request, _("The reason is added."))
            return redirect("entries:staff_reasons", edition_slug=edition.slug)
    return _page(request, edition, form=form, status=400)


@staff_page(act=True)
def staff_reason(request, edition, pk):
    reason = get_object_or_404(ScreeningReason, edition=edition, pk=pk)
    if request.method == "POST" and "delete" in request.POST:
        screening_reason_delete(reason=reason, by=request.user)
        messages.success(request, _("The reason is removed. Decisions already made keep "
                                    "their words."))
        return redirect("entries:staff_reasons", edition_slug=edition.slug)
    if request.method == "POST":
        form = ScreeningReasonForm(request.POST)
        if form.is_valid():
            try:
                screening_reason_save(edition=edition, reason=reason, data=form.cleaned_data,
                                      by=request.user)
            except EntryError as exc:
                form.add_error("text", exc)
            else:
                messages.success(request, _("The reason is saved."))
                return redirect("entries:staff_reasons", edition_slug=edition.slug)
        return _page(request, edition, form=form, editing=reason, status=400)
    form = ScreeningReasonForm(initial={"decision": reason.decision, "order": reason.order,
                                        **translated_initial(reason, ("text",))})
    return _page(request, edition, form=form, editing=reason)


urlpatterns = [
    path("staff/<slug:edition_slug>/reasons/", staff_reasons, name="staff_reasons"),
    path("staff/<slug:edition_slug>/reasons/<id:pk>/", staff_reason, name="staff_reason"),
]
