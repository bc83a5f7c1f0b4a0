"""The form builder's input: a new form's name, a step, a field (with the options of its type and
its condition). Validation only; the changes are in ``entries/builder.py``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prize.inputs import LimitedFormMixin

from . import builder
from . import schema as form_schema

TEXT_LIMIT = 1_000_000
NUMBER_LIMIT = 10**12
OPTION_LINES = 200


class NewFormForm(LimitedFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, help_text=gettext_lazy(
        "Staff see it (“Form for cities”); entrants see the steps and fields."))


def _in_language(label, name: str) -> str:
    return _("%(label)s (%(language)s)") % {"label": label, "language": name}


class TranslatedFormMixin:
    """Side by side with each text of the form's own language (``TEXTS``: the form field and
    its schema name), one input per other language of the platform (``<name>__<code>``),
    labelled with its language and carrying ``lang``; options' labels (``OPTIONS``) as lines
    "value | label". ``cleaned_data["translations"]`` holds what was given, by language."""

    TEXTS: tuple[str, ...] = ()
    OPTIONS: tuple[str, ...] = ()

    def _add_translations(self, form_language: str):
        self.form_language = form_language
        names = builder.language_names()
        self.languages = [(code, names.get(code, code)) for code in builder.languages()
                          if code != form_language]
        own = names.get(form_language, form_language)
        for name in (*self.TEXTS, *self.OPTIONS):
            original = self.fields[name]
            original.widget.attrs["lang"] = form_language
            original.label = _in_language(original.label, own)
            for code, language in self.languages:
                widget = forms.Textarea(attrs={"rows": original.widget.attrs.get("rows", 2)}) \
                    if isinstance(original.widget, forms.Textarea) else forms.TextInput()
                widget.attrs["lang"] = code
                if name in self.OPTIONS:
                    help_text = _("One a line: “value | label”, for the values on the left. "
                                  "A line without a label has no translation yet.")
                else:
                    help_text = _("Left empty: people reading in %(language)s see the text on "
                                  "the left.") % {"language": language}
                self.fields[f"{name}__{code}"] = forms.CharField(
                    label=_in_language(self.base_fields[name].label, language), required=False,
                    max_length=original.max_length, widget=widget, help_text=help_text)
                self.fields[f"{name}__{code}"].widget.attrs["maxlength"] = str(
                    original.max_length)

    def translation_rows(self):
        """(own bound field, [bound fields of the translations]) for each text, in order."""
        return {name: (self[name], [self[f"{name}__{code}"] for code, _n in self.languages])
                for name in (*self.TEXTS, *self.OPTIONS)}

    @classmethod
    def translation_initial(cls, item: dict, languages) -> dict:
        """The inputs of the translations in ``languages`` as ``item`` holds them; for options,
        a line per option with its value, and its label where there is one."""
        initial = {}
        for code in languages:
            translation = form_schema.translation_of(item, code)
            for name in cls.TEXTS:
                initial[f"{name}__{code}"] = translation.get(name) or ""
            for name in cls.OPTIONS:
                labels = translation.get(name) if isinstance(translation.get(name), dict) else {}
                values = [pair if isinstance(pair, str) else pair[0]
                          for pair in item.get(name) or []
                          if isinstance(pair, str) or (isinstance(pair, list | tuple) and pair)]
                initial[f"{name}__{code}"] = "\n".join(
                    f"{value} | {labels.get(str(value), '')}".rstrip() for value in values)
        return initial

    def _clean_translations(self, data: dict) -> None:
        translations: dict[str, dict] = {}
        for code, language in self.languages:
            given: dict = {}
            for name in self.TEXTS:
                text = (data.get(f"{name}__{code}") or "").strip()
                if text:
                    given[name] = text
            for name in self.OPTIONS:
                field_name = f"{name}__{code}"
                if field_name in self.errors:
                    continue
                values = {str(v) for v, _label in data.get(name) or []}
                try:
                    labels = _translated_pairs(data.get(field_name) or "", values, language)
                except forms.ValidationError as exc:
                    self.add_error(field_name, exc)
                    continue
                if labels and name in data and data.get(name):
                    given[name] = labels
            if given:
                translations[code] = given
        data["translations"] = translations


def _translated_pairs(text: str, values: set[str], language: str) -> dict[str, str]:
    """Lines "value | label" for options that exist; a line with no label is left out."""
    labels: dict[str, str] = {}
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if len(lines) > OPTION_LINES:
        raise forms.ValidationError(_("At most %(count)s lines.") % {"count": OPTION_LINES})
    for line in lines:
        value, bar, label = (part.strip() for part in line.partition("|"))
        if not bar:
            raise forms.ValidationError(
                _("Start each line with the value of an option on the left, then “|” and its "
                  "label in %(language)s: “%(line)s”.") % {"language": language,
                                                          "line": line[:80]})
        if value not in values:
            raise forms.ValidationError(
                _("“%(value)s” is not the value of an option on the left: keep the values as "
                  "they are and translate the labels only.") % {"value": value[:80]})
        if label:
            labels[value] = label[:500]
    return labels


class BuilderStepForm(LimitedFormMixin, TranslatedFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    intro = forms.CharField(label=gettext_lazy("Introduction"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=gettext_lazy("Shown above the step's questions."))
    kind = forms.ChoiceField(label=gettext_lazy("Kind of step"), widget=forms.RadioSelect,
                             initial="fields", choices=[
                                 ("fields", gettext_lazy("Questions")),
                                 ("attachments", gettext_lazy("Files to upload"))])
    identifying = forms.BooleanField(
        label=gettext_lazy("Identifying: hide the whole step from judges of blind rounds"),
        required=False)
    max_files = forms.IntegerField(label=gettext_lazy("At most this many files"), min_value=1,
                                   max_value=100, initial=10, required=False)
    min_files = forms.IntegerField(label=gettext_lazy("At least this many files"), min_value=0,
                                   max_value=100, initial=0, required=False)
    max_mb = forms.IntegerField(label=gettext_lazy("At most this many MB per file"),
                                min_value=1, max_value=100, initial=20, required=False)
    types = forms.MultipleChoiceField(
        label=gettext_lazy("Kinds of file accepted"), required=False,
        choices=builder.FILE_TYPES, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every kind the platform accepts."))
    blind_variant = forms.BooleanField(
        label=gettext_lazy("Ask for an anonymised version of each file, for blind rounds"),
        required=False)

    TEXTS = ("title", "intro")

    def __init__(self, *args, form_language: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_translations(form_language or form_schema.main_language())

    def clean(self):
        data = super().clean()
        self._clean_translations(data)
        if data.get("kind") == "attachments":
            low, high = data.get("min_files"), data.get("max_files")
            if low is not None and high is not None and low > high:
                self.add_error("min_files", _("Ask for no more files than the most allowed."))
            for name in ("max_files", "min_files", "max_mb"):
                if data.get(name) is None and name not in self.errors:
                    data[name] = self.fields[name].initial
        return data

    @classmethod
    def initial_of(cls, step: dict) -> dict:
        initial = {name: step.get(name) for name in (
            "title", "intro", "identifying", "max_files", "min_files", "max_mb", "types",
            "blind_variant")}
        initial["kind"] = "attachments" if step.get("kind") == "attachments" else "fields"
        initial.update(cls.translation_initial(step, builder.languages()))
        for name in ("max_files", "min_files", "max_mb"):
            if initial[name] is None:
                initial[name] = cls.base_fields[name].initial
        return initial


def _pairs(text: str, what: str) -> list[list[str]]:
    """Lines "value | label", or one label per line (its value made from it)."""
    pairs, seen = [], set()
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if len(lines) > OPTION_LINES:
        raise forms.ValidationError(_("At most %(count)s lines.") % {"count": OPTION_LINES})
    for line in lines:
        if "|" in line:
            value, label = (part.strip() for part in line.split("|", 1))
        else:
            value, label = "", line
        if not label:
            raise forms.ValidationError(_("Each line needs a label: “%(line)s”.")
                                        % {"line": line[:80]})
        value = value or builder.make_key(label, seen, what)
        if value in seen:
            raise forms.ValidationError(_("“%(value)s” is there twice: give each line its own "
                                          "value.") % {"value": value[:80]})
        seen.add(value)
        pairs.append([value[:200], label[:500]])
    return pairs


def pairs_text(pairs) -> str:
    return "\n".join(f"{value} | {label}" for value, label in pairs or [])


class BuilderFieldForm(LimitedFormMixin, TranslatedFormMixin, forms.Form):
    type = forms.ChoiceField(label=gettext_lazy("Kind of answer"))
    label = forms.CharField(label=gettext_lazy("Label"), max_length=500)
    help = forms.CharField(label=gettext_lazy("Help text"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    required = forms.BooleanField(label=gettext_lazy("Required"), required=False)
    identifying = forms.BooleanField(
        label=gettext_lazy("Identifying: hide the answer from judges of blind rounds"),
        required=False)
    public = forms.BooleanField(
        label=gettext_lazy("Public: may appear on a winner's page"), required=False,
        help_text=gettext_lazy("Never for personal data (contacts, references)."))
    max_length = forms.IntegerField(label=gettext_lazy("At most this many characters"),
                                    min_value=1, max_value=TEXT_LIMIT, required=False)
    max_words = forms.IntegerField(label=gettext_lazy("At most this many words"), min_value=1,
                                   max_value=TEXT_LIMIT, required=False)
    min = forms.DecimalField(label=gettext_lazy("Smallest number"), required=False,
                             max_digits=20, decimal_places=6, min_value=-NUMBER_LIMIT,
                             max_value=NUMBER_LIMIT)
    max = forms.DecimalField(label=gettext_lazy("Largest number"), required=False,
                             max_digits=20, decimal_places=6, min_value=-NUMBER_LIMIT,
                             max_value=NUMBER_LIMIT)
    min_items = forms.IntegerField(label=gettext_lazy("At least this many (options picked, "
                                                      "links or rows)"),
                                   min_value=0, max_value=1000, required=False)
    max_items = forms.IntegerField(label=gettext_lazy("At most this many (options picked, "
                                                      "links or rows)"),
                                   min_value=1, max_value=1000, required=False)
    choices = forms.CharField(
        label=gettext_lazy("Options"), required=False, max_length=40_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One a line: “value | label”, or just the label."))
    columns = forms.CharField(
        label=gettext_lazy("Columns"), required=False, max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One a line: “key | name”, or just the name."))
    currencies = forms.CharField(
        label=gettext_lazy("Currencies"), required=False, max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One a line: “KRW | Korean won”."))
    show_if_field = forms.ChoiceField(label=gettext_lazy("Show only when"), required=False)
    show_if_values = forms.CharField(
        label=gettext_lazy("has one of these options"), required=False, max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Their values or labels, one a line (yes or no for a box to "
                               "tick, two-letter codes such as KR for a country)."))

    TEXTS = ("label", "help")
    OPTIONS = ("choices", "columns", "currencies")

    def __init__(self, *args, earlier: list[dict] = (), form_language: str | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self._add_translations(form_language or form_schema.main_language())
        self.fields["type"].choices = builder.field_types()
        self.earlier = {f["key"]: f for f in earlier}
        self.fields["show_if_field"].choices = [("", _("Always show it"))] + [
            (f["key"], f.get("label") or f["key"]) for f in earlier]

    @classmethod
    def initial_of(cls, f: dict) -> dict:
        initial = {name: f.get(name) for name in (
            "type", "label", "help", "required", "identifying", "public", "max_length",
            "max_words", "min", "max", "min_items", "max_items")}
        for name in ("choices", "columns", "currencies"):
            initial[name] = pairs_text(f.get(name))
        condition = f.get("show_if")
        if isinstance(condition, dict):
            initial["show_if_field"] = condition.get("field", "")
            initial["show_if_values"] = "\n".join(map(str, condition.get("in") or []))
        initial.update(cls.translation_initial(f, builder.languages()))
        return initial

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        wanted = builder.TYPE_OPTIONS.get(kind, ())
        for name, what in (("choices", "option"), ("columns", "column"),
                           ("currencies", "currency")):
            if name in self.errors:
                continue
            try:
                data[name] = _pairs(data.get(name) or "", what) if name in wanted else []
            except forms.ValidationError as exc:
                self.add_error(name, exc)
                continue
            if name in wanted and name != "currencies" and not data[name]:
                self.add_error(name, _("Give at least one line."))
        for low, high in (("min", "max"), ("min_items", "max_items")):
            if data.get(low) is not None and data.get(high) is not None \
                    and data[low] > data[high] and low in wanted:
                self.add_error(low, _("Make it no more than the largest."))
        for name in ("min", "max"):
            value = data.get(name)
            if value is not None:
                data[name] = int(value) if value == value.to_integral_value() else float(value)
        data["show_if"] = self._condition(data)
        self._clean_translations(data)
        return data

    def _condition(self, data):
        key = data.get("show_if_field")
        if not key:
            return None
        source = self.earlier.get(key)
        if source is None:
            self.add_error("show_if_field", _("Choose a field above this one."))
            return None
        options = builder.condition_options(source)
        by_value = {v: v for v, _label in options or []}
        by_label = {str(label).casefold(): v for v, label in options or []}
        values, unknown = [], []
        for line in (data.get("show_if_values") or "").replace("\r\n", "\n").split("\n"):
            line = line.strip()
            if not line:
                continue
            if options is None:  # a country: its code
                line = line.upper()
                value = line if builder.condition_value_ok(source, line) else None
            else:
                value = by_value.get(line) or by_label.get(line.casefold())
            if value is None:
                unknown.append(line[:80])
            elif value not in values:
                values.append(value)
        if unknown:
            self.add_error("show_if_values", _("“%(field)s” has no option %(options)s.") % {
                "field": source.get("label"), "options": ", ".join(f"“{u}”" for u in unknown)})
        elif not values:
            self.add_error("show_if_values", _("Name at least one option of “%(field)s”.")
                           % {"field": source.get("label")})
        return {"field": key, "in": values}

