"""The ceremony as data: its details (date, venue, address, map link, public description, whom it
invites and until when they reply), its presenters and its programme. Every write is the
secretariat's, runs in one transaction under a lock on the edition (two people editing the
programme at once never both present the same award), and writes an audit event.

What the services refuse (a ``CeremonyError`` whose message says why, for the person who typed
it) and what they only warn about (``ceremony.evening.programme_warnings``, shown on the page):

* refused: an item outside the ceremony's day (starting on another day, or ending after
  midnight in the edition's time zone); a duration outside 1 to 600 minutes; an award
  presentation naming no award, another kind of item naming one; an award presented by two
  items (the MC's script and the reveal show each award once); an award or a presenter of
  another edition; a presenter's photo that is not a PNG or JPEG image (judged by its content)
  or over ``PHOTO_MAX_BYTES``; text over its field's length. Control characters (NUL among
  them) are removed from text, as the site does for every form.
* warned: items that overlap in time, and the awards no item presents yet. Both happen on the
  way to a good programme (lengthen one item, then move the next one), so refusing them would
  get in the editor's way; the page lists them until they are gone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from entries.attachments import JPEG, PNG, FileRefused, check_file
from prize.formats import moment
from prize.inputs import clean_text
from prize.models import Edition, User
from prize.services import audit

from ..enums import InvitePool, ItemKind
from ..models import Ceremony, Presenter, ProgrammeItem
from .results import CeremonyError, _check_secretariat

__all__ = [
    "PHOTO_MAX_BYTES",
    "PROGRAMME_MAX_ITEMS",
    "PRESENTERS_MAX",
    "ceremony_day",
    "ceremony_save",
    "presenter_delete",
    "presenter_save",
    "programme_item_delete",
    "programme_item_move",
    "programme_item_save",
]

PHOTO_MAX_BYTES = 5 * 1024 * 1024  # a portrait: a few hundred kilobytes is plenty
PROGRAMME_MAX_ITEMS = 200  # an evening, not a festival: also bounds the page
PRESENTERS_MAX = 200

CEREMONY_TEXT = ["address", "map_url", "description"]
PRESENTER_TEXT = ["name", "title", "organisation", "bio", "pronunciation"]
ITEM_TEXT = ["title", "description", "notes"]


def _text(value) -> str:
    return clean_text(str(value or "")).strip()


def _apply_translations(instance, translations: dict | None) -> None:
    """Each language of a translated text into its own column (``title_en``, ``title_ko``),
    whatever the language of the person saving (prize/translated_forms.py)."""
    for key, value in (translations or {}).items():
        setattr(instance, key, _text(value))


def _lock(edition: Edition) -> Edition:
    """The edition's row, locked: programme changes of one edition happen one at a time."""
    return Edition.objects.select_for_update().get(pk=edition.pk)


def _local(edition: Edition, moment: datetime | None) -> str:
    return edition.local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _aware(value, edition: Edition, what: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise CeremonyError(_("%(what)s is not a date and time.") % {"what": what})
    if timezone.is_naive(value):  # typed in the edition's time zone
        value = timezone.make_aware(value, edition.tz)
    return value


def ceremony_day(edition: Edition) -> tuple[datetime, datetime] | None:
    """The ceremony's day in the edition's time zone, from midnight to midnight, or None when
    the edition has no ceremony date yet."""
    if edition.ceremony_at is None:
        return None
    day = edition.local(edition.ceremony_at).date()
    tz = edition.tz
    return (datetime.combine(day, time(0), tzinfo=tz),
            datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz))


# --- The ceremony's details ---------------------------------------------------------------------


def _snapshot_ceremony(edition: Edition, ceremony: Ceremony | None) -> dict:
    data = {"ceremony_at": _local(edition, edition.ceremony_at),
            "venue": edition.ceremony_venue}
    if ceremony is not None:
        data.update({
            "address": ceremony.address, "map_url": ceremony.map_url,
            "description": ceremony.description, "invite": ceremony.invite,
            "reply_by": _local(edition, ceremony.reply_by), "max_guests": ceremony.max_guests,
            "publish_as_revealed": ceremony.publish_as_revealed,
        })
    return data


