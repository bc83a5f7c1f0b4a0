"""The forms of the team page: invite someone, change a member's role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Role
from .inputs import LimitedFormMixin
from .team_models import TEAM_ROLES

ROLE_CHOICES = [(role.value, role.label) for role in TEAM_ROLES]
ROLE_HELP = _("Secretariat: runs the edition (settings, screening, rounds, winners, the team). "
              "Coordinators (the evaluation partner): read the entries, follow judging and "
              "results, and export, without changing the edition.")


class TeamInviteForm(LimitedFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Type the e-mail address of the person to invite."),
                        "invalid": _("Type a whole e-mail address, such as name@example.org.")})
    name = forms.CharField(label=_("Name"), max_length=150, required=False,
                           help_text=_("Optional: they can change it when they accept."))
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Role.COORDINATOR,
                             help_text=ROLE_HELP,
                             error_messages={"invalid_choice": _("Choose one of the roles.")})


class TeamRoleForm(LimitedFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES,
                             error_messages={"invalid_choice": _("Choose one of the roles.")})
