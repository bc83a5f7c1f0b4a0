"""The shared core: people and roles, editions and categories, the outbox and the audit log."""

import zoneinfo
from datetime import datetime

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import (
    EditionStatus,
    EntrantKind,
    NotificationStatus,
    OrganisationRole,
    Role,
)

TIME_ZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz] + [
    ("UTC", "UTC")
]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("Choose a time zone from the list, such as Asia/Seoul (“%(value)s” is not one)."),
            params={"value": value})


# --- People ------------------------------------------------------------------------------------


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        """An organiser made on the command line (``createsuperuser``) logs in on the site at
        once: nobody would confirm an address typed on the server, so it counts as verified."""
        from allauth.account.models import EmailAddress

        extra["is_staff"] = True
        extra["is_superuser"] = True
        user = self._create_user(email, password, **extra)
        EmailAddress.objects.get_or_create(user=user, email=user.email,
                                           defaults={"verified": True, "primary": True})
        return user

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person. Logs in with an e-mail address; what they may do comes from `RoleAssignment`."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("full name"), max_length=150, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        choices=TIME_ZONE_CHOICES,
        help_text=_("Dates and deadlines are shown in this time zone."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email

    def has_perm(self, perm, obj=None) -> bool:
        """Permissions come from the rules (``rules.py`` of each app) and a superuser has them
        all; nothing grants Django's permission table (the admin edits neither groups nor
        permissions), so it is not read: asking costs no query."""
        if self.is_active and self.is_superuser:
            return True
        return rules.has_perm(perm, self, obj)

    @cached_property
    def role_set(self) -> set[tuple[int, str]]:
        """(edition id, role) pairs, read once per request."""
        return set(self.role_assignments.values_list("edition_id", "role"))

    def has_role(self, edition, *roles: str) -> bool:
        edition_id = edition.pk if hasattr(edition, "pk") else edition
        return any((edition_id, role) in self.role_set for role in roles)

    def roles_in(self, edition) -> list[str]:
        edition_id = edition.pk if hasattr(edition, "pk") else edition
        return sorted(role for (eid, role) in self.role_set if eid == edition_id)


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    edition = models.ForeignKey("Edition", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "edition", "role"], name="unique_role"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="role_known"),
        ]
        ordering = ["edition", "role", "user"]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.edition})"


# --- Editions ----------------------------------------------------------------------------------


class EditionQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=EditionStatus.DRAFT)

    def current(self):
        """The edition the site shows on its home page, or None."""
        return self.filter(is_current=True).first()


