"""The ceremony as data, for staff: the evening's details, the programme as an ordered list with
times (in the edition's time zone), kinds, presenters and awards, with adding, changing,
deleting and moving items (plain forms; htmx swaps the list in place when it is there), what
looks wrong in it, the awards no item presents yet, and the presenters with their photos.
Coordinators read; the secretariat edits."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prize.formats import moment

from ... import evening, services
from ...models import Presenter, ProgrammeItem
from ...programme_forms import CeremonyForm, MoveForm, PresenterForm, ProgrammeItemForm
from .common import edition_page, error_list, may, render_page, require

CURRENT = "ceremony:staff_ceremony"


def _photo_url(edition, presenter: Presenter) -> str | None:
    if not presenter.photo:
        return None
    return (reverse("ceremony:presenter_photo", args=[edition.slug, presenter.pk])
            + f"?v={presenter.photo.name.rsplit('/', 1)[-1][:12]}")


def _with_photos(edition, presenters) -> list[Presenter]:
    presenters = list(presenters)
    for presenter in presenters:
        presenter.photo_url = _photo_url(edition, presenter)
    return presenters


def _programme(edition, *, errors=None, notice="") -> dict:
    items = evening.programme_of(edition)
    for item in items:
        item.ends_at = evening.ends_at(item)
    return {
        "items": items,
        "warnings": evening.programme_warnings(edition, items),
        "errors": errors or [],
        "notice": notice,
        "moves": [("up", _("Up"), "↑"), ("down", _("Down"), "↓")],
    }


def _main(request, edition, *, form=None, errors=None, notice="", status=200):
    manage = request.user.has_perm("ceremony.manage_ceremony", edition)
    if form is None and manage and edition.ceremony_at:
        form = ProgrammeItemForm(edition=edition)
    return render_page(request, edition, "ceremony/staff/programme.html", {
        **_programme(edition, errors=errors, notice=notice),
        "ceremony": evening.ceremony_of(edition),
        "unpresented": evening.unpresented_awards(edition),
        "presenters": _with_photos(edition, evening.presenters_of(edition)),
        "form": form,
    }, current=CURRENT, status=status)


@edition_page()
def staff_ceremony(request, edition):
    """The evening at a glance; a POST adds an item to the programme (the secretariat)."""
    if request.method != "POST":
        return _main(request, edition)
    require(request, edition, "manage_ceremony")
    form = ProgrammeItemForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            item = services.programme_item_save(edition=edition, data=form.service_data(),
                                                by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("“%(item)s” is added to the programme.")
                             % {"item": item.title})
            return redirect(reverse(CURRENT, args=[edition.slug]) + f"#item-{item.pk}")
    return _main(request, edition, form=form, status=400)


@edition_page("ceremony.manage_ceremony")
def staff_ceremony_details(request, edition):
    ceremony = evening.ceremony_of(edition)
    form = CeremonyForm(edition=edition, ceremony=ceremony)
    status = 200
    if request.method == "POST":
        form = CeremonyForm(request.POST, edition=edition, ceremony=ceremony)
        if form.is_valid():
            try:
                services.ceremony_save(edition=edition, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The ceremony's details are saved."))
                return redirect(CURRENT, edition=edition.slug)
        status = 400
    return render_page(request, edition, "ceremony/staff/ceremony_details.html", {
        "form": form,
        "has_items": ProgrammeItem.objects.filter(edition=edition).exists(),
    }, current=CURRENT, status=status)


def _item_of(edition, pk) -> ProgrammeItem:
    return get_object_or_404(ProgrammeItem.objects.filter(edition=edition).prefetch_related(
        "presenters", "awards"), pk=pk)


@edition_page("ceremony.manage_ceremony")
def staff_programme_item(request, edition, pk):
    item = _item_of(edition, pk)
    form = ProgrammeItemForm(edition=edition, item=item)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            try:
                services.programme_item_delete(item=item, by=request.user)
            except ValidationError as exc:
                errors, status = error_list(exc), 400
            else:
                messages.success(request, _("“%(item)s” is deleted from the programme.")
                                 % {"item": item.title})
                return redirect(CURRENT, edition=edition.slug)
        else:
            form = ProgrammeItemForm(request.POST, edition=edition, item=item)
            if form.is_valid():
                try:
                    services.programme_item_save(edition=edition, data=form.service_data(),
                                                 by=request.user, item=item)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, _("“%(item)s” is saved.")
                                     % {"item": form.cleaned_data["title"]})
                    return redirect(reverse(CURRENT, args=[edition.slug]) + f"#item-{item.pk}")
            status = 400
    return render_page(request, edition, "ceremony/staff/programme_item.html", {
        "item": item,
        "form": form,
        "errors": errors,
    }, current=CURRENT, status=status)


@require_POST
@edition_page("ceremony.manage_ceremony")
def staff_programme_move(request, edition, pk):
    """Move an item up or down. Without htmx: back to the programme at the item; with it, the
    programme's list alone is swapped in place (the pressed button keeps the focus)."""
    item = get_object_or_404(ProgrammeItem, edition=edition, pk=pk)
    form = MoveForm(request.POST)
    errors: list[str] = []
    notice = ""
    if not form.is_valid():
        errors = [_("Move an item up or down.")]
    else:
        try:
            moved = services.programme_item_move(item=item, by=request.user,
                                                 direction=form.cleaned_data["direction"])
        except ValidationError as exc:
            errors = error_list(exc)
        else:
            notice = (_("“%(item)s” moved up: it starts at %(time)s.")
                      if form.cleaned_data["direction"] == "up" else
                      _("“%(item)s” moved down: it starts at %(time)s.")) % {
                "item": moved.title,
                "time": moment(edition.local(moved.starts_at), "TIME_FORMAT")}
    if request.htmx:  # the list alone (the page's styles and their nonce stay as they are)
        return render(request, "ceremony/staff/_programme_list.html", {
            **_programme(edition, errors=errors, notice=notice),
            "edition": edition, "may": may(request, edition)})
    if errors:
        return _main(request, edition, errors=errors, status=400)
    messages.success(request, notice)
    return redirect(reverse(CURRENT, args=[edition.slug]) + f"#item-{item.pk}")


