"""The form that makes an API token: a name and how long it lasts."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from prize.inputs import LimitedFormMixin

from .tokens import DEFAULT_LIFETIME, LIFETIMES


def lifetime_choices():
    return [(days, ngettext_lazy("%(days)d day", "%(days)d days", days) % {"days": days})
            for days in LIFETIMES]


class TokenForm(LimitedFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("What the token is for, e.g. “press office export”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    days = forms.TypedChoiceField(label=_("Lasts"), coerce=int, choices=lifetime_choices,
                                  initial=DEFAULT_LIFETIME)
