from django.contrib import admin

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


class QuotaInline(admin.TabularInline):
    model = RoundQuota
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["category", "name", "weight", "scale_min", "scale_max", "required", "order"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "number", "status", "opens_at", "closes_at",
                    "judges_per_entry", "blind"]
    list_filter = ["edition", "status"]
    list_select_related = ["edition"]
    inlines = [QuotaInline, CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "round", "category", "weight", "scale_min", "scale_max", "required"]
    list_filter = ["round", "category"]
    list_select_related = ["round", "category"]


@admin.register(JudgeProfile)
class JudgeProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "city", "country"]
    search_fields = ["user__email", "user__name", "organisation"]
    list_select_related = ["user"]


@admin.register(PanelMembership)
class PanelMembershipAdmin(admin.ModelAdmin):
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
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["judge", "entry", "round", "source", "created_at"]
    list_filter = ["round", "source"]
    list_select_related = ["judge", "entry", "round"]
    search_fields = ["judge__email", "entry__reference"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["assignment", "status", "submitted_at", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["assignment__judge", "assignment__entry", "assignment__round"]
    inlines = [ScoreInline]


@admin.register(Recusal)
class RecusalAdmin(admin.ModelAdmin):
    list_display = ["judge", "entry", "round", "at"]
    list_select_related = ["judge", "entry", "round"]
