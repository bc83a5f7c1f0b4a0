"""Staff's tags and notes on entries: the reads (selectors) and every write (services).

Tags belong to one edition; its secretariat and coordinators put them on its entries, filter
the entries list by them and tag many entries at once. Notes are a few private lines on one
entry: an author edits and deletes their own, the secretariat may delete any. Every write is
audited (``prize.services.audit``), with the count when it touched many entries. Nothing here
is ever shown to entrants, judges, the public or the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from prize.inputs import clean_text
from prize.models import Edition, User
from prize.rules import is_secretariat
from prize.services import audit

from .models import Entry
from .note_models import NOTE_MAX_LENGTH, TAG_NAME_MAX_LENGTH, EntryTag, Note, Tag, TagColour
from .selectors import entries_screenable_by

__all__ = [
    "DOUBLE_SUBMIT_SECONDS",
    "TagError",
    "bulk_tag",
    "entry_tag_add",
    "entry_tag_remove",
    "filter_by_tags",
    "may_delete_note",
    "may_edit_note",
    "note_add",
    "note_delete",
    "note_edit",
    "notes_of_entry",
    "tag_create",
    "tag_delete",
    "tag_update",
    "tags_of_edition",
]

# The same note sent twice by one author within this many seconds is one note (a double click).
DOUBLE_SUBMIT_SECONDS = 30
# How many tag slugs a filter reads at most (a query string may repeat ``tag`` endlessly).
MAX_FILTER_TAGS = 20


class TagError(ValueError):
    """A write that cannot be done (a name taken, a text too long or empty); the message says
    why, for the form."""


# --- Reads ------------------------------------------------------------------------------------


def tags_of_edition(edition: Edition) -> QuerySet[Tag]:
    """The edition's tags by name, each with ``entry_count``: how many entries carry it."""
    return (Tag.objects.filter(edition=edition)
            .annotate(entry_count=Count("entry_tags"))
            .order_by("name", "pk"))


def filter_by_tags(queryset: QuerySet, slugs: list[str]) -> QuerySet:
    """The entries of ``queryset`` that carry any of the tags named by ``slugs`` (tags of the
    entry's own edition); ``queryset`` itself when no slug is given. Unknown slugs match
    nothing; the order of ``queryset`` is kept and no entry is repeated."""
    wanted = sorted({str(slug)[:60] for slug in slugs if slug and isinstance(slug, str)})
    if not wanted:
        return queryset
    return queryset.filter(Exists(EntryTag.objects.filter(
        entry=OuterRef("pk"), tag__edition=OuterRef("edition"), tag__slug__in=wanted[
            :MAX_FILTER_TAGS])))


def notes_of_entry(entry: Entry) -> QuerySet[Note]:
    """The entry's notes, oldest first, with their authors (one query)."""
    return Note.objects.filter(entry=entry).select_related("author").order_by("created_at", "pk")


def may_edit_note(user: User, note: Note) -> bool:
    return bool(user.is_authenticated and note.author_id == user.pk)


def may_delete_note(user: User, note: Note, edition: Edition) -> bool:
    """Its author, the edition's secretariat and a superuser."""
    return may_edit_note(user, note) or user.is_superuser or is_secretariat.test(user, edition)


# --- Tags -------------------------------------------------------------------------------------


def _name(name: str) -> str:
    name = " ".join(clean_text(str(name or "")).split())
    if not name:
        raise TagError(_("Give the tag a name."))
    if len(name) > TAG_NAME_MAX_LENGTH:
        raise TagError(_("A tag's name has at most %(max)d characters.")
                       % {"max": TAG_NAME_MAX_LENGTH})
    return name


def _colour(colour: str) -> str:
    if colour not in TagColour.values:
        raise TagError(_("Choose one of the colours offered."))
    return colour


