"""Group messages: every write (draft, send now, schedule, cancel, send what is due) and the
reads with rules.

Sending happens once whatever runs twice: a draft (send now) or a scheduled message (its time
has come) moves to "sending" with a conditional update, and only the request or worker whose
update changed the row goes on; every recipient's e-mail carries an outbox key made of the
message and the user, so even a repeated attempt writes nothing twice. Each person gets their
own copy (``MessageRecipient``, the merge fields filled in) and one outbox row, written in
their language; the staff's text goes as written.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audiences, message_merge, outbox
from .enums import NotificationStatus, Role
from .message_models import Message, MessageRecipient, MessageState
from .models import Edition, Notification, User
from .services import audit

log = logging.getLogger(__name__)

TEMPLATE = "prize/group_message"


class MessagingError(Exception):
    """A refusal to show the staff (the message is unchanged)."""


# --- Reads -------------------------------------------------------------------------------------


def editions_writable_by(user: User) -> QuerySet[Edition]:
    """Editions whose messages the user writes and sends: its secretariat; superusers."""
    if not user.is_authenticated:
        return Edition.objects.none()
    if user.is_superuser:
        return Edition.objects.all()
    return Edition.objects.filter(pk__in=[e for e, r in user.role_set if r == Role.SECRETARIAT])


def editions_readable_by(user: User) -> QuerySet[Edition]:
    """Editions whose message history the user reads: the secretariat's and the coordinators'."""
    if not user.is_authenticated:
        return Edition.objects.none()
    if user.is_superuser:
        return Edition.objects.all()
    return Edition.objects.filter(pk__in=[e for e, r in user.role_set
                                          if r in (Role.SECRETARIAT, Role.COORDINATOR)])


def messages_of(edition: Edition) -> QuerySet[Message]:
    """The edition's messages with their deliveries counted by state (one query)."""
    delivered = "recipients__notification__status"
    return (
        Message.objects.filter(edition=edition)
        .select_related("author")
        .annotate(
            deliveries=Count("recipients"),
            delivered=Count("recipients", filter=Q(**{delivered: NotificationStatus.SENT})),
            failed=Count("recipients", filter=Q(**{delivered: NotificationStatus.FAILED})),
            waiting=Count("recipients", filter=Q(**{f"{delivered}__in": [
                NotificationStatus.PENDING, NotificationStatus.SENDING]})),
        )
        .order_by("-created_at", "-pk")
    )


def deliveries_of(message: Message) -> QuerySet[MessageRecipient]:
    return (MessageRecipient.objects.filter(message=message)
            .select_related("user", "notification").order_by("user__email", "pk"))


def inbox_of(user: User) -> QuerySet[MessageRecipient]:
    """The messages sent to ``user``, newest first (nobody else's, staff included)."""
    if not user.is_authenticated:
        return MessageRecipient.objects.none()
    return (MessageRecipient.objects.filter(user=user, message__state=MessageState.SENT)
            .select_related("message__edition").order_by("-created_at", "-pk"))


# --- Recipients and preview --------------------------------------------------------------------


def audience_of(message: Message) -> audiences.Audience:
    audience = audiences.get(message.audience)
    if audience is None:
        raise MessagingError(_("This message's group of recipients is no longer offered; "
                               "choose another one."))
    return audience


def recipients_for(edition: Edition, audience_key: str, filters: dict) -> list[audiences.Recipient]:
    """The people a group reaches now, each once. Filters the group's form no longer accepts
    (a category removed since) reach nobody rather than everybody."""
    audience = audiences.get(audience_key)
    if audience is None:
        return []
    form = audience.form(filters or {}, edition=edition)
    if not form.is_valid():
        return []
    return audiences.unique(audience.recipients(edition, form.cleaned_data))


def recipients_of(message: Message) -> list[audiences.Recipient]:
    return recipients_for(message.edition, message.audience, message.filters)


def personal_copy(message: Message, recipient: audiences.Recipient) -> tuple[str, str]:
    """(subject, body) as ``recipient`` reads them."""
    values = message_merge.values_for(recipient.user, message.edition, recipient.values)
    subject = " ".join(message_merge.merge(message.subject, values).split())
    return subject[:400], message_merge.merge(message.body, values)


# --- Writes ------------------------------------------------------------------------------------


def draft_save(*, edition: Edition, by: User, audience: str, filters: dict, subject: str,
               body: str, message: Message | None = None) -> Message:
    """Write a new draft, or change one that is still a draft."""
    with transaction.atomic():
        if message is None:
            message = Message(edition=edition, author=by)
        else:
            message = Message.objects.select_for_update().get(pk=message.pk, edition=edition)
            if message.state != MessageState.DRAFT:
                raise MessagingError(_("This message has already been sent or scheduled: it can "
                                       "no longer be changed."))
        message.audience, message.filters = audience, filters
        message.subject, message.body = subject, body
        message.save()
    return message


