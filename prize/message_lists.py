"""The group messages' staff lists in the one shape (``prize.staff_lists``): an edition's message
history and a sent message's recipients. Each names its rows, filters, sort keys and export
columns; the views in ``prize/message_views.py`` render them.

Neither has bulk actions: a sent message is history, and sending again is the outbox's "send
again" (``prize.list_pages.OutboxList``), which knows which e-mails carried a personal link.
"""

from __future__ import annotations

from datetime import UTC

import django_filters
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import audiences, messaging
from .enums import NotificationStatus
from .message_models import Message, MessageRecipient, MessageState
from .staff_lists import ListFilterForm, SortKey, StaffList

# A recipient whose copy has no outbox row (it was removed, or the e-mail was never written).
UNRECORDED = "unrecorded"


def _utc(value):
    return value.astimezone(UTC).replace(tzinfo=None) if value else None


def audience_labels() -> dict[str, str]:
    return {a.key: str(a.label) for a in audiences.all_audiences()}


# --- The history ---------------------------------------------------------------------------------


class MessageFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=MessageState.choices,
                                        empty_label=_("Any state"))
    audience = django_filters.ChoiceFilter(label=_("To"), empty_label=_("Any group"))
    q = django_filters.CharFilter(label=_("Subject contains"), field_name="subject",
                                  lookup_expr="icontains", max_length=200)

    class Meta:
        model = Message
        fields = []
        form = ListFilterForm

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["audience"].extra["choices"] = list(groups)
        self.filters["q"].field.widget.attrs.update(type="search", autocomplete="off")


class MessageHistoryList(StaffList):
    """An edition's group messages with their deliveries counted by state."""

    key = "messages"
    title = _("Group messages")
    per_edition = True
    filterset_class = MessageFilterSet
    sorts = {
        "when": SortKey(_("When"), (Coalesce("sent_at", "send_at", "created_at"),)),
        "subject": SortKey(_("Subject"), ("subject",)),
        "state": SortKey(_("State"), ("state",)),
        "recipients": SortKey(_("Recipients"), ("deliveries",)),
        "failed": SortKey(_("Failed"), ("failed",)),
    }
    default_sort = "-when"
    default_page_size = 25
    export_name = "messages"
    export_headers = ((_("Subject"), 40), (_("To"), 28), (_("State"), 12),
                      (_("When (UTC)"), 18), (_("Recipients"), 11), (_("Delivered"), 11),
                      (_("Failed"), 9), (_("Waiting"), 9))

    def get_queryset(self):
        if self.edition is None:
            return Message.objects.none()
        return messaging.messages_of(self.edition).filter(
            edition__in=messaging.editions_readable_by(self.user))

    @cached_property
    def labels(self) -> dict[str, str]:
        return audience_labels()

    def filterset_kwargs(self):
        return {"groups": list(self.labels.items())}

    @classmethod
    def url(cls, edition=None):
        return reverse("messaging:staff_messages", args=[edition.slug])

    def decorate(self, rows):
        for message in rows:
            message.audience_label = self.labels.get(message.audience, message.audience)

    def export_row(self, m):
        return [m.subject, self.labels.get(m.audience, m.audience), m.get_state_display(),
                _utc(m.sent_at or m.send_at or m.created_at), m.deliveries, m.delivered,
                m.failed, m.waiting]


# --- A sent message's recipients ----------------------------------------------------------------


class RecipientFilterSet(django_filters.FilterSet):
    delivery = django_filters.ChoiceFilter(
        label=_("Delivery"), empty_label=_("Any delivery state"), method="by_delivery",
        choices=[*NotificationStatus.choices, (UNRECORDED, _("Not recorded"))])
    q = django_filters.CharFilter(label=_("Name or e-mail contains"), method="search",
                                  max_length=200)

    class Meta:
        model = MessageRecipient
        fields = []
        form = ListFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].field.widget.attrs.update(type="search", autocomplete="off")

    def by_delivery(self, queryset, name, value):
        if value == UNRECORDED:
            return queryset.filter(notification__isnull=True)
        return queryset.filter(notification__status=value)

    def search(self, queryset, name, value):
        return queryset.filter(Q(user__name__icontains=value) | Q(user__email__icontains=value))


class RecipientList(StaffList):
    """Who a sent message went to and how each delivery went (no saved views: the list belongs
    to one message, which its address names)."""

    title = _("Recipients")
    filterset_class = RecipientFilterSet
    sorts = {
        "recipient": SortKey(_("Recipient"), ("user__email",)),
        "name": SortKey(_("Name"), ("user__name", "user__email")),
        "delivery": SortKey(_("Delivery"), ("notification__status",)),
        "sent": SortKey(_("Sent"), ("notification__sent_at",)),
    }
    default_sort = "recipient"
    export_name = "recipients"
    export_headers = ((_("Recipient"), 28), (_("E-mail"), 32), (_("Language"), 10),
                      (_("Delivery"), 14), (_("Sent (UTC)"), 18))

    def __init__(self, data, *, message, **kwargs):
        self.message = message
        super().__init__(data, edition=message.edition, **kwargs)

    def get_queryset(self):
        return messaging.deliveries_of(self.message)

    def export_row(self, copy):
        n = copy.notification
        return [copy.user.get_full_name(), copy.user.email,
                (n.language if n is not None else "") or copy.user.language,
                n.get_status_display() if n is not None else str(_("Not recorded")),
                _utc(n.sent_at) if n is not None else None]
