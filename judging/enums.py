"""Round, review and conflict kinds, and the allowed moves between round statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("round status", "Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FINALISED = "finalised", _("Finalised")


# Coordinators configure a round while it is a draft; closing can be undone until the results are
# finalised (the shortlist is then fixed and the next round can take its entries).
ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.DRAFT: {RoundStatus.OPEN},
    RoundStatus.OPEN: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: {RoundStatus.OPEN, RoundStatus.FINALISED},
    RoundStatus.FINALISED: set(),
}


class RankBy(models.TextChoices):
    NORMALISED = "normalised", _("Normalised score")
    MEAN = "mean", _("Mean of weighted totals")
    MEDIAN = "median", _("Median of weighted totals")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    ABSTAINED = "abstained", _("Abstained")


class ConflictScope(models.TextChoices):
    ORGANISATION = "organisation", _("An entrant organisation")
    CITY = "city", _("A city")
    COUNTRY = "country", _("A country")
    ENTRY = "entry", _("One entry")


class AssignmentSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    MANUAL = "manual", _("By hand")
    REPLACEMENT = "replacement", _("Replacement after a recusal")
