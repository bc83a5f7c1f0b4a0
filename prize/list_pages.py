"""The core's staff lists in the one shape (``prize.staff_lists``): the outbox and the audit
log. Each names its rows, filters, sort keys, export columns and bulk actions; the views in
``prize/views.py`` and ``prize/audit_views.py`` render them."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import audit_display, outbox, selectors
from .enums import NotificationStatus
from .models import AuditEvent, Notification
from .staff_lists import BulkAction, ListFilterForm, SortKey, StaffList

# --- The outbox -----------------------------------------------------------------------------------


class OutboxFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NotificationStatus.choices,
                                         empty_label=_("Any status"))
    template = django_filters.ChoiceFilter(label=_("Template"), empty_label=_("Any template"))
    edition = django_filters.ChoiceFilter(label=_("Edition"), empty_label=_("Any edition"),
                                          field_name="edition_id")
    q = django_filters.CharFilter(label=_("Recipient contains"), field_name="to_email",
                                  lookup_expr="icontains", max_length=200)

    class Meta:
        model = Notification
        fields = []
        form = ListFilterForm

    def __init__(self, *args, templates=(), editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["template"].extra["choices"] = [(key, key) for key in templates]
        self.filters["edition"].extra["choices"] = [(str(e.pk), e.name) for e in editions]
        self.filters["q"].field.widget.attrs.update(type="search", autocomplete="off")


def _resend(request, rows):
    """Queue the failed messages again (each audited by ``outbox.resend``); a message that
    carried a personal link is never sent again."""
    sent = 0
    for row in rows.filter(status=NotificationStatus.FAILED, carries_credential=False):
        outbox.resend(row, by=request.user)
        sent += 1
    kept = rows.count() - sent
    if sent:
        messages.success(request, ngettext("%(count)d message is queued to be sent again.",
                                           "%(count)d messages are queued to be sent again.",
                                           sent) % {"count": sent})
    if kept:
        messages.warning(request, ngettext(
            "%(count)d selected message was not sent again: only a failed message without a "
            "personal link can be.",
            "%(count)d selected messages were not sent again: only a failed message without a "
            "personal link can be.", kept) % {"count": kept})


class OutboxList(StaffList):
    key = "outbox"
    title = _("Outbox")
    filterset_class = OutboxFilterSet
    sorts = {
        "created": SortKey(_("Created"), ("created_at",)),
        "to": SortKey(_("To"), ("to_email",)),
        "template": SortKey(_("Template"), ("template",)),
        "status": SortKey(_("Status"), ("status",)),
        "attempts": SortKey(_("Attempts"), ("attempts",)),
    }
    default_sort = "-created"
    export_name = "outbox"
    export_headers = ((_("Created (UTC)"), 18), (_("To"), 32), (_("Template"), 28),
                      (_("Status"), 12), (_("Attempts"), 10), (_("Sent (UTC)"), 18),
                      (_("Edition"), 14), (_("Last error"), 40))
    bulk_actions = (BulkAction("resend", _("Send the failed ones again"), _resend),)

    def get_queryset(self):
        return selectors.notifications_visible_to(self.user)

    def filterset_kwargs(self):
        templates = self.queryset.order_by("template").values_list("template", flat=True) \
            .distinct()
        editions = selectors.editions_visible_to(self.user).filter(
            pk__in=self.queryset.values("edition_id"))
        return {"templates": list(templates), "editions": list(editions)}

    @classmethod
    def url(cls, edition=None):
        return reverse("staff_outbox")

    def actionable(self, queryset):
        return queryset  # what one may read in the outbox one may send again

    def export_row(self, n):
        from datetime import UTC

        return [n.created_at.astimezone(UTC).replace(tzinfo=None), n.to_email, n.template,
                n.get_status_display(), n.attempts,
                n.sent_at.astimezone(UTC).replace(tzinfo=None) if n.sent_at else None,
                n.edition.short_name if n.edition_id else "", n.last_error]


# --- The audit log --------------------------------------------------------------------------------


class AuditFilterSet(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), empty_label=_("Any action"))
    edition = django_filters.ChoiceFilter(label=_("Edition"), empty_label=_("Any edition"),
                                          field_name="edition_id")
    q = django_filters.CharFilter(label=_("Person or object contains"), method="search",
                                  max_length=200)
    since = django_filters.DateFilter(label=_("From (day)"), method="from_day")
    until = django_filters.DateFilter(label=_("To (day, included)"), method="to_day")

    class Meta:
        model = AuditEvent
        fields = []
        form = ListFilterForm

    def __init__(self, *args, actions=(), editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["action"].extra["choices"] = [(a, audit_display.action_label(a))
                                                   for a in actions]
        self.filters["edition"].extra["choices"] = [(str(e.pk), e.name) for e in editions]
        self.filters["q"].field.widget.attrs.update(type="search", autocomplete="off")
        for name in ("from", "to"):
            self.filters[name].field.widget.input_type = "date"

    def search(self, queryset, name, value):
        return queryset.filter(Q(actor_repr__icontains=value) | Q(target_repr__icontains=value))

    def from_day(self, queryset, name, value):
        return queryset.filter(at__gte=_start_of(value))

    def to_day(self, queryset, name, value):
        from datetime import timedelta

        return queryset.filter(at__lt=_start_of(value + timedelta(days=1)))


# The query string says ``from`` and ``to`` (words Python keeps for itself).
AuditFilterSet.base_filters["from"] = AuditFilterSet.base_filters.pop("since")
AuditFilterSet.base_filters["to"] = AuditFilterSet.base_filters.pop("until")


def _start_of(day):
    """Midnight of ``day`` in the time zone the page shows times in."""
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


class AuditList(StaffList):
    key = "audit"
    title = _("Audit log")
    filterset_class = AuditFilterSet
    sorts = {"at": SortKey(_("When"), ("at",))}
    default_sort = "-at"
    export_name = "audit-log"

    def get_queryset(self):
        return selectors.audit_events_visible_to(self.user)

    def filterset_kwargs(self):
        actions = self.queryset.order_by("action").values_list("action", flat=True).distinct()
        editions = selectors.editions_visible_to(self.user).filter(
            pk__in=self.queryset.values("edition_id"))
        return {"actions": list(actions), "editions": list(editions)}

    @classmethod
    def url(cls, edition=None):
        return reverse("staff_audit")

    def decorate(self, rows):
        audit_display.describe(rows)
