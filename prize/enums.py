"""Statuses and kinds shared by every app, with their allowed transitions as tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntrantKind(models.TextChoices):
    CITY_GOVERNMENT = "city_government", _("City government")
    CORPORATION = "corporation", _("Corporation")
    INSTITUTION = "institution", _("Institution")
    INDIVIDUAL = "individual", _("Individual")


class Role(models.TextChoices):
    """What a person does in one edition. A superuser stands above all of them."""

    ENTRANT = "entrant", _("Entrant")
    JUDGE = "judge", _("Judge")
    COORDINATOR = "coordinator", _("Coordinator (evaluation partner)")
    SECRETARIAT = "secretariat", _("Secretariat staff")


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    CALL_OPEN = "call_open", _("Call for entries")
    JUDGING = "judging", _("Judging")
    ANNOUNCED = "announced", _("Winners announced")
    ARCHIVED = "archived", _("Archived")


EDITION_TRANSITIONS: dict[str, set[str]] = {
    EditionStatus.DRAFT: {EditionStatus.CALL_OPEN},
    EditionStatus.CALL_OPEN: {EditionStatus.JUDGING, EditionStatus.DRAFT},
    EditionStatus.JUDGING: {EditionStatus.ANNOUNCED, EditionStatus.CALL_OPEN},
    # Back to judging when announced results are taken back (unpublished, with a reason).
    EditionStatus.ANNOUNCED: {EditionStatus.ARCHIVED, EditionStatus.JUDGING},
    EditionStatus.ARCHIVED: set(),
}


class OrganisationRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    EVALUATION_PARTNER = "evaluation_partner", _("Evaluation partner")
    PARTNER = "partner", _("Partner")
    STEERING = "steering", _("Steering committee")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


NOTIFICATION_TRANSITIONS: dict[str, set[str]] = {
    NotificationStatus.PENDING: {NotificationStatus.SENDING, NotificationStatus.FAILED},
    # back to pending when a transient failure will be retried
    NotificationStatus.SENDING: {
        NotificationStatus.SENT,
        NotificationStatus.PENDING,
        NotificationStatus.FAILED,
    },
    NotificationStatus.SENT: set(),
    # staff may send a failed message again
    NotificationStatus.FAILED: {NotificationStatus.PENDING},
}