class Edition(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, help_text=_("Used in e-mail subjects and references.")
    )
    slug = models.SlugField(_("slug"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    about = models.TextField(_("about"), blank=True)
    how_to_enter = models.TextField(_("how to enter"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        choices=TIME_ZONE_CHOICES,
        validators=[validate_time_zone],
        help_text=_("Deadlines are judged in this time zone."),
    )
    call_opens_at = models.DateTimeField(_("call opens"))
    call_closes_at = models.DateTimeField(_("call closes"))
    ceremony_at = models.DateTimeField(_("ceremony"), null=True, blank=True)
    ceremony_venue = models.CharField(_("ceremony venue"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    is_current = models.BooleanField(
        _("current edition"),
        default=False,
        help_text=_("The edition shown on the home page. Only one edition can be current."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_edition"
            ),
            models.CheckConstraint(
                condition=Q(call_closes_at__gt=models.F("call_opens_at")),
                name="call_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("edition_home", kwargs={"slug": self.slug})

    def clean(self):
        if self.call_opens_at and self.call_closes_at and self.call_closes_at <= self.call_opens_at:
            raise ValidationError({"call_closes_at": _(
                "Close the call after it opens: choose a moment after %(opens)s.")
                % {"opens": self.when(self.call_opens_at)}})
        if self.ceremony_at and self.call_closes_at and self.ceremony_at < self.call_closes_at:
            raise ValidationError({"ceremony_at": _(
                "Move the ceremony after the call closes: choose a moment after %(closes)s.")
                % {"closes": self.when(self.call_closes_at)}})

    def when(self, moment: datetime) -> str:
        """A moment as an error message names it: in the edition's time zone, with the zone."""
        from django.utils.formats import date_format

        try:
            tz = self.tz
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            tz = zoneinfo.ZoneInfo("UTC")
        local = timezone.localtime(moment, tz) if timezone.is_aware(moment) else moment
        return f"{date_format(local, 'DATETIME_FORMAT')} ({tz.key})"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local(self, moment: datetime) -> datetime:
        return timezone.localtime(moment, self.tz)

    def is_call_open(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.call_opens_at <= at < self.call_closes_at


class Organisation(models.Model):
    """An organiser, partner or steering body of one edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=30, choices=OrganisationRole.choices)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["edition", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="unique_organisation"),
        ]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """A date on an edition's public timeline."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "starts_at"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _(
                "End the milestone when or after it starts, or leave its end empty.")})


class Category(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"))
    code = models.CharField(
        _("code"), max_length=8, help_text=_("Short code used in entry references, e.g. TI.")
    )
    description = models.TextField(_("description"), blank=True)
    allowed_entrant_kinds = models.JSONField(
        _("who may enter"),
        default=list,
        help_text=_("Entrant kinds allowed in this category."),
    )
    finalist_quota = models.PositiveSmallIntegerField(_("finalists"), default=0)
    winner_quota = models.PositiveSmallIntegerField(_("winners"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["edition", "order", "name"]
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="unique_category_slug"),
            models.UniqueConstraint(fields=["edition", "code"], name="unique_category_code"),
            models.CheckConstraint(
                condition=Q(winner_quota__lte=models.F("finalist_quota")) | Q(finalist_quota=0),
                name="winners_within_finalists",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        kinds = self.allowed_entrant_kinds or []
        unknown = [k for k in kinds if k not in EntrantKind.values]
        if unknown:
            raise ValidationError(
                {"allowed_entrant_kinds": _(
                    "Choose who may enter from the list (not: %s).") % ", ".join(unknown)}
            )
        if not kinds:
            raise ValidationError({"allowed_entrant_kinds": _(
                "Choose who may enter: tick at least one kind of entrant.")})
        if self.finalist_quota and self.winner_quota > self.finalist_quota:
            raise ValidationError(
                {"winner_quota": _(
                    "Lower the winners to %(finalists)d or fewer, or raise the finalists: "
                    "winners are chosen from the finalists.") % {"finalists": self.finalist_quota}}
            )

    def allows(self, kind: str) -> bool:
        return kind in (self.allowed_entrant_kinds or [])

    def get_allowed_entrant_kinds_display(self) -> list[str]:
        labels = dict(EntrantKind.choices)
        allowed = self.allowed_entrant_kinds or []
        return [str(labels[k]) for k in EntrantKind.values if k in allowed]


# --- Notification outbox -------------------------------------------------------------------------


class Notification(models.Model):
    """One e-mail to one person, written in the caller's transaction and sent by Celery."""

    recipient = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    to_email = models.EmailField(pgettext_lazy("e-mail recipient", "to"))
    template = models.CharField(
        _("template"), max_length=120, help_text=_("Folder under templates/emails/.")
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
        help_text=_("The edition the message belongs to; none for account messages."),
    )
    context = models.JSONField(_("context"), default=dict, blank=True)
    # Values only the recipient may read (a reset or invitation link), encrypted; see
    # prize/sealing.py. Opened by the delivery task alone and wiped once the message has left.
    sealed = models.TextField(blank=True, editable=False)
    carries_credential = models.BooleanField(
        _("carries a personal link"),
        default=False,
        help_text=_("The message holds a link or code that gives access to the recipient's "
                    "account; only the recipient ever sees it."),
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    send_after = models.DateTimeField(_("send after"), null=True, blank=True)
    queued_at = models.DateTimeField(
        _("queued for"),
        null=True,
        blank=True,
        help_text=_("When the queued message is due to run; a row still pending long after "
                    "that is queued again."),
    )
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "send_after"], name="outbox_due")]

    def __str__(self):
        return f"{self.template} → {self.to_email} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("staff_outbox_detail", kwargs={"pk": self.pk})


# --- Audit log ---------------------------------------------------------------------------------


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """An append-only record of a decision: who did what to which object, before and after."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_repr = models.CharField(_("who"), max_length=254, blank=True)
    edition = models.ForeignKey(
        Edition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

from .job_models import *  # noqa: E402,F401,F403
from .list_models import *  # noqa: E402,F401,F403
from .message_models import *  # noqa: E402,F401,F403
from .privacy_models import *  # noqa: E402,F401,F403
from .team_models import TeamInvitation  # noqa: E402,F401
