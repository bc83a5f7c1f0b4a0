"""Awards, the decisions that fill them, and the publication of the results under embargo.

Decisions are kept apart from their announcement: a ``Decision`` says who wins what (proposed
by one person, confirmed by another); the edition's ``Publication`` says when the world may
know. Whether results are public is decided in one place: ``ceremony.selectors``.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from entries.models import Entry
from prize.models import Category, Edition, Organisation

from .enums import AwardKind, AwardPool, DecisionStatus, ResultKind


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
