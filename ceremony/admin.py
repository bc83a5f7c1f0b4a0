from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from prize.deletion import GuardedDeletionAdmin, instead

from .models import Award, Certificate, Decision, Publication

instead("ceremony.award", _(
    "Remove its decisions on the winners page first (each with its reason), and take it off "
    "the programme; or keep the award and change it instead."))


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["entry", "status", "rank", "score", "departs", "reason", "proposed_by",
              "confirmed_by"]
    readonly_fields = fields
    can_delete = False  # through the staff pages: a decision leaves with a reason, audited

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Award)
class AwardAdmin(GuardedDeletionAdmin, TranslationAdmin):
    list_display = ["name", "edition", "kind", "category", "tier", "order", "winners", "pool"]
    list_filter = ["edition", "kind", "pool"]
    search_fields = ["name", "tier"]
    list_select_related = ["edition", "category"]
    filter_horizontal = ["partners"]
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["award", "entry", "status", "rank", "departs", "proposed_by", "confirmed_by"]
    list_filter = ["status", "departs", "award__edition"]
    list_select_related = ["award", "entry", "proposed_by", "confirmed_by"]
    readonly_fields = ["award", "entry", "status", "rank", "score", "departs", "reason",
                       "proposed_by", "proposed_at", "confirmed_by", "confirmed_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["edition", "scheduled_at", "published_at", "show_scores"]
    readonly_fields = ["scheduled_at", "scheduled_by", "published_at", "published_by"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "entry", "kind", "created_at"]
    list_select_related = ["entry"]
    readonly_fields = ["entry", "decision", "kind", "code", "created_at"]
