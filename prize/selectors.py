"""Reads with rules: what each user may see of the shared core."""

from django.db.models import Q, QuerySet

from .enums import EditionStatus, Role
from .models import AuditEvent, Edition, Notification, User


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
    if user.is_authenticated and user.has_perm("prize.view_outbox"):
        return Notification.objects.select_related("recipient")
    return Notification.objects.none()
