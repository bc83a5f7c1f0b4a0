"""The show's cues, in order: what the MC's script lists and what the reveal steps through.

Pure Python, no Django: the caller (``ceremony.show``) reads the programme, the awards, the
confirmed decisions, the finalists and the replies, and hands them here as plain values.

For every programme item, a title card. For an award presentation, per award it covers, in the
order the item names them: the nominees (the award's category's finalists not yet revealed as
winners earlier in the show; none for an award chosen from any eligible entry), then one cue
per winner (joint winners one after the other). An award with no confirmed decision gets a cue
that says so and that the reveal refuses to show, so the script flags it and the show skips it
knowingly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

AWARD_ITEM = "award"  # ItemKind.AWARD


class CueKind:
    TITLE = "title"
    NOMINEES = "nominees"
    WINNER = "winner"
    MISSING = "missing"


@dataclass(frozen=True)
class Person:
    """Someone on stage: a presenter (hands the award over) or a host."""

    name: str
    title: str = ""
    organisation: str = ""
    pronunciation: str = ""


@dataclass(frozen=True)
class Nominee:
    entry_id: int
    entrant: str
    city: str = ""
    country: str = ""
    project: str = ""


@dataclass(frozen=True)
class Winner:
    """A confirmed decision as the evening tells it."""

    decision_id: int
    entry_id: int
    entrant: str
    city: str = ""
    country: str = ""
    project: str = ""
    citation: str = ""
    pronunciation: str = ""  # the finalist's hint from their reply
    receiver: str = ""  # who walks on stage to receive it (from the reply)
    receiver_title: str = ""
    has_image: bool = False
    invited: bool = False  # the finalist has an invitation to the ceremony
    replied: bool = False  # and answered it (``attending`` says how)
    attending: bool | None = None


@dataclass(frozen=True)
class AwardInfo:
    id: int
    name: str
    tier: str = ""
    category: str = ""
    category_id: int | None = None
    seats: int = 1
    from_finalists: bool = True
    winners: tuple[Winner, ...] = ()


@dataclass(frozen=True)
class Item:
    id: int
    starts_at: datetime
    minutes: int
    title: str
    kind: str
    description: str = ""
    notes: str = ""
    presenters: tuple[Person, ...] = ()
    award_ids: tuple[int, ...] = ()

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Cue:
    key: str  # stable while the programme and the decisions stay the same
    kind: str
    at: datetime  # the planned time (the item's start)
    item: Item
    award: AwardInfo | None = None
    nominees: tuple[Nominee, ...] = ()
    winner: Winner | None = None
    number: int = 0  # 1-based position of this winner among the award's winners
    problems: tuple[str, ...] = field(default=())

    @property
    def ready(self) -> bool:
        """Whether the reveal may show this cue."""
        return self.kind != CueKind.MISSING

    @property
    def presenters(self) -> tuple[Person, ...]:
        return self.item.presenters


class Problem:
    """What the script flags (the messages are the caller's to translate)."""

    NO_DECISION = "no_decision"  # an award presented with no confirmed decision
    SEATS_OPEN = "seats_open"  # fewer confirmed winners than the award's seats
    UNKNOWN_AWARD = "unknown_award"  # an item names an award that is not the edition's


def build(items: Iterable[Item], awards: Mapping[int, AwardInfo],
          finalists: Mapping[int, list[Nominee]]) -> list[Cue]:
    """The cues of the show. ``items`` in programme order; ``awards`` by id with their confirmed
    winners; ``finalists`` by category id, in the order the nominees are read out."""
    cues: list[Cue] = []
    revealed: set[int] = set()  # entries already shown as winners earlier in the show
    for item in items:
        cues.append(Cue(key=f"item:{item.id}", kind=CueKind.TITLE, at=item.starts_at, item=item))
        if item.kind != AWARD_ITEM:
            continue
        for award_id in item.award_ids:
            award = awards.get(award_id)
            if award is None:
                continue
            if award.from_finalists and award.category_id is not None:
                nominees = tuple(n for n in finalists.get(award.category_id, ())
                                 if n.entry_id not in revealed)
                if nominees:
                    cues.append(Cue(key=f"nominees:{item.id}:{award.id}",
                                    kind=CueKind.NOMINEES, at=item.starts_at, item=item,
                                    award=award, nominees=nominees))
            if not award.winners:
                cues.append(Cue(key=f"missing:{item.id}:{award.id}", kind=CueKind.MISSING,
                                at=item.starts_at, item=item, award=award,
                                problems=(Problem.NO_DECISION,)))
                continue
            open_seats = (Problem.SEATS_OPEN,) if len(award.winners) < award.seats else ()
            for number, winner in enumerate(award.winners, start=1):
                cues.append(Cue(key=f"winner:{item.id}:{winner.decision_id}",
                                kind=CueKind.WINNER, at=item.starts_at, item=item, award=award,
                                winner=winner, number=number, problems=open_seats))
                revealed.add(winner.entry_id)
    return cues


def unpresented(items: Iterable[Item], awards: Mapping[int, AwardInfo]) -> list[AwardInfo]:
    """Awards no programme item presents (the script would miss them)."""
    named = {award_id for item in items if item.kind == AWARD_ITEM for award_id in item.award_ids}
    return [award for award_id, award in awards.items() if award_id not in named]


def find(cues: list[Cue], key: str) -> int | None:
    """The index of the cue with ``key``, if it is still in the show."""
    for index, cue in enumerate(cues):
        if cue.key == key:
            return index
    return None
