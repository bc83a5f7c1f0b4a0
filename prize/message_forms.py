"""Forms of group messages: what the staff write (and to which group), and when it leaves."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audiences, message_merge
from .forms import DateTimeLocalInput
from .inputs import LimitedFormMixin
from .message_models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH
from .models import Edition

FILTER_PREFIX = "f"
# How far ahead a message may be scheduled.
LONGEST_WAIT = timedelta(days=366)


def token(name: str) -> str:
    """A merge field as it is written: ``{{ name }}``."""
    return "{{ " + name + " }}"


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValidationError(_("Remove the invisible control characters from the text."))
    return value


class AudienceChoiceForm(forms.Form):
    """The group to write to (a GET form: the page then shows that group's filters)."""

    audience = forms.ChoiceField(label=_("Write to"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [(a.key, a.label) for a in audiences.all_audiences()]


class MessageForm(LimitedFormMixin, forms.Form):
    """The subject and the text, with merge fields in double braces: ``{{ name }}``."""

    audience = forms.ChoiceField(label=_("Write to"), widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH,
                              validators=[_no_nul])
    body = forms.CharField(
        label=_("Message"), max_length=BODY_MAX_LENGTH, validators=[_no_nul],
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Plain text; an empty line starts a new paragraph. Merge fields are "
                    "written in double braces, for example {{ name }}."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [(a.key, a.label) for a in audiences.all_audiences()]

    def clean(self):
        data = super().clean()
        audience = audiences.get(data.get("audience") or "")
        if audience is None:
            return data
        allowed = message_merge.available(audience.fields)
        used = message_merge.used_fields(data.get("subject", ""), data.get("body", ""))
        unknown = [name for name in used if name not in message_merge.FIELDS]
        unavailable = [name for name in used if name in message_merge.FIELDS
                       and name not in allowed]
        if unknown:
            self.add_error("body", _("Unknown merge field: %(fields)s. Use one of: %(allowed)s.")
                           % {"fields": ", ".join(token(n) for n in unknown),
                              "allowed": ", ".join(token(n) for n in allowed)})
        if unavailable:
            self.add_error("body", _("%(fields)s cannot be filled in for %(audience)s. Use one "
                                     "of: %(allowed)s.")
                           % {"fields": ", ".join(token(n) for n in unavailable),
                              "audience": audience.label,
                              "allowed": ", ".join(token(n) for n in allowed)})
        return data


def filter_form(audience: audiences.Audience, data=None, *, edition: Edition):
    """The audience's filters, prefixed so they never clash with the message's fields."""
    return audience.form(data, edition=edition, prefix=FILTER_PREFIX)


def stored_filters(form: forms.Form) -> dict:
    """The cleaned filters as the message keeps them (text or lists of text, no empty ones)."""
    out = {}
    for name, value in form.cleaned_data.items():
        if value in ("", None, [], ()):
            continue
        out[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return out


class SendForm(forms.Form):
    """Send now, or at a time typed in the edition's time zone; both ask for confirmation."""

    when = forms.ChoiceField(
        label=_("When"), widget=forms.RadioSelect, initial="now",
        choices=[("now", _("Now")), ("later", _("At a time I choose"))],
    )
    send_at = forms.DateTimeField(label=_("Send at"), required=False,
                                  widget=DateTimeLocalInput())
    confirm = forms.BooleanField(
        label=_("I have read the preview and want to send this message to everyone counted "
                "above."),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        self.edition = edition
        super().__init__(*args, **kwargs)
        self.fields["send_at"].help_text = _("In the edition's time zone (%(tz)s).") % {
            "tz": edition.time_zone}

    def full_clean(self):
        # typed in the edition's time zone, whatever the viewer's
        with timezone.override(self.edition.tz):
            super().full_clean()

    def clean(self):
        data = super().clean()
        if data.get("when") != "later":
            data["send_at"] = None
            return data
        send_at: datetime | None = data.get("send_at")
        if send_at is None:
            if "send_at" not in self.errors:
                self.add_error("send_at", _("Give the day and time to send it."))
        elif send_at <= timezone.now():
            self.add_error("send_at", _("Choose a time in the future."))
        elif send_at > timezone.now() + LONGEST_WAIT:
            self.add_error("send_at", _("Choose a time within the next year."))
        return data
