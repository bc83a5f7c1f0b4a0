"""The edition's team page (who runs it, with which role and since when; invitations), and the
page where an invited person accepts.

The secretariat of the edition and superusers change the team; coordinators read the list.
Anyone else gets a 404. The invitation links never appear on a page.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, team, two_factor_views
from .invited import Invitation, invitation_page
from .models import User
from .permissions import deny
from .team_forms import TeamInviteForm, TeamRoleForm
from .team_models import TEAM_ROLES, TeamInvitation


def _edition_for(request, slug, *, manage: bool):
    """The edition whose team the user may read (or change, with ``manage``); a 404 else."""
    editions = (selectors.editions_managed_by(request.user) if manage
                else selectors.editions_staffed_by(request.user))
    return get_object_or_404(editions, slug=slug)


def _page(request, edition, *, form=None, status=200):
    can_manage = request.user.has_perm("prize.manage_edition", edition)
    return render(request, "prize/team/team.html", {
        "edition": edition,
        "members": team.members(edition),
        "invitations": list(team.open_invitations(edition)) if can_manage else [],
        "can_manage": can_manage,
        "form": form or TeamInviteForm(),
        "roles": TeamRoleForm.base_fields["role"].choices,
    }, status=status)


@never_cache
def team_page(request, slug):
    if not request.user.is_authenticated:
        return deny(request)
    if request.method != "POST":
        return _page(request, _edition_for(request, slug, manage=False))
    edition = _edition_for(request, slug, manage=True)
    form = TeamInviteForm(request.POST)
    if not form.is_valid():
        return _page(request, edition, form=form, status=400)
    data = form.cleaned_data
    try:
        invitation = team.invite(edition=edition, email=data["email"], role=data["role"],
                                 name=data["name"], by=request.user)
    except team.TeamError as exc:
        form.add_error("email", str(exc))
        return _page(request, edition, form=form, status=400)
    messages.success(request, _("The invitation is on its way to %(email)s. They join the team "
                                "as %(role)s when they accept.")
                     % {"email": invitation.user.email, "role": invitation.get_role_display()})
    return redirect("staff_team", slug=edition.slug)


@require_POST
def team_member(request, slug, user_pk):
    """Change a member's role, take them off the team, or reset their two-factor sign-in."""
    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, manage=True)
    if request.POST.get("action") == "reset_two_factor":  # a coordinator's or a judge's too
        return two_factor_views.reset_from_team(request, edition, user_pk)
    member = get_object_or_404(
        User.objects.filter(role_assignments__edition=edition,
                            role_assignments__role__in=TEAM_ROLES).distinct(), pk=user_pk)
    try:
        if request.POST.get("action") == "remove":
            team.remove(edition=edition, user=member, by=request.user)
            messages.success(request, _("%(email)s is no longer in the team.")
                             % {"email": member.email})
        else:
            form = TeamRoleForm(request.POST)
            if not form.is_valid():
                raise team.TeamError(_("Choose one of the roles."))
            team.change_role(edition=edition, user=member, role=form.cleaned_data["role"],
                             by=request.user)
            messages.success(request, _("%(email)s's role is changed.") % {"email": member.email})
    except team.TeamError as exc:
        messages.error(request, str(exc))
    return redirect("staff_team", slug=edition.slug)


@require_POST
def team_invitation(request, slug, pk):
    """Send an open invitation again (a new link), or withdraw it."""
    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, manage=True)
    invitation = get_object_or_404(team.open_invitations(edition), pk=pk)
    try:
        if request.POST.get("action") == "cancel":
            team.cancel(invitation=invitation, by=request.user)
            messages.success(request, _("The invitation to %(email)s is withdrawn: its link no "
                                        "longer works.") % {"email": invitation.user.email})
        else:
            team.resend(invitation=invitation, by=request.user)
            messages.success(request, _("The invitation is sent again to %(email)s with a new "
                                        "link; the earlier link no longer works.")
                             % {"email": invitation.user.email})
    except team.TeamError as exc:
        messages.error(request, str(exc))
    return redirect("staff_team", slug=edition.slug)


@never_cache
def accept(request, token):
    """The invited person's page: choose a password (a new account), log in (an existing one),
    or accept."""
    invitation = get_object_or_404(
        TeamInvitation.objects.select_related("edition", "user", "invited_by"), token=token)
    return invitation_page(request, Invitation(
        invited=invitation.user, here=reverse("team_accept", args=[token]),
        template="prize/team/accept.html",
        context={"invitation": invitation, "edition": invitation.edition,
                 "accepted_at": invitation.accepted_at,
                 "inviter": (invitation.invited_by.get_full_name() if invitation.invited_by
                             else "") or invitation.edition.name},
        accepted=invitation.accepted_at is not None,
        accept=lambda user: team.accept(invitation=invitation, user=user),
        welcome=_("Welcome to the team of %(edition)s.") % {"edition": invitation.edition.name},
        done=reverse("staff_index")))
