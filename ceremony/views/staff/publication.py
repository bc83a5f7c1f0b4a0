"""Publication of the edition's results: what still blocks it, scheduling it at a moment in the
edition's time zone (or publishing now), the countdown and who scheduled it, cancelling a
schedule, unpublishing with a reason, and the publication's options (scores shown to entrants,
finalists' certificates, who signs the certificates)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from prize.formats import moment

from ... import selectors, services
from ...enums import DecisionStatus
from ...models import Publication
from ...staff_forms import PublicationOptionsForm, ScheduleForm, UnpublishForm
from .common import edition_page, error_list, render_page, require


def _summary(edition) -> dict:
    awards = list(selectors.awards_of(edition).annotate(
        decided=Count("decisions", distinct=True),
        confirmed=Count("decisions", filter=Q(decisions__status=DecisionStatus.CONFIRMED),
                        distinct=True)))
    return {
        "awards": len(awards),
        "seats": sum(a.winners for a in awards),
        "decided": sum(a.decided for a in awards),
        "confirmed": sum(a.confirmed for a in awards),
    }


def _page(request, edition, *, forms=None, errors=None, status=200):
    forms = forms or {}
    publication = selectors.publication_of(edition)
    published = bool(publication and publication.published_at)
    scheduled = bool(publication and publication.scheduled_at and not published)
    problems = [] if published else services.publication_problems(edition)
    summary = _summary(edition)
    return render_page(request, edition, "ceremony/staff/publication.html", {
        "published": published,
        "scheduled": scheduled,
        "problems": problems,
        "summary": summary,
        "now": timezone.now(),
        "schedule_form": forms.get("schedule") or ScheduleForm(edition=edition),
        "unpublish_form": forms.get("unpublish") or UnpublishForm(),
        "options_form": forms.get("options") or PublicationOptionsForm(
            publication=publication or Publication(edition=edition)),
        "errors": errors or {},
    }, current="ceremony:staff_publication", status=status, publication=publication)


@edition_page()
def staff_publication(request, edition):
    if request.method != "POST":
        return _page(request, edition)
    handler = ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return _page(request, edition, errors={"page": [_("Unknown action.")]}, status=400)
    require(request, edition, "publish")
    return handler(request, edition)


def _here(edition):
    return redirect("ceremony:staff_publication", edition=edition.slug)


def _schedule(request, edition):
    form = ScheduleForm(request.POST, edition=edition)
    if not form.is_valid():
        return _page(request, edition, forms={"schedule": form}, status=400)
    try:
        publication = services.publication_schedule(edition=edition, at=form.cleaned_data["at"],
                                                    by=request.user)
    except ValidationError as exc:
        return _page(request, edition, forms={"schedule": form},
                     errors={"schedule": error_list(exc)}, status=400)
    messages.success(request, _("The results will be published on %(at)s (%(tz)s).") % {
        "at": moment(timezone.localtime(publication.scheduled_at, edition.tz)),
        "tz": edition.time_zone})
    return _here(edition)


def _publish_now(request, edition):
    try:
        services.publication_schedule(edition=edition, at=None, by=request.user)
    except ValidationError as exc:
        return _page(request, edition, errors={"schedule": error_list(exc)}, status=400)
    publication = selectors.publication_of(edition)
    if publication is None or publication.published_at is None:  # held: something changed
        return _page(request, edition, errors={"schedule": services.publication_problems(
            edition) or [_("The results could not be published.")]}, status=400)
    messages.success(request, _("The results are published."))
    return _here(edition)


def _cancel(request, edition):
    try:
        services.publication_cancel(edition=edition, by=request.user)
    except ValidationError as exc:
        return _page(request, edition, errors={"schedule": error_list(exc)}, status=400)
    messages.success(request, _("The schedule is cancelled: the results stay under embargo."))
    return _here(edition)


def _unpublish(request, edition):
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        return _page(request, edition, forms={"unpublish": form}, status=400)
    try:
        services.publication_unpublish(edition=edition, by=request.user,
                                       reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _page(request, edition, forms={"unpublish": form},
                     errors={"unpublish": error_list(exc)}, status=400)
    messages.success(request, _("The results are taken back: they are under embargo again."))
    return _here(edition)


def _options(request, edition):
    publication = selectors.publication_of(edition) or Publication(edition=edition)
    form = PublicationOptionsForm(request.POST, publication=publication)
    if not form.is_valid():
        return _page(request, edition, forms={"options": form}, status=400)
    try:
        services.publication_options_save(
            edition=edition, by=request.user,
            show_scores=form.cleaned_data["show_scores"],
            finalist_certificates=form.cleaned_data["finalist_certificates"],
            signatories=form.cleaned_data["signatories_text"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return _page(request, edition, forms={"options": form}, status=400)
    messages.success(request, _("The publication's options are saved."))
    return _here(edition)


ACTIONS = {
    "schedule": _schedule,
    "publish_now": _publish_now,
    "cancel": _cancel,
    "unpublish": _unpublish,
    "options": _options,
}
