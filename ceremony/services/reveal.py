"""The live reveal: the operator's steps, the rehearsal and the live run, the screen links.

Every step runs in one transaction that locks the edition's two ``RevealState`` rows
(``select_for_update``) and compares the version the operator's console showed
(``expected``, the state's token) with the current one: two operators pressing "next" at once
make one step; the second gets ``RevealMovedOn`` (the show has moved on) with the state as it
now is. A refused step (past the last cue, before the first, a cue with no confirmed decision)
raises ``CeremonyError`` and changes nothing.

In the live run, when the edition's ceremony publishes "as revealed", showing an award's last
winner publishes that award: ``Award.revealed_at`` is set, and the public winners pages show
it (``ceremony.selectors`` decides). A rehearsal never does: it touches its own state row and
the audit log, nothing any public page, e-mail or dashboard reads.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prize.inputs import clean_text
from prize.models import Edition, User
from prize.services import audit

from .. import cues as pure
from .. import reveal as stage
from ..enums import RevealMode
from ..models import Award, Ceremony, RevealState, ScreenLink, token_digest
from .results import CeremonyError, _check_secretariat, _check_staff

__all__ = [
    "RevealMovedOn",
    "SCREEN_LINKS_MAX",
    "SEEN_EVERY",
    "reveal_blackout",
    "reveal_go_live",
    "reveal_jump",
    "reveal_next",
    "reveal_previous",
    "reveal_rehearse",
    "screen_link_create",
    "screen_link_revoke",
    "screen_link_seen",
]

SCREEN_LINKS_MAX = 50  # a venue has a few screens; also bounds the console's list
SEEN_EVERY = 15  # seconds: how often a polling screen link records that it was seen


class RevealMovedOn(CeremonyError):
    """The console showed an older state: someone else moved the show on first."""

    def __init__(self, current: stage.Stage):
        super().__init__(_("The show has moved on: someone else changed it first. This is "
                           "where it stands now; nothing was changed."))
        self.stage = current


def _locked(edition: Edition) -> list[RevealState]:
    """The edition's two state rows (made on first use), locked in a fixed order."""
    RevealState.objects.bulk_create(
        [RevealState(edition=edition, mode=mode, blackout=False) for mode in RevealMode.values],
        ignore_conflicts=True)
    return list(RevealState.objects.select_for_update().filter(edition=edition)
                .order_by("mode"))


def _row(rows: list[RevealState], mode: str) -> RevealState:
    return next(r for r in rows if r.mode == mode)


def _begin(edition: Edition, by: User | None, expected: str):
    """Lock, check the console's version; return the rows, the current stage and the row
    the screens follow."""
    _check_staff(by, edition)
    rows = _locked(edition)
    current = stage.stage_of(edition, at=stage.pointer(rows))
    if expected != current.token:
        raise RevealMovedOn(current)
    return rows, current, _row(rows, current.mode)


def _save(rows: list[RevealState], row: RevealState, by: User | None, **changes) -> None:
    for key, value in changes.items():
        setattr(row, key, value)
    row.version = max(r.version for r in rows) + 1
    row.updated_by = by if by is not None and by.pk else None
    row.save()


def _label(cue: pure.Cue) -> str:
    """A cue as the operator's messages name it."""
    if cue.award is not None:
        return f"{cue.item.title}: {cue.award.name}"
    return cue.item.title


def _go(edition: Edition, by: User | None, expected: str, target, *, action: str
        ) -> stage.Stage:
    """Move the followed state to the cue at ``target(current)``."""
    with transaction.atomic():
        rows, current, row = _begin(edition, by, expected)
        cues = current.cues
        if not cues:
            raise CeremonyError(_("The show has no cues yet: the programme is empty."))
        index = target(current)
        if index >= len(cues):
            raise CeremonyError(_("This is the last cue: there is nothing after it. Nothing "
                                  "was changed."))
        if index < 0:
            raise CeremonyError(_("This is the first cue: there is nothing before it. Nothing "
                                  "was changed."))
        cue = cues[index]
        if not cue.ready:
            raise CeremonyError(_(
                "“%(cue)s” has no confirmed decision: the screens cannot show it. Jump past "
                "it, or confirm the award's winners first.") % {"cue": _label(cue)})
        _save(rows, row, by, position=index, cue_key=cue.key, blackout=False)
        audit(by, f"reveal.{action}", edition, edition=edition,
              after={"mode": row.mode, "cue": cue.key, "position": index,
                     "version": row.version})
        if row.mode == RevealMode.LIVE:
            _publish_if_last_winner(edition, cue, by)
        return stage.stage_of(edition, at=stage.pointer(rows), cues=cues)


def _publish_if_last_winner(edition: Edition, cue: pure.Cue, by: User | None) -> None:
    """The live run showed the award's last winner: publish that award, when the edition's
    ceremony publishes as revealed (once: a second showing changes nothing)."""
    if cue.kind != pure.CueKind.WINNER or cue.award is None:
        return
    if cue.number != len(cue.award.winners):
        return
    if not Ceremony.objects.filter(edition=edition, publish_as_revealed=True).exists():
        return
    award = Award.objects.filter(pk=cue.award.id, edition=edition,
                                 revealed_at__isnull=True).first()
    if award is None:
        return
    Award.objects.filter(pk=award.pk).update(revealed_at=timezone.now())
    audit(by, "award.revealed", award, edition=edition,
          note=_("Shown in the live reveal: public on the winners page."))


def reveal_next(*, edition: Edition, by: User | None, expected: str) -> stage.Stage:
    """Show the next cue (the first one when the show has not started)."""
    return _go(edition, by, expected, lambda s: s.next_index, action="next")


