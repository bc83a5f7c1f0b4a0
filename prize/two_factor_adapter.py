"""allauth's MFA, our way: staff cannot turn off the two-factor verification their role requires,
and security keys (WebAuthn) are bound to the site's own domain under the site's name."""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .two_factor import SECOND_FACTORS, is_required


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role requires two-factor verification, so your last authenticator app or "
            "security key cannot be removed. Add another one first, or, if you have lost it, ask "
            "the secretariat or an administrator to reset it, then set it up again."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Not the last second factor (app or security key) of someone who must have one."""
        if authenticator.type not in SECOND_FACTORS or not is_required(authenticator.user):
            return True
        return (Authenticator.objects.filter(user_id=authenticator.user_id,
                                             type__in=SECOND_FACTORS)
                .exclude(pk=authenticator.pk).exists())

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        """The relying party a security key is bound to: ``WEBAUTHN_RP_ID`` when set (the
        site's domain in production), else the host the page is served on; named after the site,
        as the browser shows it when asking for the key."""
        entity = super().get_public_key_credential_rp_entity()
        entity["name"] = settings.SITE_NAME
        if settings.WEBAUTHN_RP_ID:
            entity["id"] = settings.WEBAUTHN_RP_ID
        return entity
