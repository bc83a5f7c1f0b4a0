"""Award kinds, decision statuses and the allowed moves between them, as tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AwardKind(models.TextChoices):
    CATEGORY = "category", _("Category prize (in a tier)")
    INDIVIDUAL = "individual", _("Individual prize")
    SPECIAL_MENTION = "special_mention", _("Special mention")


class AwardPool(models.TextChoices):
    """Where an award's winners come from."""

    FINALISTS = "finalists", _("Finalists of the final round")
    ELIGIBLE = "eligible", _("Any eligible entry")


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")


# The secretariat proposes; a second person confirms (never the proposer); a confirmed decision
# is reopened (back to proposed) only with a reason. Removing a proposal deletes it (audited).
DECISION_TRANSITIONS: dict[str, set[str]] = {
    DecisionStatus.PROPOSED: {DecisionStatus.CONFIRMED},
    DecisionStatus.CONFIRMED: {DecisionStatus.PROPOSED},
}


class ResultKind(models.TextChoices):
    """What an entrant is told about one entry."""

    WINNER = "winner", _("Winner")
    FINALIST = "finalist", _("Finalist")
    NOT_SELECTED = "not_selected", _("Not selected")
    INELIGIBLE = "ineligible", _("Ineligible")


class InvitePool(models.TextChoices):
    """Whom the edition invites to its ceremony."""

    FINALISTS = "finalists", _("Every finalist")
    WINNERS = "winners", _("The winners only")


class ItemKind(models.TextChoices):
    """The kinds of a programme item."""

    WELCOME = "welcome", pgettext_lazy("programme item", "Welcome")
    SPEECH = "speech", _("Speech")
    AWARD = "award", _("Award presentation")
    PERFORMANCE = "performance", _("Performance")
    BREAK = "break", _("Break")
    PHOTO = "photo", _("Photo")


class RevealMode(models.TextChoices):
    """A rehearsal runs the whole show with the real data and leaves no trace in public."""

    REHEARSAL = "rehearsal", _("Rehearsal")
    LIVE = "live", _("Live")
