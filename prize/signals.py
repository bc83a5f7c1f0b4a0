"""Signal receivers of the shared core."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .enums import Role
from .models import Edition


@receiver(user_signed_up)
def make_new_users_entrants(sender, request, user, **kwargs):
    """Whoever signs up may enter the current edition."""
    from .services import role_grant

    edition = Edition.objects.current()
    if edition is not None:
        role_grant(user=user, edition=edition, role=Role.ENTRANT, by=user)
