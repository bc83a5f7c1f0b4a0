"""Where the live reveal stands, as the operator's console and the screens read it.

The edition has one ``RevealState`` row per mode (rehearsal, live). Every change of either row
takes a ``version`` one above the highest of the two, so the row with the highest version is
the one the operator used last: **the screens follow the mode the operator last used** (a
rehearsal started after the live show took the screens with it; going live takes them back).
The state's ``token`` (``live-12``) is what a screen sends when it polls: an unchanged token
costs one query and an empty answer.

What a screen may show is the current cue and nothing after it (``ceremony.show`` reads every
cue, winners included: only staff code calls it, and only the current cue leaves this module
for a screen). The position is kept twice: the cue's key (``cue_key``), which survives an edit
of the programme, and its index (``position``), which says where to go on when that cue is no
longer in the show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone

from prize.models import Edition

from . import cues as pure
from .enums import RevealMode
from .models import RevealState, ScreenLink, token_digest

NOT_STARTED = "none-0"  # the token of an edition whose reveal never ran


@dataclass(frozen=True)
class Pointer:
    """The state of the mode the screens follow, without its cues (one query)."""

    mode: str
    version: int
    position: int
    cue_key: str
    blackout: bool

    @property
    def token(self) -> str:
        return f"{self.mode}-{self.version}"

    @property
    def started(self) -> bool:
        return bool(self.cue_key)


def pointer(rows: list[RevealState]) -> Pointer:
    """The state the screens follow among the edition's rows (the highest version; a
    rehearsal before anything ran)."""
    if not rows:
        return Pointer(mode=RevealMode.REHEARSAL, version=0, position=0, cue_key="",
                       blackout=False)
    row = max(rows, key=lambda r: (r.version, r.mode == RevealMode.REHEARSAL))
    return Pointer(mode=row.mode, version=row.version, position=row.position,
                   cue_key=row.cue_key, blackout=row.blackout)


def pointer_of(edition: Edition | int) -> Pointer:
    """One query: what the screens of the edition follow."""
    edition_id = getattr(edition, "pk", edition)
    return pointer(list(RevealState.objects.filter(edition_id=edition_id).only(
        "mode", "version", "position", "cue_key", "blackout")))


@dataclass(frozen=True)
class Stage:
    """The pointer resolved against the show's cues."""

    pointer: Pointer
    cues: list[pure.Cue] = field(repr=False)
    index: int | None  # the current cue's index; None before the start or when it is gone

    @property
    def mode(self) -> str:
        return self.pointer.mode

    @property
    def token(self) -> str:
        return self.pointer.token

    @property
    def blackout(self) -> bool:
        return self.pointer.blackout

    @property
    def started(self) -> bool:
        return self.pointer.started

    @property
    def lost(self) -> bool:
        """The current cue is no longer in the show (the programme or a decision changed)."""
        return self.started and self.index is None

    @property
    def cue(self) -> pure.Cue | None:
        return self.cues[self.index] if self.index is not None else None

    @property
    def next_index(self) -> int:
        """Where "next" goes: the first cue before the start; where the current cue stood
        when it is gone (the cue that took its place); the one after it otherwise."""
        if not self.started:
            return 0
        if self.index is None:
            return min(self.pointer.position, len(self.cues))
        return self.index + 1

    @property
    def previous_index(self) -> int:
        if not self.started:
            return -1
        if self.index is None:
            return min(self.pointer.position, len(self.cues)) - 1
        return self.index - 1

    @property
    def next_cue(self) -> pure.Cue | None:
        """What "next" would show: for the operator only."""
        n = self.next_index
        return self.cues[n] if 0 <= n < len(self.cues) else None

    @property
    def shown(self) -> pure.Cue | None:
        """What the screens show: the current cue, unless they are blacked out."""
        return None if self.blackout else self.cue

    def revealed(self, index: int) -> bool:
        """Whether the cue at ``index`` is at or before the operator's position (the screens
        may have shown it). Before the start, or when the current cue is gone, nothing after
        the last position is."""
        if not self.started:
            return False
        last = self.index if self.index is not None else self.previous_index
        return 0 <= index <= last


def stage_of(edition: Edition | int, *, at: Pointer | None = None,
             cues: list[pure.Cue] | None = None) -> Stage:
    """The edition's stage: its pointer (``at``, or read now) and its cues (read now unless
    given), the pointer's cue found by its key."""
    from .show import show_cues

    at = at or pointer_of(edition)
    cues = show_cues(edition) if cues is None else cues
    index = pure.find(cues, at.cue_key) if at.cue_key else None
    return Stage(pointer=at, cues=cues, index=index)


def screen_link_for(token: str) -> ScreenLink | None:
    """The screen link that ``token`` opens (not revoked), or None. One query."""
    if not token or len(token) > 100:
        return None
    return (ScreenLink.objects.filter(token_digest=token_digest(token), revoked_at__isnull=True)
            .only("pk", "edition_id", "last_seen_at", "label").first())


def screen_poll(token: str) -> tuple[ScreenLink, Pointer] | None:
    """For a screen link's poll: the link (not revoked) and the pointer of its edition, in one
    query (the link joined to its edition's state rows); None for an unknown or revoked token.
    Plain SQL: this runs for every screen every second, and building the ORM's query cost as
    much as running it."""
    if not token or len(token) > 100:
        return None
    link_table = connection.ops.quote_name(ScreenLink._meta.db_table)
    state_table = connection.ops.quote_name(RevealState._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.id, l.edition_id, l.last_seen_at, s.mode, s.version, s.position, "  # noqa: S608
            f"s.cue_key, s.blackout FROM {link_table} l LEFT JOIN {state_table} s "
            f"ON s.edition_id = l.edition_id "
            f"WHERE l.token_digest = %s AND l.revoked_at IS NULL",
            [token_digest(token)])
        rows = cursor.fetchall()
    if not rows:
        return None
    link_id, edition_id, seen = rows[0][:3]
    if isinstance(seen, str):  # SQLite without a converter
        seen = datetime.fromisoformat(seen)
    if seen is not None and timezone.is_naive(seen):
        seen = timezone.make_aware(seen, UTC)
    link = ScreenLink(pk=link_id, edition_id=edition_id, last_seen_at=seen)
    states = [RevealState(edition_id=edition_id, mode=mode, version=version, position=position,
                          cue_key=cue_key, blackout=bool(blackout))
              for _l, _e, _s, mode, version, position, cue_key, blackout in rows
              if mode is not None]
    return link, pointer(states)
