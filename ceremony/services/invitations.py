"""The ceremony's invitations and their replies: each one transition, audited, writing its
e-mails to the outbox.

* ``invitations_send``: the secretariat invites the edition's pool (every finalist, or the
  winners only) by e-mail, one invitation per entry: sending again invites only entries not yet
  invited (new finalists), nobody twice.
* ``invitation_remind``: one reminder per click to the entries that have not replied.
* ``reply_save``: attending or not, who receives the prize on stage, guests by name (at most the
  ceremony's number), accessibility and dietary needs, how to say the name; changeable until the
  reply deadline, refused after it.

A reply link is a credential: its token comes from ``secrets``, only its digest is stored, and
it travels in the outbox's sealed values, so staff never read it. A reminder carries a new link
(the old one stops working): the only way to send a working link again without keeping one.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from entries.models import Entry
from prize.formats import moment
from prize.inputs import clean_text
from prize.models import Edition, Notification, User
from prize.outbox import ATTACHMENTS_KEY, attachment, notify
from prize.services import audit

from .. import guestlist
from ..models import Ceremony, Invitation, token_digest
from .results import CeremonyError, _check_secretariat

__all__ = [
    "INVITATION_TEMPLATE",
    "REMINDER_TEMPLATE",
    "REPLY_FIELDS",
    "invitation_remind",
    "invitations_send",
    "reply_save",
    "reply_validate",
]

INVITATION_TEMPLATE = "ceremony/invitation"
REMINDER_TEMPLATE = "ceremony/invitation_reminder"

# What a reply holds (the Invitation's fields), and their limits.
REPLY_FIELDS = ["attending", "recipient_name", "recipient_title", "pronunciation", "guests",
                "accessibility", "dietary"]
NAME_MAX = 200
NEEDS_MAX = 1000


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def _email_context(edition: Edition, ceremony: Ceremony, entry: Entry) -> dict:
    """The plain values of an invitation or a reminder (no link that opens anything)."""
    deadline = guestlist.reply_deadline(edition, ceremony)
    return {
        "edition": edition.name,
        "reference": entry.reference or "",
        "title": entry.title,
        "entrant": entry.entrant.name,
        "ceremony_at": edition.ceremony_at,
        "ceremony_venue": edition.ceremony_venue,
        "address": ceremony.address,
        "map_url": ceremony.map_url,
        "reply_by": deadline,
        "max_guests": ceremony.max_guests,
        "time_zone": edition.time_zone,
        "dashboard_path": reverse("entries:dashboard"),
        ATTACHMENTS_KEY: [attachment("ceremony.ics", edition=edition.pk)],
    }


def _reply_path(token: str) -> str:
    return reverse("ceremony:reply", args=[token])


def _check_can_invite(edition: Edition, ceremony: Ceremony) -> None:
    if edition.ceremony_at is None:
        raise CeremonyError(_("Set the ceremony's date and time first: the invitation gives "
                              "them."))
    if not guestlist.replies_open(edition, ceremony):
        raise CeremonyError(_("The reply deadline has passed. Move it later on the ceremony "
                              "page first."))


def invitations_send(*, edition: Edition, by: User | None) -> list[Invitation]:
    """Invite every entry of the edition's pool not invited yet: one invitation per entry, an
    e-mail to each of its entrant's people. Returns the new invitations (none when everyone is
    invited already). Two sends at once invite each entry once (the edition's row is locked)."""
    with transaction.atomic():
        _check_secretariat(by, edition)
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        ceremony = guestlist.ceremony_of(edition)
        _check_can_invite(edition, ceremony)
        pool = guestlist.pool_ids(edition, ceremony)
        invited = set(Invitation.objects.filter(edition=edition).values_list("entry_id",
                                                                               flat=True))
        wanted = sorted(pool - invited)
        if not pool:
            raise CeremonyError(_("Nobody to invite yet: the edition has no finalists (or no "
                                  "confirmed winners, when it invites the winners only)."))
        if not wanted:
            return []
        entries = list(Entry.objects.filter(pk__in=wanted).select_related("entrant")
                       .defer("answers").order_by("pk"))
        people = guestlist.members_by_entrant({e.entrant_id for e in entries})
        tokens: dict[int, str] = {}
        rows = []
        for entry in entries:
            token, digest = _new_token()
            tokens[entry.pk] = token
            rows.append(Invitation(edition=edition, entry=entry, token_digest=digest, sent_by=by))
        Invitation.objects.bulk_create(rows)
        made = list(Invitation.objects.filter(edition=edition, entry_id__in=wanted)
                    .select_related("entry__entrant").order_by("pk"))
        for invitation in made:
            entry = invitation.entry
            context = _email_context(edition, ceremony, entry)
            for user in people.get(entry.entrant_id, []):
                notify(user, INVITATION_TEMPLATE, context, edition=edition,
                       key=f"ceremony-invitation:{invitation.pk}:{user.pk}",
                       secrets={"reply_path": _reply_path(tokens[entry.pk])})
        audit(by, "invitation.send", edition, edition=edition, after={
            "invite": ceremony.invite,
            "entries": [i.entry.reference or str(i.entry_id) for i in made],
        })
    return made


def invitation_remind(*, edition: Edition, by: User | None,
                      invitations: list[Invitation] | None = None,
                      click: str | None = None) -> int:
    """Remind the invited entries that have not replied (all of them, or those of
    ``invitations``): one reminder each per click, with a new reply link. ``click`` names the
    click (the form's own id): the same click sent twice (a double submit) reminds once.
    Returns how many invitations were reminded."""
    click = (click or uuid.uuid4().hex)[:40]
    with transaction.atomic():
        _check_secretariat(by, edition)
        ceremony = guestlist.ceremony_of(edition)
        _check_can_invite(edition, ceremony)
        rows = (Invitation.objects.select_for_update(of=("self",))
                .filter(edition=edition, replied_at__isnull=True)
                .select_related("entry__entrant").order_by("pk"))
        if invitations is not None:
            rows = rows.filter(pk__in=[i.pk for i in invitations])
        rows = [row for row in rows if guestlist.is_open(row)]
        people = guestlist.members_by_entrant({row.entry.entrant_id for row in rows})
        keys = {row.pk: [f"ceremony-reminder:{row.pk}:{click}:{user.pk}"
                         for user in people.get(row.entry.entrant_id, [])] for row in rows}
        done = set(Notification.objects.filter(
            key__in=[key for group in keys.values() for key in group]).values_list("key",
                                                                                    flat=True))
        now = timezone.now()
        reminded = []
        for row in rows:
            if not keys[row.pk] or done.intersection(keys[row.pk]):
                continue  # nobody to write to, or this click reminded it already
            token, row.token_digest = _new_token()
            row.reminders += 1
            row.reminded_at = now
            row.save(update_fields=["token_digest", "reminders", "reminded_at"])
            context = _email_context(edition, ceremony, row.entry)
            context["reminder"] = row.reminders
            for user, key in zip(people[row.entry.entrant_id], keys[row.pk], strict=True):
                notify(user, REMINDER_TEMPLATE, context, edition=edition, key=key,
                       secrets={"reply_path": _reply_path(token)})
            reminded.append(row)
        if reminded:
            audit(by, "invitation.remind", edition, edition=edition, after={
                "entries": [r.entry.reference or str(r.entry_id) for r in reminded]})
    return len(reminded)


# --- Replies --------------------------------------------------------------------------------------


def _text(value, limit: int, label: str, errors: dict, field: str) -> str:
    value = " ".join(clean_text(str(value or "")).split()) if limit <= NAME_MAX else \
        clean_text(str(value or "")).strip()
    if len(value) > limit:
        errors.setdefault(field, []).append(
            _("Shorten %(label)s to at most %(limit)d characters (it has %(count)d).")
            % {"label": label.lower(), "limit": limit, "count": len(value)})
    return value


def reply_validate(data: dict, *, max_guests: int) -> dict:
    """A reply's values, cleaned (control characters out, spaces trimmed), or a CeremonyError
    whose messages are keyed by field: ``attending`` (True or False), ``recipient_name``,
    ``recipient_title``, ``pronunciation``, ``guests`` (names), ``guest_count`` (optional: the
    number of guests said, which must match the names), ``accessibility``, ``dietary``."""
    errors: dict[str, list[str]] = {}
    attending = data.get("attending")
    if attending not in (True, False):
        errors.setdefault("attending", []).append(_("Say whether you will attend."))
    out = {
        "attending": attending,
        "recipient_name": _text(data.get("recipient_name"), NAME_MAX, _("Name"), errors,
                                "recipient_name"),
        "recipient_title": _text(data.get("recipient_title"), NAME_MAX,
                                 pgettext("a person's", "Title"), errors, "recipient_title"),
        "pronunciation": _text(data.get("pronunciation"), NAME_MAX, _("Pronunciation"), errors,
                               "pronunciation"),
        "accessibility": _text(data.get("accessibility"), NEEDS_MAX, _("Accessibility needs"),
                               errors, "accessibility"),
        "dietary": _text(data.get("dietary"), NEEDS_MAX, _("Dietary needs"), errors, "dietary"),
    }
    raw = data.get("guests") or []
    if not isinstance(raw, list | tuple):
        raw = [raw]
    guests = []
    for name in raw[:1000]:
        name = " ".join(clean_text(str(name or "")).split())
        if name:
            guests.append(name)
    too_long = [n for n in guests if len(n) > NAME_MAX]
    if too_long:
        errors.setdefault("guest_names", []).append(
            _("A guest's name has at most %(limit)d characters.") % {"limit": NAME_MAX})
    count = data.get("guest_count")
    if attending:
        if not out["recipient_name"]:
            errors.setdefault("recipient_name", []).append(
                _("Give the name of the person who will receive the prize on stage."))
        if len(guests) > max_guests:
            errors.setdefault("guest_names", []).append(ngettext(
                "At most %(max)d guest per entry: you named %(count)d.",
                "At most %(max)d guests per entry: you named %(count)d.", max_guests)
                % {"max": max_guests, "count": len(guests)})
        if count is not None and count != len(guests):
            errors.setdefault("guest_names", []).append(ngettext(
                "You said %(said)d guest but named %(count)d: give one name per guest.",
                "You said %(said)d guests but named %(count)d: give one name per guest.",
                count) % {"said": count, "count": len(guests)})
    if errors:
        raise CeremonyError(errors)
    if not attending:  # nobody to seat: nothing kept about guests or needs
        out.update(recipient_name="", recipient_title="", pronunciation="", accessibility="",
                   dietary="")
        guests = []
    out["guests"] = guests
    return out


def _snapshot(invitation: Invitation) -> dict:
    return {field: getattr(invitation, field) for field in REPLY_FIELDS}


def reply_save(*, invitation: Invitation, data: dict, by: User | None,
               at: datetime | None = None) -> tuple[Invitation, bool]:
    """Save the reply of ``invitation`` (by the reply link's holder, or a member of the invited
    entrant signed in: ``by``). Refused after the reply deadline and for a withdrawn entry.
    Returns the invitation and whether anything changed: the same reply sent twice (a double
    submit) saves once and is audited once."""
    at = at or timezone.now()
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update(of=("self",))
                      .select_related("edition", "entry").get(pk=invitation.pk))
        edition = invitation.edition
        ceremony = guestlist.ceremony_of(edition)
        if not guestlist.is_open(invitation):
            raise CeremonyError(_("This entry was withdrawn: its invitation no longer holds."))
        if not guestlist.replies_open(edition, ceremony, at=at):
            raise CeremonyError(
                _("Replies closed on %(deadline)s (%(tz)s). To change anything now, write to "
                  "the secretariat.")
                % {"deadline": moment(edition.local(guestlist.reply_deadline(edition, ceremony))),
                   "tz": edition.time_zone})
        values = reply_validate(data, max_guests=ceremony.max_guests)
        before = _snapshot(invitation)
        if invitation.replied_at is not None and before == values:
            return invitation, False
        for field, value in values.items():
            setattr(invitation, field, value)
        invitation.replied_at = at
        invitation.replied_by = by if by is not None and by.is_authenticated else None
        invitation.save(update_fields=[*REPLY_FIELDS, "replied_at", "replied_by"])
        audit(by if by is not None and by.is_authenticated else None,
              "invitation.reply", invitation, edition=edition,
              before=before if before["attending"] is not None else None,
              after=values, note=_("by the reply link") if by is None else "")
    return invitation, True