def _free_slug(edition: Edition, name: str, exclude: int | None = None) -> str:
    base = slugify(name)[:50] or "tag"
    taken = set(Tag.objects.filter(edition=edition, slug__startswith=base)
                .exclude(pk=exclude).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _taken(edition: Edition, name: str, exclude: int | None = None) -> Tag | None:
    return (Tag.objects.filter(edition=edition, name__iexact=name).exclude(pk=exclude).first())


def tag_create(*, edition: Edition, name: str, colour: str = TagColour.BLUE, by: User,
               reuse: bool = False) -> Tag:
    """A new tag of the edition. A name taken (whatever its case) is refused, or, with
    ``reuse``, that tag is returned (choosing a tag by typing its name)."""
    name, colour = _name(name), _colour(colour)
    existing = _taken(edition, name)
    if existing is not None:
        if reuse:
            return existing
        raise TagError(_("There is already a tag named “%(name)s”.") % {"name": existing.name})
    try:
        with transaction.atomic():
            tag = Tag.objects.create(edition=edition, name=name, colour=colour,
                                     slug=_free_slug(edition, name), created_by=by)
            audit(by, "tag.create", tag, edition=edition, after={"name": name, "colour": colour})
    except IntegrityError as exc:  # the same name created at the same moment (a double click)
        existing = _taken(edition, name)
        if existing is not None and reuse:
            return existing
        raise TagError(_("There is already a tag named “%(name)s”.") % {"name": name}) from exc
    return tag


def tag_update(*, tag: Tag, name: str, colour: str, by: User) -> Tag:
    """Rename or recolour a tag (its slug follows the name, so list filters keep reading)."""
    name, colour = _name(name), _colour(colour)
    if _taken(tag.edition, name, exclude=tag.pk) is not None:
        raise TagError(_("There is already a tag named “%(name)s”.") % {"name": name})
    before = {"name": tag.name, "colour": tag.colour}
    after = {"name": name, "colour": colour}
    if before == after:
        return tag
    try:
        with transaction.atomic():
            if name != tag.name:
                tag.slug = _free_slug(tag.edition, name, exclude=tag.pk)
            tag.name, tag.colour = name, colour
            tag.save(update_fields=["name", "slug", "colour"])
            audit(by, "tag.update", tag, edition=tag.edition,
                  before={k: v for k, v in before.items() if after[k] != v},
                  after={k: v for k, v in after.items() if before[k] != v})
    except IntegrityError as exc:
        raise TagError(_("There is already a tag named “%(name)s”.") % {"name": name}) from exc
    return tag


def tag_delete(*, tag: Tag, by: User) -> int:
    """Delete a tag and take it off every entry; returns how many entries carried it."""
    with transaction.atomic():
        count = EntryTag.objects.filter(tag=tag).count()
        audit(by, "tag.delete", tag, edition=tag.edition,
              before={"name": tag.name, "entries": count})
        tag.delete()
    return count


# --- Tags on entries --------------------------------------------------------------------------


def _check_same_edition(entry: Entry, tag: Tag) -> None:
    if entry.edition_id != tag.edition_id:
        raise TagError(_("This tag belongs to another edition."))


def entry_tag_add(*, entry: Entry, tag: Tag, by: User) -> bool:
    """Put the tag on the entry; False when it was there already (a double click)."""
    _check_same_edition(entry, tag)
    with transaction.atomic():
        _link, created = EntryTag.objects.get_or_create(entry=entry, tag=tag,
                                                        defaults={"tagged_by": by})
        if created:
            audit(by, "entry_tag.add", entry, edition=entry.edition, after={"tag": tag.name})
    return created


def entry_tag_remove(*, entry: Entry, tag: Tag, by: User) -> bool:
    """Take the tag off the entry; False when it was not there."""
    _check_same_edition(entry, tag)
    with transaction.atomic():
        deleted, _rows = EntryTag.objects.filter(entry=entry, tag=tag).delete()
        if deleted:
            audit(by, "entry_tag.remove", entry, edition=entry.edition,
                  before={"tag": tag.name})
    return bool(deleted)


def bulk_tag(user: User, edition: Edition, entries: Iterable, tag: Tag, *,
             remove: bool = False) -> int:
    """Put ``tag`` on (or, with ``remove``, take it off) the ``entries`` (Entry objects or
    ids, a queryset or a list) that are the edition's and that ``user`` may screen; the others
    are left alone. Returns how many entries changed and writes one audit event with that
    count. A fixed number of queries, however many entries."""
    if tag.edition_id != edition.pk:
        raise TagError(_("This tag belongs to another edition."))
    if isinstance(entries, QuerySet):
        wanted = entries.order_by().values("pk")
    else:
        wanted = [getattr(item, "pk", item) for item in entries]
        wanted = [pk for pk in wanted if isinstance(pk, int)]
    allowed = entries_screenable_by(user).filter(edition=edition, pk__in=wanted).order_by()
    with transaction.atomic():
        if remove:
            count, _rows = EntryTag.objects.filter(
                tag=tag, entry__in=allowed.values("pk")).delete()
        else:
            missing = list(allowed.exclude(
                Exists(EntryTag.objects.filter(entry=OuterRef("pk"), tag=tag)),
            ).values_list("pk", flat=True))
            EntryTag.objects.bulk_create(
                [EntryTag(entry_id=pk, tag=tag, tagged_by=user) for pk in missing],
                ignore_conflicts=True, batch_size=1000,
            )
            count = len(missing)
        if count:
            audit(user, "tag.bulk_remove" if remove else "tag.bulk_add", tag, edition=edition,
                  after={"entries": count})
    return count


# --- Notes ------------------------------------------------------------------------------------


def _text(text: str) -> str:
    text = clean_text(str(text or "")).strip()
    if not text:
        raise TagError(_("Write something in the note."))
    if len(text) > NOTE_MAX_LENGTH:
        raise TagError(_("A note has at most %(max)d characters (this one has %(count)d).")
                       % {"max": NOTE_MAX_LENGTH, "count": len(text)})
    return text


def note_add(*, entry: Entry, text: str, by: User) -> Note:
    """A new note on the entry. The same text sent again by its author within a few seconds
    (a double click) gives back the first note instead of a second one."""
    text = _text(text)
    with transaction.atomic():
        Entry.objects.select_for_update().filter(pk=entry.pk).values_list("pk").first()
        recent = (Note.objects.filter(
            entry=entry, author=by, text=text,
            created_at__gte=timezone.now() - timedelta(seconds=DOUBLE_SUBMIT_SECONDS))
            .order_by("-created_at").first())
        if recent is not None:
            return recent
        note = Note.objects.create(entry=entry, author=by, text=text)
        audit(by, "note.add", note, edition=entry.edition,
              after={"entry": entry.reference or str(entry.pk), "text": text})
    return note


def note_edit(*, note: Note, text: str, by: User) -> Note:
    """Change one's own note (the views only offer it to its author)."""
    if not may_edit_note(by, note):
        raise TagError(_("Only its author may change a note."))
    text = _text(text)
    if text == note.text:
        return note
    with transaction.atomic():
        before = note.text
        note.text, note.edited_at = text, timezone.now()
        note.save(update_fields=["text", "edited_at"])
        audit(by, "note.edit", note, edition=note.entry.edition,
              before={"text": before}, after={"text": text})
    return note


def note_delete(*, note: Note, by: User, edition: Edition) -> None:
    """Delete a note: its author, or the edition's secretariat."""
    if not may_delete_note(by, note, edition):
        raise TagError(_("Only its author or the secretariat may delete a note."))
    with transaction.atomic():
        audit(by, "note.delete", note, edition=edition,
              before={"entry": note.entry.reference or str(note.entry_id), "text": note.text})
        note.delete()
