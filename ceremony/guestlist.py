"""Reads of the ceremony's invitations and replies: whom the edition invites, until when they
reply, the invitations of an edition with their replies and the venue's totals, the invitation a
reply link opens, and the evening's calendar file (.ics).

The writes (sending, reminding, saving a reply) are ``ceremony.services.invitations``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from entries.enums import EntryStatus
from entries.models import EntrantMember, Entry
from prize.models import Edition, User

from . import selectors
from .enums import DecisionStatus, InvitePool
from .models import Ceremony, Decision, Invitation, ProgrammeItem, token_digest

# Without a programme, the calendar holds the evening for this long.
DEFAULT_LENGTH = timedelta(hours=3)
ICS_TYPE = "text/calendar; charset=utf-8"


def ceremony_of(edition: Edition | int) -> Ceremony:
    """The edition's ceremony details (unsaved defaults when none are kept yet)."""
    edition_id = getattr(edition, "pk", edition)
    found = Ceremony.objects.filter(edition_id=edition_id).first()
    if found is not None:
        return found
    return Ceremony(edition=edition) if isinstance(edition, Edition) else Ceremony(
        edition_id=edition_id)


def reply_deadline(edition: Edition, ceremony: Ceremony | None = None) -> datetime | None:
    """Until when invitees may reply or change their reply: the ceremony's reply date, else the
    ceremony's start; None when neither is set (no limit yet)."""
    ceremony = ceremony if ceremony is not None else ceremony_of(edition)
    return ceremony.reply_by or edition.ceremony_at


def replies_open(edition: Edition, ceremony: Ceremony | None = None, *,
                 at: datetime | None = None) -> bool:
    deadline = reply_deadline(edition, ceremony)
    return deadline is None or (at or timezone.now()) <= deadline


def pool_ids(edition: Edition, ceremony: Ceremony | None = None) -> set[int]:
    """The entries the edition invites: every finalist, or the winners only (confirmed
    decisions); never a withdrawn entry."""
    ceremony = ceremony if ceremony is not None else ceremony_of(edition)
    if ceremony.invite == InvitePool.WINNERS:
        return set(
            Decision.objects.filter(award__edition=edition, status=DecisionStatus.CONFIRMED)
            .exclude(entry__status=EntryStatus.WITHDRAWN)
            .values_list("entry_id", flat=True)
        )
    return selectors.finalist_ids(edition)


def invitations_of(edition: Edition) -> QuerySet[Invitation]:
    """The edition's invitations with what a list shows of them, in category and reference
    order (one query, whatever the number of invitations or guests)."""
    return (
        Invitation.objects.filter(edition=edition)
        .select_related("entry__entrant", "entry__category", "replied_by")
        .defer("entry__answers")
        .order_by("entry__category__order", "entry__category_id",
                  F("entry__reference").asc(nulls_last=True), "pk")
    )


def is_open(invitation: Invitation) -> bool:
    """A reply link works while its entry is in the running (a withdrawn entry's is revoked)."""
    return invitation.entry.status != EntryStatus.WITHDRAWN


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a reply link opens; None for a wrong, guessed or replaced link, or an
    entry withdrawn since."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("edition", "entry__entrant", "entry__category")
        .defer("entry__answers")
        .filter(token_digest=token_digest(token))
        .first()
    )
    return invitation if invitation is not None and is_open(invitation) else None


def invitation_for_member(user: User, pk: int) -> Invitation | None:
    """The invitation ``pk`` if ``user`` belongs to the invited entrant (their dashboard's way
    in, without the e-mail's link); None otherwise."""
    if not (user and user.is_authenticated):
        return None
    invitation = (
        Invitation.objects.select_related("edition", "entry__entrant", "entry__category")
        .defer("entry__answers")
        .filter(pk=pk, entry__entrant__members__user=user)
        .first()
    )
    return invitation if invitation is not None and is_open(invitation) else None


def invitations_for_entries(entries: list[Entry]) -> list[Invitation]:
    """The open invitations of ``entries`` (the entrant's dashboard), with their editions' ceremony
    details; a few queries whatever their number."""
    ids = [e.pk for e in entries]
    if not ids:
        return []
    rows = list(
        Invitation.objects.filter(entry_id__in=ids)
        .exclude(entry__status=EntryStatus.WITHDRAWN)
        .select_related("edition", "edition__ceremony", "entry")
        .defer("entry__answers")
        .order_by("-edition__year", "pk")
    )
    return rows


