"""An invitation to help run an edition (secretariat or coordinator), sent by e-mail; the
role is given when its owner accepts it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import Role

TEAM_ROLES = (Role.SECRETARIAT, Role.COORDINATOR)


def team_token() -> str:
    return secrets.token_urlsafe(32)


class TeamInvitation(models.Model):
    edition = models.ForeignKey("prize.Edition", on_delete=models.CASCADE,
                                related_name="team_invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="team_invitations")
    role = models.CharField(_("role"), max_length=20, choices=[
        (role.value, role.label) for role in TEAM_ROLES])
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # The link's secret: only in the e-mail (sealed in the outbox), never on a page.
    token = models.CharField(max_length=64, unique=True, default=team_token, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"],
                                    condition=Q(accepted_at__isnull=True),
                                    name="one_open_team_invitation"),
            models.CheckConstraint(condition=Q(role__in=[r.value for r in TEAM_ROLES]),
                                   name="team_role_known"),
        ]
        ordering = ["-invited_at"]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.edition}"
