"""The team that runs an edition: the secretariat (WeGO staff) and the coordinators (the
evaluation partner). The secretariat invites people by e-mail with a role, changes a member's
role or removes it; the role is given when the invited person accepts. Every change is audited,
and an edition always keeps at least one secretariat member, so nobody locks the team out.

The invitation's link is a credential: it is sealed in the outbox like a password reset link,
never shown on a page, and a new one (resend) makes the old one stop working.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import Role
from .models import Edition, RoleAssignment, User
from .services import audit, notify, role_grant, role_revoke
from .team_models import TEAM_ROLES, TeamInvitation, team_token


class TeamError(Exception):
    """A team change refused, with the reason to show."""


@dataclass(frozen=True)
class Member:
    user: User
    role: str
    since: datetime

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def members(edition: Edition) -> list[Member]:
    """Who runs the edition, secretariat first, each with their role and since when (one
    query)."""
    rows = (RoleAssignment.objects.filter(edition=edition, role__in=TEAM_ROLES)
            .select_related("user").order_by("role", "user__name", "user__email"))
    order = {Role.SECRETARIAT: 0, Role.COORDINATOR: 1}
    found = [Member(user=r.user, role=r.role, since=r.created_at) for r in rows]
    return sorted(found, key=lambda m: order[m.role])


def open_invitations(edition: Edition):
    return (TeamInvitation.objects.filter(edition=edition, accepted_at__isnull=True)
            .select_related("user", "invited_by").order_by("-invited_at"))


def _check_role(role: str) -> None:
    if role not in TEAM_ROLES:
        raise TeamError(_("Choose the secretariat or the coordinators as the role."))


def _send(invitation: TeamInvitation, by: User | None, *, again: bool = False) -> None:
    edition = invitation.edition
    key = f"team-invitation:{invitation.pk}:{invitation.token[:8]}"
    notify(invitation.user, "prize/team_invitation", {
        "inviter_name": (by.get_full_name() if by else "") or edition.name,
        "edition_name": edition.name,
        "role": str(Role(invitation.role).label),
        "needs_password": not invitation.user.has_usable_password(),
        "again": again,
    }, key=key, edition=edition,
        secrets={"accept_path": reverse("team_accept", args=[invitation.token])})


def invite(*, edition: Edition, email: str, role: str, by: User, name: str = "") -> TeamInvitation:
    """Invite someone to the edition's team. A new address gets an account without a password;
    someone already in the team is refused (change their role instead); an open invitation of
    the same person is sent again with the role now chosen."""
    _check_role(role)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise TeamError(_("Type the e-mail address of the person to invite, such as "
                          "name@example.org.")) from None
    with transaction.atomic():
        Edition.objects.select_for_update().get(pk=edition.pk)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, name=name.strip()[:150])
        held = set(RoleAssignment.objects.filter(user=user, edition=edition, role__in=TEAM_ROLES)
                   .values_list("role", flat=True))
        if held:
            raise TeamError(_("%(email)s is already in the team as %(role)s: change their role "
                              "in the list instead.")
                            % {"email": email, "role": Role(sorted(held)[0]).label})
        invitation = TeamInvitation.objects.filter(
            edition=edition, user=user, accepted_at__isnull=True).first()
        if invitation is None:
            invitation = TeamInvitation.objects.create(edition=edition, user=user, role=role,
                                                       invited_by=by)
            audit(by, "team.invite", invitation, edition=edition,
                  after={"email": email, "role": role})
            _send(invitation, by)
        else:
            _renew(invitation, by, role=role)
    return invitation


def _renew(invitation: TeamInvitation, by: User, *, role: str | None = None) -> None:
    before = {"role": invitation.role}
    invitation.token = team_token()  # the link sent before stops working
    invitation.role = role or invitation.role
    invitation.invited_by = by
    invitation.save(update_fields=["token", "role", "invited_by"])
    audit(by, "team.resend", invitation, edition=invitation.edition, before=before,
          after={"role": invitation.role})
    _send(invitation, by, again=True)


def resend(*, invitation: TeamInvitation, by: User) -> TeamInvitation:
    """Send an open invitation again, with a new link."""
    with transaction.atomic():
        invitation = TeamInvitation.objects.select_for_update().select_related(
            "edition", "user").get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise TeamError(_("%(email)s has already accepted: there is nothing to send.")
                            % {"email": invitation.user.email})
        _renew(invitation, by)
    return invitation


def cancel(*, invitation: TeamInvitation, by: User) -> None:
    """Withdraw an open invitation: its link stops working."""
    with transaction.atomic():
        found = TeamInvitation.objects.select_for_update().filter(
            pk=invitation.pk, accepted_at__isnull=True).first()
        if found is None:
            return
        audit(by, "team.cancel", found, edition=found.edition,
              before={"email": found.user.email, "role": found.role})
        found.delete()


def accept(*, invitation: TeamInvitation, user: User) -> TeamInvitation:
    """The invited person accepts: they hold the role from now on (accepting again changes
    nothing)."""
    if invitation.user_id != user.pk:
        raise TeamError(_("This invitation was sent to another e-mail address."))
    with transaction.atomic():
        invitation = TeamInvitation.objects.select_for_update().select_related("edition").get(
            pk=invitation.pk)
        if invitation.accepted_at is None:
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
            role_grant(user=user, edition=invitation.edition, role=invitation.role,
                       by=invitation.invited_by)
            audit(user, "team.accept", invitation, edition=invitation.edition,
                  after={"role": invitation.role})
    return invitation


def _secretariat_left(edition: Edition, without: User) -> int:
    return (RoleAssignment.objects.filter(edition=edition, role=Role.SECRETARIAT)
            .exclude(user=without).count())


def change_role(*, edition: Edition, user: User, role: str, by: User) -> None:
    """Give a team member the other role."""
    _check_role(role)
    with transaction.atomic():
        Edition.objects.select_for_update().get(pk=edition.pk)
        held = set(RoleAssignment.objects.filter(user=user, edition=edition, role__in=TEAM_ROLES)
                   .values_list("role", flat=True))
        if not held:
            raise TeamError(_("%(email)s is not in the team any more: reload the page.")
                            % {"email": user.email})
        if held == {role}:
            return
        if role != Role.SECRETARIAT and _secretariat_left(edition, user) == 0:
            raise TeamError(_("Make someone else a secretariat member first: the edition needs "
                              "at least one."))
        role_grant(user=user, edition=edition, role=role, by=by)
        for other in held - {role}:
            role_revoke(user=user, edition=edition, role=other, by=by)


def remove(*, edition: Edition, user: User, by: User) -> None:
    """Take a member off the team (their account stays, with any other role they hold)."""
    with transaction.atomic():
        Edition.objects.select_for_update().get(pk=edition.pk)
        held = set(RoleAssignment.objects.filter(user=user, edition=edition, role__in=TEAM_ROLES)
                   .values_list("role", flat=True))
        if Role.SECRETARIAT in held and _secretariat_left(edition, user) == 0:
            raise TeamError(_("Make someone else a secretariat member first: the edition needs "
                              "at least one."))
        for role in held:
            role_revoke(user=user, edition=edition, role=role, by=by)
