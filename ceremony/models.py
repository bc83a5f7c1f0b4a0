"""Awards, the decisions that fill them, the publication of the results under embargo, and the
evening that announces them: the ceremony, its programme and presenters, the finalists'
invitations and replies, and the live reveal.

Decisions are kept apart from their announcement: a ``Decision`` says who wins what (proposed
by one person, confirmed by another); the edition's ``Publication`` says when the world may
know. Whether results are public is decided in one place: ``ceremony.selectors``.
"""

import hashlib
import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from entries.models import Entry
from prize.models import Category, Edition, Organisation

from .enums import (
    AwardKind,
    AwardPool,
    DecisionStatus,
    InvitePool,
    ItemKind,
    ResultKind,
    RevealMode,
)


class Award(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="awards")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind.choices,
                            default=AwardKind.CATEGORY)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="awards",
        verbose_name=_("category"),
        help_text=_("The category it rewards; none for a special mention across categories."))
    tier = models.CharField(_("tier"), max_length=60, blank=True,
                            help_text=_("For example Gold, Silver, Bronze."))
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=[MaxValueValidator(1000)],
        help_text=_("Higher tiers first: the lowest number is the top award of its category."))
    winners = models.PositiveSmallIntegerField(
        _("winners"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many winners it takes (joint winners count each)."))
    description = models.TextField(_("description"), blank=True, max_length=5000)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="awards", verbose_name=_("chosen with"),
        help_text=_("For a special mention: the partner organisations that choose it."))
    pool = models.CharField(_("chosen from"), max_length=12, choices=AwardPool.choices,
                            default=AwardPool.FINALISTS)
    revealed_at = models.DateTimeField(
        _("revealed"), null=True, blank=True, editable=False,
        help_text=_("When the live reveal showed its winners (publication as revealed)."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition", "category__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="unique_award_name"),
            models.CheckConstraint(condition=Q(winners__gte=1) & Q(winners__lte=100),
                                   name="award_winners_in_range"),
            models.CheckConstraint(
                condition=Q(kind=AwardKind.SPECIAL_MENTION) | Q(category__isnull=False),
                name="award_has_category_unless_special_mention"),
        ]

    def __str__(self):
        return f"{self.name} ({self.tier})" if self.tier else self.name


class Decision(models.Model):
    """One entry winning one award. The rank and score it had in the final round at the moment
    of the decision are kept, so the record survives later edits."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="decisions")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="award_decisions")
    status = models.CharField(max_length=12, choices=DecisionStatus.choices,
                              default=DecisionStatus.PROPOSED)
    rank = models.PositiveIntegerField(_("rank at the time"), null=True, blank=True)
    score = models.FloatField(_("score at the time"), null=True, blank=True)
    departs = models.BooleanField(
        _("departs from the ranking"), default=False,
        help_text=_("The ranking would not have given this entry this award."))
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    citation = models.TextField(
        _("citation"), blank=True, max_length=2000,
        help_text=_("A few sentences: what the jury valued. Shown on the public page, the "
                    "result e-mail, the certificate and in the ceremony script."))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["award", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "entry"], name="one_decision_per_award_entry"),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("proposed_by")),
                name="decision_four_eyes"),
            models.CheckConstraint(
                condition=Q(status=DecisionStatus.PROPOSED)
                | Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="decision_confirmed_has_confirmer"),
        ]

    def __str__(self):
        return f"{self.award}: {self.entry.reference or self.entry.pk}"


class Publication(models.Model):
    """When an edition's results become public, and how they are told."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE,
                                   related_name="publication")
    scheduled_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    show_scores = models.BooleanField(
        _("show scores to entrants"), default=False,
        help_text=_("With the results, entrants see their entry's scores as well as the "
                    "judges' feedback."))
    finalist_certificates = models.BooleanField(
        _("certificates for finalists"), default=False,
        help_text=_("Finalists get a certificate too, not only winners."))
    signatories = models.JSONField(
        _("signed by"), default=list, blank=True,
        help_text=_("Names and titles printed on the certificates."))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.edition)


