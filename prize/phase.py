"""The phase of an edition as visitors are told it, decided here and nowhere else.

Staff move an edition's status by hand (``prize.services.edition_set_status``); visitors are
told the phase the facts give: the call's dates, the status, the judging rounds and whether the
results are published. ``phase_of`` is a pure function of those facts; ``phases_of`` reads them
for any number of editions in one query, and ``edition_phase`` for one.

The rules, in order:

1. an archived edition is archived;
2. published results (the publication's moment has come) mean the winners are announced;
3. an edition in preparation (a draft) is in preparation, whatever its dates;
4. before the call opens, the call is to come; until it closes, the call is open;
5. after that, judging: not begun while no round has opened, under way while one has, complete
   once every round is finalised. A status of "announced" without published results is still
   judging for visitors: the winners are not public until they are published.

Dates are moments (aware, stored in UTC): the edition's time zone decides which moment a
deadline is, not how two moments compare.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import EditionStatus
from .models import Edition

# Round statuses by name (the core imports no app): a round is under way once it is open, and
# judging is complete once every round is finalised.
ROUND_STARTED = ("open", "closed", "finalised")
ROUND_FINALISED = "finalised"


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("In preparation")
    BEFORE_CALL = "before_call", _("Call opens soon")
    CALL_OPEN = "call_open", _("Call for entries open")
    JUDGING = "judging", _("Judging")
    ANNOUNCED = "announced", _("Winners announced")
    ARCHIVED = "archived", _("Archived")


# The colour of each phase's badge (components/status_badge.html), by an existing status class.
BADGES = {
    Phase.PREPARATION: "draft",
    Phase.BEFORE_CALL: "neutral",
    Phase.CALL_OPEN: "call_open",
    Phase.JUDGING: "judging",
    Phase.ANNOUNCED: "announced",
    Phase.ARCHIVED: "archived",
}


class JudgingStage(models.TextChoices):
    NOT_BEGUN = "not_begun", _("The call is closed. Judging begins soon.")
    UNDER_WAY = "under_way", _("The call is closed and the jury is judging the entries.")
    COMPLETE = "complete", _("Judging is complete. The winners will be announced soon.")


@dataclass(frozen=True)
class PhaseFacts:
    """What the phase depends on, as plain values."""

    status: str
    call_opens_at: datetime
    call_closes_at: datetime
    rounds: int = 0
    rounds_started: int = 0
    rounds_finalised: int = 0
    published_at: datetime | None = None


@dataclass(frozen=True)
class EditionPhase:
    """The phase told to visitors, with what a page needs to say it."""

    phase: Phase
    judging: JudgingStage | None = None

    @property
    def value(self) -> str:
        return self.phase.value

    @property
    def label(self) -> str:
        return self.phase.label

    @property
    def badge(self) -> str:
        return BADGES[self.phase]

    @property
    def detail(self) -> str:
        """One sentence for the visitor, or ""."""
        if self.judging is not None:
            return self.judging.label
        return {
            Phase.PREPARATION: _("This edition is in preparation and not yet public."),
            Phase.BEFORE_CALL: _("The call for entries has not opened yet."),
            Phase.CALL_OPEN: _("The call for entries is open."),
            Phase.ANNOUNCED: _("The winners are announced."),
            Phase.ARCHIVED: _("This edition is over."),
        }[self.phase]

    @property
    def call_open(self) -> bool:
        return self.phase == Phase.CALL_OPEN

    @property
    def results_public(self) -> bool:
        return self.phase in (Phase.ANNOUNCED, Phase.ARCHIVED)

    def __str__(self) -> str:
        return str(self.label)


def phase_of(facts: PhaseFacts, at: datetime) -> EditionPhase:
    """The phase the facts give at the moment ``at`` (pure: no database, no clock)."""
    if facts.status == EditionStatus.ARCHIVED:
        return EditionPhase(Phase.ARCHIVED)
    if facts.published_at is not None and facts.published_at <= at:
        return EditionPhase(Phase.ANNOUNCED)
    if facts.status == EditionStatus.DRAFT:
        return EditionPhase(Phase.PREPARATION)
    if at < facts.call_opens_at:
        return EditionPhase(Phase.BEFORE_CALL)
    if at < facts.call_closes_at:
        return EditionPhase(Phase.CALL_OPEN)
    if facts.rounds and facts.rounds_finalised == facts.rounds:
        stage = JudgingStage.COMPLETE
    elif facts.rounds_started:
        stage = JudgingStage.UNDER_WAY
    else:
        stage = JudgingStage.NOT_BEGUN
    return EditionPhase(Phase.JUDGING, stage)


def with_phase_facts(editions: models.QuerySet[Edition], at: datetime
                     ) -> models.QuerySet[Edition]:
    """Editions annotated with the facts of their phase: one query, whatever their number.

    Rounds and the publication are read through their relations' names, so the core works
    alone (without them an edition has no rounds and no published results)."""
    from django.apps import apps

    annotations = {}
    if apps.is_installed("judging"):
        annotations.update(
            phase_rounds=Count("rounds", distinct=True),
            phase_rounds_started=Count(
                "rounds", filter=Q(rounds__status__in=ROUND_STARTED), distinct=True
            ),
            phase_rounds_finalised=Count(
                "rounds", filter=Q(rounds__status=ROUND_FINALISED), distinct=True
            ),
        )
    if apps.is_installed("ceremony"):
        annotations["phase_published_at"] = F("publication__published_at")
    return editions.annotate(**annotations)


def changes_of(facts: PhaseFacts) -> list[datetime]:
    """The moments at which the phase changes by itself, with nobody doing anything: the call
    opens, it closes, scheduled results become public."""
    return [moment for moment in (facts.call_opens_at, facts.call_closes_at, facts.published_at)
            if moment is not None]


def facts_of(edition: Edition) -> PhaseFacts:
    """The facts of an edition read by ``phases_of`` (its annotations)."""
    return PhaseFacts(
        status=edition.status,
        call_opens_at=edition.call_opens_at,
        call_closes_at=edition.call_closes_at,
        rounds=getattr(edition, "phase_rounds", 0) or 0,
        rounds_started=getattr(edition, "phase_rounds_started", 0) or 0,
        rounds_finalised=getattr(edition, "phase_rounds_finalised", 0) or 0,
        published_at=getattr(edition, "phase_published_at", None),
    )


def phases_of(editions: Iterable[Edition | int], *, at: datetime | None = None
              ) -> dict[int, EditionPhase]:
    """The phase of each edition, by its id, read in one query."""
    at = at or timezone.now()
    ids = [getattr(edition, "pk", edition) for edition in editions]
    if not ids:
        return {}
    rows = with_phase_facts(Edition.objects.filter(pk__in=ids).order_by(), at)
    return {row.pk: phase_of(facts_of(row), at) for row in rows}


def edition_phase(edition: Edition | int, *, at: datetime | None = None) -> EditionPhase:
    """The phase of one edition (one query)."""
    edition_id = getattr(edition, "pk", edition)
    return phases_of([edition_id], at=at)[edition_id]
