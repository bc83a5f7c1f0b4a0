"""Reads with rules: what each user may see of the shared core."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from .enums import EditionStatus, Role
from .models import AuditEvent, Edition, Notification, RoleAssignment, User


def editions_visible_to(user: User) -> QuerySet[Edition]:
    """Public editions for everyone; an edition in preparation only for its staff."""
    editions = Edition.objects.all()
    if user.is_authenticated and user.is_superuser:
        return editions
    public = ~Q(status=EditionStatus.DRAFT)
    if user.is_authenticated:
        staff_of = [eid for eid, role in user.role_set if role in (Role.SECRETARIAT,
                                                                    Role.COORDINATOR)]
        return editions.filter(public | Q(pk__in=staff_of))
    return editions.filter(public)


def editions_managed_by(user: User) -> QuerySet[Edition]:
    if not user.is_authenticated:
        return Edition.objects.none()
    if user.is_superuser:
        return Edition.objects.all()
    ids = [eid for eid, role in user.role_set if role == Role.SECRETARIAT]
    return Edition.objects.filter(pk__in=ids)


def editions_staffed_by(user: User) -> QuerySet[Edition]:
    """Editions the user helps run: the secretariat's and the coordinators' (evaluation
    partner), newest first; every edition for a superuser."""
    if not user.is_authenticated:
        return Edition.objects.none()
    editions = Edition.objects.order_by("-year", "name")
    if user.is_superuser:
        return editions
    ids = [eid for eid, role in user.role_set if role in (Role.SECRETARIAT, Role.COORDINATOR)]
    return editions.filter(pk__in=ids)


def audit_events_visible_to(user: User) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("edition", "target_type")
    if not user.is_authenticated:
        return events.none()
    if user.is_superuser:
        return events
    ids = [eid for eid, role in user.role_set if role in (Role.SECRETARIAT, Role.COORDINATOR)]
    return events.filter(edition_id__in=ids)


def notifications_visible_to(user: User) -> QuerySet[Notification]:
    """The outbox a user may read. A superuser reads every message. The secretariat of an
    edition reads that edition's messages, and the account messages (sign-up, password) of the
    people who hold a role in it, so it can tell someone whether their e-mail left; never a
    message to a superuser, nor to an address with no account. Personal links inside any of
    them are sealed and shown to no one (see ``prize.outbox.render``)."""
    rows = Notification.objects.select_related("recipient", "edition")
    if not user.is_authenticated:
        return rows.none()
    if user.is_superuser:
        return rows
    ids = [eid for eid, role in user.role_set if role == Role.SECRETARIAT]
    if not ids:
        return rows.none()
    people = RoleAssignment.objects.filter(
        edition_id__in=ids, user_id=OuterRef("recipient_id")
    )
    return rows.filter(
        Q(edition_id__in=ids)
        | Q(edition__isnull=True, recipient__isnull=False, recipient__is_superuser=False)
        & Exists(people)
    ).exclude(recipient__is_superuser=True)