def ceremony_save(*, edition: Edition, by: User | None, ceremony_at: datetime | None,
                  venue: str = "", address: str = "", map_url: str = "", description: str = "",
                  invite: str = InvitePool.FINALISTS, reply_by: datetime | None = None,
                  max_guests: int = 2, publish_as_revealed: bool = False,
                  translations: dict | None = None) -> Ceremony:
    """Save the evening's details: the date and time (kept on the edition, typed in its time
    zone) and venue name, and the ``Ceremony`` row. Moving the ceremony to another moment moves
    its programme with it (each item keeps its place relative to the start)."""
    with transaction.atomic():
        _check_secretariat(by, edition)
        locked = _lock(edition)
        ceremony = Ceremony.objects.select_for_update().filter(edition=locked).first()
        before = _snapshot_ceremony(locked, ceremony) if ceremony else None
        ceremony_at = _aware(ceremony_at, locked, _("The ceremony's date"))
        reply_by = _aware(reply_by, locked, _("The reply deadline"))
        venue = _text(venue)
        if len(venue) > 200:
            raise CeremonyError(_("The venue's name has %(count)d characters; at most 200.")
                                % {"count": len(venue)})
        items = ProgrammeItem.objects.filter(edition=locked)
        if ceremony_at is None and items.exists():
            raise CeremonyError(_(
                "The programme needs the ceremony's date: keep a date, or delete the "
                "programme's items first."))
        closes = locked.call_closes_at
        if ceremony_at is not None and closes and ceremony_at < closes:
            raise CeremonyError(_("The ceremony comes after the call closes (%(closes)s).")
                                % {"closes": locked.when(locked.call_closes_at)})
        if reply_by is not None and ceremony_at is not None and reply_by >= ceremony_at:
            raise CeremonyError(_("Replies must close before the ceremony begins."))
        if invite not in InvitePool.values:
            raise CeremonyError(_("Choose whom the ceremony invites."))
        map_url = _text(map_url)
        if map_url and not map_url.lower().startswith(("https://", "http://")):
            raise CeremonyError(_("The map link must be a web address (https://…)."))
        ceremony = ceremony or Ceremony(edition=locked)
        ceremony.address = _text(address)
        ceremony.map_url = map_url
        ceremony.description = _text(description)
        ceremony.invite = invite
        ceremony.reply_by = reply_by
        ceremony.max_guests = max_guests
        ceremony.publish_as_revealed = bool(publish_as_revealed)
        _apply_translations(ceremony, translations)
        _check_lengths(ceremony, CEREMONY_TEXT)
        try:
            ceremony.full_clean(exclude=["edition"])
        except ValidationError as exc:
            raise CeremonyError(_messages(exc, Ceremony)) from exc
        ceremony.save()
        moved = 0
        if ceremony_at is not None and locked.ceremony_at is not None \
                and ceremony_at != locked.ceremony_at:
            moved = items.update(starts_at=F("starts_at") + (ceremony_at - locked.ceremony_at))
        Edition.objects.filter(pk=locked.pk).update(ceremony_at=ceremony_at,
                                                    ceremony_venue=venue)
        edition.ceremony_at = locked.ceremony_at = ceremony_at
        edition.ceremony_venue = locked.ceremony_venue = venue
        audit(by, "ceremony.change" if before else "ceremony.create", ceremony,
              edition=locked, before=before, after=_snapshot_ceremony(locked, ceremony),
              note=_("%(count)d programme items moved with it.") % {"count": moved}
              if moved else "")
    return ceremony


def _check_lengths(instance, names) -> None:
    """Text within its field's length (a TextField's ``max_length`` binds only forms)."""
    for name in names:
        field = instance._meta.get_field(name)
        value = getattr(instance, name) or ""
        if field.max_length and len(value) > field.max_length:
            raise CeremonyError(
                _("%(field)s: at most %(max)d characters (it has %(count)d).")
                % {"field": str(field.verbose_name).capitalize(), "max": field.max_length,
                   "count": len(value)})


def _messages(exc: ValidationError, model) -> list[str]:
    """A model's validation errors as sentences that name their field by its label ("Guests
    per invitation: …"), once: a message that already names it is left alone."""
    if not hasattr(exc, "error_dict"):
        return exc.messages
    out = []
    for field, errors in exc.message_dict.items():
        try:
            label = capfirst(model._meta.get_field(field).verbose_name)
        except FieldDoesNotExist:
            label = ""
        for message in errors:
            named = field == "__all__" or not label or label.lower() in message.lower()
            out.append(message if named else f"{label}: {message}")
    return out


