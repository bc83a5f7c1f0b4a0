"""Entrant-side forms: the entrant profile, invitations, withdrawal, and the form of one step
of an application form, built from its schema (``entries/schema.py``).

A step form never refuses input: every field is optional at the form level so a draft keeps
whatever was typed. The schema's checks are shown as messages under each field (see
``StepForm(problems=...)``); submission is what enforces them.
"""

from __future__ import annotations

import json
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from prize.enums import EntrantKind
from prize.inputs import LimitedFormMixin

from . import schema as form_schema
from .models import Entrant

# Choice fields with this many options or fewer are radio buttons; longer lists are a select.
RADIO_LIMIT = 5
# Rows of a table field without max_items.
DEFAULT_TABLE_ROWS = 5

KIND_HELP = _(
    "City government: a local or regional government (or a national government for a project "
    "aimed at cities). Corporation: from multinational to start-up. Institution: a public "
    "agency, NGO, association, international organisation, university, think tank or "
    "non-profit. Individual: a person, for example a mayor; individuals enter the Leadership "
    "category only."
)


# --- The entrant profile -------------------------------------------------------------------------


class EntrantForm(LimitedFormMixin, forms.ModelForm):
    """Who enters. The region follows from the country; it is not asked."""

    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200,
        help_text=_("For example https://www.example.org"),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    class Meta:
        model = Entrant
        fields = ["kind", "name", "position", "city", "country", "wego_member",
                  "contact_name", "contact_email", "phone", "website"]
        labels = {
            "kind": _("You enter as"),
            "name": _("Name of the organisation, or your own name"),
            "wego_member": _("We are a member of WeGO"),
            "contact_name": _("Contact person"),
            "contact_email": _("Contact e-mail"),
        }
        help_texts = {
            "kind": KIND_HELP,
            "city": _("The city where the organisation is based, or that you serve."),
            "wego_member": _("The World Smart Sustainable Cities Organization. Leave unticked "
                             "if you are not sure."),
            "contact_name": _("The person the secretariat writes to about your entries."),
            "contact_email": _("Receipts and decisions go to your account's address as well."),
            "phone": _("With the country code, for example +82 2 123 4567."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "position": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, kind_locked: bool = False, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EntrantKind.choices  # radios without a "---------" one
        self.fields["position"].help_text = _(
            "Individuals only: your position, for example Mayor of Seoul (2018–2022)."
        )
        if kind_locked:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _(
                "You have started entries, and the application form depends on this answer, so "
                "it can no longer be changed here. Write to the secretariat if it is wrong."
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Who enters"), "kind", "name", "position"),
            Fieldset(_("Where"), "city", "country", "wego_member"),
            Fieldset(_("Contact"), "contact_name", "contact_email", "phone", "website"),
        )
        self.helper.add_input(Submit("save", submit_label or _("Save the profile")))

    def clean(self):
        data = super().clean()
        if data.get("kind") == EntrantKind.INDIVIDUAL and not (data.get("position") or "").strip():
            self.add_error("position", _("Individuals: give your position, for example "
                                         "Mayor of Seoul."))
        return data


class InvitationForm(LimitedFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of your colleague"), max_length=254,
        help_text=_("They receive a link to join. They will see and edit this profile's entries, "
                    "and nothing else."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("invite", _("Send the invitation")))


class WithdrawForm(LimitedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing? (optional)"), required=False, max_length=2000,
        help_text=_("Only the secretariat reads this."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


# --- One step of an application form --------------------------------------------------------------


def _hint(f: form_schema.Field) -> str:
    """The field's limits in words, shown next to it before anyone types."""
    hints = []
    if f.max_words:
        hints.append(ngettext("At most %(n)s word.", "At most %(n)s words.", f.max_words)
                     % {"n": number_format(f.max_words, force_grouping=True)})
    if f.max_length and f.type != "table":
        hints.append(ngettext("At most %(n)s character.", "At most %(n)s characters.",
                              f.max_length) % {"n": number_format(f.max_length,
                                                                  force_grouping=True)})
    if f.type in {"number", "money"}:
        if f.type == "money":
            low, high = (None if v is None else form_schema.amount_text(v)
                         for v in (f.min, f.max))
            if low is not None and high is not None:
                hints.append(_("An amount from %(min)s to %(max)s.") % {"min": low, "max": high})
            elif low is not None:
                hints.append(_("An amount, at least %(min)s.") % {"min": low})
            elif high is not None:
                hints.append(_("An amount, at most %(max)s.") % {"max": high})
            else:
                hints.append(_("An amount, such as 250000, and its currency."))
        elif f.min is not None and f.max is not None:
            hints.append(_("A number from %(min)s to %(max)s.")
                         % {"min": f"{f.min:g}", "max": f"{f.max:g}"})
        elif f.min is not None:
            hints.append(_("A number, at least %(min)s.") % {"min": f"{f.min:g}"})
        elif f.max is not None:
            hints.append(_("A number, at most %(max)s.") % {"max": f"{f.max:g}"})
        else:
            hints.append(_("A number, such as 250000."))
    if f.type == "date":
        hints.append(_("A date, such as 2023-03-31."))
    if f.type == "url":
        hints.append(_("A web address starting with https://"))
    if f.type == "urls":
        hints.append(_("One web address per line, each starting with https://"))
    if f.type in {"multichoice", "urls", "table"}:
        if f.min_items and f.max_items:
            hints.append(_("From %(min)s to %(max)s.") % {"min": f.min_items, "max": f.max_items})
        elif f.max_items:
            hints.append(_("Up to %(max)s.") % {"max": f.max_items})
        elif f.min_items:
            hints.append(_("At least %(min)s.") % {"min": f.min_items})
    if f.type == "table":
        hints.append(_("Fill every column of each row you use; leave the other rows empty."))
    return " ".join(str(h) for h in hints)


class TableWidget(forms.Widget):
    """A fixed grid of text inputs named ``<key>-<row>-<column>``; its value is a list of row
    dicts (empty rows included while editing, so a row stays where it was typed)."""

    use_fieldset = True

    def __init__(self, columns, rows, attrs=None):
        super().__init__(attrs)
        self.columns = list(columns)
        self.rows = rows

    def value_from_datadict(self, data, files, name):
        rows = []
        for row in range(self.rows):
            rows.append({key: data.get(f"{name}-{row}-{key}", "") for key, _label in
                         self.columns})
        while rows and not any(str(v).strip() for v in rows[-1].values()):
            rows.pop()
        return rows

    def value_omitted_from_data(self, data, files, name):
        return not any(key.startswith(f"{name}-") for key in data)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        rows = value if isinstance(value, list) else []
        count = max(self.rows, len(rows))
        base_id = attrs.get("id") or name
        css = attrs.get("class", "form-control")
        grid = []
        for index in range(count):
            row = rows[index] if index < len(rows) and isinstance(rows[index], dict) else {}
            grid.append({
                "number": index + 1,
                "cells": [{
                    "name": f"{name}-{index}-{key}",
                    "id": f"{base_id}-{index}-{key}",
                    "label": label,
                    "value": "" if row.get(key) is None else str(row.get(key)),
                } for key, label in self.columns],
            })
        return mark_safe(render_to_string(  # noqa: S308 (the template escapes every value)
            "entries/entrant/widgets/table.html",
            {"name": name, "id": base_id, "columns": self.columns, "grid": grid, "css": css,
             "invalid": attrs.get("aria-invalid") == "true"},
        ))


def condition_note(f: form_schema.Field) -> str:
    """"Only if “Kind of project” is Pilot or Plan.": the condition of a field in words."""
    condition = f.show_if
    if condition is None:
        return ""
    other = condition.field
    if other.type == "boolean":
        names = {"yes": gettext("Yes"), "no": gettext("No")}
    elif other.type == "country":
        names = {code: countries.name(code) or code for code in condition.values}
    else:
        names = dict(other.choices)
    shown = [str(names.get(value, value)) for value in condition.values]
    values = shown[0] if len(shown) == 1 else gettext("%(items)s or %(last)s") % {
        "items": ", ".join(shown[:-1]), "last": shown[-1]}
    return gettext("Only if “%(label)s” is %(values)s.") % {"label": other.label,
                                                           "values": values}


class MoneyWidget(forms.Widget):
    """An amount and its currency side by side, named ``<key>-amount`` and ``<key>-currency``;
    its value is the answer's dict ``{"amount": ..., "currency": ...}``."""

    use_fieldset = True

    def __init__(self, currencies, attrs=None):
        super().__init__(attrs)
        self.currencies = list(currencies)

    def value_from_datadict(self, data, files, name):
        return {"amount": data.get(f"{name}-amount", ""),
                "currency": data.get(f"{name}-currency", "")}

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-amount" not in data and f"{name}-currency" not in data

    def id_for_label(self, id_):
        return f"{id_}-amount" if id_ else id_

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        value = value if isinstance(value, dict) else {"amount": value or "", "currency": ""}
        amount = value.get("amount")
        currency = value.get("currency")
        currency = currency if isinstance(currency, str) else ""
        options = [(code, gettext(label) if (code, label) in form_schema.DEFAULT_CURRENCIES
                    else label) for code, label in self.currencies]
        if currency and currency not in dict(options):
            options.append((currency, currency))  # keep what is stored, even if withdrawn
        return mark_safe(render_to_string(  # noqa: S308 (the template escapes every value)
            "entries/entrant/widgets/money.html",
            {"name": name, "id": attrs.get("id") or name,
             "amount": "" if amount is None else str(amount), "currency": currency,
             "options": options, "css": attrs.get("class", "form-control"),
             "described_by": attrs.get("aria-describedby", ""),
             "invalid": attrs.get("aria-invalid") == "true" or "is-invalid" in
             attrs.get("class", "")},
        ))


class TableField(forms.Field):
    def __init__(self, *, columns, rows, **kwargs):
        kwargs.setdefault("widget", TableWidget(columns, rows))
        super().__init__(**kwargs)


def _form_field(f: form_schema.Field) -> forms.Field:
    common = {"label": f.label, "required": False}
    if f.type == "text":
        attrs = {"data-max-length": f.max_length} if f.max_length else {}
        return forms.CharField(widget=forms.TextInput(attrs=attrs), strip=False, **common)
    if f.type == "textarea":
        rows = 6 if not f.max_words else min(16, max(4, f.max_words // 30))
        attrs = {"rows": rows}
        if f.max_words:
            attrs["data-max-words"] = f.max_words
        if f.max_length:
            attrs["data-max-length"] = f.max_length
        return forms.CharField(widget=forms.Textarea(attrs=attrs), strip=False, **common)
    if f.type == "email":
        return forms.CharField(widget=forms.EmailInput(attrs={"autocomplete": "off"}),
                               **common)
    if f.type == "url":
        return forms.CharField(widget=forms.URLInput(attrs={"placeholder": "https://"}),
                               **common)
    if f.type == "number":
        # Not type=number: a browser drops what it cannot parse, and nothing typed may be lost.
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if f.type == "date":
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if f.type == "city":
        attrs = {"autocomplete": "address-level2"}
        if f.max_length:
            attrs["data-max-length"] = f.max_length
        return forms.CharField(widget=forms.TextInput(attrs=attrs), strip=False, **common)
    if f.type == "country":
        return forms.ChoiceField(choices=[("", _("Choose a country…")), *countries],
                                 widget=forms.Select(attrs={"autocomplete": "country"}),
                                 **common)
    if f.type == "money":
        return forms.Field(widget=MoneyWidget(f.currencies), **common)
    if f.type == "choice":
        choices = list(f.choices)
        if len(choices) <= RADIO_LIMIT:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        return forms.ChoiceField(choices=[("", _("Choose…")), *choices], **common)
    if f.type == "multichoice":
        return forms.MultipleChoiceField(choices=list(f.choices),
                                         widget=forms.CheckboxSelectMultiple, **common)
    if f.type == "boolean":
        return forms.BooleanField(**common)
    if f.type == "urls":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if f.type == "table":
        rows = f.max_items or DEFAULT_TABLE_ROWS
        return TableField(columns=f.columns, rows=rows, **common)
    raise form_schema.SchemaError(f"No form field for type {f.type!r}")  # parse() stops this


def _initial(f: form_schema.Field, value: Any) -> Any:
    """A stored answer as the form field shows it."""
    if value is None:
        return None
    if f.type == "urls":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if f.type == "multichoice":
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if f.type == "boolean":
        return bool(value)
    if f.type == "table":
        return value if isinstance(value, list) else []
    if f.type == "money":
        return value if isinstance(value, dict) else {"amount": str(value), "currency": ""}
    return value if isinstance(value, str) else str(value)


class StepForm(forms.Form):
    """The fields of one step. ``answers`` are the stored answers (shown when the form is not
    bound); ``problems`` maps a field key to the schema's messages to show under it."""

    use_required_attribute = False  # a draft may be saved with anything missing

    def __init__(self, step: form_schema.Step, data=None, *, answers: dict | None = None,
                 problems: dict[str, list[str]] | None = None):
        super().__init__(data=data, auto_id="field-%s")
        self.step = step
        answers = answers or {}
        for f in step.fields:
            field = _form_field(f)
            field.schema = f
            field.hint = _hint(f)
            if f.identifying and not step.identifying:
                field.hint = " ".join(filter(None, [
                    str(_("Not shown in blind rounds: judges who must not know who entered do "
                          "not see this answer.")), field.hint]))
            note = condition_note(f)
            if note:
                field.hint = " ".join(filter(None, [note, field.hint]))
                # What the stored answers say, for a condition on another step's answer.
                field.shown = f.visible(answers) if answers else True
                field.show_values = json.dumps(list(f.show_if.values))
            value = answers.get(f.key)
            self.initial[f.key] = _initial(f, value)
            if f.type in {"choice", "country"} and isinstance(value, str) and value and \
                    value not in f.choice_values:
                # keep an answer that is no longer an option visible rather than dropping it
                field.choices = [*field.choices, (value, value)]
            self.fields[f.key] = field
        # The schema's messages, shown under the fields; the form itself never fails.
        self._errors = ErrorDict()
        for key, messages in (problems or {}).items():
            if key in self.fields:
                self._errors[key] = self.error_class(messages, renderer=self.renderer)
        for f in step.fields:
            self._describe(f)
            widget = self.fields[f.key].widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if f.type not in {"boolean", "multichoice"} and not isinstance(
                widget, forms.RadioSelect
            ):
                invalid = " is-invalid" if f.key in self._errors else ""
                widget.attrs["class"] = css + invalid
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.field_template = "entries/entrant/_step_field.html"

    def _describe(self, f: form_schema.Field) -> None:
        """Point the input at its help, counter and messages (ids made in _step_field.html)."""
        field = self.fields[f.key]
        ids = []
        if f.help or field.hint:
            ids.append(f"field-{f.key}-help")
        if f.key in self._errors:
            ids.append(f"field-{f.key}-errors")
        if f.type in {"text", "textarea", "city"} and (f.max_words or f.max_length):
            ids.append(f"field-{f.key}-count")
        field.described_by = " ".join(ids)
        if ids and not self.uses_fieldset(f.key):
            field.widget.attrs["aria-describedby"] = field.described_by

    def uses_fieldset(self, key: str) -> bool:
        field = self.fields[key]
        return isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple |
                          TableWidget | MoneyWidget)

    def typed(self) -> dict[str, Any]:
        """What was typed into this step, per field, as ``clean_answers`` takes it. Boxes are
        always present (an unticked box sends nothing), so unticking every box is kept too."""
        data = self.data
        typed: dict[str, Any] = {}
        for f in self.step.fields:
            field = self.fields[f.key]
            if f.type == "multichoice":
                typed[f.key] = data.getlist(f.key) if hasattr(data, "getlist") else \
                    list(data.get(f.key) or [])
            elif f.type == "boolean":
                typed[f.key] = f.key in data and data.get(f.key) not in ("", "false", "0")
            elif f.type in {"table", "money"}:
                if not field.widget.value_omitted_from_data(data, {}, f.key):
                    typed[f.key] = field.widget.value_from_datadict(data, {}, f.key)
            elif f.key in data:  # a field the page did not have keeps its stored answer
                typed[f.key] = data.get(f.key, "")
        return typed
