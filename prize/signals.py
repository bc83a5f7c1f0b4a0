"""Signal receivers of the shared core."""

from allauth.account.signals import password_reset, user_signed_up
from django.dispatch import receiver

from . import two_factor_signals  # noqa: F401 (two-factor events audited, its profile panel)
from .enums import Role
from .models import Edition


@receiver(user_signed_up)
def make_new_users_entrants(sender, request, user, **kwargs):
    """Whoever signs up may enter the current edition."""
    from .services import role_grant

    edition = Edition.objects.current()
    if edition is not None:
        role_grant(user=user, edition=edition, role=Role.ENTRANT, by=user)


@receiver(password_reset)
def lift_the_lockout_on_reset(sender, request, user, **kwargs):
    """The lock-out page advises a password reset: a completed one lifts the lock of that
    account (every address it was tried from), and of no other."""
    from axes.utils import reset

    reset(username=user.email.strip().lower())

