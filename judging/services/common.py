"""What every judging service shares: its errors, and when a round takes scores."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import RoundStatus
from ..models import Round


class JudgingError(ValidationError):
    """A change the rules do not allow; the message says why, for the person who tried."""


class StaleReview(JudgingError):
    """The review changed since the judge loaded it (another tab)."""


class MissingScores(JudgingError):
    """Submitting a review that lacks required scores; ``criteria`` are the ones missing."""

    def __init__(self, message, criteria):
        super().__init__(message)
        self.criteria = list(criteria)


def scoring_open(round: Round, at: datetime | None = None) -> bool:
    """Judges may save and submit: the round is open and its closing time has not passed."""
    at = at or timezone.now()
    return round.status == RoundStatus.OPEN and round.opens_at <= at < round.closes_at


def require_draft(round: Round) -> None:
    if round.status != RoundStatus.DRAFT:
        raise JudgingError(
            _("%(round)s is %(status)s: its configuration can only change while it is a draft.")
            % {"round": round.name, "status": round.get_status_display().lower()}
        )


def require_scoring_open(round: Round) -> None:
    if not scoring_open(round):
        if round.status == RoundStatus.OPEN and timezone.now() < round.opens_at:
            raise JudgingError(_("%(round)s has not started yet.") % {"round": round.name})
        raise JudgingError(
            _("%(round)s is closed: scores can no longer change.") % {"round": round.name}
        )
