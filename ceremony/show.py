"""The edition's show as cues (``ceremony.cues``), read from the database in a fixed number of
queries whatever the number of items, awards, winners, finalists and replies.

Staff only: the cues hold every winner. The reveal hands the screen only the cues up to the
operator's position (``ceremony.selectors`` decides nothing here; the callers check who asks).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.db.models.functions import Lower

from entries.enums import EntryStatus
from judging.models import RoundEntry
from prize.models import Edition

from . import cues as pure
from . import selectors, showcase
from .enums import AwardPool, DecisionStatus
from .models import Award, Invitation, Presenter, ProgrammeItem


def _person(presenter: Presenter) -> pure.Person:
    return pure.Person(name=presenter.name, title=presenter.title,
                       organisation=presenter.organisation,
                       pronunciation=presenter.pronunciation)


def programme(edition: Edition | int) -> list[pure.Item]:
    """The programme in order, each award item naming its awards from the lowest tier to the
    top one (Bronze, then Silver, then Gold: the top award comes last)."""
    edition_id = getattr(edition, "pk", edition)
    rows = (
        ProgrammeItem.objects.filter(edition_id=edition_id)
        .prefetch_related(
            Prefetch("presenters", queryset=Presenter.objects.order_by("order", "name")),
            Prefetch("awards", queryset=Award.objects.select_related("category")),
        )
        .order_by("starts_at", "order", "pk")
    )
    items = []
    for row in rows:
        awards = sorted(row.awards.all(), key=lambda a: (
            a.category.order if a.category_id else 10_000, a.category_id or 0, -a.order, a.name))
        items.append(pure.Item(
            id=row.pk, starts_at=row.starts_at, minutes=row.duration, title=row.title,
            kind=row.kind, description=row.description, notes=row.notes,
            presenters=tuple(_person(p) for p in row.presenters.all()),
            award_ids=tuple(a.pk for a in awards)))
    return items


def _country(entrant) -> str:
    return entrant.country.name if entrant.country else ""


def awards(edition: Edition | int) -> dict[int, pure.AwardInfo]:
    """The edition's awards with their confirmed winners (withdrawn entries left out), joint
    winners in the order of their project titles, each with what the finalist's reply says of
    pronunciation and who receives the prize."""
    edition_id = getattr(edition, "pk", edition)
    decisions = (selectors.decisions_of(edition_id)
                 .filter(status=DecisionStatus.CONFIRMED)
                 .exclude(entry__status=EntryStatus.WITHDRAWN))
    decisions = list(decisions)
    replies = {
        row["entry_id"]: row
        for row in Invitation.objects.filter(edition_id=edition_id).values(
            "entry_id", "pronunciation", "recipient_name", "recipient_title", "replied_at",
            "attending")
    }
    images = showcase.first_images(sorted({d.entry_id for d in decisions}))
    winners: dict[int, list[pure.Winner]] = {}
    for decision in sorted(decisions, key=lambda d: ((d.entry.title or "").casefold(),
                                                     d.entry.reference or "", d.pk)):
        entry, entrant = decision.entry, decision.entry.entrant
        reply = replies.get(entry.pk, {})
        winners.setdefault(decision.award_id, []).append(pure.Winner(
            decision_id=decision.pk, entry_id=entry.pk, entrant=entrant.name,
            city=entrant.city, country=_country(entrant), project=entry.title or "",
            citation=decision.citation, pronunciation=reply.get("pronunciation", ""),
            receiver=reply.get("recipient_name", ""),
            receiver_title=reply.get("recipient_title", ""),
            has_image=entry.pk in images, invited=bool(reply),
            replied=bool(reply.get("replied_at")), attending=reply.get("attending")))
    return {
        award.pk: pure.AwardInfo(
            id=award.pk, name=award.name, tier=award.tier,
            category=award.category.name if award.category_id else "",
            category_id=award.category_id, seats=award.winners,
            from_finalists=award.pool == AwardPool.FINALISTS,
            winners=tuple(winners.get(award.pk, ())))
        for award in selectors.awards_of(edition_id)
    }


def finalists(edition: Edition | int) -> dict[int, list[pure.Nominee]]:
    """The final round's entries by category, in the order of the entrants' names."""
    round = selectors.final_round(edition)
    if round is None:
        return {}
    rows = (
        RoundEntry.objects.filter(round=round)
        .exclude(entry__status=EntryStatus.WITHDRAWN)
        .select_related("entry__entrant")
        .order_by(Lower("entry__entrant__name"), "entry_id")
    )
    out: dict[int, list[pure.Nominee]] = {}
    for row in rows:
        entry, entrant = row.entry, row.entry.entrant
        out.setdefault(entry.category_id, []).append(pure.Nominee(
            entry_id=entry.pk, entrant=entrant.name, city=entrant.city,
            country=_country(entrant), project=entry.title or ""))
    return out


def show_cues(edition: Edition | int) -> list[pure.Cue]:
    """Every cue of the edition's show, in order."""
    return pure.build(programme(edition), awards(edition), finalists(edition))
