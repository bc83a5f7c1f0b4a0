"""allauth's two-factor events in the audit log, and the panel of the profile page.

Imported from the core's ``AppConfig.ready()``. Each event is about the person's own account
(no edition): adding or removing the authenticator app or a security key (by its name), new
recovery codes, a recovery code used to log in, and a wrong code at the code step.
"""

from allauth.mfa import signals
from allauth.mfa.models import Authenticator
from django.dispatch import receiver

from . import panels
from .services import audit
from .two_factor import forget, state

TOTP = Authenticator.Type.TOTP
CODES = Authenticator.Type.RECOVERY_CODES
KEY = Authenticator.Type.WEBAUTHN


def _actor(request, user):
    actor = getattr(request, "user", None)
    return actor if actor is not None and actor.is_authenticated else user


@receiver(signals.authenticator_added)
def audit_added(sender, request, user, authenticator, **kwargs):
    forget(user)
    if authenticator.type == KEY:
        audit(_actor(request, user), "two_factor.key_added", user,
              after={"type": KEY, "name": authenticator.data.get("name", "")})
        return
    action = "two_factor.codes_generated" if authenticator.type == CODES else "two_factor.added"
    audit(_actor(request, user), action, user, after={"type": authenticator.type})


@receiver(signals.authenticator_reset)
def audit_reset(sender, request, user, authenticator, **kwargs):
    audit(_actor(request, user), "two_factor.codes_generated", user,
          after={"type": authenticator.type})


@receiver(signals.authenticator_removed)
def audit_removed(sender, request, user, authenticator, **kwargs):
    forget(user)
    if authenticator.type == CODES:
        return  # removed with the last app or key, which is recorded
    if authenticator.type == KEY:
        audit(_actor(request, user), "two_factor.key_removed", user,
              before={"type": KEY, "name": authenticator.data.get("name", "")})
        return
    audit(_actor(request, user), "two_factor.removed", user, before={"type": authenticator.type})


@receiver(signals.authenticator_used)
def audit_recovery_code_used(sender, request, user, authenticator, **kwargs):
    if authenticator.type == CODES:
        audit(user, "two_factor.recovery_code_used", user)


@receiver(signals.authentication_failed)
def audit_wrong_code(sender, request, user, authenticator, **kwargs):
    audit(user, "two_factor.wrong_code", user,
          note="reauthentication" if kwargs.get("reauthentication") else "login")


def profile_context(request, objects):
    """The two-factor panel of the profile: on or off, and what one may do."""
    user = objects[0] if objects else None
    if user is None or not user.is_authenticated or user.pk != request.user.pk:
        return None
    return {"two_factor": state(user)}


panels.register("prize.profile", "prize.two_factor", template="prize/two_factor/_profile.html",
                context=profile_context, order=-10)
