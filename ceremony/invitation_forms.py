"""The reply form of a ceremony invitation. Its rules are the service's
(``services.reply_validate``), so the form and a direct call refuse the same things with the same
messages; the form only turns what was typed into the service's values."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from prize.inputs import LimitedFormMixin, bound

from . import services
from .models import Invitation
from .services.invitations import NAME_MAX, NEEDS_MAX

ATTENDING = [("yes", _("Yes, we will attend")), ("no", _("No, we cannot attend"))]


class ReplyForm(LimitedFormMixin, forms.Form):
    attending = forms.TypedChoiceField(
        label=_("Will your entry be at the ceremony?"), choices=ATTENDING,
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you will attend.")})
    recipient_name = forms.CharField(
        label=_("Who receives the prize on stage"), max_length=NAME_MAX, required=False,
        help_text=_("The name the MC reads out, as it should be printed on a name card."))
    recipient_title = forms.CharField(
        label=_("Their title"), max_length=NAME_MAX, required=False,
        help_text=_("For example: Mayor of Seoul, Chief Executive Officer."))
    pronunciation = forms.CharField(
        label=_("How to pronounce the name"), max_length=NAME_MAX, required=False,
        help_text=_("A hint for the MC, for example “KIM Min-jun: kim min-JOON”."))
    guest_count = forms.IntegerField(label=_("How many guests come with them"), min_value=0,
                                     required=False)
    guest_names = forms.CharField(
        label=_("The guests' names"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line, as it should be printed on a name card."))
    accessibility = forms.CharField(
        label=_("Accessibility needs"), max_length=NEEDS_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example step-free access to the stage, a wheelchair space, sign "
                    "language interpretation."))
    dietary = forms.CharField(
        label=_("Dietary needs"), max_length=NEEDS_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example vegetarian, halal, allergies."))

    def __init__(self, *args, max_guests: int, **kwargs):
        self.max_guests = max_guests
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = ("form-check-input" if name == "attending"
                                           else "form-control")
        self.fields["recipient_name"].widget.attrs["autocomplete"] = "name"
        self.fields["recipient_title"].widget.attrs["autocomplete"] = "organization-title"
        count = bound(self.fields["guest_count"], 0, max_guests)
        count.help_text = _("At most %(max)d.") % {"max": max_guests}
        # Every name and its line break, with a little room for stray spaces: more is refused.
        names = self.fields["guest_names"]
        names.max_length = (max_guests + 1) * (NAME_MAX + 2)
        names.validators.append(MaxLengthValidator(names.max_length))
        names.widget.attrs["maxlength"] = str(names.max_length)

    @classmethod
    def initial_of(cls, invitation: Invitation) -> dict:
        if invitation.attending is None:
            return {}
        return {
            "attending": "yes" if invitation.attending else "no",
            "recipient_name": invitation.recipient_name,
            "recipient_title": invitation.recipient_title,
            "pronunciation": invitation.pronunciation,
            "guest_count": len(invitation.guests or []),
            "guest_names": "\n".join(invitation.guests or []),
            "accessibility": invitation.accessibility,
            "dietary": invitation.dietary,
        }

    def values(self) -> dict:
        """The service's values of what was typed (the form is valid)."""
        data = self.cleaned_data
        return {
            "attending": data["attending"],
            "recipient_name": data["recipient_name"],
            "recipient_title": data["recipient_title"],
            "pronunciation": data["pronunciation"],
            "guests": (data["guest_names"] or "").splitlines(),
            "guest_count": data["guest_count"],
            "accessibility": data["accessibility"],
            "dietary": data["dietary"],
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            services.reply_validate(self.values(), max_guests=self.max_guests)
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned
