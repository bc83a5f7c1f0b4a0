"""Group messages: what the staff wrote, to whom it went.

A ``Message`` is one e-mail the secretariat writes to a group of people chosen by filters (an
*audience*, see ``prize/audiences.py``). When it is sent, each person gets one
``MessageRecipient`` row: their own copy with the merge fields filled in (what their messages
page shows), linked to the outbox row that carries the e-mail (its delivery state).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = ["Message", "MessageRecipient", "MessageState"]

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000


class MessageState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


# Sending moves a draft (send now) or a scheduled message (its time has come) to "sending" with
# a conditional update, so only one request or worker sends it; a scheduled message may be
# cancelled until then, and goes back to draft when it is cancelled or finds no recipient.
MESSAGE_TRANSITIONS: dict[str, set[str]] = {
    MessageState.DRAFT: {MessageState.SCHEDULED, MessageState.SENDING},
    MessageState.SCHEDULED: {MessageState.SENDING, MessageState.CANCELLED},
    MessageState.SENDING: {MessageState.SENT, MessageState.DRAFT},
    MessageState.SENT: set(),
    MessageState.CANCELLED: set(),
}


class Message(models.Model):
    """An e-mail from the staff to a group of an edition's people."""

    edition = models.ForeignKey("prize.Edition", on_delete=models.CASCADE,
                                related_name="group_messages", verbose_name=_("edition"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("author"))
    audience = models.CharField(_("audience"), max_length=60)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    state = models.CharField(_("state"), max_length=10, choices=MessageState.choices,
                             default=MessageState.DRAFT, db_index=True)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("group message")
        verbose_name_plural = _("group messages")
        indexes = [models.Index(fields=["state", "send_at"], name="group_message_due")]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=MessageState.values),
                                   name="group_message_state"),
            models.CheckConstraint(condition=~Q(state="scheduled") | Q(send_at__isnull=False),
                                   name="group_message_scheduled_has_time"),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("messaging:staff_message", args=[self.edition.slug, self.pk])


class MessageRecipient(models.Model):
    """One person's copy of a group message, and the outbox row that carried it."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="group_messages")
    notification = models.ForeignKey("prize.Notification", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    subject = models.CharField(_("subject"), max_length=400)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="group_message_once"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="group_message_inbox")]

    def __str__(self):
        return f"{self.message} → {self.user}"

    def get_absolute_url(self):
        return reverse("messaging:mine_detail", args=[self.message_id])
