"""The ceremony's staff forms: input checks only; the services decide and record. Times are typed
in the edition's time zone (the views run in it). Every field has a bound (length, range, a
choice of this edition's objects), so bad input ends as a form error, never a server error."""

from __future__ import annotations

import copy
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entries.enums import EntryStatus
from entries.models import Entry
from prize.forms import DateTimeLocalInput
from prize.lazy_messages import interpolate_lazy
from prize.models import Category, Edition, Organisation
from prize.translated_forms import TranslatedFieldsMixin, column

from .enums import AwardKind, ResultKind
from .models import Award, Decision, Publication

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
TEXT_LIMIT = 2000
MAX_SIGNATORIES = 4  # what a certificate has room for (ceremony/certificates/pdf.py)


class StyledForm:
    """Bootstrap classes on every widget (the templates render fields one by one)."""

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if widget.is_hidden or isinstance(widget, (
                    forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


# --- Awards ------------------------------------------------------------------------------------


class AwardForm(TranslatedFieldsMixin, forms.ModelForm):
    """An award of the edition: categories and partner organisations are the edition's own;
    its name, tier and description in every language, side by side."""

    translated = ("name", "tier", "description")

    class Meta:
        model = Award
        fields = ["name", "kind", "category", "tier", "order", "winners", "pool", "partners",
                  "description"]
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, edition: Edition, award: Award | None = None, **kwargs):
        self.edition = edition
        # The form works on a copy: a rejected change never shows on the page's other parts.
        instance = copy.copy(award) if award is not None else Award(edition=edition)
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(edition=edition).order_by(
            "order", "name")
        self.fields["category"].empty_label = _("None (a special mention across categories)")
        self.fields["partners"].queryset = Organisation.objects.filter(
            edition=edition).order_by("order", "name")
        self.fields["partners"].help_text = _(
            "For a special mention: the edition's organisations that choose it.")
        self.fields["winners"].widget.attrs.update({"min": 1, "max": 100})
        self.fields["order"].widget.attrs.update({"min": 0, "max": 1000})
        self.fields["pool"].help_text = _(
            "Category prizes are usually chosen from the finalists; a special mention may "
            "choose any eligible entry.")
        self.helper = self.translated_helper()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Award.objects.filter(edition=self.edition,
                                     **{f"{column('name')}__iexact": name})
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Choose another name: this edition already has an award called “%(name)s”.")
                % {"name": name})
        return name

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != AwardKind.SPECIAL_MENTION \
                and not data.get("category") and "category" not in self.errors:
            self.add_error("category", _("Choose the category this award belongs to (only a "
                                         "special mention may have none)."))
        return data

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields
                if name not in self.translated}
        data["partners"] = list(data["partners"])
        return data | self.translated_data()


# --- Decisions ---------------------------------------------------------------------------------


class EntryField(forms.CharField):
    """An entry of the edition, by its reference (or ``#id``): a choice from a list, or typed
    for an award that may choose any eligible entry. Another edition's entry is not found."""

    def __init__(self, *, edition: Edition, **kwargs):
        self.edition = edition
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        entries = Entry.objects.filter(edition=self.edition).exclude(
            status=EntryStatus.DRAFT).select_related("entrant", "category")
        found = entries.filter(reference__iexact=text).first()
        number = re.fullmatch(r"#?(\d{1,12})", text)
        if found is None and number:
            found = entries.filter(pk=int(number.group(1))).first()
        if found is None:
            raise forms.ValidationError(
                _("Type the reference of an entry of this edition (none has “%(ref)s”).")
                % {"ref": text[:60]})
        return found


def award_name(award: Award) -> str:
    """“Silver (Tier 2)”, or the name alone when the tier says the same."""
    if award.tier and award.tier.casefold() != award.name.casefold():
        return f"{award.name} ({award.tier})"
    return award.name


def award_label(award: Award) -> str:
    """“Category · Award (tier)”: awards of different categories may share a name's words."""
    if award.category_id:
        return f"{award.category.name} · {award_name(award)}"
    return award_name(award)


def decision_field(edition: Edition) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Decision.objects.filter(award__edition=edition).select_related(
            "award__edition", "entry"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _(
            "Choose again from the page as it is now: that decision no longer exists "
            "(someone may have changed it meanwhile)."), "required": _("Choose a decision.")},
    )