# --- Presenters ---------------------------------------------------------------------------------


def _snapshot_presenter(presenter: Presenter) -> dict:
    data = {f: getattr(presenter, f) for f in PRESENTER_TEXT}
    data["order"] = presenter.order
    data["photo"] = bool(presenter.photo)
    return data


def _check_photo(photo: UploadedFile) -> None:
    """A PNG or JPEG that really decodes, at most ``PHOTO_MAX_BYTES``: judged by its content
    (see entries/attachments.py), its name's ending agreeing with it."""
    try:
        checked = check_file(photo, max_bytes=PHOTO_MAX_BYTES)
    except FileRefused as exc:
        raise CeremonyError(_("The photo: %(why)s") % {"why": " ".join(exc.messages)}) from exc
    if checked.kind not in (PNG, JPEG):
        raise CeremonyError(_("The photo must be a PNG or JPEG image."))


def _delete_file_later(name: str) -> None:
    if name:
        storage = Presenter._meta.get_field("photo").storage
        transaction.on_commit(lambda: storage.delete(name))


def presenter_save(*, edition: Edition, data: dict, by: User | None,
                   presenter: Presenter | None = None, photo: UploadedFile | None = None,
                   remove_photo: bool = False) -> Presenter:
    """Create or change a presenter. ``photo``: a new picture (replacing the old one);
    ``remove_photo``: take the picture away. The picture is stored under a random name; the
    public pages serve it re-encoded, without its metadata."""
    _check_secretariat(by, edition)
    if photo is not None:
        _check_photo(photo)
    with transaction.atomic():
        _lock(edition)
        if presenter is not None:
            presenter = Presenter.objects.select_for_update().get(pk=presenter.pk,
                                                                 edition=edition)
        elif Presenter.objects.filter(edition=edition).count() >= PRESENTERS_MAX:
            raise CeremonyError(_("An edition has at most %(max)d presenters.")
                                % {"max": PRESENTERS_MAX})
        before = _snapshot_presenter(presenter) if presenter is not None else None
        presenter = presenter or Presenter(edition=edition)
        for key in PRESENTER_TEXT:
            if key in data:
                setattr(presenter, key, _text(data[key]))
        _apply_translations(presenter, data.get("translations"))
        if "order" in data:
            presenter.order = data["order"]
        taken = Presenter.objects.filter(edition=edition, name__iexact=presenter.name)
        if presenter.pk:
            taken = taken.exclude(pk=presenter.pk)
        if presenter.name and taken.exists():
            raise CeremonyError(_("This edition already has a presenter called “%(name)s”.")
                                % {"name": presenter.name})
        _check_lengths(presenter, PRESENTER_TEXT)
        try:
            presenter.full_clean(exclude=["edition", "photo"])
        except ValidationError as exc:
            raise CeremonyError(_messages(exc, Presenter)) from exc
        old = presenter.photo.name if presenter.photo else ""
        stored = ""
        try:
            if photo is not None:
                photo.seek(0)
                presenter.photo.save(photo.name, photo, save=False)
                stored = presenter.photo.name
            elif remove_photo:
                presenter.photo = ""
            presenter.save()
        except (IntegrityError, OSError):
            if stored:
                presenter.photo.storage.delete(stored)
            raise
        if old and (stored or remove_photo):
            _delete_file_later(old)
        audit(by, "presenter.change" if before else "presenter.create", presenter,
              edition=edition, before=before, after=_snapshot_presenter(presenter))
    return presenter


def presenter_delete(*, presenter: Presenter, by: User | None) -> int:
    """Delete a presenter (and their photo); the programme's items lose them. Returns how many
    items named them."""
    with transaction.atomic():
        _check_secretariat(by, presenter.edition)
        _lock(presenter.edition)
        items = presenter.items.count()
        audit(by, "presenter.delete", presenter, edition=presenter.edition,
              before=_snapshot_presenter(presenter),
              note=_("Named in %(count)d programme items.") % {"count": items} if items else "")
        _delete_file_later(presenter.photo.name if presenter.photo else "")
        presenter.delete()
    return items


