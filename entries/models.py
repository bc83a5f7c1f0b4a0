"""Entrants and their entries: profiles, collaborators, form definitions, entries, revisions,
attachments, extensions and screening decisions."""

import copy
import secrets
import uuid
from datetime import datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from prize.enums import EntrantKind
from prize.models import Category, Edition

from .enums import EDITABLE_STATUSES, EntryStatus, MemberRole, Region
from .regions import region_of


class Entrant(models.Model):
    """Who enters: a city government, corporation, institution, or an individual."""

    kind = models.CharField(_("entrant kind"), max_length=20, choices=EntrantKind.choices)
    name = models.CharField(
        _("name"), max_length=200,
        help_text=_("The organisation's name, or your own name if you enter as an individual."),
    )
    position = models.CharField(
        _("position"), max_length=200, blank=True,
        help_text=_("Individuals: your position, for example Mayor of …"),
    )
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    region = models.CharField(
        _("region"), max_length=20, choices=Region.choices, blank=True, editable=False
    )
    wego_member = models.BooleanField(_("WeGO member"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EntrantKind.values), name="entrant_kind"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region = region_of(str(self.country))
        if kwargs.get("update_fields") is not None and "country" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "region"}
        super().save(*args, **kwargs)


class EntrantMember(models.Model):
    """A user who works on an entrant's entries. A user belongs to one entrant."""

    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entrant_membership"
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.OWNER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entrant", "joined_at"]

    def __str__(self):
        return f"{self.user} @ {self.entrant}"


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation to work on an entrant's entries, sent by e-mail."""

    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entrant", "email"], condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.entrant}"


class EntryForm(models.Model):
    """An application form: its steps and fields are data (see entries/schema.py)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="entry_forms")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"))
    schema = models.JSONField(_("steps and fields"), default=dict)

    class Meta:
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="unique_entry_form"),
        ]

    def __str__(self):
        return self.name


class EntryFormUse(models.Model):
    """Which form an entrant of a kind fills in a category."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="form_uses")
    entrant_kind = models.CharField(max_length=20, choices=EntrantKind.choices)
    # RESTRICT: a form in use cannot be deleted on its own, but goes with its edition.
    form = models.ForeignKey(EntryForm, on_delete=models.RESTRICT, related_name="uses")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "entrant_kind"], name="one_form_per_kind"),
        ]

    def __str__(self):
        return f"{self.category} / {self.get_entrant_kind_display()}: {self.form}"