def members_by_entrant(entrant_ids) -> dict[int, list[User]]:
    """The people of each entrant who receive its e-mails (one query)."""
    people: dict[int, list[User]] = {}
    for member in (EntrantMember.objects.filter(entrant_id__in=list(entrant_ids))
                   .select_related("user").order_by("pk")):
        if member.user.is_active:
            people.setdefault(member.entrant_id, []).append(member.user)
    return people


# --- The venue's totals -------------------------------------------------------------------------


@dataclass
class Totals:
    invited: int = 0
    replied: int = 0
    attending: int = 0
    declined: int = 0
    waiting: int = 0
    people: int = 0  # on stage and in the hall: each attending entry's recipient and guests
    guests: int = 0
    accessibility: int = 0  # attending entries that named an accessibility need
    dietary: int = 0
    withdrawn: int = 0


def totals(invitations: list[Invitation]) -> Totals:
    out = Totals()
    for invitation in invitations:
        if not is_open(invitation):
            out.withdrawn += 1
            continue
        out.invited += 1
        if invitation.replied_at is None:
            out.waiting += 1
            continue
        out.replied += 1
        if invitation.attending:
            out.attending += 1
            out.guests += len(invitation.guests or [])
            out.people += 1 + len(invitation.guests or [])
            out.accessibility += bool(invitation.accessibility.strip())
            out.dietary += bool(invitation.dietary.strip())
        else:
            out.declined += 1
    return out


def state_of(invitation: Invitation) -> str:
    """waiting | attending | declined | withdrawn."""
    if not is_open(invitation):
        return "withdrawn"
    if invitation.replied_at is None:
        return "waiting"
    return "attending" if invitation.attending else "declined"


# --- The calendar file --------------------------------------------------------------------------


def ceremony_ends(edition: Edition) -> datetime | None:
    """When the evening ends: its last programme item's end, else three hours after it starts."""
    if edition.ceremony_at is None:
        return None
    ends = [starts + timedelta(minutes=minutes) for starts, minutes in
            ProgrammeItem.objects.filter(edition=edition).values_list("starts_at", "duration")]
    last = max(ends, default=None)
    return last if last and last > edition.ceremony_at else edition.ceremony_at + DEFAULT_LENGTH


def ics_filename(edition: Edition) -> str:
    import re

    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", edition.short_name or edition.slug).strip("-")
    return f"{stem or 'ceremony'}-ceremony.ics"


def ics_bytes(edition: Edition, ceremony: Ceremony | None = None) -> bytes:
    """The evening as an iCalendar file (RFC 5545): one event in the edition's time zone, with
    its venue, address and map link, and the confidentiality line. Its UID is the edition's, so
    a second file (the details changed) updates the same calendar entry."""
    from icalendar import Calendar, Event, vText

    ceremony = ceremony if ceremony is not None else ceremony_of(edition)
    if edition.ceremony_at is None:
        raise ValueError("The edition has no ceremony date.")
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Ceremony//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"ceremony-{edition.slug}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("sequence", int(ceremony.updated_at.timestamp()) if ceremony.updated_at else 0)
    event.add("dtstart", edition.local(edition.ceremony_at))
    event.add("dtend", edition.local(ceremony_ends(edition)))
    event.add("summary", _("%(edition)s: the ceremony") % {"edition": edition.name})
    location = ", ".join(part for part in [edition.ceremony_venue,
                                           " ".join(ceremony.address.split())] if part)
    if location:
        event.add("location", vText(location))
    lines = [_("Confidential until the announcement: please keep the news to yourselves until "
               "the results are announced at the ceremony.")]
    if ceremony.description:
        lines.append(ceremony.description)
    if ceremony.map_url:
        lines.append(_("Map: %(url)s") % {"url": ceremony.map_url})
    event.add("description", "\n\n".join(lines))
    if ceremony.map_url:
        event.add("url", ceremony.map_url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_attachment(*, edition: int):
    """The outbox's attachment kind ``ceremony.ics`` (registered in ``CeremonyConfig.ready``):
    made when the e-mail leaves, from the edition's details at that moment."""
    from prize.outbox import Attachment

    found = Edition.objects.get(pk=edition)
    return Attachment(filename=ics_filename(found), content=ics_bytes(found), mimetype=ICS_TYPE)
