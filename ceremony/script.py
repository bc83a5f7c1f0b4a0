"""The MC's script (run of show): every cue of the evening in order, as the MC and the stage
manager read it, with what is wrong flagged where it is.

Made from ``ceremony.show.show_cues`` (the programme, the confirmed decisions, the finalists and
their replies, read in a fixed number of queries) each time it is asked for, so it follows every
decision and reply as it changes. Staff only: it names every winner before the announcement.
The staff page (``ceremony/views/staff/script.py``) and the PDF (``ceremony/script_pdf.py``)
both render a ``Script``. Strings are in the active language, times in the edition's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prize.models import Edition

from . import cues as pure
from .enums import ItemKind
from .models import Ceremony
from .show import awards as show_awards
from .show import finalists as show_finalists
from .show import programme as show_programme


@dataclass(frozen=True)
class Flag:
    """Something the secretariat should sort out before the evening."""

    code: str
    message: str


class FlagCode:
    NO_DECISION = pure.Problem.NO_DECISION
    SEATS_OPEN = pure.Problem.SEATS_OPEN
    NOT_INVITED = "not_invited"
    NO_REPLY = "no_reply"
    NOT_ATTENDING = "not_attending"
    NO_RECEIVER = "no_receiver"
    NO_PRESENTER = "no_presenter"
    NO_AWARD = "no_award"


@dataclass(frozen=True)
class Sheet:
    """One cue as printed: a sheet of its own."""

    number: int
    cue: pure.Cue
    starts: str  # "19:05", in the edition's time zone
    ends: str
    kind_label: str
    heading: str
    award_detail: str = ""  # "Tier: Gold · Category: Tech-InnovaCity"
    receiver: str = ""  # who walks on stage to receive the prize ("" when not told yet)
    receiver_title: str = ""
    flags: tuple[Flag, ...] = ()

    @property
    def anchor(self) -> str:
        return f"cue-{self.number}"

    @property
    def item(self) -> pure.Item:
        return self.cue.item

    @property
    def first_of_item(self) -> bool:
        """The item's title card: where its description and notes are printed."""
        return self.cue.kind == pure.CueKind.TITLE


@dataclass
class Script:
    edition: Edition
    ceremony: Ceremony | None
    sheets: list[Sheet]
    unpresented: list[pure.AwardInfo]
    generated_at: datetime  # in the edition's time zone
    time_zone: str
    flags: list[Flag] = field(default_factory=list)  # for the whole show (top of the script)

    @property
    def flagged(self) -> list[Sheet]:
        return [sheet for sheet in self.sheets if sheet.flags]

    @property
    def problem_count(self) -> int:
        return len(self.flags) + len(self.unpresented) + sum(len(s.flags) for s in self.flagged)

    @property
    def winners(self) -> int:
        return sum(1 for s in self.sheets if s.cue.kind == pure.CueKind.WINNER)


def _hm(edition: Edition, moment: datetime) -> str:
    return formats.time_format(edition.local(moment), "H:i")


def award_detail(award: pure.AwardInfo) -> str:
    parts = []
    if award.tier:
        parts.append(_("Tier: %(tier)s") % {"tier": award.tier})
    if award.category:
        parts.append(_("Category: %(category)s") % {"category": award.category})
    else:
        parts.append(_("Chosen from any eligible entry") if not award.from_finalists
                     else _("No category"))
    return " · ".join(parts)


def _kind_label(cue: pure.Cue) -> str:
    if cue.kind == pure.CueKind.TITLE:
        try:
            return str(ItemKind(cue.item.kind).label)
        except ValueError:
            return cue.item.kind
    if cue.kind == pure.CueKind.NOMINEES:
        return _("Nominees")
    if cue.kind == pure.CueKind.WINNER:
        seats = len(cue.award.winners) if cue.award else 1
        if seats > 1:
            return _("Joint winner %(number)d of %(count)d") % {"number": cue.number,
                                                               "count": seats}
        return _("Winner")
    return _("No confirmed winner")


