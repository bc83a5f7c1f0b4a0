from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .deletion import GuardedDeletionAdmin, GuardedInlineFormSet
from .forms import CategoryForm
from .models import (
    AuditEvent,
    Category,
    Edition,
    Milestone,
    Notification,
    Organisation,
    RoleAssignment,
    User,
)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["edition"]


@admin.register(User)
class UserAdmin(GuardedDeletionAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_superuser", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "role_assignments__role"]
    search_fields = ["email", "name"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "time_zone", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "edition", "role", "created_at"]
    list_filter = ["edition", "role"]
    search_fields = ["user__email", "user__name"]
    autocomplete_fields = ["user", "edition"]
    list_select_related = ["user", "edition"]


class CategoryInline(admin.StackedInline):
    model = Category
    form = CategoryForm
    formset = GuardedInlineFormSet
    extra = 0


class OrganisationInline(TranslationTabularInline):
    model = Organisation
    formset = GuardedInlineFormSet
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0


@admin.register(Edition)
class EditionAdmin(GuardedDeletionAdmin, TranslationAdmin):
    """Its texts in every language, side by side (django-modeltranslation); the categories
    through the staff's own form, which does the same."""

    list_display = ["name", "year", "status", "is_current", "call_opens_at", "call_closes_at"]
    list_filter = ["status", "is_current"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CategoryInline, OrganisationInline, MilestoneInline]


@admin.register(Category)
class CategoryAdmin(GuardedDeletionAdmin):
    form = CategoryForm
    list_display = ["name", "edition", "code", "finalist_quota", "winner_quota", "order"]
    list_filter = ["edition"]
    search_fields = ["name", "code"]
    list_select_related = ["edition"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to_email", "template", "edition", "status",
                    "carries_credential", "attempts", "sent_at"]
    list_filter = ["status", "carries_credential", "edition", "template"]
    search_fields = ["to_email", "key", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["edition"]
    # The sealed values (personal links) are for the recipient alone, superusers included.
    exclude = ["sealed"]
    readonly_fields = [f.name for f in Notification._meta.fields if f.name != "sealed"]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_repr", "action", "target_repr", "edition"]
    list_filter = ["action", "edition"]
    search_fields = ["actor_repr", "target_repr", "action"]
    date_hierarchy = "at"
    list_select_related = ["edition"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
