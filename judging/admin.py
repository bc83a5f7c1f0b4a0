from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from prize.deletion import GuardedDeletionAdmin, GuardedInlineFormSet, add_uses, instead

from .models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    JudgeProfile,
    PanelMembership,
    Recusal,
    Review,
    Round,
    RoundQuota,
    Score,
)

instead("judging.round", _(
    "Keep the round: change its dates or settings, or close it, instead of deleting it."))
instead("judging.criterion", _(
    "Keep the criterion and change its name or guidance instead; its scores stay with it."))
instead("judging.panelmembership", _(
    "Keep the judge on the panel: remove or reassign their assignments on the round's "
    "assignments page first."))
instead("judging.assignment", _(
    "Remove it on the round's assignments page instead, where the removal is recorded with "
    "its reason."))
instead("judging.review", _(
    "Keep the review: the judge can abstain from it, or staff can reopen it, instead."))


def _membership_uses(membership):
    """A judge's work on the panel: their assignments (with reviews) in its round and category."""
    work = Assignment.objects.filter(round_id=membership.round_id, judge_id=membership.judge_id,
                                     entry__category_id=membership.category_id)
    return {
        (str(_("judge's assignment")), str(_("judges' assignments"))): work.count(),
        (str(_("review")), str(_("reviews"))): Review.objects.filter(assignment__in=work).count(),
    }


add_uses("judging.panelmembership", _membership_uses)


class QuotaInline(admin.TabularInline):
    model = RoundQuota
    extra = 0


class CriterionInline(TranslationTabularInline):
    model = Criterion
    formset = GuardedInlineFormSet
    extra = 0
    fields = ["category", "name", "weight", "scale_min", "scale_max", "required", "order"]


@admin.register(Round)
class RoundAdmin(GuardedDeletionAdmin, TranslationAdmin):
    list_display = ["name", "edition", "number", "status", "opens_at", "closes_at",
                    "judges_per_entry", "blind"]
    list_filter = ["edition", "status"]
    list_select_related = ["edition"]
    inlines = [QuotaInline, CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(GuardedDeletionAdmin, TranslationAdmin):
    list_display = ["name", "round", "category", "weight", "scale_min", "scale_max", "required"]
    list_filter = ["round", "category"]
    list_select_related = ["round", "category"]


@admin.register(JudgeProfile)
class JudgeProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "city", "country"]
    search_fields = ["user__email", "user__name", "organisation"]
    list_select_related = ["user"]


@admin.register(PanelMembership)
class PanelMembershipAdmin(GuardedDeletionAdmin):
    list_display = ["judge", "round", "category", "capacity", "invited_at", "accepted_at"]
    list_filter = ["round", "category"]
    list_select_related = ["judge", "round", "category"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["judge", "scope", "entrant", "entry", "city", "country", "declared_at"]
    list_filter = ["scope", "edition"]
    list_select_related = ["judge", "entrant", "entry"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Assignment)
class AssignmentAdmin(GuardedDeletionAdmin):
    list_display = ["judge", "entry", "round", "source", "created_at"]
    list_filter = ["round", "source"]
    list_select_related = ["judge", "entry", "round"]
    search_fields = ["judge__email", "entry__reference"]


@admin.register(Review)
class ReviewAdmin(GuardedDeletionAdmin):
    list_display = ["assignment", "status", "submitted_at", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["assignment__judge", "assignment__entry", "assignment__round"]
    inlines = [ScoreInline]


@admin.register(Recusal)
class RecusalAdmin(admin.ModelAdmin):
    list_display = ["judge", "entry", "round", "at"]
    list_select_related = ["judge", "entry", "round"]
