"""Forms of the staff's tools on entries: a tag, a tag put on an entry, a note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prize.inputs import LimitedFormMixin

from .note_models import NOTE_MAX_LENGTH, TAG_NAME_MAX_LENGTH, Tag, TagColour


class TagForm(LimitedFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=TAG_NAME_MAX_LENGTH,
                           help_text=_("A few words, for example “Ask for the budget”."))
    colour = forms.ChoiceField(label=_("Colour"), choices=TagColour.choices,
                               initial=TagColour.BLUE)

    def __init__(self, *args, prefix_id: str = "tag", **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"{prefix_id}-%s"
        self.fields["name"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})
        self.fields["colour"].widget.attrs.update({"class": "form-select"})


class EntryTagForm(LimitedFormMixin, forms.Form):
    """Choose one of the edition's tags, or type a new one's name."""

    tag = forms.ModelChoiceField(label=_("Tag"), queryset=Tag.objects.none(), required=False,
                                 empty_label=_("Choose a tag…"))
    new_name = forms.CharField(label=_("Or a new tag"), max_length=TAG_NAME_MAX_LENGTH,
                               required=False,
                               help_text=_("Typing the name of an existing tag chooses it."))

    def __init__(self, *args, tags=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "entry-tag-%s"
        self.fields["tag"].queryset = tags if tags is not None else Tag.objects.none()
        self.fields["tag"].widget.attrs.update({"class": "form-select"})
        self.fields["new_name"].widget.attrs.update({"class": "form-control",
                                                     "autocomplete": "off"})

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("tag") and not (data.get("new_name") or "").strip():
            raise forms.ValidationError(_("Choose a tag, or type the name of a new one."))
        return data


class NoteForm(LimitedFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX_LENGTH, strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, prefix_id: str = "note", **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"{prefix_id}-%s"
        self.fields["text"].help_text = _(
            "Seen only by the edition's secretariat and coordinators. At most %(max)s "
            "characters.") % {"max": f"{NOTE_MAX_LENGTH:,}"}