def reveal_previous(*, edition: Edition, by: User | None, expected: str) -> stage.Stage:
    """Show the cue before the current one."""
    return _go(edition, by, expected, lambda s: s.previous_index, action="previous")


def reveal_jump(*, edition: Edition, by: User | None, expected: str, key: str) -> stage.Stage:
    """Show the cue ``key`` (the operator may jump past a cue that cannot be shown)."""
    def target(current: stage.Stage) -> int:
        index = pure.find(current.cues, key) if key else None
        if index is None:
            raise CeremonyError(_("That cue is no longer in the show. Nothing was changed."))
        return index

    return _go(edition, by, expected, target, action="jump")


def reveal_blackout(*, edition: Edition, by: User | None, expected: str, on: bool
                    ) -> stage.Stage:
    """Black the screens out (``on``) or show the current cue again."""
    with transaction.atomic():
        rows, current, row = _begin(edition, by, expected)
        if row.blackout != bool(on):
            _save(rows, row, by, blackout=bool(on))
            audit(by, "reveal.blackout" if on else "reveal.lights", edition, edition=edition,
                  after={"mode": row.mode, "version": row.version})
        return stage.stage_of(edition, at=stage.pointer(rows), cues=current.cues)


def reveal_rehearse(*, edition: Edition, by: User | None, expected: str,
                    confirmed: bool = False) -> stage.Stage:
    """Start a rehearsal from the beginning (or start it again): the screens follow it,
    showing the edition's name until the first "next". Taking the screens off a live show
    that has begun needs ``confirmed``."""
    with transaction.atomic():
        rows, current, _followed = _begin(edition, by, expected)
        if current.mode == RevealMode.LIVE and current.started and not confirmed:
            raise CeremonyError(_("The screens follow the live show. Confirm that they leave "
                                  "it for a rehearsal."))
        row = _row(rows, RevealMode.REHEARSAL)
        _save(rows, row, by, position=0, cue_key="", blackout=False)
        audit(by, "reveal.rehearse", edition, edition=edition,
              after={"mode": row.mode, "version": row.version})
        return stage.stage_of(edition, at=stage.pointer(rows), cues=current.cues)


def reveal_go_live(*, edition: Edition, by: User | None, expected: str,
                   confirmed: bool = False) -> stage.Stage:
    """The screens follow the live show, after a confirmation: from its start (the edition's
    name) or, when it had begun, where it stood, blacked out until the operator goes on. From
    now on, with publication "as revealed", each award's last winner shown
    is public."""
    if not confirmed:
        raise CeremonyError(_("Confirm that the screens go live: the audience sees what "
                              "they show."))
    with transaction.atomic():
        rows, current, _followed = _begin(edition, by, expected)
        if current.mode == RevealMode.LIVE:
            raise CeremonyError(_("The screens already follow the live show."))
        row = _row(rows, RevealMode.LIVE)
        _save(rows, row, by, blackout=bool(row.cue_key))
        audit(by, "reveal.live", edition, edition=edition,
              after={"mode": row.mode, "version": row.version, "cue": row.cue_key})
        return stage.stage_of(edition, at=stage.pointer(rows), cues=current.cues)


# --- Screen links -------------------------------------------------------------------------------


def screen_link_create(*, edition: Edition, by: User | None, label: str
                       ) -> tuple[ScreenLink, str]:
    """A link for the venue's laptop: returns it and its token, which is shown once to its
    creator and kept only as a digest."""
    label = clean_text(str(label or "")).strip()
    if not label:
        raise CeremonyError(_("Name the screen (for example “Main hall, left”)."))
    if len(label) > 100:
        raise CeremonyError(_("A screen's name has at most 100 characters (this one has "
                              "%(count)d).") % {"count": len(label)})
    with transaction.atomic():
        _check_secretariat(by, edition)
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        if ScreenLink.objects.filter(edition=edition, revoked_at__isnull=True).count() \
                >= SCREEN_LINKS_MAX:
            raise CeremonyError(_("An edition has at most %(max)d screen links: revoke one "
                                  "first.") % {"max": SCREEN_LINKS_MAX})
        RevealState.objects.bulk_create(  # its polls then read link and state in one query
            [RevealState(edition=edition, mode=mode, blackout=False)
             for mode in RevealMode.values], ignore_conflicts=True)
        token = secrets.token_urlsafe(32)
        link = ScreenLink.objects.create(edition=edition, label=label,
                                         token_digest=token_digest(token),
                                         created_by=by if by is not None and by.pk else None)
        audit(by, "reveal.screen_link.create", link, edition=edition,
              after={"label": label})
    return link, token


def screen_link_revoke(*, edition: Edition, by: User | None, link: ScreenLink) -> ScreenLink:
    """The link stops working: the screen that uses it goes dark at its next poll."""
    with transaction.atomic():
        _check_secretariat(by, edition)
        link = ScreenLink.objects.select_for_update().get(pk=link.pk, edition=edition)
        if link.revoked_at is not None:
            raise CeremonyError(_("“%(label)s” was already revoked.") % {"label": link.label})
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit(by, "reveal.screen_link.revoke", link, edition=edition,
              after={"label": link.label})
    return link


def screen_link_seen(link: ScreenLink) -> None:
    """Record that a screen polled with ``link`` (at most every ``SEEN_EVERY`` seconds: one
    small write, not one per poll)."""
    now = timezone.now()
    if link.last_seen_at is not None and (now - link.last_seen_at).total_seconds() < SEEN_EVERY:
        return
    ScreenLink.objects.filter(pk=link.pk).filter(
        Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=now - timezone.timedelta(
            seconds=SEEN_EVERY))).update(last_seen_at=now)
    link.last_seen_at = now
