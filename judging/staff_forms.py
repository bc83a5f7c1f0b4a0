"""The coordinators' and secretariat's judging forms: input checks only; the services decide and
record. Dates are typed in the edition's time zone (the views read and show them there)."""

from __future__ import annotations

import copy

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from prize.forms import DateTimeLocalInput
from prize.inputs import LimitedFormMixin, bound
from prize.models import Category, Edition
from prize.translated_forms import TranslatedFieldsMixin, column

from .enums import RankBy
from .models import Assignment, Criterion, Round

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
# Sensible bounds for the numbers staff type (the database takes far more).
MAX_ROUND_NUMBER = 99
MAX_JUDGES_PER_ENTRY = 50
MAX_REMINDER_HOURS = 24 * 90
MAX_QUOTA = 100_000
MAX_CAPACITY = 10_000
MAX_SCALE = 100
MAX_WEIGHT = 100
TIE_BREAK_KEYS = ("normalised", "mean", "median", "reviews")


class StyledForm(LimitedFormMixin):
    """Bootstrap classes on every widget (the templates render fields one by one); every text
    field capped and every whole number bounded (``LimitedFormMixin``)."""

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


# --- Rounds ------------------------------------------------------------------------------------


class RoundCreateForm(TranslatedFieldsMixin, StyledForm, forms.ModelForm):
    """A new round: its number, name (in every language), dates and judges per entry (the rest
    later, while it is a draft)."""

    translated = ("name",)

    class Meta:
        model = Round
        fields = ["number", "name", "opens_at", "closes_at", "judges_per_entry", "blind"]
        widgets = {"opens_at": DateTimeLocalInput(), "closes_at": DateTimeLocalInput()}
        field_classes = {"opens_at": forms.DateTimeField, "closes_at": forms.DateTimeField}

    def __init__(self, *args, edition: Edition, round: Round | None = None, **kwargs):
        self.edition = edition
        # The form works on a copy: a rejected change never shows on the page's other parts.
        instance = copy.copy(round) if round is not None else Round(edition=edition)
        super().__init__(*args, instance=instance, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = DATETIME_FORMATS
            self.fields[name].help_text = _("In the edition's time zone, %(tz)s.") % {
                "tz": edition.time_zone}
        # The lowest values have their own messages (clean_number, clean_judges_per_entry).
        bound(self.fields["number"], maximum=MAX_ROUND_NUMBER)
        bound(self.fields["judges_per_entry"], maximum=MAX_JUDGES_PER_ENTRY)
        self.fields["judges_per_entry"].widget.attrs["min"] = 1
        self.style()

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Round.objects.filter(edition=self.edition, number=number)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if number < 1:
            raise forms.ValidationError(_("Number the round 1 or more."))
        if taken.exists():
            raise forms.ValidationError(
                _("Choose another number: this edition already has a round %(number)d.")
                % {"number": number})
        return number

    def clean_judges_per_entry(self):
        value = self.cleaned_data["judges_per_entry"]
        if value < 1:
            raise forms.ValidationError(_("Give each entry at least one judge."))
        return value

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _(
                "Close the round after it opens: choose a moment after %(opens)s.")
                % {"opens": date_format(timezone.localtime(opens), "DATETIME_FORMAT")})
        return data

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields
                if name not in self.translated}
        return data | self.translated_data()