# --- The programme ------------------------------------------------------------------------------


def _snapshot_item(edition: Edition, item: ProgrammeItem, presenters=None, awards=None) -> dict:
    data = {f: getattr(item, f) for f in ITEM_TEXT}
    data.update({"starts_at": _local(edition, item.starts_at), "duration": item.duration,
                 "kind": item.kind, "order": item.order})
    if presenters is None:
        presenters = item.presenters.all() if item.pk else []
    if awards is None:
        awards = item.awards.all() if item.pk else []
    data["presenters"] = sorted(p.name for p in presenters)
    data["awards"] = sorted(a.name for a in awards)
    return data


def _hm(edition: Edition, at: datetime) -> str:
    return moment(edition.local(at), "TIME_FORMAT")


def _check_in_day(edition: Edition, starts_at: datetime, duration: int) -> None:
    day = ceremony_day(edition)
    if day is None:
        raise CeremonyError(_("Set the ceremony's date and time first: the programme is that "
                              "day's."))
    start, end = day
    when = {"day": moment(start, "DATE_FORMAT"), "tz": edition.time_zone}
    if not start <= starts_at < end:
        raise CeremonyError(_("This item starts on %(date)s; the programme is the ceremony's "
                              "day, %(day)s (%(tz)s).")
                            % {**when, "date": moment(edition.local(starts_at), "DATE_FORMAT")})
    ends_at = starts_at + timedelta(minutes=duration)
    if ends_at > end:
        raise CeremonyError(_("This item would end at %(end)s the next day: an item ends by "
                              "midnight of the ceremony's day, %(day)s (%(tz)s). Start it "
                              "earlier or make it shorter.")
                            % {**when, "end": _hm(edition, ends_at)})


def _check_duration(duration) -> int:
    if isinstance(duration, bool) or not isinstance(duration, int) or not 1 <= duration <= 600:
        raise CeremonyError(_("An item lasts from 1 to 600 minutes."))
    return duration


def _renumber(edition: Edition) -> None:
    """``order`` follows the programme's sequence (it breaks ties between items that start at
    the same moment), so a move keeps its meaning."""
    items = list(ProgrammeItem.objects.filter(edition=edition).order_by("starts_at", "order",
                                                                        "pk"))
    changed = []
    for position, item in enumerate(items):
        position = min(position, 1000)
        if item.order != position:
            item.order = position
            changed.append(item)
    if changed:
        ProgrammeItem.objects.bulk_update(changed, ["order"])


def programme_item_save(*, edition: Edition, data: dict, by: User | None,
                        item: ProgrammeItem | None = None) -> ProgrammeItem:
    """Create or change an item of the programme. ``data``: starts_at (aware, or naive in the
    edition's time zone), duration (minutes), title, kind, description (public), notes (staff
    only), presenters and awards (this edition's)."""
    with transaction.atomic():
        _check_secretariat(by, edition)
        locked = _lock(edition)
        if item is not None:
            item = ProgrammeItem.objects.select_for_update().get(pk=item.pk, edition=edition)
        elif ProgrammeItem.objects.filter(edition=edition).count() >= PROGRAMME_MAX_ITEMS:
            raise CeremonyError(_("A programme has at most %(max)d items.")
                                % {"max": PROGRAMME_MAX_ITEMS})
        before = _snapshot_item(locked, item) if item is not None else None
        # presenters and awards not given stay as they are
        presenters = list(data["presenters"] if "presenters" in data else
                          (item.presenters.all() if item is not None else []))
        awards = list(data["awards"] if "awards" in data else
                      (item.awards.all() if item is not None else []))
        item = item or ProgrammeItem(edition=edition)
        for key in ITEM_TEXT:
            if key in data:
                setattr(item, key, _text(data[key]))
        _apply_translations(item, data.get("translations"))
        if "kind" in data:
            item.kind = data["kind"]
        if item.kind not in ItemKind.values:
            raise CeremonyError(_("Choose the kind of item."))
        if "duration" in data:
            item.duration = _check_duration(data["duration"])
        if "starts_at" in data:
            item.starts_at = _aware(data["starts_at"], locked, _("The start"))
        if item.starts_at is None:
            raise CeremonyError(_("Say when the item starts."))
        _check_in_day(locked, item.starts_at, item.duration)
        _check_lengths(item, ITEM_TEXT)
        if any(p.edition_id != edition.pk for p in presenters):
            raise CeremonyError(_("A presenter belongs to another edition."))
        if any(a.edition_id != edition.pk for a in awards):
            raise CeremonyError(_("An award belongs to another edition."))
        if item.kind == ItemKind.AWARD and not awards:
            raise CeremonyError(_("An award presentation names the award(s) it presents."))
        if item.kind != ItemKind.AWARD and awards:
            raise CeremonyError(_("Only an award presentation names awards: choose the kind "
                                  "“Award presentation”, or no award."))
        elsewhere = (ProgrammeItem.awards.through.objects
                     .filter(award__in=awards, programmeitem__edition=edition)
                     .exclude(programmeitem_id=item.pk)
                     .select_related("award", "programmeitem")
                     .order_by("programmeitem__starts_at", "award__name"))
        clashes = [_("%(award)s is already presented in “%(item)s” at %(time)s.")
                   % {"award": link.award.name, "item": link.programmeitem.title,
                      "time": _hm(locked, link.programmeitem.starts_at)} for link in elsewhere]
        if clashes:
            raise CeremonyError([*clashes, _(
                "An award is presented once (the script and the reveal show each award's "
                "winners once): take it out of the other item first.")])
        if item.pk is None:
            item.order = 1000  # after the items that start at the same moment
        try:
            item.full_clean(exclude=["edition"])
        except ValidationError as exc:
            raise CeremonyError(_messages(exc, ProgrammeItem)) from exc
        item.save()
        item.presenters.set(presenters)
        item.awards.set(awards)
        _renumber(edition)
        item.refresh_from_db(fields=["order"])
        audit(by, "programme.change" if before else "programme.create", item, edition=locked,
              before=before, after=_snapshot_item(locked, item, presenters, awards))
    return item


