"""Forms of the ceremony's details, presenters and programme: input checks only (lengths, ranges,
this edition's presenters and awards); ``ceremony/services/programme.py`` decides and records.
Moments are typed in the edition's time zone (the views run in it); a programme item's start is
a time of the ceremony's day."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prize.formats import moment
from prize.forms import DateTimeLocalInput
from prize.inputs import IdsChoiceField, LimitedFormMixin
from prize.lazy_messages import interpolate_lazy
from prize.models import Edition
from prize.translated_forms import TranslatedFieldsMixin, translated_initial

from .enums import InvitePool, ItemKind
from .models import Award, Ceremony, Presenter, ProgrammeItem
from .services.programme import PHOTO_MAX_BYTES
from .staff_forms import DATETIME_FORMATS, StyledForm, award_label


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class CeremonyForm(TranslatedFieldsMixin, LimitedFormMixin, StyledForm, forms.Form):
    translated = ("address", "description")

    ceremony_at = forms.DateTimeField(
        label=_("Date and time"), required=False, input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        error_messages={"invalid": _("Enter a date and time, e.g. 2023-09-25 15:00.")})
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False,
                            help_text=_("For example Dongdaemun Design Plaza (DDP), Seoul."))
    address = forms.CharField(label=_("Address"), max_length=_max(Ceremony, "address"),
                              required=False, widget=forms.Textarea(attrs={"rows": 2}))
    map_url = forms.URLField(label=_("Map link"), max_length=_max(Ceremony, "map_url"),
                             required=False, assume_scheme="https",
                             help_text=_("A web address of a map of the venue."))
    description = forms.CharField(
        label=_("Public description"), max_length=_max(Ceremony, "description"),
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the edition's public ceremony page before the day. Never say who "
                    "won here."))
    invite = forms.ChoiceField(label=_("Invite"), choices=InvitePool.choices,
                               widget=forms.RadioSelect, initial=InvitePool.FINALISTS)
    reply_by = forms.DateTimeField(
        label=_("Replies by"), required=False, input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("Invitees may change their reply until then."),
        error_messages={"invalid": _("Enter a date and time, e.g. 2023-09-15 18:00.")})
    max_guests = forms.IntegerField(label=_("Guests per invitation"), min_value=0,
                                    max_value=20, initial=2)
    publish_as_revealed = forms.BooleanField(
        label=_("Publish each award as it is revealed"), required=False,
        help_text=_("The live reveal publishes each award on the public winners page the moment "
                    "it is shown, instead of at a fixed time."))

    def __init__(self, *args, edition: Edition, ceremony: Ceremony | None = None, **kwargs):
        self.edition = edition
        if not args and "initial" not in kwargs:
            initial = {"ceremony_at": edition.ceremony_at, "venue": edition.ceremony_venue}
            if ceremony is not None:
                initial.update({name: getattr(ceremony, name) for name in (
                    "map_url", "invite", "reply_by", "max_guests", "publish_as_revealed")})
                initial.update(translated_initial(ceremony, self.translated))
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        zone = _("In the edition's time zone, %(tz)s.") % {"tz": edition.time_zone}
        self.fields["ceremony_at"].help_text = zone + " " + str(_(
            "Moving it moves the programme with it."))
        self.fields["reply_by"].help_text = str(self.fields["reply_by"].help_text) + " " + zone
        self.style()

    def clean(self):
        data = super().clean()
        at, reply_by = data.get("ceremony_at"), data.get("reply_by")
        if at and reply_by and reply_by >= at:
            self.add_error("reply_by", _(
                "Close replies before the ceremony begins: choose a moment before %(at)s.")
                % {"at": self.edition.when(at)})
        # each language into its own column, whatever the reader's (the service applies them)
        data["translations"] = self.translated_data()
        for key in data["translations"]:
            data.pop(key, None)
        return data


class PresenterForm(TranslatedFieldsMixin, LimitedFormMixin, StyledForm, forms.Form):
    translated = ("title", "organisation", "bio")

    name = forms.CharField(label=_("Name"), max_length=_max(Presenter, "name"),
                           help_text=_("As it is printed and said, for example “the President "
                                       "of Le Temps” while a name is not confirmed."))
    title = forms.CharField(label=pgettext_lazy("a person's", "Title"),
                            max_length=_max(Presenter, "title"),
                            required=False, help_text=_("For example President & CEO."))
    organisation = forms.CharField(label=_("Organisation"),
                                   max_length=_max(Presenter, "organisation"), required=False)
    bio = forms.CharField(label=_("Short bio"), max_length=_max(Presenter, "bio"),
                          required=False, widget=forms.Textarea(attrs={"rows": 3}),
                          help_text=_("Public: shown on the ceremony page."))
    pronunciation = forms.CharField(
        label=_("Pronunciation"), max_length=_max(Presenter, "pronunciation"), required=False,
        help_text=_("For the MC only, for example “KIM Min-jun: kim min-JOON”."))
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0,
                               help_text=_("Lower numbers are listed first."))
    photo = forms.FileField(
        label=_("Photo"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,image/png,image/jpeg"}),
        help_text=interpolate_lazy(
            _("A PNG or JPEG, at most %(mb)d MB. The public page shows it without its "
              "metadata (camera, place)."), {"mb": PHOTO_MAX_BYTES // (1024 * 1024)}))
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def __init__(self, *args, presenter: Presenter | None = None, **kwargs):
        if presenter is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(presenter, name) for name in (
                "name", "pronunciation", "order")} | translated_initial(presenter,
                                                                        self.translated)
        super().__init__(*args, **kwargs)
        self.fields["photo"].widget = forms.FileInput(attrs=self.fields["photo"].widget.attrs)
        if presenter is None or not presenter.photo:
            del self.fields["remove_photo"]
        self.style()

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in (
            "name", "title", "organisation", "bio", "pronunciation", "order")}
        data["translations"] = self.translated_data()
        return data


class AwardChoiceField(IdsChoiceField):
    def label_from_instance(self, obj):
        return award_label(obj)


class PresenterChoiceField(IdsChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}, {obj.title}" if obj.title else obj.name


class ProgrammeItemForm(TranslatedFieldsMixin, LimitedFormMixin, StyledForm, forms.Form):
    translated = ("title", "description")

    starts = forms.TimeField(
        label=_("Starts at"), input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time, e.g. 15:30.")})
    duration = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600, initial=5)
    title = forms.CharField(label=_("Title"), max_length=_max(ProgrammeItem, "title"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices,
                             initial=ItemKind.SPEECH)
    description = forms.CharField(
        label=_("Public description"), max_length=_max(ProgrammeItem, "description"),
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the public ceremony page."))
    notes = forms.CharField(
        label=_("Notes for the MC"), max_length=_max(ProgrammeItem, "notes"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Staff only: printed in the script, never public."))
    presenters = PresenterChoiceField(label=_("Presenters"), queryset=Presenter.objects.none(),
                                      required=False, widget=forms.CheckboxSelectMultiple)
    awards = AwardChoiceField(
        label=_("Awards presented"), queryset=Award.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For an award presentation: the award(s) it presents. Each award is "
                    "presented by one item."))

    def __init__(self, *args, edition: Edition, item: ProgrammeItem | None = None, **kwargs):
        self.edition = edition
        if item is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "starts": edition.local(item.starts_at).time(), "duration": item.duration,
                "kind": item.kind, "notes": item.notes,
                **translated_initial(item, self.translated),
                "presenters": [p.pk for p in item.presenters.all()],
                "awards": [a.pk for a in item.awards.all()]}
        super().__init__(*args, **kwargs)
        self.fields["presenters"].queryset = Presenter.objects.filter(
            edition=edition).order_by("order", "name", "pk")
        self.fields["awards"].queryset = Award.objects.filter(edition=edition).select_related(
            "category").order_by("category__order", "category_id", "order", "name")
        if edition.ceremony_at:
            day = edition.local(edition.ceremony_at)
            self.fields["starts"].help_text = _(
                "On the ceremony's day, %(day)s, in the edition's time zone (%(tz)s).") % {
                "day": moment(day, "DATE_FORMAT"), "tz": edition.time_zone}
        self.style()

    def clean(self):
        data = super().clean()
        starts = data.get("starts")
        if starts is not None:
            if self.edition.ceremony_at is None:
                raise forms.ValidationError(_("Set the ceremony's date and time first."))
            day = self.edition.local(self.edition.ceremony_at).date()
            data["starts_at"] = datetime.combine(day, starts, tzinfo=self.edition.tz)
        return data

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in (
            "duration", "title", "kind", "description", "notes")}
        data["translations"] = self.translated_data()
        data["starts_at"] = self.cleaned_data["starts_at"]
        data["presenters"] = list(self.cleaned_data["presenters"])
        data["awards"] = list(self.cleaned_data["awards"])
        return data


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
