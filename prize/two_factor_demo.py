"""The demo's two-factor verification: its staff accounts (secretariat, coordinator, superuser) must
log in with a code, so each gets an authenticator app with one shared, published secret.
``manage.py demo`` prints the secret (to add to a phone's app); ``manage.py demo_code <email>``
prints the code it shows now, for a newcomer without a phone at hand. With DEBUG off neither
does anything: in production a published secret would be an open door.
"""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings

from .demo import ACCOUNTS
from .models import User
from .two_factor import forget, is_required

DEMO_EMAILS = frozenset(email for _label, email, _name, _role in ACCOUNTS)


class DemoError(Exception):
    """Refused, with the reason to show."""


def _check_debug() -> None:
    if not settings.DEBUG:
        raise DemoError("The demo's two-factor codes are for DEBUG only (DEBUG is off).")


def equip(users) -> list[User]:
    """Give each demo account that must have two-factor the demo authenticator (idempotent).
    Returns the accounts equipped: none with DEBUG off (they then set up their own app)."""
    if not settings.DEBUG:
        return []
    equipped = []
    for user in users:
        if user.email not in DEMO_EMAILS or not is_required(user):
            continue
        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP,
            defaults={"data": {"secret": settings.DEMO_TOTP_SECRET}})
        forget(user)
        equipped.append(user)
    return equipped


def current_code(email: str) -> str:
    """The code the demo authenticator of ``email`` shows now."""
    _check_debug()
    if email.strip().lower() not in DEMO_EMAILS:
        raise DemoError(f"{email} is not a demo account.")
    authenticator = (Authenticator.objects
                     .filter(user__email__iexact=email.strip(), type=Authenticator.Type.TOTP)
                     .first())
    if authenticator is None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is not None and not is_required(user):
            raise DemoError(f"{email} logs in with the password alone (no two-factor).")
    if authenticator is None or authenticator.data.get("secret") != settings.DEMO_TOTP_SECRET:
        raise DemoError(f"{email} has no demo authenticator (run manage.py demo).")
    return format_hotp_value(hotp_value(settings.DEMO_TOTP_SECRET, int(time.time()) // 30))
