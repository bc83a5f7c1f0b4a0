"""The forms of one's data rights: the password that confirms a download, and the password and
typed address that confirm closing an account."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PasswordForm(forms.Form):
    """A fresh proof that the person at the keyboard owns the account: a session left open on
    a shared computer must not hand over everything held about them."""

    password = forms.CharField(
        error_messages={"required": _("Type your password.")},
        label=_("Your password"), strip=False, max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.has_usable_password():
            raise forms.ValidationError(_(
                "Your account has no password yet: choose one (Change password), then come "
                "back."))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password: type it again."))
        return password


CONFIRM_ERROR = _("Type the e-mail address you log in with, exactly, to confirm that you want to "
                  "close your account.")


class CloseForm(PasswordForm):
    confirm = forms.CharField(
        error_messages={"required": CONFIRM_ERROR, "max_length": CONFIRM_ERROR},
        label=_("Type your e-mail address to confirm"), max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Closing cannot be undone."))

    def clean_confirm(self):
        typed = (self.cleaned_data.get("confirm") or "").strip()
        if typed.lower() != self.user.email.lower():
            raise forms.ValidationError(CONFIRM_ERROR)
        return typed
