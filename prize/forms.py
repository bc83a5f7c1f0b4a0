"""Forms of the shared core: input validation and layout, no business logic."""

import re

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .enums import EntrantKind
from .inputs import LimitedFormMixin, bound
from .models import Category, Edition, Milestone, Organisation, User
from .translated_forms import TranslatedFieldsMixin


class SignupForm(LimitedFormMixin, AllauthSignupForm):
    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name", "email", "password1", "password2"]

    def save(self, request):
        user = super().save(request)
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])
        return user


def attempts_left(request, login: str) -> int | None:
    """How many more failed logins this account may have from here before it is locked
    (django-axes counts them per address and IP)."""
    if not (settings.AXES_ENABLED and request is not None and login):
        return None
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.update_request(request)
    failures = AxesProxyHandler.get_failures(request, {"login": login})
    return max(settings.AXES_FAILURE_LIMIT - failures, 0)


class LoginForm(LimitedFormMixin, AllauthLoginForm):
    """allauth's login form, which says how many tries remain before the account is locked."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as exc:
            left = attempts_left(self.request, (self.data.get("login") or "").strip())
            if left is None or left >= settings.AXES_FAILURE_LIMIT:
                raise
            minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
            warning = ngettext(
                "One more failed attempt locks logging in to this account for %(minutes)s "
                "minutes. Not sure of the password? Reset it instead.",
                "%(count)s more failed attempts lock logging in to this account for "
                "%(minutes)s minutes.",
                left) % {"count": left, "minutes": minutes}
            raise forms.ValidationError([*exc.error_list, forms.ValidationError(warning)]) \
                from exc


class ProfileForm(LimitedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "time_zone", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EditionForm(TranslatedFieldsMixin, LimitedFormMixin, forms.ModelForm):
    """Dates are typed in the edition's own time zone (see the view); its texts in every
    language, side by side."""

    translated = ("name", "short_name", "tagline", "about", "how_to_enter", "ceremony_venue")

    class Meta:
        model = Edition
        fields = [
            "name", "short_name", "slug", "year", "tagline", "about", "how_to_enter",
            "time_zone", "call_opens_at", "call_closes_at", "ceremony_at", "ceremony_venue",
            "contact_email",
        ]
        widgets = {
            "call_opens_at": DateTimeLocalInput(),
            "call_closes_at": DateTimeLocalInput(),
            "ceremony_at": DateTimeLocalInput(),
            "about": forms.Textarea(attrs={"rows": 4}),
            "how_to_enter": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound(self.fields["year"], 2000, 2100)
        self.helper = self.translated_helper()


class CategoryForm(TranslatedFieldsMixin, LimitedFormMixin, forms.ModelForm):
    translated = ("name", "description")
    allowed_entrant_kinds = forms.MultipleChoiceField(
        label=_("Who may enter"),
        choices=EntrantKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the model says to tick one when none is ticked
    )

    class Meta:
        model = Category
        fields = [
            "name", "slug", "code", "description", "allowed_entrant_kinds",
            "finalist_quota", "winner_quota", "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("finalist_quota", "winner_quota"):
            bound(self.fields[name], 0, 10_000)
        # Made from the name when left empty; editable, and kept once made.
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Its address. Left empty, it is made from the name.")
        self.fields["code"].required = False
        self.fields["code"].help_text = _(
            "Short code used in entry references, e.g. TI. Left empty, it is made from the "
            "name's initials.")
        self.helper = self.translated_helper()

    def clean(self):
        data = super().clean()
        name = data.get("name") or ""
        if name and not data.get("slug"):
            data["slug"] = slugify(name)[:50] or "category"
            self.instance.slug = data["slug"]
        if name and not data.get("code"):
            data["code"] = category_code(name)
            self.instance.code = data["code"]
        return data


def category_code(name: str) -> str:
    """The initials of a category's name, as entry references use them: "Tech-InnovaCity" →
    "TI", "Human-CentriCity" → "HC", "Leadership" → "LE"; letters of any script, at most 4."""
    words = [w for w in re.split(r"[^\w]+|_", name) if w]
    if len(words) == 1:
        return words[0][:2].upper()
    return "".join(w[0] for w in words)[:4].upper() or "C"


CategoryFormSet = forms.inlineformset_factory(
    Edition, Category, form=CategoryForm, extra=1, can_delete=True
)


class OrganisationForm(TranslatedFieldsMixin, LimitedFormMixin, forms.ModelForm):
    translated = ("name", "description")
    url = forms.URLField(label=_("Website"), required=False, max_length=200,
                         assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "role", "url", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.translated_helper()


class MilestoneForm(TranslatedFieldsMixin, LimitedFormMixin, forms.ModelForm):
    """Dates are typed in the edition's own time zone (see the view)."""

    translated = ("title", "description")

    class Meta:
        model = Milestone
        fields = ["title", "description", "starts_at", "ends_at"]
        widgets = {"starts_at": DateTimeLocalInput(), "ends_at": DateTimeLocalInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.translated_helper()


OrganisationFormSet = forms.inlineformset_factory(
    Edition, Organisation, form=OrganisationForm, extra=1, can_delete=True)
MilestoneFormSet = forms.inlineformset_factory(
    Edition, Milestone, form=MilestoneForm, extra=1, can_delete=True)


class InvitationPasswordForm(LimitedFormMixin, forms.Form):
    """Someone invited by e-mail (a judge, a member of an edition's team) who has no password
    yet chooses one, and their name."""

    name = forms.CharField(label=_("Your full name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password1 = forms.CharField(
        label=_("Choose a password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(
        label=_("The same password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["name"].initial = user.name
        self.helper = FormHelper()
        self.helper.add_input(Submit("accept", _("Set the password and accept")))

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Type the same password in both boxes."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