class RoundForm(RoundCreateForm):
    """A draft round's whole configuration."""

    tie_break = forms.CharField(
        label=_("Tie-break order"), required=False, max_length=500,
        help_text=_("After the ranking figure, separated by commas: normalised, mean, median, "
                    "reviews, or criterion:<name of a criterion>, e.g. “median, reviews, "
                    "criterion:Impact”."),
    )
    reminder_hours = forms.CharField(
        label=_("Reminders (hours before closing)"), required=False, max_length=200,
        help_text=_("Whole numbers separated by commas, e.g. “72, 24”. Judges with unfinished "
                    "reviews are reminded this many hours before the round closes. Leave empty "
                    "for no automatic reminders."),
    )

    class Meta(RoundCreateForm.Meta):
        fields = [
            "number", "name", "opens_at", "closes_at", "judges_per_entry", "blind", "rank_by",
            "tie_break", "disagreement_threshold", "conflict_same_organisation",
            "conflict_same_city", "conflict_same_country", "reminder_hours",
        ]

    def __init__(self, *args, edition: Edition, round: Round, **kwargs):
        super().__init__(*args, edition=edition, round=round, **kwargs)
        self.criterion_names = {
            name.casefold(): name
            for name in Criterion.objects.filter(round=round).values_list(column("name"),
                                                                          flat=True)
        }
        if not self.is_bound:
            self.initial["tie_break"] = ", ".join(round.tie_break or [])
            self.initial["reminder_hours"] = ", ".join(str(h) for h in round.reminder_hours or [])
        self.fields["rank_by"].choices = RankBy.choices
        bound(self.fields["disagreement_threshold"], 0, 100)
        self.style()

    def clean_tie_break(self):
        keys = []
        for raw in self.cleaned_data["tie_break"].split(","):
            text = raw.strip()
            if not text:
                continue
            head, sep, name = text.partition(":")
            if sep and head.strip().casefold() == "criterion":
                found = self.criterion_names.get(name.strip().casefold())
                if found is None:
                    raise forms.ValidationError(
                        _("Name a criterion of this round after “criterion:” (“%(name)s” is "
                          "not one).") % {"name": name.strip()})
                key = f"criterion:{found}"
            elif text.casefold() in TIE_BREAK_KEYS:
                key = text.casefold()
            else:
                raise forms.ValidationError(
                    _("Use normalised, mean, median, reviews or criterion:<name> "
                      "(“%(key)s” is not a tie-break).") % {"key": text})
            if key in keys:
                raise forms.ValidationError(_("List “%(key)s” once.") % {"key": key})
            keys.append(key)
        return keys

    def clean_reminder_hours(self):
        hours = []
        for raw in self.cleaned_data["reminder_hours"].split(","):
            text = raw.strip()
            if not text:
                continue
            if not (text.isascii() and text.isdigit()) or int(text) < 1:
                raise forms.ValidationError(
                    _("Type whole numbers of hours, 1 or more (“%(value)s” is not one).")
                    % {"value": text[:20]})
            if int(text) > MAX_REMINDER_HOURS:
                raise forms.ValidationError(
                    _("Remind at most %(max)d hours (90 days) before closing, not %(value)s.")
                    % {"value": text[:20], "max": MAX_REMINDER_HOURS})
            hours.append(int(text))
        return sorted(set(hours), reverse=True)

    def clean_disagreement_threshold(self):
        value = self.cleaned_data["disagreement_threshold"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Enter a threshold of 0 or more."))
        return value


class QuotaForm(StyledForm, forms.Form):
    """How many entries of each category advance (empty: not decided yet)."""

    def __init__(self, *args, categories: list[Category], quotas: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            self.fields[f"quota_{category.pk}"] = forms.IntegerField(
                label=category.name, required=False, min_value=0, max_value=MAX_QUOTA,
                initial=quotas.get(category.pk),
            )
        self.style()

    def changes(self, quotas: dict[int, int]) -> list[tuple[Category, int]]:
        out = []
        for category in self.categories:
            value = self.cleaned_data.get(f"quota_{category.pk}")
            if value is not None and value != quotas.get(category.pk):
                out.append((category, value))
        return out


# --- Criteria ----------------------------------------------------------------------------------


class CriterionForm(TranslatedFieldsMixin, StyledForm, forms.ModelForm):
    translated = ("name", "guidance")

    class Meta:
        model = Criterion
        fields = ["name", "guidance", "weight", "scale_min", "scale_max", "required", "order"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, round: Round, category: Category, **kwargs):
        self.round, self.category = round, category
        instance = kwargs.pop("instance", None)
        instance = copy.copy(instance) if instance is not None else Criterion(
            round=round, category=category)
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["guidance"].help_text = _("What judges should look for; shown beside the "
                                              "score.")
        bound(self.fields["weight"], 0, MAX_WEIGHT)
        bound(self.fields["scale_min"], 0, MAX_SCALE)
        bound(self.fields["scale_max"], 0, MAX_SCALE)
        self.style()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Criterion.objects.filter(round=self.round, category=self.category,
                                         **{f"{column('name')}__iexact": name})
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Choose another name: %(category)s already has a criterion “%(name)s”.")
                % {"category": self.category.name, "name": name})
        return name

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and weight < 0:
            raise forms.ValidationError(_("Enter a weight of 0 or more."))
        return weight

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _(
                "Make the highest score more than the lowest (%(low)d).") % {"low": low})
        return data

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields
                if name not in self.translated}
        return data | self.translated_data()


