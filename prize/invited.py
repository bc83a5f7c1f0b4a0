"""What every invitation by e-mail shares: a person invited without an account gets one with no
password, and the first visit of the link sets it."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User


def first_password(user: User, *, name: str, password: str) -> None:
    """The invited person's name and first password; the invited address counts as verified
    (the link reached it) and becomes the primary one."""
    with transaction.atomic():
        user.name = name.strip()
        user.set_password(password)
        user.save(update_fields=["name", "password"])
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(
            primary=False)
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            address = EmailAddress(user=user, email=user.email)
        address.verified = True
        address.primary = True
        address.save()
