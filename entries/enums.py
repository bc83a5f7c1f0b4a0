"""Entry statuses and kinds, and the allowed moves between statuses, as tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")


# Who moves an entry: the entrant submits and withdraws; the secretariat screens (and may change
# a screening decision until decisions are released).
ENTRY_TRANSITIONS: dict[str, set[str]] = {
    EntryStatus.DRAFT: {EntryStatus.SUBMITTED, EntryStatus.WITHDRAWN},
    EntryStatus.SUBMITTED: {EntryStatus.WITHDRAWN, EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE},
    EntryStatus.ELIGIBLE: {EntryStatus.INELIGIBLE},
    EntryStatus.INELIGIBLE: {EntryStatus.ELIGIBLE},
    EntryStatus.WITHDRAWN: set(),
}

# Statuses in which the entrant may still change the entry (before the deadline).
EDITABLE_STATUSES = {EntryStatus.DRAFT, EntryStatus.SUBMITTED}
# Statuses that count as "entered" in statistics and lists.
ENTERED_STATUSES = {EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE}


class Region(models.TextChoices):
    """World regions as the prize reports them (the Middle East apart from Asia)."""

    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    MIDDLE_EAST = "middle_east", _("Middle East")
    AMERICAS = "americas", _("Americas")
    AFRICA = "africa", _("Africa")
    OCEANIA = "oceania", _("Oceania")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    COLLABORATOR = "collaborator", _("Collaborator")
