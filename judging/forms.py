"""Judge-side forms: dashboard filters, abstaining and recusing, conflict declarations, the judge
profile, and the password a newly invited judge chooses.

Scores are not a Django form: what a judge types is handed to ``services.review_save`` as it is,
and the service says which values it refused (see ``views.judge._common.TypedReview``).
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from prize.inputs import LimitedFormMixin

from .enums import ConflictScope
from .models import JudgeProfile

STATUS_NOT_STARTED = "not_started"
STATUS_IN_PROGRESS = "in_progress"
STATUS_SUBMITTED = "submitted"
STATUS_ABSTAINED = "abstained"
STATUS_CHOICES = [
    (STATUS_NOT_STARTED, _("Not started")),
    (STATUS_IN_PROGRESS, _("In progress")),
    (STATUS_SUBMITTED, _("Submitted")),
    (STATUS_ABSTAINED, _("Abstained")),
]


class DashboardFilterForm(LimitedFormMixin, forms.Form):
    """Narrow the lists of assignments; the judge's shuffled order is kept."""

    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *STATUS_CHOICES])
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int,
                                      empty_value=None)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Any category")),
                                           *[(c.pk, c.name) for c in categories]]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": "", "category": None}
        return {"status": self.cleaned_data["status"], "category": self.cleaned_data["category"]}


class ReasonForm(LimitedFormMixin, forms.Form):
    """Abstaining and recusing both ask why, briefly."""

    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text


class ConflictForm(LimitedFormMixin, forms.Form):
    """A declared conflict: what it is with, and why. ``entrants`` and ``entries`` are those of
    the rounds where the judge sits on a panel; ``blind`` entries are named by reference only."""

    edition = forms.ModelChoiceField(label=_("Edition"), queryset=None, empty_label=None)
    scope = forms.ChoiceField(label=_("The conflict is with"), choices=ConflictScope.choices,
                              widget=forms.RadioSelect)
    entrant = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None,
        help_text=_("If the conflict is with an entrant organisation: every entry it made."))
    city = forms.CharField(label=_("City"), required=False, max_length=120,
                           help_text=_("If the conflict is with a city: every entry from it."))
    country = LazyTypedChoiceField(
        label=_("Country"), required=False,
        # called for each form, so the names follow the page's language
        choices=lambda: [("", _("Choose a country")), *countries],
        help_text=_("If the conflict is with a country: every entry from it. With a city: "
                    "optional, to tell apart cities of the same name."))
    entry = forms.TypedChoiceField(
        label=_("Entry"), required=False, coerce=int, empty_value=None,
        help_text=_("If the conflict is with one entry only."))
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the secretariat, for example: I advised this city on the project."))

    def __init__(self, *args, editions, entrants=(), entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions
        if len(editions) == 1:
            self.fields["edition"].widget = forms.HiddenInput()
            self.fields["edition"].initial = editions[0].pk
        self.entrants = {e.pk: e for e in entrants}
        self.entries = {e.pk: e for e, _label in entries}
        self.fields["entrant"].choices = [("", _("Choose an organisation")),
                                          *[(e.pk, e.name) for e in entrants]]
        self.fields["entry"].choices = [("", _("Choose an entry")),
                                        *[(e.pk, label) for e, label in entries]]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "edition", "scope",
            Fieldset(_("Name it: fill in the field that matches your choice above"),
                     "entrant", "city", "country", "entry", css_class="judge-conflict-target"),
            "reason",
        )

    def clean(self):
        data = super().clean()
        scope, edition = data.get("scope"), data.get("edition")
        required = {
            ConflictScope.ORGANISATION: ("entrant", _("Choose the organisation.")),
            ConflictScope.CITY: ("city", _("Name the city.")),
            ConflictScope.COUNTRY: ("country", _("Choose the country.")),
            ConflictScope.ENTRY: ("entry", _("Choose the entry.")),
        }
        if scope in required:
            name, message = required[scope]
            value = data.get(name)
            if isinstance(value, str):
                value = value.strip()
            if not value:
                self.add_error(name, message)
        entry = self.entries.get(data.get("entry"))
        if (edition is not None and scope == ConflictScope.ENTRY and entry is not None
                and entry.edition_id != edition.pk):
            self.add_error("entry", _("Choose an entry of this edition from the list."))
        return data

    def target(self) -> dict:
        """The keyword arguments ``services.conflict_declare`` takes for the chosen scope."""
        data = self.cleaned_data
        return {
            "entrant": self.entrants.get(data.get("entrant")),
            "entry": self.entries.get(data.get("entry")),
            "city": data.get("city") or "",
            "country": data.get("country") or "",
        }


class ExpertiseField(forms.CharField):
    """A list typed one item a line (or separated by commas): at most ``max_items`` items of
    at most ``item_max_length`` characters."""

    widget = forms.Textarea(attrs={"rows": 3})
    max_items = 30
    item_max_length = 100

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        if len(text) > self.max_length:
            raise forms.ValidationError(
                _("Keep it to %(limit)d characters (it has %(length)d).")
                % {"limit": self.max_length, "length": len(text)}, code="max_length")
        items = []
        for line in text.replace(",", "\n").splitlines():
            item = " ".join(line.split())
            if item and item.casefold() not in {i.casefold() for i in items}:
                items.append(item)
        if len(items) > self.max_items:
            raise forms.ValidationError(
                _("Name at most %(limit)d fields (there are %(count)d).")
                % {"limit": self.max_items, "count": len(items)}, code="max_items")
        long = [item for item in items if len(item) > self.item_max_length]
        if long:
            raise forms.ValidationError(
                _("Shorten each field to %(limit)d characters: “%(item)s…” is longer.")
                % {"limit": self.item_max_length, "item": long[0][:40]}, code="item_length")
        return items


class JudgeProfileForm(LimitedFormMixin, forms.ModelForm):
    expertise = ExpertiseField(
        label=_("Expertise"), required=False,
        help_text=_("One field a line (or separated by commas), for example: Energy, Disaster "
                    "management."))

    class Meta:
        model = JudgeProfile
        fields = ["expertise", "organisation", "city", "country", "bio"]
        labels = {"organisation": _("Organisation"), "bio": _("Short bio")}
        help_texts = {
            "organisation": _("Where you work. Entries by the same organisation may be a "
                              "conflict of interest, so they are not assigned to you."),
            "city": _("Where you live or work; entries from the same city may be a conflict."),
            "bio": _("A few lines the secretariat reads when it forms the panels."),
        }
        widgets = {
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save the profile")))
