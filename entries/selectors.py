"""Reads with rules: which entrants and entries each user may see."""

from django.db.models import OuterRef, QuerySet, Subquery

from prize.enums import Role
from prize.models import User

from .models import Attachment, Entrant, Entry, EntryRevision, Extension, ScreeningDecision


def with_released_screening(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """Annotate the latest released screening decision and its reason, which is all an entrant
    may know of screening (``Entry.entrant_status``): a decision not yet released stays with
    the staff."""
    released = (ScreeningDecision.objects.filter(entry=OuterRef("pk"), released_at__isnull=False)
                .order_by("-decided_at", "-pk"))
    return entries.annotate(
        released_screening=Subquery(released.values("decision")[:1]),
        released_reason=Subquery(released.values("reason")[:1]),
    )


def entrant_of(user: User) -> Entrant | None:
    """The entrant (organisation or individual) the user works for, if any."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "entrant_membership", None)
    return membership.entrant if membership is not None else None


def staff_edition_ids(user: User) -> set[int]:
    """Editions whose entries this user screens: secretariat and coordinators."""
    if not user.is_authenticated:
        return set()
    return {eid for eid, role in user.role_set if role in (Role.SECRETARIAT, Role.COORDINATOR)}


def entries_visible_to(user: User) -> QuerySet[Entry]:
    """An entrant's members see its entries; the secretariat and coordinators see their
    editions' entries; a superuser sees all. Everyone else sees none (404)."""
    entries = with_released_screening(
        Entry.objects.select_related("edition", "category", "entrant", "form"))
    if not user.is_authenticated:
        return entries.none()
    if user.is_superuser:
        return entries
    entrant = entrant_of(user)
    staff_of = staff_edition_ids(user)
    if entrant is None and not staff_of:
        return entries.none()
    from django.db.models import Q

    condition = Q(edition_id__in=staff_of)
    if entrant is not None:
        condition |= Q(entrant=entrant)
    return entries.filter(condition)


def entries_editable_by(user: User) -> QuerySet[Entry]:
    """Entries the user may change as an entrant: their own entrant's, nobody else's."""
    entrant = entrant_of(user)
    if entrant is None:
        return Entry.objects.none()
    return with_released_screening(
        Entry.objects.select_related("edition", "category", "entrant", "form").filter(
            entrant=entrant))


def entries_screenable_by(user: User) -> QuerySet[Entry]:
    """Entries the user may screen and list as staff."""
    entries = Entry.objects.select_related("edition", "category", "entrant", "form")
    if not user.is_authenticated:
        return entries.none()
    if user.is_superuser:
        return entries
    return entries.filter(edition_id__in=staff_edition_ids(user))


def attachments_visible_to(user: User) -> QuerySet[Attachment]:
    return Attachment.objects.select_related("entry").filter(
        entry__in=entries_visible_to(user).values("pk")
    )


def revisions_visible_to(user: User) -> QuerySet[EntryRevision]:
    """Revisions are for staff (and the entrant's own members)."""
    return EntryRevision.objects.select_related("entry").filter(
        entry__in=entries_visible_to(user).values("pk")
    )


def extension_for(entry: Entry) -> Extension | None:
    return Extension.objects.filter(edition_id=entry.edition_id,
                                    entrant_id=entry.entrant_id).first()
