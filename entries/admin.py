"""Admin for entrants and entries. Entries, revisions, attachments and decisions are changed
through the platform's pages (their services keep the audit log and send the e-mails): here they
are read-only records, except for what an organiser configures (forms, form uses, templated
reasons)."""

import json

from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from prize.deletion import GuardedDeletionAdmin, instead

from .models import (
    Attachment,
    Entrant,
    EntrantMember,
    Entry,
    EntryForm,
    EntryFormUse,
    EntryRevision,
    Extension,
    Invitation,
    ScreeningDecision,
    ScreeningReason,
)

instead("entries.entrant", _(
    "Keep the entrant: withdraw its entries instead if it no longer takes part."))
instead("entries.entryform", _(
    "Keep the form: make a new form and use it for the categories that should change "
    "instead."))


def pretty_json(value) -> str:
    """JSON as an indented, escaped block."""
    return format_html(
        '<pre style="white-space: pre-wrap; max-width: 60rem;">{}</pre>',
        json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True),
    )


class ReadOnlyInline:
    """An inline that shows records and changes none."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by services: viewable, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Entrants ----------------------------------------------------------------------------------


class EntrantMemberInline(admin.TabularInline):
    model = EntrantMember
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined_at"]


class InvitationInline(ReadOnlyInline, admin.TabularInline):
    model = Invitation
    fields = ["email", "invited_by", "created_at", "accepted_at", "accepted_by"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Entrant)
class EntrantAdmin(GuardedDeletionAdmin):
    list_display = ["name", "kind", "city", "country", "region", "wego_member", "contact_email",
                    "created_at"]
    list_filter = ["kind", "region", "wego_member", "country"]
    search_fields = ["name", "city", "contact_name", "contact_email", "members__user__email"]
    readonly_fields = ["region", "created_at", "updated_at"]
    inlines = [EntrantMemberInline, InvitationInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("kind", "name", "position")}),
        (_("Place"), {"fields": ("city", "country", "region", "wego_member")}),
        (_("Contact"), {"fields": ("contact_name", "contact_email", "phone", "website")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(EntrantMember)
class EntrantMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "entrant", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__name", "entrant__name"]
    list_select_related = ["user", "entrant"]
    autocomplete_fields = ["user", "entrant"]
    readonly_fields = ["joined_at"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "entrant", "invited_by", "created_at", "accepted_at"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "entrant__name"]
    list_select_related = ["entrant", "invited_by"]
    exclude = ["token"]  # the token is a password: not shown


# --- Forms -------------------------------------------------------------------------------------


class EntryFormUseInline(admin.TabularInline):
    model = EntryFormUse
    extra = 0


@admin.register(EntryForm)
class EntryFormAdmin(GuardedDeletionAdmin):
    list_display = ["name", "edition", "slug"]
    list_filter = ["edition"]
    search_fields = ["name", "slug"]
    list_select_related = ["edition"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntryFormUseInline]


@admin.register(EntryFormUse)
class EntryFormUseAdmin(admin.ModelAdmin):
    list_display = ["category", "entrant_kind", "form"]
    list_filter = ["category__edition", "entrant_kind"]
    search_fields = ["category__name", "form__name"]
    list_select_related = ["category", "category__edition", "form"]


# --- Entries -----------------------------------------------------------------------------------


class AttachmentInline(ReadOnlyInline, admin.TabularInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    show_change_link = False


class EntryRevisionInline(ReadOnlyInline, admin.TabularInline):
    model = EntryRevision
    fields = ["number", "title", "created_by", "created_at"]
    readonly_fields = fields


class ScreeningDecisionInline(ReadOnlyInline, admin.TabularInline):
    model = ScreeningDecision
    fields = ["decision", "reason", "decided_by", "decided_at", "released_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "category", "entrant", "status", "submitted_at",
                    "last_saved_at"]
    list_filter = ["edition", "status", "category", "entrant__kind", "entrant__region",
                   "entrant__wego_member"]
    search_fields = ["reference", "title", "entrant__name", "entrant__city"]
    list_select_related = ["category", "entrant", "edition"]
    date_hierarchy = "submitted_at"
    fieldsets = (
        (None, {"fields": ("edition", "category", "entrant", "form", "reference", "title",
                           "status")}),
        (_("Answers"), {"fields": ("answers_pretty", "current_step")}),
        (_("Record"), {"fields": ("version", "created_by", "created_at", "last_saved_at",
                                  "last_saved_by", "submitted_at", "withdrawn_at",
                                  "withdrawal_reason")}),
    )
    readonly_fields = ["answers_pretty"]
    inlines = [AttachmentInline, EntryRevisionInline, ScreeningDecisionInline]

    @admin.display(description=_("answers"))
    def answers_pretty(self, obj):
        return pretty_json(obj.answers)


@admin.register(EntryRevision)
class EntryRevisionAdmin(ReadOnlyAdmin):
    list_display = ["entry", "number", "title", "created_by", "created_at"]
    search_fields = ["entry__reference", "title"]
    list_filter = ["entry__edition"]
    list_select_related = ["entry", "created_by"]
    fields = ["entry", "number", "title", "answers_pretty", "attachments", "created_by",
              "created_at"]
    readonly_fields = ["answers_pretty"]

    @admin.display(description=_("answers"))
    def answers_pretty(self, obj):
        return pretty_json(obj.answers)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "entry", "content_type", "size", "uploaded_by",
                    "uploaded_at"]
    list_filter = ["content_type", "entry__edition"]
    search_fields = ["original_name", "entry__reference", "sha256"]
    list_select_related = ["entry", "uploaded_by"]
    exclude = ["file"]  # files are served only by the page that checks who may see them


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    list_display = ["entrant", "edition", "deadline", "granted_by", "granted_at"]
    list_filter = ["edition"]
    search_fields = ["entrant__name", "reason"]
    list_select_related = ["entrant", "edition", "granted_by"]


# --- Screening ---------------------------------------------------------------------------------


@admin.register(ScreeningReason)
class ScreeningReasonAdmin(TranslationAdmin):
    list_display = ["text", "decision", "edition", "order"]
    list_editable = ["order"]
    list_filter = ["edition", "decision"]
    search_fields = ["text"]
    list_select_related = ["edition"]


@admin.register(ScreeningDecision)
class ScreeningDecisionAdmin(ReadOnlyAdmin):
    list_display = ["entry", "decision", "decided_by", "decided_at", "released_at"]
    list_filter = ["decision", "entry__edition", ("released_at", admin.EmptyFieldListFilter)]
    search_fields = ["entry__reference", "entry__title", "reason"]
    list_select_related = ["entry", "decided_by"]
    date_hierarchy = "decided_at"


# --- Redactions (passages hidden from judges of blind rounds; changed on the staff page) ------

from .redaction_models import Redaction  # noqa: E402


@admin.register(Redaction)
class RedactionAdmin(ReadOnlyAdmin):
    list_display = ["entry", "text", "field_key", "created_by", "created_at"]
    list_filter = ["entry__edition"]
    search_fields = ["entry__reference", "text"]
    list_select_related = ["entry", "created_by"]