def _heading(cue: pure.Cue) -> str:
    if cue.kind == pure.CueKind.TITLE or cue.award is None:
        return cue.item.title
    if cue.kind == pure.CueKind.NOMINEES:
        return _("The nominees for %(award)s") % {"award": cue.award.name}
    if cue.kind == pure.CueKind.WINNER:
        return _("%(award)s: %(winner)s") % {"award": cue.award.name,
                                              "winner": cue.winner.entrant}
    return cue.award.name


def _winner_flags(winner: pure.Winner) -> list[Flag]:
    if not winner.invited:
        return [Flag(FlagCode.NOT_INVITED, _(
            "Not invited to the ceremony yet: nobody has said who receives the prize."))]
    if not winner.replied:
        return [Flag(FlagCode.NO_REPLY, _(
            "No reply to the invitation yet: who receives the prize and how to say the name "
            "are not known."))]
    if winner.attending is False:
        return [Flag(FlagCode.NOT_ATTENDING, _(
            "The finalist replied that nobody will attend: decide who receives the prize on "
            "their behalf."))]
    if not winner.receiver:
        return [Flag(FlagCode.NO_RECEIVER, _(
            "The reply names nobody to receive the prize on stage."))]
    return []


def _flags(cue: pure.Cue) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    if pure.Problem.NO_DECISION in cue.problems:
        flags.append(Flag(FlagCode.NO_DECISION, _(
            "No confirmed winner: the reveal will refuse this cue.")))
    if pure.Problem.SEATS_OPEN in cue.problems and cue.award is not None:
        flags.append(Flag(FlagCode.SEATS_OPEN, ngettext(
            "Only %(confirmed)d of %(seats)d winner confirmed for this award.",
            "Only %(confirmed)d of %(seats)d winners confirmed for this award.",
            cue.award.seats) % {"confirmed": len(cue.award.winners),
                                "seats": cue.award.seats}))
    if cue.kind == pure.CueKind.WINNER and cue.winner is not None:
        flags.extend(_winner_flags(cue.winner))
    if cue.kind == pure.CueKind.TITLE and cue.item.kind == ItemKind.AWARD:
        if not cue.item.award_ids:
            flags.append(Flag(FlagCode.NO_AWARD, _(
                "This award presentation names no award: nothing is revealed in it.")))
        if not cue.item.presenters:
            flags.append(Flag(FlagCode.NO_PRESENTER, _(
                "Nobody is named to hand the awards over.")))
    return tuple(flags)


def sheets_of(edition: Edition, cues: list[pure.Cue]) -> list[Sheet]:
    out = []
    for number, cue in enumerate(cues, start=1):
        winner = cue.winner
        out.append(Sheet(
            number=number, cue=cue, starts=_hm(edition, cue.at),
            ends=_hm(edition, cue.item.ends_at), kind_label=_kind_label(cue),
            heading=_heading(cue),
            award_detail=award_detail(cue.award) if cue.award else "",
            receiver=winner.receiver if winner and winner.attending is not False else "",
            receiver_title=winner.receiver_title if winner and winner.receiver else "",
            flags=_flags(cue)))
    return out


def script(edition: Edition) -> Script:
    """The edition's script as it stands now."""
    items = show_programme(edition)
    awards = show_awards(edition)
    cues = pure.build(items, awards, show_finalists(edition))
    flags = []
    if not items:
        flags.append(Flag("no_programme", _(
            "The programme has no items yet: the script is empty.")))
    return Script(
        edition=edition,
        ceremony=Ceremony.objects.filter(edition=edition).first(),
        sheets=sheets_of(edition, cues),
        unpresented=pure.unpresented(items, awards),
        generated_at=edition.local(timezone.now()),
        time_zone=edition.time_zone,
        flags=flags,
    )