def send_now(*, message: Message, by: User) -> Message:
    """Send a draft at once. A second click finds it already sent and sends nothing."""
    with transaction.atomic():
        if not _move(message, MessageState.DRAFT, MessageState.SENDING):
            raise MessagingError(_("This message has already been sent or scheduled."))
        count = _deliver(message, by=by)
        if count == 0:
            raise MessagingError(_("Nobody matches this group now: the message was not sent. "
                                   "Change the filters or choose another group."))
    message.refresh_from_db()
    return message


def schedule(*, message: Message, send_at: datetime, by: User) -> Message:
    """Send a draft at ``send_at`` (the beat task ``send_due`` sends it)."""
    if send_at <= timezone.now():
        raise MessagingError(_("Choose a time in the future."))
    with transaction.atomic():
        if not recipients_of(message):
            raise MessagingError(_("Nobody matches this group now: change the filters or "
                                   "choose another group."))
        if not _move(message, MessageState.DRAFT, MessageState.SCHEDULED, send_at=send_at):
            raise MessagingError(_("This message has already been sent or scheduled."))
        message.refresh_from_db()
        audit(by, "message.schedule", message, edition=message.edition,
              after={"send_at": send_at.isoformat(), "audience": message.audience})
    return message


def cancel(*, message: Message, by: User) -> Message:
    """Stop a scheduled message before it leaves."""
    with transaction.atomic():
        if not _move(message, MessageState.SCHEDULED, MessageState.CANCELLED):
            raise MessagingError(_("Only a scheduled message that has not left yet can be "
                                   "cancelled."))
        message.refresh_from_db()
        audit(by, "message.cancel", message, edition=message.edition,
              before={"state": MessageState.SCHEDULED}, after={"state": MessageState.CANCELLED})
    return message


def send_due(now: datetime | None = None) -> int:
    """Beat: send the scheduled messages whose time has come. Two workers running this at once
    send each message once: only the one whose conditional update moves it goes on."""
    now = now or timezone.now()
    due = list(Message.objects.filter(state=MessageState.SCHEDULED, send_at__lte=now)
               .select_related("edition").order_by("send_at", "pk")[:50])
    sent = 0
    for message in due:
        try:
            with transaction.atomic():
                if not _move(message, MessageState.SCHEDULED, MessageState.SENDING):
                    continue
                _deliver(message, by=None)
        except Exception:  # one broken message must not hold back the others
            log.exception("Group message %s could not be sent; it stays scheduled.", message.pk)
            continue
        sent += 1
    return sent


def _move(message: Message, source: str, target: str, **changes) -> bool:
    """Move ``message`` from ``source`` to ``target`` if it is still in ``source``."""
    return bool(Message.objects.filter(pk=message.pk, state=source)
                .update(state=target, updated_at=timezone.now(), **changes))


def _deliver(message: Message, *, by: User | None) -> int:
    """Write each recipient's copy and e-mail, mark the message sent and audit it (in the
    caller's transaction, the message already moved to "sending"). With nobody to reach, the
    caller's transaction is what undoes the move."""
    message = Message.objects.select_related("edition").get(pk=message.pk)
    recipients = recipients_of(message)
    if not recipients:
        if by is not None:  # send now: the caller refuses and rolls back
            return 0
        message.state, message.sent_at, message.recipient_count = (
            MessageState.SENT, timezone.now(), 0)
        message.save(update_fields=["state", "sent_at", "recipient_count", "updated_at"])
        audit(None, "message.send", message, edition=message.edition,
              after={"recipients": 0, "audience": message.audience},
              note="Nobody matched the group when it was due.")
        return 0
    path = reverse("messaging:mine_detail", args=[message.pk])
    copies, mails = [], []
    for recipient in recipients:
        subject, body = personal_copy(message, recipient)
        key = f"group-message:{message.pk}:{recipient.user.pk}"
        copies.append((key, MessageRecipient(message=message, user=recipient.user,
                                             subject=subject, body=body)))
        mails.append(outbox.Message(
            recipient=recipient.user, template=TEMPLATE, key=key, edition=message.edition,
            context={"subject": subject, "body": body, "edition_name": message.edition.name,
                     "message_path": path}))
    outbox.notify_many(mails)
    keys = [key for key, _copy in copies]
    rows: dict[str, int] = {}
    for start in range(0, len(keys), 5000):
        rows.update(Notification.objects.filter(key__in=keys[start:start + 5000])
                    .values_list("key", "pk"))
    for key, copy in copies:
        copy.notification_id = rows.get(key)
    MessageRecipient.objects.bulk_create([copy for _key, copy in copies], batch_size=1000,
                                         ignore_conflicts=True)
    now = timezone.now()
    Message.objects.filter(pk=message.pk).update(
        state=MessageState.SENT, sent_at=now, recipient_count=len(copies), updated_at=now)
    audit(by, "message.send", message, edition=message.edition,
          after={"recipients": len(copies), "audience": message.audience})
    return len(copies)