def certificate_code() -> str:
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    """A winner's (or finalist's) certificate; its code lets anyone check it is genuine."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="certificates")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="certificates")
    kind = models.CharField(max_length=12, choices=ResultKind.choices)
    code = models.CharField(max_length=32, unique=True, default=certificate_code,
                            editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "decision"], name="one_certificate_per_win",
                                    condition=Q(decision__isnull=False)),
            models.UniqueConstraint(fields=["entry", "kind"], name="one_certificate_per_result",
                                    condition=Q(decision__isnull=True)),
        ]

    def __str__(self):
        return self.code


class ResultMailing(models.Model):
    """Staff asked for the result e-mails of some kinds to go out from a moment on. The rows
    are written to the outbox only once the results are public and the moment has come, one per
    entry and person whatever runs twice, so no e-mail can break the embargo."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    kinds = models.JSONField(_("results"), default=list)
    send_after = models.DateTimeField(_("send from"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    written_at = models.DateTimeField(null=True, blank=True)
    written = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.edition}: {', '.join(self.kinds)}"


# --- The ceremony --------------------------------------------------------------------------


class Ceremony(models.Model):
    """The evening's details beyond its date and venue name (kept on the edition): where it is,
    what the public reads of it, whom it invites and until when they reply, and how the results
    become public on the night."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="ceremony")
    address = models.TextField(_("address"), blank=True, max_length=500)
    map_url = models.URLField(_("map link"), blank=True, max_length=500)
    description = models.TextField(
        _("public description"), blank=True, max_length=5000,
        help_text=_("Shown on the edition's public pages before the day (never who won)."))
    invite = models.CharField(_("invite"), max_length=12, choices=InvitePool.choices,
                              default=InvitePool.FINALISTS)
    reply_by = models.DateTimeField(_("replies by"), null=True, blank=True,
                                    help_text=_("Invitees may change their reply until then."))
    max_guests = models.PositiveSmallIntegerField(
        _("guests per invitation"), default=2, validators=[MaxValueValidator(20)])
    publish_as_revealed = models.BooleanField(
        _("publish as revealed"), default=False,
        help_text=_("The live reveal publishes each award on the public winners page the moment "
                    "it is shown, instead of at a fixed time."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(max_guests__lte=20), name="ceremony_guests_range"),
        ]

    def __str__(self):
        return str(self.edition)


def presenter_photo_path(instance, filename) -> str:
    """A random name that says nothing of the person."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"presenters/{uuid.uuid4().hex}{suffix}"


class Presenter(models.Model):
    """Someone who walks on stage: a host, a speaker, a steering committee member who hands an
    award over."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="presenters")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True,
                             help_text=_("For example President & CEO."))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=1500)
    photo = models.FileField(_("photo"), upload_to=presenter_photo_path, max_length=200,
                             blank=True)
    pronunciation = models.CharField(
        _("pronunciation"), max_length=200, blank=True,
        help_text=_("How the MC says the name, for example “KIM Min-jun: kim min-JOON”."))
    order = models.PositiveSmallIntegerField(_("order"), default=0,
                                             validators=[MaxValueValidator(1000)])

    class Meta:
        ordering = ["edition", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="unique_presenter_name"),
        ]

    def __str__(self):
        return self.name


class ProgrammeItem(models.Model):
    """One moment of the evening, in order. An award presentation names the award(s) it covers;
    the MC's script and the reveal's cues are made from these and the confirmed decisions."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.DateTimeField(_("starts"))
    duration = models.PositiveSmallIntegerField(
        _("minutes"), default=5, validators=[MinValueValidator(1), MaxValueValidator(600)])
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices,
                            default=ItemKind.SPEECH)
    description = models.TextField(_("public description"), blank=True, max_length=2000)
    notes = models.TextField(_("notes for the MC"), blank=True, max_length=4000,
                             help_text=_("Staff only: printed in the script, never public."))
    presenters = models.ManyToManyField(Presenter, blank=True, related_name="items",
                                        verbose_name=_("presenters"))
    awards = models.ManyToManyField(Award, blank=True, related_name="programme_items",
                                    verbose_name=_("awards presented"))
    order = models.PositiveSmallIntegerField(_("order"), default=0,
                                             validators=[MaxValueValidator(1000)])

    class Meta:
        ordering = ["edition", "starts_at", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(duration__gte=1) & Q(duration__lte=600),
                                   name="programme_duration_range"),
        ]

    def __str__(self):
        return self.title


def token_digest(token: str) -> str:
    """What is stored of a reply or screen link: its SHA-256, so the database, the admin and
    every staff page hold nothing that opens it."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """One entry invited to the ceremony, and its reply (one per entry, changeable until the
    edition's reply deadline). The reply link's token is kept only as a digest."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="invitations")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="invitations")
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders"), default=0)
    # The reply.
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    attending = models.BooleanField(_("attending"), null=True, blank=True)
    recipient_name = models.CharField(_("who receives the prize on stage"), max_length=200,
                                      blank=True)
    recipient_title = models.CharField(_("their title"), max_length=200, blank=True)
    pronunciation = models.CharField(_("how to pronounce the name"), max_length=200,
                                     blank=True)
    guests = models.JSONField(_("guests"), default=list, blank=True)
    accessibility = models.TextField(_("accessibility needs"), blank=True, max_length=1000)
    dietary = models.TextField(_("dietary needs"), blank=True, max_length=1000)

    class Meta:
        ordering = ["edition", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "entry"], name="one_invitation_per_entry"),
        ]

    def __str__(self):
        return f"{self.edition}: {self.entry_id}"


class RevealState(models.Model):
    """Where the operator is in the show: one row per edition and mode (rehearsal, live). Every
    change bumps ``version``, which the screens poll for."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=10, choices=RevealMode.choices)
    position = models.PositiveIntegerField(default=0)
    cue_key = models.CharField(max_length=80, blank=True)
    blackout = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "mode"], name="one_reveal_per_mode"),
        ]

    def __str__(self):
        return f"{self.edition}: {self.mode} {self.position}"


class ScreenLink(models.Model):
    """A link for the venue's laptop that opens the reveal screen and nothing else, until it is
    revoked. Only its digest is stored."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="screen_links")
    label = models.CharField(_("label"), max_length=100)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "-created_at", "pk"]

    def __str__(self):
        return self.label
