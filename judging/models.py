"""Rounds, criteria, judges and panels, conflicts of interest, assignments, reviews and scores.

The maths lives in the pure packages ``judging.assignment`` and ``judging.scoring``; these
models hold the configuration (all of it data an organiser edits) and the judges' work.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from entries.models import Entrant, Entry
from prize.models import Category, Edition

from .enums import AssignmentSource, ConflictScope, RankBy, ReviewStatus, RoundStatus


def default_tie_break() -> list[str]:
    return ["normalised", "median", "reviews"]


def default_reminders() -> list[int]:
    return [72, 24]


class Round(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus.choices,
                              default=RoundStatus.DRAFT)
    judges_per_entry = models.PositiveSmallIntegerField(_("judges per entry"), default=3)
    blind = models.BooleanField(
        _("blind"), default=False, help_text=_("Judges do not see who entered.")
    )
    rank_by = models.CharField(_("rank by"), max_length=12, choices=RankBy.choices,
                               default=RankBy.NORMALISED)
    tie_break = models.JSONField(
        _("tie-break order"), default=default_tie_break,
        help_text=_('After the ranking figure, e.g. ["median", "reviews", "criterion:Impact"].'),
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement flag"), max_digits=5, decimal_places=2, default=15,
        help_text=_("Standard deviation of the judges' totals (out of 100) that is flagged."),
    )
    conflict_same_organisation = models.BooleanField(_("same organisation conflicts"),
                                                     default=True)
    conflict_same_city = models.BooleanField(_("same city conflicts"), default=True)
    conflict_same_country = models.BooleanField(_("same country conflicts"), default=False)
    reminder_hours = models.JSONField(
        _("reminders (hours before closing)"), default=default_reminders,
        help_text=_("Judges with unfinished reviews are reminded this many hours before the "
                    "round closes."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="unique_round_number"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")),
                                   name="round_closes_after_it_opens"),
            models.CheckConstraint(condition=Q(judges_per_entry__gte=1),
                                   name="round_needs_a_judge"),
        ]

    def __str__(self):
        return f"{self.edition.short_name} · {self.name}"


class RoundQuota(models.Model):
    """How many entries of a category advance from a round (2023: 209, then 40, then 21)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    advance = models.PositiveIntegerField(_("entries that advance"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "category"], name="one_quota_per_category"),
        ]

    def __str__(self):
        return f"{self.round} · {self.category}: {self.advance}"


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=10)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["round", "category", "order", "pk"]
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["round", "category", "name"],
                                    name="unique_criterion_name"),
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")),
                                   name="criterion_scale"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="criterion_weight"),
        ]

    def __str__(self):
        return self.name


class RoundEntry(models.Model):
    """An entry taking part in a round: round 1 takes the eligible entries, round N+1 those
    advanced from round N."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_entries")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="round_entries")
    advanced = models.BooleanField(_("advanced"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="entry_once_per_round"),
        ]

    def __str__(self):
        return f"{self.round}: {self.entry}"


class JudgeProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="judge_profile")
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    bio = models.TextField(_("short bio"), blank=True)

    def __str__(self):
        return str(self.user)


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


class PanelMembership(models.Model):
    """A judge invited to the panel of one category in one round; the invitation e-mail's link
    carries ``token``."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panel")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="panels")
    capacity = models.PositiveSmallIntegerField(
        _("most entries"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "category", "judge"],
                                    name="judge_once_per_panel"),
        ]

    def __str__(self):
        return f"{self.judge} · {self.round} · {self.category}"


class ConflictDeclaration(models.Model):
    """A conflict a judge declares, before or during a round, with its reason."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="conflicts")
    scope = models.CharField(_("conflict with"), max_length=20, choices=ConflictScope.choices)
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+")
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=ConflictScope.ORGANISATION, entrant__isnull=False)
                    | Q(scope=ConflictScope.ENTRY, entry__isnull=False)
                    | (Q(scope=ConflictScope.CITY) & ~Q(city=""))
                    | (Q(scope=ConflictScope.COUNTRY) & ~Q(country=""))
                ),
                name="conflict_names_its_target",
            ),
        ]

    def __str__(self):
        return f"{self.judge}: {self.get_scope_display()}"


class Assignment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="assignments")
    source = models.CharField(max_length=12, choices=AssignmentSource.choices,
                              default=AssignmentSource.AUTOMATIC)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # When the judge was told (one e-mail per judge lists every new assignment).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="assigned_once"),
        ]

    def __str__(self):
        return f"{self.judge} → {self.entry} ({self.round})"


class AssignmentRun(models.Model):
    """One run of automatic assignment for a round and category panel: what it did and which
    entries it could not complete, with the reason in words."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignment_runs")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    seed = models.CharField(max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    assigned = models.PositiveIntegerField(default=0)
    stats = models.JSONField(default=dict, blank=True)
    # [{"entry": pk, "assigned": n, "needed": k, "reason": "..."}]
    shortfalls = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.round} · {self.category} · {self.created_at:%Y-%m-%d %H:%M}"


class Recusal(models.Model):
    """A judge who found a conflict while scoring and stepped back from an entry."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="recusals")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.judge} recused from {self.entry}"


class Review(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE,
                                      related_name="review")
    status = models.CharField(max_length=12, choices=ReviewStatus.choices,
                              default=ReviewStatus.DRAFT)
    private_comment = models.TextField(_("comment for the secretariat"), blank=True)
    feedback = models.TextField(_("feedback for the entrant"), blank=True)
    abstain_reason = models.TextField(_("reason for abstaining"), blank=True)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.ABSTAINED) | ~Q(abstain_reason=""),
                name="abstaining_needs_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.assignment} [{self.get_status_display()}]"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
