"""The secretariat's forms: screening (one entry or many) and extensions. Input checks only; the
services decide and record."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prize.formats import moment
from prize.forms import DateTimeLocalInput
from prize.inputs import IdsChoiceField, LimitedFormMixin
from prize.models import Edition
from prize.translated_forms import TranslatedFieldsMixin

from .enums import EntryStatus
from .models import Entry, ScreeningReason

DECISIONS = [
    (EntryStatus.ELIGIBLE, _("Eligible")),
    (EntryStatus.INELIGIBLE, _("Ineligible")),
]


class ScreeningForm(LimitedFormMixin, forms.Form):
    """Eligible or ineligible, with a reason: a templated one, free text, or both."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS,
                                 widget=forms.RadioSelect)
    template = forms.ModelChoiceField(
        label=_("Templated reason"), required=False, queryset=ScreeningReason.objects.none(),
    )
    text = forms.CharField(
        label=_("Reason in your own words"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For an ineligible entry, required unless you choose a templated "
                    "reason (added after it if you choose one). The entrant reads it when "
                    "decisions are released."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        reasons = ScreeningReason.objects.filter(edition=edition).order_by(
            "decision", "order", "pk"
        )
        self.reasons = list(reasons)
        self.fields["text"].widget.attrs.setdefault("class", "form-control")
        if self.reasons:
            field = self.fields["template"]
            field.queryset = reasons
            field.widget.attrs.setdefault("class", "form-select")
            # Grouped by the decision each reason goes with.
            groups = [
                (label, [(r.pk, r.text) for r in self.reasons if r.decision == value])
                for value, label in DECISIONS
            ]
            field.choices = [("", _("No template: I write the reason below"))] + [
                group for group in groups if group[1]
            ]
        else:
            # No templates set up for this edition: free text only.
            del self.fields["template"]
            self.fields["text"].label = _("Reason")
            self.fields["text"].help_text = _(
                "Required for an ineligible entry. The entrant reads it when decisions are "
                "released."
            )

    def clean(self):
        data = super().clean()
        template, text = data.get("template"), (data.get("text") or "").strip()
        decision = data.get("decision")
        if template is None and not text and decision == EntryStatus.INELIGIBLE:
            message = (_("Give the reason the entry is ineligible: choose a templated reason "
                         "or write one.")
                       if "template" in self.fields
                       else _("Give the reason the entry is ineligible."))
            self.add_error("text", message)
        if template is not None and decision and template.decision != decision:
            self.add_error("template", _(
                "Choose a templated reason for %(this)s decisions: this one is for %(its)s "
                "decisions."
            ) % {"its": template.get_decision_display().lower(),
                 "this": EntryStatus(decision).label.lower()})
        return data

    @property
    def reason(self) -> str:
        """The reason as the entrant will read it."""
        template, text = self.cleaned_data.get("template"), self.cleaned_data["text"].strip()
        return "\n\n".join(part for part in (template.text if template else "", text) if part)


class BulkScreeningForm(ScreeningForm):
    """The same decision and reason for several entries of one edition."""

    entries = IdsChoiceField(
        label=_("Entries"), queryset=Entry.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one entry.")},
    )

    def __init__(self, *args, edition: Edition, entries, **kwargs):
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["entries"].queryset = entries
        self.fields["decision"].error_messages["required"] = _(
            "Choose “Mark eligible” or “Mark ineligible”."
        )


class ExtensionForm(LimitedFormMixin, forms.Form):
    """A later deadline for one entrant, typed in the edition's time zone."""

    deadline = forms.DateTimeField(
        label=_("New deadline"), widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the record; not sent to the entrant."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["deadline"].widget.attrs.setdefault("class", "form-control")
        self.fields["reason"].widget.attrs.setdefault("class", "form-control")
        self.fields["deadline"].help_text = _(
            "In the edition's time zone, %(tz)s. It applies to all of this entrant's entries "
            "in this edition."
        ) % {"tz": edition.time_zone}

    def full_clean(self):
        # The typed date and time are read in the edition's zone, whatever the viewer's is.
        with timezone.override(self.edition.tz):
            super().full_clean()

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        closes = self.edition.call_closes_at
        if deadline <= closes:
            raise forms.ValidationError(
                _("Choose a new deadline after the call closes (%(closes)s, %(tz)s).")
                % {"closes": moment(self.edition.local(closes)),
                   "tz": self.edition.time_zone}
            )
        if deadline <= timezone.now():
            raise forms.ValidationError(_("Choose a new deadline later than now."))
        return deadline

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for the extension."))
        return reason


class ScreeningReasonForm(TranslatedFieldsMixin, LimitedFormMixin, forms.Form):
    """One templated reason: the decision it goes with, its words (in every language, side by
    side), its place in the list."""

    translated = ("text",)

    decision = forms.ChoiceField(label=_("For"), choices=DECISIONS)
    text = forms.CharField(
        label=_("Reason"), max_length=300,
        help_text=_("As the entrant will read it, for example “The project is not implemented "
                    "yet.”"),
        error_messages={"required": _("Write the reason as the entrant will read it."),
                        "max_length": _("Shorten the reason to %(limit_value)d characters "
                                        "(it has %(show_value)d).")})
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0,
                               required=False,
                               help_text=_("Lower numbers come first in the list."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs.setdefault("class", "form-select")
        for name in ("text", "order", *(f for f in self.fields if f.startswith("text_"))):
            self.fields[name].widget.attrs.setdefault("class", "form-control")

    def clean(self):
        data = super().clean()
        # each language into its own column, whatever the reader's (the service applies them)
        data["translations"] = self.translated_data()
        return data