def award_field(edition: Edition, *, label=None, exclude_mentions=False,
                widget=forms.HiddenInput) -> forms.ModelChoiceField:
    awards = Award.objects.filter(edition=edition).select_related("category", "edition")
    if exclude_mentions:
        awards = awards.exclude(kind=AwardKind.SPECIAL_MENTION)
    return forms.ModelChoiceField(
        queryset=awards.order_by("category__order", "category_id", "order", "name"),
        label=label or _("Award"), widget=widget,
        error_messages={"invalid_choice": _("Choose one of this edition's awards."),
                        "required": _("Choose an award.")},
    )


def reason_field(*, required=False, label=None, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label or _("Reason"), required=required, max_length=TEXT_LIMIT, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason.")})


def citation_field() -> forms.CharField:
    return forms.CharField(
        label=_("Citation"), required=False, max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences: what the jury valued. Shown on the public page, the "
                    "result e-mail, the certificate and in the ceremony script."))


class ProposeForm(TranslatedFieldsMixin, StyledForm, forms.Form):
    """Propose an entry for one award: chosen from a list (``choices``: the award's pool of
    finalists) or typed (an award open to any eligible entry)."""

    def __init__(self, *args, edition: Edition, award: Award,
                 choices: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.award = award
        self.fields["award"] = award_field(edition)
        self.initial.setdefault("award", award.pk)
        self.fields["entry"] = EntryField(edition=edition, label=_("Entry"))
        if choices is not None:
            self.fields["entry"].widget = forms.Select(
                choices=[("", _("Choose an entry"))] + choices)
        else:
            self.fields["entry"].help_text = _(
                "Its reference: any eligible entry of the edition may be chosen.")
        self.fields["reason"] = reason_field(help_text=_(
            "Required when the choice departs from the ranking."))
        self.fields["citation"] = citation_field()
        self.translate("citation")
        self.style()


class EntriesField(forms.Field):
    """Several entries of the edition by reference (hidden inputs of the same name), at most
    ``limit``, each found as ``EntryField`` finds one."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": _("Choose at least one entry to propose."),
                              "invalid": _("Choose entries of this edition.")}

    def __init__(self, *, edition: Edition, limit: int = 100, **kwargs):
        self.one = EntryField(edition=edition)
        self.limit = limit
        super().__init__(**kwargs)

    def clean(self, value):
        if value in self.empty_values:
            value = []
        if not isinstance(value, (list, tuple)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not value and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) > self.limit:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        entries = []
        for text in value:
            entry = self.one.clean(text)
            if entry is not None and entry not in entries:
                entries.append(entry)
        return entries


class AcceptForm(forms.Form):
    """Accept the ranking's proposal for an award: the entries the page showed."""

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"] = award_field(edition, exclude_mentions=True)
        self.fields["entry"] = EntriesField(edition=edition, label=_("Entries"))


class DecisionForm(forms.Form):
    """An action on one decision that takes nothing else (confirm)."""

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"] = decision_field(edition)


class EditForm(TranslatedFieldsMixin, StyledForm, DecisionForm):
    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["citation"] = citation_field()
        self.translate("citation")
        self.fields["reason"] = reason_field(help_text=_(
            "Required while the decision departs from the ranking."))
        self.style()


class MoveForm(StyledForm, DecisionForm):
    """``awards``: the edition's awards already read, so that rendering the list of choices
    costs no query (the page shows one such form per decision)."""

    def __init__(self, *args, edition: Edition, current: Award | None = None,
                 awards: list[Award] | None = None, **kwargs):
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["award"] = award_field(edition, label=_("Move to"), widget=forms.Select)
        if current is not None:
            self.fields["award"].queryset = self.fields["award"].queryset.exclude(pk=current.pk)
        if awards is not None:
            self.fields["award"].widget.choices = [("", _("Choose an award"))] + [
                (a.pk, award_label(a)) for a in awards if current is None or a.pk != current.pk]
        self.fields["reason"] = reason_field(help_text=_(
            "Required when the new place departs from the ranking."))
        self.style()


class RemoveForm(StyledForm, DecisionForm):
    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["reason"] = reason_field(help_text=_("Kept in the audit log."))
        self.style()


class ReopenForm(StyledForm, DecisionForm):
    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["reason"] = reason_field(
            required=True, help_text=_("Why this confirmed decision is opened again."))
        self.fields["reason"].error_messages["required"] = _(
            "Say why this confirmed decision is reopened.")
        self.style()


class ConfirmAwardForm(forms.Form):
    """Confirm every proposal of an award that someone else proposed."""

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"] = award_field(edition)


# --- Publication -------------------------------------------------------------------------------


def future_moment(value, message):
    if value is not None and value <= timezone.now():
        raise forms.ValidationError(message)
    return value


class ScheduleForm(StyledForm, forms.Form):
    at = forms.DateTimeField(
        label=_("Publish at"), input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput(),
        error_messages={"invalid": _("Enter a date and time, e.g. 2023-09-25 19:00."),
                        "required": _("Enter the moment of publication.")})

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].help_text = _("In the edition's time zone, %(tz)s.") % {
            "tz": edition.time_zone}
        self.style()

    def clean_at(self):
        return future_moment(self.cleaned_data["at"], _(
            "That moment has passed. Choose a later one, or publish now."))


class UnpublishForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=_("Why are the results taken back?"), max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the results are taken back.")},
        help_text=_("Kept in the audit log. The public pages hide the results again."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class PublicationOptionsForm(StyledForm, forms.ModelForm):
    signatories_text = forms.CharField(
        label=_("Signed by"), required=False, max_length=MAX_SIGNATORIES * 420,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=interpolate_lazy(
            _("One person a line: name | title, e.g. “Oh Se-hoon | Mayor of Seoul”. "
              "Printed on the certificates, at most %(n)d."), {"n": MAX_SIGNATORIES}))

    class Meta:
        model = Publication
        fields = ["show_scores", "finalist_certificates"]

    def __init__(self, *args, publication: Publication, **kwargs):
        super().__init__(*args, instance=copy.copy(publication), **kwargs)
        if not self.is_bound:
            self.initial["signatories_text"] = "\n".join(
                " | ".join(part for part in (s.get("name", ""), s.get("title", "")) if part)
                for s in publication.signatories or [] if isinstance(s, dict))
        self.style()

    def clean_signatories_text(self):
        people = []
        for line in self.cleaned_data["signatories_text"].splitlines():
            if not line.strip():
                continue
            name, _sep, title = line.partition("|")
            name, title = name.strip(), title.strip()
            if not name:
                raise forms.ValidationError(_(
                    "Start each line with a name (then “|” and the title, if any)."))
            if len(name) > 200 or len(title) > 200:
                raise forms.ValidationError(_("Shorten each name and title to 200 "
                                              "characters."))
            people.append({"name": name, "title": title})
        if len(people) > MAX_SIGNATORIES:
            raise forms.ValidationError(_("List at most %(n)d people to sign.") % {
                "n": MAX_SIGNATORIES})
        return people


# --- Result e-mails ----------------------------------------------------------------------------


class MailingForm(StyledForm, forms.Form):
    NOW, LATER = "now", "later"

    kinds = forms.MultipleChoiceField(
        label=_("Which results"), choices=ResultKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose which results to send.")})
    when = forms.ChoiceField(
        label=_("When"), widget=forms.RadioSelect, initial=NOW,
        choices=[(NOW, _("As soon as the results are public")),
                 (LATER, _("From a later moment"))])
    send_after = forms.DateTimeField(
        label=_("Send from"), required=False, input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        error_messages={"invalid": _("Enter a date and time, e.g. 2023-09-26 09:00.")})

    def __init__(self, *args, edition: Edition, counts: dict[str, int] | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        if counts is not None:
            self.fields["kinds"].choices = [
                (value, _("%(kind)s (%(count)d)") % {"kind": label, "count": counts.get(value, 0)})
                for value, label in ResultKind.choices]
        self.fields["send_after"].help_text = _(
            "With “from a later moment”: in the edition's time zone, %(tz)s.") % {
            "tz": edition.time_zone}
        self.style()

    def clean_send_after(self):
        return future_moment(self.cleaned_data["send_after"], _(
            "That moment has passed: choose a later one, or send as soon as the results are "
            "public."))

    def clean(self):
        data = super().clean()
        if data.get("when") == self.LATER and not data.get("send_after") \
                and "send_after" not in self.errors:
            self.add_error("send_after", _("Enter the moment to send from."))
        if data.get("when") == self.NOW:
            data["send_after"] = None
        return data
