"""The code step of the login (and of confirming who one is), with a limit on wrong codes.

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
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
    field = form.fields["code"]
    field.label = gettext_lazy("Code from your authenticator app, or a recovery code")
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
