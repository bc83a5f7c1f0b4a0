"""The code step of the login (and of confirming who one is), with a limit on wrong codes; the
security key forms, which refuse a garbled answer with a message.

allauth limits wrong codes under its "login_failed" rate, which this site turns off because
django-axes guards the password step. Without a limit of its own, the six digits of the code
step could be guessed by trying them all. So each person gets ``TWO_FACTOR_CODE_ATTEMPTS``
wrong codes per ``TWO_FACTOR_CODE_WINDOW``; past that, the step refuses every code (a right one
too) until the window has passed. A right code clears the count. The count lives in the cache,
shared by every web node.
"""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import AddWebAuthnForm as AllauthAddWebAuthnForm
from allauth.mfa.webauthn.forms import (
    AuthenticateWebAuthnForm as AllauthAuthenticateWebAuthnForm,
)
from allauth.mfa.webauthn.forms import (
    ReauthenticateWebAuthnForm as AllauthReauthenticateWebAuthnForm,
)
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .two_factor import authenticator_types


def _key(user) -> str:
    return f"two-factor:wrong-codes:{user.pk}"


def attempts_left(user) -> int:
    return max(0, settings.TWO_FACTOR_CODE_ATTEMPTS - cache.get(_key(user), 0))


def _count_wrong(user) -> None:
    window = int(settings.TWO_FACTOR_CODE_WINDOW.total_seconds())
    if cache.add(_key(user), 1, timeout=window):
        return
    try:
        cache.incr(_key(user))
    except ValueError:  # expired between add and incr
        cache.add(_key(user), 1, timeout=window)


class LimitedCodeMixin:
    """Counts wrong codes per person and refuses the step once they run out."""

    def clean_code(self) -> str:
        if attempts_left(self.user) <= 0:
            minutes = int(settings.TWO_FACTOR_CODE_WINDOW.total_seconds() // 60)
            raise forms.ValidationError(
                _("Too many wrong codes. Wait %(minutes)d minutes, then try again, or use a "
                  "recovery code then.") % {"minutes": minutes}, code="too_many_codes")
        try:
            return super().clean_code()
        except forms.ValidationError:
            _count_wrong(self.user)
            raise


def _label(form) -> None:
    """Name the field after what the person has: with security keys and no app, the code step
    takes a recovery code only."""
    field = form.fields["code"]
    if Authenticator.Type.TOTP in authenticator_types(form.user):
        field.label = gettext_lazy("Code from your authenticator app, or a recovery code")
    else:
        field.label = gettext_lazy("Recovery code")
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"autocomplete": "one-time-code", "inputmode": "numeric",
                               "autofocus": True, "spellcheck": "false"})


class AuthenticateForm(LimitedCodeMixin, AllauthAuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label(self)


class ReauthenticateForm(LimitedCodeMixin, AllauthReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label(self)


# --- Security keys -------------------------------------------------------------------------------
# allauth reads the browser's answer (a JSON credential) with python-fido2, which raises KeyError,
# AttributeError and the like on a garbled or forged one; these forms turn any such failure into
# the form's message instead of a server error.

_UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError)


def _unreadable_key() -> forms.ValidationError:
    return forms.ValidationError(
        _("The security key's answer could not be checked. Try again, and touch the key when it "
          "blinks."), code="incorrect_code")


class AddWebAuthnForm(AllauthAddWebAuthnForm):
    def clean(self):
        try:
            return super().clean()
        except _UNREADABLE:
            raise _unreadable_key() from None


class _ReadableCredentialMixin:
    def clean_credential(self):
        try:
            return super().clean_credential()
        except _UNREADABLE:
            raise _unreadable_key() from None


class AuthenticateWebAuthnForm(_ReadableCredentialMixin, AllauthAuthenticateWebAuthnForm):
    pass


class ReauthenticateWebAuthnForm(_ReadableCredentialMixin, AllauthReauthenticateWebAuthnForm):
    pass