def programme_item_delete(*, item: ProgrammeItem, by: User | None) -> None:
    with transaction.atomic():
        _check_secretariat(by, item.edition)
        locked = _lock(item.edition)
        audit(by, "programme.delete", item, edition=locked, before=_snapshot_item(locked, item))
        item.delete()
        _renumber(locked)


def programme_item_move(*, item: ProgrammeItem, direction: str, by: User | None
                        ) -> ProgrammeItem:
    """Swap an item with the one before it (``up``) or after it (``down``). Items that start
    at the same moment swap their order; otherwise they swap their time slots: the one moved
    earlier starts when the other started, the other follows it after the same gap as before
    (or right after it, when they overlapped), each keeping its length."""
    if direction not in ("up", "down"):
        raise CeremonyError(_("Move an item up or down."))
    with transaction.atomic():
        _check_secretariat(by, item.edition)
        locked = _lock(item.edition)
        items = list(ProgrammeItem.objects.filter(edition=locked)
                     .order_by("starts_at", "order", "pk"))
        index = next((n for n, i in enumerate(items) if i.pk == item.pk), None)
        if index is None:
            raise CeremonyError(_("That item no longer exists."))
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(items):
            message = (_("“%(item)s” is already the first item.") if direction == "up"
                       else _("“%(item)s” is already the last item."))
            raise CeremonyError(message % {"item": items[index].title})
        first, second = sorted([items[index], items[other]],
                               key=lambda i: (i.starts_at, i.order, i.pk))
        before = {"first": _snapshot_item(locked, first, [], []),
                  "second": _snapshot_item(locked, second, [], [])}
        if first.starts_at == second.starts_at:
            first.order, second.order = second.order, first.order
            if first.order == second.order:
                first.order, second.order = second.order + 1, first.order
        else:
            gap = max(second.starts_at - (first.starts_at + timedelta(minutes=first.duration)),
                      timedelta(0))
            new_second = first.starts_at
            new_first = new_second + timedelta(minutes=second.duration) + gap
            _check_in_day(locked, new_first, first.duration)
            first.starts_at, second.starts_at = new_first, new_second
        ProgrammeItem.objects.bulk_update([first, second], ["starts_at", "order"])
        _renumber(locked)
        moved = ProgrammeItem.objects.get(pk=item.pk)
        audit(by, "programme.move", moved, edition=locked, before=before,
              after={"direction": direction, "starts_at": _local(locked, moved.starts_at)})
    return moved
