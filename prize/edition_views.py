"""An edition's staff home (its phase, what it still lacks before the call opens, the steps of
its life: open the call, close it, archive, make it the current edition) and creating an
edition, without the Django admin.

The secretariat of the edition and superusers act; coordinators read the page. Creating an
edition is for superusers and the secretariat of any edition: its creator joins its secretariat.
"""

from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import checklist, selectors
from .enums import EditionStatus, Role
from .forms import DateTimeLocalInput
from .inputs import LimitedFormMixin
from .models import Edition
from .permissions import deny
from .services import audit, edition_make_current, edition_set_status, role_grant
from .translated_forms import TranslatedFieldsMixin, column


class EditionCreateForm(TranslatedFieldsMixin, LimitedFormMixin, forms.ModelForm):
    """The least an edition needs; the rest is set on its settings page. Dates are typed in
    the time zone chosen on the form; the names in every language."""

    translated = ("name", "short_name")

    class Meta:
        model = Edition
        fields = ["name", "short_name", "year", "time_zone", "call_opens_at", "call_closes_at",
                  "contact_email"]
        widgets = {"call_opens_at": DateTimeLocalInput(), "call_closes_at": DateTimeLocalInput()}
        help_texts = {
            "call_opens_at": gettext_lazy("In the edition's time zone."),
            "call_closes_at": gettext_lazy("In the edition's time zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value = 2000
        self.fields["year"].max_value = 2100
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        self.helper = self.translated_helper()

    def save(self, commit=True):
        edition = super().save(commit=False)
        name = getattr(edition, column("name"))  # the main language's, whatever the reader's
        base = slugify(f"{name}-{edition.year}")[:40].strip("-") or "edition"
        slug, n = base, 1
        while Edition.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        edition.slug = slug
        edition.status = EditionStatus.DRAFT
        edition.is_current = False
        if commit:
            edition.save()
        return edition


def _may_create(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(role == Role.SECRETARIAT for _e, role in user.role_set))


def _chosen_zone(data) -> str | None:
    zone = (data.get("time_zone") or "").strip()
    return zone if zone in zoneinfo.available_timezones() else None


@never_cache
def edition_create(request):
    if not _may_create(request.user):
        return deny(request)
    zone = _chosen_zone(request.POST) if request.method == "POST" else None
    with timezone.override(zone or timezone.get_current_timezone()):
        form = EditionCreateForm(request.POST or None,
                                 initial={"time_zone": "Asia/Seoul",
                                          "year": timezone.now().year + 1})
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    edition = form.save()
                    audit(request.user, "edition.create", edition,
                          after={"name": edition.name, "year": edition.year})
                    role_grant(user=request.user, edition=edition, role=Role.SECRETARIAT,
                               by=request.user)
            except IntegrityError:
                form.add_error(None, _("Save again: another edition was made at the same "
                                       "moment with the same name."))
            else:
                messages.success(request, _(
                    "%(name)s is created, in preparation: visitors do not see it yet. Fill in "
                    "its settings and categories, then open the call from its page.")
                    % {"name": edition.name})
                return redirect("staff_edition", slug=edition.slug)
    return render(request, "prize/edition/create.html", {
        "form": form,
        "earlier": selectors.editions_managed_by(request.user).exclude(
            status=EditionStatus.DRAFT).order_by("-year", "name")},
        status=400 if form.errors else 200)


def _edition_for(request, slug, *, manage: bool):
    editions = (selectors.editions_managed_by(request.user) if manage
                else selectors.editions_staffed_by(request.user))
    return get_object_or_404(editions, slug=slug)


# What each step of an edition's life is called on its button, and the status it moves to.
ACTIONS = {
    "open_call": (EditionStatus.CALL_OPEN, gettext_lazy("Open the call for entries")),
    "close_call": (EditionStatus.JUDGING, gettext_lazy("Close the call now and start judging")),
    "reopen_call": (EditionStatus.CALL_OPEN, gettext_lazy("Reopen the call")),
    "back_to_preparation": (EditionStatus.DRAFT, gettext_lazy("Back to preparation")),
    "archive": (EditionStatus.ARCHIVED, gettext_lazy("Archive the edition")),
}


def _actions_for(edition: Edition, now) -> list[tuple[str, str]]:
    names = {
        EditionStatus.DRAFT: ["open_call"],
        EditionStatus.CALL_OPEN: ["close_call", "back_to_preparation"],
        EditionStatus.JUDGING: ["reopen_call"] if edition.call_closes_at > now else [],
        EditionStatus.ANNOUNCED: ["archive"],
        EditionStatus.ARCHIVED: [],
    }[edition.status]
    return [(name, ACTIONS[name][1]) for name in names]


@never_cache
def edition_staff(request, slug):
    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, manage=False)
    from .phase import edition_phase

    now = timezone.now()
    return render(request, "prize/edition/staff.html", {
        "edition": edition,
        "phase": edition_phase(edition),
        "items": checklist.missing(edition),
        "can_manage": request.user.has_perm("prize.manage_edition", edition),
        "actions": _actions_for(edition, now),
    })


@require_POST
def edition_action(request, slug):
    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, manage=True)
    action = request.POST.get("action", "")
    try:
        if action == "make_current":
            if edition.status in (EditionStatus.DRAFT, EditionStatus.ARCHIVED):
                raise ValidationError(_("Open the call first: an edition in preparation or "
                                        "archived cannot be the current one visitors see."))
            edition_make_current(edition=edition, by=request.user)
            messages.success(request, _("%(name)s is now the current edition: the site's home "
                                        "page leads to it.") % {"name": edition.name})
        elif action in dict(_actions_for(edition, timezone.now())):
            _apply(edition, action, request.user)
            messages.success(request, _("Done: %(name)s is now “%(status)s”.")
                             % {"name": edition.name,
                                "status": EditionStatus(ACTIONS[action][0]).label})
        else:
            raise ValidationError(_("Reload the page: that step is not possible for the edition "
                                    "as it stands now."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("staff_edition", slug=edition.slug)


def _apply(edition: Edition, action: str, by) -> None:
    status = ACTIONS[action][0]
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if action == "open_call":
            lacking = checklist.blockers(edition)
            if lacking:
                raise ValidationError(
                    _("Finish the checklist first: %(first)s") % {"first": lacking[0].message})
        if action == "close_call":
            now = timezone.now()
            if edition.call_opens_at > now:
                raise ValidationError(_("The call has not opened yet: move it back to "
                                        "preparation instead."))
            if edition.call_closes_at > now:
                before = {"call_closes_at": edition.call_closes_at.isoformat()}
                edition.call_closes_at = now
                edition.save(update_fields=["call_closes_at", "updated_at"])
                audit(by, "edition.close_call", edition, before=before,
                      after={"call_closes_at": now.isoformat()})
        edition_set_status(edition=edition, status=status, by=by)


# --- The edition's lists: organisations and partners, the public timeline ---------------------

PARTS = {
    "organisations": {
        "formset": "OrganisationFormSet", "kind": "organisation",
        "title": gettext_lazy("Organisations and partners"),
        "intro": gettext_lazy("The organisers, partners and steering bodies shown on the "
                              "edition's public page; an award can name its partner. Tick "
                              "“Delete” to remove one; fill in the empty one to add one."),
        "legend": gettext_lazy("New organisation"),
        "instead": gettext_lazy("Keep the organisation, or name another partner on its awards "
                                "first."),
        "saved": gettext_lazy("The organisations are saved."),
    },
    "timeline": {
        "formset": "MilestoneFormSet", "kind": "milestone",
        "title": gettext_lazy("Timeline"),
        "intro": gettext_lazy("The dates on the edition's public timeline, typed in its time "
                              "zone. Tick “Delete” to remove one; fill in the empty one to add "
                              "one."),
        "legend": gettext_lazy("New date"),
        "instead": gettext_lazy("Keep the date and change it instead."),
        "saved": gettext_lazy("The timeline is saved."),
    },
}


@never_cache
def edition_part(request, slug, part):
    """One of the edition's lists, edited as a whole (the secretariat and superusers)."""
    from . import forms as edition_forms
    from .services import formset_save

    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, manage=True)
    spec = PARTS[part]
    formset_class = getattr(edition_forms, spec["formset"])
    with timezone.override(edition.tz):
        formset = formset_class(request.POST or None, instance=edition, prefix=part)
        if request.method == "POST":
            if formset.is_valid():
                try:
                    formset_save(edition=edition, formset=formset, kind=spec["kind"],
                                 by=request.user, instead=str(spec["instead"]))
                except ValidationError as exc:
                    formset._non_form_errors = formset.error_class(exc.messages)
                else:
                    messages.success(request, spec["saved"])
                    return redirect(f"staff_edition_{part}", slug=edition.slug)
            messages.error(request, _("Correct what is marked below, then save again; nothing "
                                      "was saved."))
        return render(request, "prize/edition/part.html", {
            "edition": edition, "formset": formset, "spec": spec},
            status=400 if request.method == "POST" else 200)
