"""The entrant profile, its collaborators, and accepting an invitation to join one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ...enums import MemberRole
from ...forms import EntrantForm, InvitationForm
from ...models import Entrant, Invitation
from ...selectors import entrant_of
from ...services import (
    EntryError,
    entrant_create,
    entrant_update,
    invitation_accept,
    invitation_send,
)
from ._common import current_edition, redirect_to_profile


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _is_owner(user, entrant: Entrant) -> bool:
    membership = getattr(user, "entrant_membership", None)
    return membership is not None and membership.entrant_id == entrant.pk and \
        membership.role == MemberRole.OWNER


@login_required
def profile(request):
    entrant = entrant_of(request.user)
    next_url = _safe_next(request, reverse("entries:dashboard"))
    if entrant is not None and not _is_owner(request.user, entrant):
        return render(request, "entries/entrant/profile.html", {
            "entrant": entrant, "form": None, "read_only": True,
        })
    kind_locked = entrant is not None and entrant.entries.exists()
    form = EntrantForm(
        request.POST if request.method == "POST" else None, instance=entrant,
        kind_locked=kind_locked,
        submit_label=_("Save and continue") if entrant is None else None,
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields
                if not form.fields[name].disabled}
        try:
            if entrant is None:
                entrant_create(user=request.user, data=data,
                               edition=current_edition(request.user))
            else:
                entrant_update(entrant=entrant, data=data, by=request.user)
        except EntryError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your entrant profile is saved."))
            return redirect(next_url)
    return render(request, "entries/entrant/profile.html", {
        "entrant": entrant, "form": form, "read_only": False, "next": next_url,
        "creating": entrant is None,
    })


@login_required
def collaborators(request):
    entrant = entrant_of(request.user)
    if entrant is None:
        messages.info(request, _("Create your entrant profile first; then you can invite "
                                 "colleagues to work on your entries."))
        return redirect_to_profile(request, reverse("entries:collaborators"))
    is_owner = _is_owner(request.user, entrant)
    form = InvitationForm(request.POST if request.method == "POST" else None) if is_owner else None
    if request.method == "POST":
        if not is_owner:
            raise Http404
        if form.is_valid():
            try:
                invitation = invitation_send(entrant=entrant, email=form.cleaned_data["email"],
                                             by=request.user,
                                             edition=current_edition(request.user))
            except EntryError as exc:
                form.add_error("email", exc)
            else:
                messages.success(request, _("An invitation is on its way to %(email)s.")
                                 % {"email": invitation.email})
                return redirect("entries:collaborators")
    members = entrant.members.select_related("user").order_by("joined_at")
    invitations = entrant.invitations.filter(accepted_at__isnull=True).select_related(
        "invited_by")
    return render(request, "entries/entrant/collaborators.html", {
        "entrant": entrant, "members": members, "invitations": invitations, "form": form,
        "is_owner": is_owner,
    })


@login_required
def accept_invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("entrant", "invited_by"), token=token)
    user = request.user
    own = entrant_of(user)
    if request.method == "POST":
        try:
            invitation_accept(invitation=invitation, user=user)
        except EntryError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("entries:invitation_accept", token=token)
        messages.success(request, _("Welcome: you now work on the entries of %(name)s.")
                         % {"name": invitation.entrant.name})
        return redirect("entries:dashboard")
    if invitation.accepted_at is not None:
        problem = "used"
    elif own is not None and own.pk == invitation.entrant_id:
        problem = "member"
    elif invitation.email.lower() != user.email.lower():
        problem = "address"
    elif own is not None:
        problem = "other_entrant"
    else:
        problem = ""
    return render(request, "entries/entrant/invitation.html", {
        "invitation": invitation, "problem": problem, "own": own,
        "masked_email": _mask(invitation.email),
    })


def _mask(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(1, len(local) - 1)}@{domain}"