class Extension(models.Model):
    """A later deadline the secretariat grants one entrant in one edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="extensions")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="extensions")
    deadline = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "entrant"], name="one_extension"),
        ]

    def __str__(self):
        return f"{self.entrant}: {self.deadline:%Y-%m-%d %H:%M}"


def closing_time(edition: Edition, extension: "Extension | None") -> datetime:
    """When the call closes for one entrant: the edition's deadline, or their extension's when
    that is later."""
    closes = edition.call_closes_at
    return max(closes, extension.deadline) if extension else closes


class Entry(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="entries")
    form = models.ForeignKey(EntryForm, on_delete=models.PROTECT, related_name="entries")
    reference = models.CharField(_("reference"), max_length=40, unique=True, null=True,
                                 blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT,
        db_index=True,
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # Edits to a submitted entry wait here until they are submitted again: the submitted
    # answers (what staff screen and judges read) always satisfy the form.
    pending_answers = models.JSONField(_("changes not submitted"), null=True, blank=True)
    pending_since = models.DateTimeField(_("changed since"), null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text=_("Raised by every save; a save from an older version is refused.")
    )
    current_step = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_saved_at = models.DateTimeField(_("last saved"), default=timezone.now)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["-last_saved_at", "-pk"]
        verbose_name_plural = _("entries")
        indexes = [models.Index(fields=["edition", "status", "category"], name="entry_list")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=EntryStatus.values),
                                   name="entry_status"),
            models.CheckConstraint(
                condition=Q(status=EntryStatus.DRAFT) | Q(reference__isnull=False)
                | Q(status=EntryStatus.WITHDRAWN),
                name="entered_entries_have_a_reference",
            ),
        ]

    def __str__(self):
        return f"{self.reference or _('Draft')}: {self.title or _('(untitled)')}"

    def get_absolute_url(self):
        return reverse("entries:entry_detail", kwargs={"pk": self.pk})

    def deadline(self, extension: "Extension | None | bool" = None) -> datetime:
        """The moment after which nothing can be submitted or changed. Lists that loaded the
        entrants' extensions pass the entrant's one, or ``False`` for "known: none", so no
        query is made per entry."""
        if extension is None:
            extension = Extension.objects.filter(
                edition_id=self.edition_id, entrant_id=self.entrant_id
            ).first()
        return closing_time(self.edition, extension or None)

    def is_open(self, at: datetime | None = None,
                extension: "Extension | None | bool" = None) -> bool:
        at = at or timezone.now()
        return self.edition.call_opens_at <= at < self.deadline(extension)

    @property
    def is_editable_status(self) -> bool:
        return self.status in EDITABLE_STATUSES

    # --- What the entrant is told -------------------------------------------------------------
    # A screening decision is held until the secretariat releases it: until then the entrant's
    # pages say "Submitted", whatever the staff decided. ``entries.selectors`` annotates
    # ``released_screening`` and ``released_reason`` (the latest released decision) on the
    # querysets entrants read; without them, one query finds them.

    def _released(self) -> tuple[str | None, str]:
        if not hasattr(self, "released_screening"):
            row = (self.decisions.filter(released_at__isnull=False)
                   .order_by("-decided_at", "-pk").values_list("decision", "reason").first())
            self.released_screening, self.released_reason = row or (None, "")
        return self.released_screening, self.released_reason or ""

    @property
    def entrant_status(self) -> str:
        """The status as the entrant may know it."""
        if self.status not in (EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE):
            return self.status
        return self._released()[0] or EntryStatus.SUBMITTED

    def get_entrant_status_display(self) -> str:
        return EntryStatus(self.entrant_status).label

    @property
    def has_pending_changes(self) -> bool:
        """Whether a submitted entry holds edits that were not submitted again. Screening
        settles the submitted version: what was not submitted by then no longer counts."""
        return self.pending_since is not None and self.status == EntryStatus.SUBMITTED

    def editing(self) -> "Entry":
        """This entry as its entrant edits it: the changes not submitted yet in place of the
        submitted answers (the entry itself when there are none). For showing, not saving."""
        if self.pending_answers is None or self.status != EntryStatus.SUBMITTED:
            return self
        shown = copy.copy(self)
        shown.answers = self.pending_answers
        return shown

    def locked_message(self, *, withdraw: bool = False) -> str:
        """Why the entrant can no longer change (or withdraw) this entry, without telling a
        screening decision that is not released yet."""
        if self.entrant_status == EntryStatus.SUBMITTED:
            if withdraw:
                return _("Your entry is being screened and can no longer be withdrawn.")
            return _("Your entry is being screened and can no longer be changed.")
        status = self.get_entrant_status_display().lower()
        if withdraw:
            return _("This entry is %(status)s and can no longer be withdrawn.") % {
                "status": status}
        return _("This entry is %(status)s and can no longer be changed.") % {"status": status}

    @property
    def released_decision_reason(self) -> str:
        """The reason of the latest released screening decision ("" before any release)."""
        if self.status not in (EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE):
            return ""
        return self._released()[1]


class EntryRevision(models.Model):
    """The answers of a submitted entry as they were after each change."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300, blank=True)
    answers = models.JSONField(default=dict)
    attachments = models.JSONField(default=list, help_text=_("Names of the attached files."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="unique_revision_number"),
        ]

    def __str__(self):
        return f"{self.entry} r{self.number}"


def attachment_path(instance, filename) -> str:
    """A random name that says nothing of the file or its owner; the real name is a field."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("entries:attachment_download", kwargs={"pk": self.pk})


class AnonymisedVersion(models.Model):
    """The entrant's anonymised copy of one attachment (names, logos and faces removed from
    the pages), which judges of a blind round get instead of the original. The form asks for
    it when its attachments step says ``blind_variant`` (see entries/schema.py)."""

    attachment = models.OneToOneField(Attachment, on_delete=models.CASCADE,
                                      related_name="anonymised")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anonymised version")

    def __str__(self):
        return self.original_name


def anonymised_version(attachment: Attachment) -> "AnonymisedVersion | None":
    """The attachment's anonymised version, or None (loaded with ``select_related`` by lists)."""
    try:
        return attachment.anonymised
    except AnonymisedVersion.DoesNotExist:
        return None


class ScreeningReason(models.Model):
    """A templated reason for an eligibility decision; staff may add free text."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE,
                                related_name="screening_reasons")
    decision = models.CharField(
        max_length=20, choices=[(EntryStatus.ELIGIBLE, _("Eligible")),
                                (EntryStatus.INELIGIBLE, _("Ineligible"))],
    )
    text = models.CharField(_("reason"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "decision", "order"]

    def __str__(self):
        return self.text


class ScreeningDecision(models.Model):
    """An eligibility decision on one entry. The entrant is told once decisions are released."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=20, choices=EntryStatus.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entry", "-decided_at", "-pk"]
        get_latest_by = "decided_at"

    def __str__(self):
        return f"{self.entry}: {self.get_decision_display()}"


from .note_models import *  # noqa: E402,F401,F403
from .redaction_models import Redaction  # noqa: E402,F401