class CopyCriteriaForm(StyledForm, forms.Form):
    source = forms.ChoiceField(label=_("Copy the criteria of"))

    def __init__(self, *args, sources: list[Category], **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = {str(c.pk): c for c in sources}
        self.fields["source"].choices = [(str(c.pk), c.name) for c in sources]
        self.style()

    @property
    def category(self) -> Category:
        return self.sources[self.cleaned_data["source"]]


# --- Panels ------------------------------------------------------------------------------------


class InviteForm(StyledForm, forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=150, required=False,
                           help_text=_("For a new account; an existing account keeps its name."))
    capacity = forms.IntegerField(label=_("Most entries"), required=False, min_value=1,
                                  max_value=MAX_CAPACITY,
                                  help_text=_("Empty: no limit."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.style()


# --- Assignments -------------------------------------------------------------------------------


class JudgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()} ({obj.email})" if obj.name else obj.email


class EntryReferenceField(forms.CharField):
    """An entry of the panel typed by its reference (``SSCP23-TI-0042``, any case), so the
    form stays small however many entries the panel has."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off",
                                                           "spellcheck": "false"}))
        super().__init__(*args, **kwargs)
        self.entries: QuerySet | None = None

    def clean(self, value):
        reference = " ".join(super().clean(value).split())
        entry = self.entries.filter(reference__iexact=reference).first()
        if entry is None:
            raise forms.ValidationError(
                _("Type the reference of an entry of this panel, e.g. %(example)s "
                  "(none has %(reference)s).")
                % {"reference": reference, "example": self.example()})
        return entry

    def example(self) -> str:
        first = self.entries.order_by("reference").values_list("reference", flat=True).first()
        return first or "SSCP23-TI-0042"


class RunForm(StyledForm, forms.Form):
    seed = forms.CharField(
        label=_("Seed"), required=False, max_length=40,
        help_text=_("Optional. The same seed gives the same assignment; leave empty for the "
                    "round's usual one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class AddForm(StyledForm, forms.Form):
    entry = EntryReferenceField(label=_("Entry reference"))
    judge = JudgeChoiceField(label=_("Judge"), queryset=None)

    def __init__(self, *args, entries: QuerySet, judges: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].entries = entries
        self.fields["judge"].queryset = judges
        self.style()


class SwapForm(StyledForm, forms.Form):
    entry = EntryReferenceField(label=_("Entry reference"))
    current = JudgeChoiceField(label=_("Judge who leaves"), queryset=None)
    judge = JudgeChoiceField(label=_("New judge"), queryset=None)

    def __init__(self, *args, entries: QuerySet, judges: QuerySet,
                 assignments: QuerySet[Assignment], **kwargs):
        super().__init__(*args, **kwargs)
        self.assignments = assignments
        self.fields["entry"].entries = entries
        self.fields["current"].queryset = judges
        self.fields["judge"].queryset = judges
        self.style()

    def clean(self):
        data = super().clean()
        entry, current = data.get("entry"), data.get("current")
        if entry is not None and current is not None:
            assignment = (self.assignments.filter(entry=entry, judge=current)
                          .select_related("entry", "judge").first())
            if assignment is None:
                raise forms.ValidationError(
                    _("Choose a judge of %(entry)s as the judge who leaves: %(judge)s does "
                      "not judge it.")
                    % {"judge": current, "entry": entry.reference})
            data["assignment"] = assignment
        return data


# --- Shortlist ---------------------------------------------------------------------------------


class FinaliseNoteForm(StyledForm, forms.Form):
    note = forms.CharField(
        label=_("Note for the record"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example how a tie at the cut-off was decided. Kept in the audit log."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
