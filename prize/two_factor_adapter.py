"""allauth's MFA, our way: staff cannot turn off the two-factor verification their role requires."""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from .two_factor import SECOND_FACTORS, is_required


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role requires two-factor verification, so it cannot be turned off. If you have a "
            "new phone, ask the secretariat or an administrator to reset it, then set it up again."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Not the last second factor of someone who must have one."""
        if authenticator.type not in SECOND_FACTORS or not is_required(authenticator.user):
            return True
        return (Authenticator.objects.filter(user_id=authenticator.user_id,
                                             type__in=SECOND_FACTORS)
                .exclude(pk=authenticator.pk).exists())
