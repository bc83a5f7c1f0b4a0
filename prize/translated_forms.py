"""Editing the prize's own texts in every language of the site, side by side.

A staff form lists a translated text once (``name``, ``description``…), as it always did; the
``TranslatedFieldsMixin`` shows it in every language: the form's own field holds the main
language (the site's default, English: required where the text is required) and one more field
per other language follows it (``name_ko``: optional), each labelled with its language and
carrying ``lang`` so that browsers, spell checkers and screen readers read it right. On the page
the two sit next to each other, stacked on a phone: ``{% crispy form %}`` with the layout the
mixin makes (``translated_layout``), or ``{% include "components/translated_pair.html" %}`` for a
template that places fields one by one.

A model form saves each language into its own column (``name_en``, ``name_ko``); a plain form
hands its service ``translated_data()``, the same columns by name. The texts are read and written
by column, never through the reader's language, so a Korean member of staff editing the English
box changes the English text.
"""

from __future__ import annotations

import copy

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def main_language() -> str:
    """The language every text must have: the site's default (see docs/translations.md)."""
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def other_languages() -> list[str]:
    main = main_language()
    return [code for code in settings.MODELTRANSLATION_LANGUAGES if code != main]


def language_name(code: str):
    """A language's name in the reader's language (English, Korean; 영어, 한국어), lazily."""
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return dict(settings.LANGUAGES).get(code, code)


def column(name: str, language: str | None = None) -> str:
    """The column of a translated text in a language: ``column("name", "ko")`` is ``name_ko``."""
    return f"{name}_{(language or main_language()).replace('-', '_')}"


def translated_initial(instance, names) -> dict:
    """A plain form's initial values for ``names`` of ``instance``: the main language under the
    text's own name, the others under their columns."""
    initial = {}
    for name in names:
        initial[name] = getattr(instance, column(name)) or ""
        for lang in other_languages():
            initial[column(name, lang)] = getattr(instance, column(name, lang)) or ""
    return initial


class TranslatedFieldsMixin:
    """Put first in a form's bases; ``translated`` names the form's fields that are translated
    texts. See the module."""

    translated: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._given = kwargs.get("initial") or {}
        names = [name for name in self.fields if name in self.translated]
        self.translated = ()
        self.translate(*names)

    def translate(self, *names: str) -> None:
        """Show the form's fields ``names`` in every language (for a field a form adds after
        its ``__init__``, such as a decision's citation)."""
        main = main_language()
        instance = getattr(self, "instance", None)
        given = getattr(self, "_given", {})
        self.translated = (*self.translated, *names)
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name not in names:
                continue
            label = field.label if field.label is not None else forms.forms.pretty_name(name)
            field.label = format_lazy("{} ({})", label, language_name(main))
            field.widget.attrs["lang"] = main
            if instance is not None and name not in given:
                self.initial[name] = getattr(instance, column(name)) or ""
            for lang in other_languages():
                key = column(name, lang)
                extra = copy.deepcopy(field)
                extra.required = False
                extra.label = format_lazy("{} ({})", label, language_name(lang))
                extra.help_text = ""
                extra.widget.attrs["lang"] = lang
                fields[key] = extra
                if instance is not None and key not in given:
                    self.initial[key] = getattr(instance, key) or ""
        self.fields = fields

    def pair_id(self, name: str) -> str:
        """The id of a translated text's pair of fields (unique when a page shows several
        forms with their own ``auto_id``)."""
        return f"pair-{self[name].auto_id or self.add_prefix(name)}"

    # --- layout ---

    def translated_layout(self) -> Layout:
        """Every field in order, each translated text's languages side by side."""
        others = {column(name, lang) for name in self.translated for lang in other_languages()}
        items = []
        for name in self.fields:
            if name in others:
                continue
            if name in self.translated:
                items.append(Div(
                    *(Div(Field(key), css_class="col-12 col-md-6")
                      for key in [name, *(column(name, lang) for lang in other_languages())]
                      if key in self.fields),
                    css_class="row translated-pair", css_id=self.pair_id(name)))
            else:
                items.append(Field(name))
        return Layout(*items)

    def field_rows(self) -> list[dict]:
        """The fields in order for a template that places them one by one: each either
        ``{"field": bound field}`` or, for a translated text, ``{"pair": [bound fields],
        "pair_id": …}`` (see ``components/form_fields.html``)."""
        others = {column(name, lang) for name in self.translated for lang in other_languages()}
        rows = []
        for name in self.fields:
            if name in others:
                continue
            if name in self.translated:
                rows.append({"pair": pair_fields(self, name), "pair_id": self.pair_id(name)})
            else:
                rows.append({"field": self[name]})
        return rows

    def translated_helper(self) -> FormHelper:
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = self.translated_layout()
        # fields a formset adds after the form is made (its id, "Delete") come last, as before
        helper.render_unmentioned_fields = True
        return helper

    # --- saving ---

    def translated_data(self, names=None) -> dict:
        """The cleaned texts by column: ``{"title_en": …, "title_ko": …}``."""
        data = {}
        for name in names or self.translated:
            if name not in self.cleaned_data:
                continue
            data[column(name)] = self.cleaned_data[name]
            for lang in other_languages():
                key = column(name, lang)
                if key in self.cleaned_data:
                    data[key] = self.cleaned_data[key]
        return data

    def _post_clean(self):
        if not isinstance(self, forms.BaseModelForm):
            return super()._post_clean()
        model = self._meta.model
        written = set()
        for name in self.translated:
            for lang in other_languages():
                key = column(name, lang)
                if key in self.cleaned_data:
                    value = self.cleaned_data[key]
                    if value in ("", None):
                        value = model._meta.get_field(key).empty_value
                    setattr(self.instance, key, value)
                    written.add(key)
        # The form's own fields are the main language's columns, whatever the reader's.
        with translation.override(main_language()):
            super()._post_clean()
        self._check_unique_translations(written)
        return None

    def _check_unique_translations(self, written: set[str]) -> None:
        """A name unique in its place is unique in each language (``name_ko`` too)."""
        model = self._meta.model
        for constraint in model._meta.constraints:
            if not isinstance(constraint, UniqueConstraint) or constraint.condition:
                continue
            clash = [f for f in constraint.fields if f in written]
            if not clash or any(f in self.errors for f in clash):
                continue
            try:
                constraint.validate(model, self.instance)
            except ValidationError:
                key = clash[0]
                self.add_error(key, _("Choose another: “%(value)s” is already used here.")
                               % {"value": getattr(self.instance, key)})


def pair_fields(form, name: str) -> list:
    """The bound fields of one translated text, main language first (for templates)."""
    keys = [name, *(column(name, lang) for lang in other_languages())]
    return [form[key] for key in keys if key in form.fields]