# --- Presenters ---------------------------------------------------------------------------------


def _save_presenter(request, edition, form, presenter=None):
    try:
        return services.presenter_save(
            edition=edition, data=form.service_data(), by=request.user, presenter=presenter,
            photo=form.cleaned_data.get("photo"),
            remove_photo=form.cleaned_data.get("remove_photo", False))
    except ValidationError as exc:
        form.add_error(None, exc)
    return None


@edition_page()
def staff_presenters(request, edition):
    form = None
    status = 200
    if request.method == "POST":
        require(request, edition, "manage_ceremony")
        form = PresenterForm(request.POST, request.FILES)
        if form.is_valid():
            presenter = _save_presenter(request, edition, form)
            if presenter is not None:
                messages.success(request, _("%(name)s is added to the presenters.")
                                 % {"name": presenter.name})
                return redirect(reverse("ceremony:staff_presenters", args=[edition.slug])
                                + f"#presenter-{presenter.pk}")
        status = 400
    presenters = list(evening.presenters_of(edition).prefetch_related("items"))
    if form is None and request.user.has_perm("ceremony.manage_ceremony", edition):
        form = PresenterForm()
    return render_page(request, edition, "ceremony/staff/presenters.html", {
        "presenters": _with_photos(edition, presenters),
        "form": form,
    }, current=CURRENT, status=status)


@edition_page("ceremony.manage_ceremony")
def staff_presenter(request, edition, pk):
    presenter = get_object_or_404(Presenter.objects.filter(edition=edition), pk=pk)
    presenter.photo_url = _photo_url(edition, presenter)
    form = PresenterForm(presenter=presenter)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            try:
                count = services.presenter_delete(presenter=presenter, by=request.user)
            except ValidationError as exc:
                errors, status = error_list(exc), 400
            else:
                message = _("%(name)s is deleted.") % {"name": presenter.name}
                if count:
                    message += " " + _("The programme's items that named them no longer do "
                                       "(%(count)d).") % {"count": count}
                messages.success(request, message)
                return redirect("ceremony:staff_presenters", edition=edition.slug)
        else:
            form = PresenterForm(request.POST, request.FILES, presenter=presenter)
            if form.is_valid() and _save_presenter(request, edition, form, presenter):
                messages.success(request, _("%(name)s is saved.")
                                 % {"name": form.cleaned_data["name"]})
                return redirect(reverse("ceremony:staff_presenters", args=[edition.slug])
                                + f"#presenter-{presenter.pk}")
            status = 400
    return render_page(request, edition, "ceremony/staff/presenter.html", {
        "presenter": presenter,
        "items": list(presenter.items.order_by("starts_at", "order")),
        "form": form,
        "errors": errors,
    }, current=CURRENT, status=status)
