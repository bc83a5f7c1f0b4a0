"""The notification outbox: write a row in the caller's transaction, send it once with Celery.

``notify()`` is the only way the platform sends e-mail. The row is the truth: the Celery message
only says "look at row N". A lost message (broker down at commit) is healed by the beat task
``requeue_notifications``; a duplicated message is harmless because delivery locks the row and
moves it from pending to sending before anything leaves, so a row is never sent twice. A row
left "sending" by a worker that died goes back to pending after ``OUTBOX_SENDING_TIMEOUT`` and
is sent again, with the same Message-ID.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import smtplib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Case, CharField, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .enums import NotificationStatus
from .models import Edition, Notification, User
from .sealing import seal, unseal

# The names of the sealed values are kept in the plain context under this key, so a preview can
# put a placeholder where each one goes; their values never are.
SEALED_NAMES_KEY = "_sealed"
# Files to attach (outbox attachments): the context lists them under this key by kind and plain
# arguments, ``[{"kind": ..., "args": {...}}]``; each is made at send time by the function its
# app registered for the kind (``register_attachment``), so a row stays small and a file shows
# what is true when the message leaves.
ATTACHMENTS_KEY = "_attachments"

log = logging.getLogger(__name__)

# SMTP replies that may succeed later (RFC 5321 4yz) and network trouble are retried;
# anything else (5yz: bad address, refused) fails at once.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
    OSError,
)


class PermanentDeliveryError(Exception):
    pass


class TransientDeliveryError(Exception):
    pass


def _context_in(context: dict, language: str | None) -> dict:
    """The context as JSON, its lazy values (translated texts: prize.translations.localised)
    written in the recipient's language."""
    with translation.override(language):
        return json.loads(json.dumps(context, cls=DjangoJSONEncoder))


def notify(
    recipient: User | str,
    template: str,
    context: dict | None = None,
    *,
    send_after: datetime | None = None,
    key: str | None = None,
    language: str | None = None,
    edition: Edition | None = None,
    secrets: dict[str, str] | None = None,
) -> Notification:
    """Write one e-mail to the outbox; it is sent after the surrounding transaction commits.

    ``key`` makes the call idempotent: a second call with the same key returns the first row
    and sends nothing more. ``send_after`` holds the message until then. ``edition`` is the
    edition the message belongs to (its staff may see that it was sent). ``secrets`` are
    template values that give access to an account (a reset or invitation link, a code): they
    are sealed, read only when the message is sent, wiped after, and never shown to staff.
    """
    secrets = {name: str(value) for name, value in (secrets or {}).items()}
    if set(secrets) & set(context or {}):
        raise ValueError("A value is either sealed or plain, not both.")
    if isinstance(recipient, User):
        user, to_email = recipient, recipient.email
        language = language or recipient.language
    else:
        user, to_email = User.objects.filter(email__iexact=recipient).first(), recipient
        language = language or (user.language if user else settings.LANGUAGE_CODE)
    context = _context_in(context or {}, language)
    if secrets:
        context[SEALED_NAMES_KEY] = sorted(secrets)
    notification, created = Notification.objects.get_or_create(
        key=key or f"{template}:{uuid.uuid4().hex}",
        defaults={
            "recipient": user,
            "to_email": to_email,
            "template": template,
            "context": context,
            "sealed": seal(secrets) if secrets else "",
            "carries_credential": bool(secrets),
            "edition": edition,
            "language": language,
            "send_after": send_after,
        },
    )
    if created and _is_due(notification):
        pk = notification.pk
        transaction.on_commit(lambda: enqueue(pk))
    return notification


@dataclass(frozen=True)
class Message:
    """One e-mail for ``notify_many`` (plain values only: no sealed ones in bulk)."""

    recipient: User
    template: str
    context: dict
    key: str
    edition: Edition | None = None


BATCH_SIZE = 200  # rows per delivery task when many are written at once


def notify_many(messages: list[Message]) -> int:
    """Write many e-mails in a few queries (a key already used is skipped: nothing is sent
    twice), then, after the surrounding transaction commits, hand them to Celery in batches
    that share one SMTP connection. Returns how many rows were new."""
    if not messages:
        return 0
    keys = [m.key for m in messages]
    existing: set[str] = set()
    for start in range(0, len(keys), 5000):
        existing.update(Notification.objects.filter(key__in=keys[start:start + 5000])
                        .values_list("key", flat=True))
    rows = [
        Notification(
            recipient=m.recipient, to_email=m.recipient.email, template=m.template,
            context=_context_in(m.context, m.recipient.language or settings.LANGUAGE_CODE),
            language=m.recipient.language or settings.LANGUAGE_CODE, edition=m.edition,
            key=m.key,
        )
        for m in messages if m.key not in existing
    ]
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    new_keys = [row.key for row in rows]
    pks = []
    for start in range(0, len(new_keys), 5000):
        pks += list(Notification.objects.filter(
            key__in=new_keys[start:start + 5000], status=NotificationStatus.PENDING
        ).values_list("pk", flat=True))
    pks.sort()
    transaction.on_commit(lambda: enqueue_batches(pks))
    return len(rows)


def enqueue_batches(pks: list[int]) -> int:
    """Hand rows to Celery in batches; a batch whose message is lost is picked up row by row
    by the beat re-queue, like any pending row."""
    from .tasks import deliver_notifications

    eager = deliver_notifications.app.conf.task_always_eager
    queued = 0
    for start in range(0, len(pks), BATCH_SIZE):
        batch = pks[start:start + BATCH_SIZE]
        if not eager:
            mark_queued(batch)
        try:
            deliver_notifications.delay(batch)
        except Exception as exc:  # the broker is down: beat will re-queue them
            if eager:
                raise
            Notification.objects.filter(pk__in=batch).update(queued_at=None)
            log.warning("Outbox: could not enqueue %s notifications (%s); beat will retry.",
                        len(batch), exc)
            continue
        queued += len(batch)
    return queued


def _is_due(notification: Notification, now: datetime | None = None) -> bool:
    return notification.send_after is None or notification.send_after <= (now or timezone.now())


def enqueue(pk: int) -> bool:
    """Hand row ``pk`` to Celery. A broker that is down is logged, not raised: the beat
    re-queue delivers the row later, and the request that wrote it has already committed."""
    from .tasks import deliver_notification

    eager = deliver_notification.app.conf.task_always_eager
    if not eager:
        mark_queued([pk])
    try:
        deliver_notification.delay(pk)
    except Exception as exc:  # kombu raises its own OperationalError, redis its ConnectionError
        if eager:
            raise
        Notification.objects.filter(pk=pk).update(queued_at=None)
        log.warning("Outbox: could not enqueue notification %s (%s); beat will retry.", pk, exc)
        return False
    return True


@dataclass(frozen=True)
class Attachment:
    """A file attached to an e-mail (outbox attachments)."""

    filename: str
    content: bytes | str
    mimetype: str


_attachment_kinds: dict[str, Callable[..., Attachment]] = {}


def register_attachment(kind: str, make: Callable[..., Attachment]) -> None:
    """Let messages carry files of ``kind``: ``make(**args)`` returns the ``Attachment`` when the
    message is sent (an app registers its kinds in ``AppConfig.ready``, so workers know them)."""
    _attachment_kinds[kind] = make


def attachment(kind: str, **args) -> dict:
    """The context entry that asks for a file of ``kind`` (plain, JSON-serialisable ``args``)::

        notify(user, "x/y", {ATTACHMENTS_KEY: [attachment("ceremony.ics", edition=3)]})
    """
    return {"kind": kind, "args": args}


def render_attachments(notification: Notification) -> list[Attachment]:
    """The files a message carries, made now. An unknown kind is an error (the message fails:
    retrying will not register it)."""
    out = []
    for item in notification.context.get(ATTACHMENTS_KEY) or []:
        make = _attachment_kinds.get(item.get("kind"))
        if make is None:
            raise LookupError(f"No attachment of kind {item.get('kind')!r} is registered.")
        with translation.override(notification.language):
            out.append(make(**(item.get("args") or {})))
    return out


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def hidden_placeholder() -> str:
    return _("[personal link: only the recipient sees it]")


def render(notification: Notification, *, reveal: bool = False) -> RenderedEmail:
    """The message: subject, text part and HTML part. Sealed values (personal links) appear
    only with ``reveal``, which only delivery asks for; anyone else reads a placeholder."""
    if reveal:
        sealed = unseal(notification.sealed)
    else:
        sealed = {name: hidden_placeholder() for name in sealed_names(notification)}
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "recipient_name": (notification.recipient.get_short_name() if notification.recipient
                           else notification.to_email),
        "to_email": notification.to_email,
        **notification.context,  # the e-mail's own values win over these defaults
        **sealed,
    }
    base = f"emails/{notification.template}"
    with translation.override(notification.language):
        subject = render_to_string(f"{base}/subject.txt", context)
        text = render_to_string(f"{base}/body.txt", context)
        html = render_to_string(f"{base}/body.html", context)
    return RenderedEmail(subject=" ".join(subject.split()), text=text.strip() + "\n", html=html)


def sealed_names(notification: Notification) -> list[str]:
    """The names of a message's sealed values, without their values (for a preview)."""
    return list(notification.context.get(SEALED_NAMES_KEY, []))


def claim(pk: int) -> Notification | None:
    """Move a due pending row to sending, under a row lock; None if it is not ours to send."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None or not _is_due(notification):
            return None
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
        notification.save(update_fields=["status", "attempts", "updated_at"])
    return notification


def mark_sent(sent: list[tuple[int, str]]) -> None:
    """Rows that left: sent, their subject kept, their sealed values wiped (one statement)."""
    if not sent:
        return
    now = timezone.now()
    subjects = {pk: subject[:300] for pk, subject in sent}
    Notification.objects.filter(pk__in=list(subjects)).update(
        status=NotificationStatus.SENT,
        sealed="",
        sent_at=now,
        subject=Case(*[When(pk=pk, then=Value(subject)) for pk, subject in subjects.items()],
                     output_field=CharField()),
        last_error="",
        updated_at=now,
    )


def deliver(notification: Notification, *, connection=None) -> None:
    """Send a claimed row. Raises TransientDeliveryError when a retry may succeed.
    ``connection`` lets a batch share one SMTP connection."""
    message = send(notification, connection=connection)
    mark_sent([(notification.pk, message.subject)])


def message_domain() -> str:
    """The site's domain (``SITE_URL``); the sender's when the site is reached by an IP address
    or a name without a dot (a development machine)."""
    host = urlparse(settings.SITE_URL).hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if "." in host:
            return host
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return sender.rpartition("@")[2] or "localhost"


def message_id(notification: Notification) -> str:
    """The e-mail's Message-ID: made from the row (its number and a digest of its key), the same
    on every attempt, so a copy sent again after a worker died at the wrong moment is known by
    mail servers and clients as the same message, not a new one."""
    digest = hashlib.sha256(notification.key.encode()).hexdigest()[:24]
    return f"<prize.{notification.pk}.{digest}@{message_domain()}>"


def send(notification: Notification, *, connection=None) -> RenderedEmail:
    """Hand a claimed row to the mail server; on an error, record it on the row (back to
    pending for a retry, or failed) and raise. The caller marks it sent (``mark_sent``)."""
    try:
        message = render(notification, reveal=True)
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.to_email],
            headers={"Message-ID": message_id(notification),
                     "X-Prize-Notification": str(notification.pk)},
            connection=connection,
        )
        email.attach_alternative(message.html, "text/html")
        for item in render_attachments(notification):  # outbox attachments
            email.attach(item.filename, item.content, item.mimetype)
        email.send(fail_silently=False)
    except smtplib.SMTPResponseException as exc:
        error = f"SMTP {exc.smtp_code}: {_decode(exc.smtp_error)}"
        if 400 <= exc.smtp_code < 500:
            _release_for_retry(notification, error)
            raise TransientDeliveryError(error) from exc
        _fail(notification, error)
        raise PermanentDeliveryError(error) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _msg in exc.recipients.values()]
        error = "Recipient refused: " + "; ".join(
            f"{addr} {code} {_decode(msg)}" for addr, (code, msg) in exc.recipients.items()
        )
        if codes and all(400 <= c < 500 for c in codes):
            _release_for_retry(notification, error)
            raise TransientDeliveryError(error) from exc
        _fail(notification, error)
        raise PermanentDeliveryError(error) from exc
    except TRANSIENT_ERRORS as exc:
        error = f"{type(exc).__name__}: {exc}"
        _release_for_retry(notification, error)
        raise TransientDeliveryError(error) from exc
    except Exception as exc:  # a broken template or context: retrying will not help
        error = f"{type(exc).__name__}: {exc}"
        _fail(notification, error)
        raise PermanentDeliveryError(error) from exc
    return message


def _decode(value) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _release_for_retry(notification: Notification, error: str) -> None:
    """Back to pending for a retry, or failed once the attempts are used up."""
    out_of_attempts = notification.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    if out_of_attempts:
        _fail(notification, error)
        raise PermanentDeliveryError(error)
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.PENDING,
        last_error=error[:2000],
        updated_at=timezone.now(),
    )


def _fail(notification: Notification, error: str) -> None:
    """Failed for good: a personal link is wiped with it (the person asks for a new one)."""
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.FAILED, sealed="", last_error=error[:2000],
        updated_at=timezone.now()
    )


def retry_delay(attempts: int) -> float:
    """Seconds to wait before attempt ``attempts + 1``: exponential, capped at an hour."""
    return min(settings.OUTBOX_RETRY_BACKOFF * 2 ** max(attempts - 1, 0), 3600.0)


def due_for_requeue(now: datetime | None = None):
    """Pending rows to hand to Celery again: never queued (the broker was down at commit, or the
    row was held by ``send_after`` that has now passed), or queued long ago and still pending
    (the message was lost). A row queued twice is still sent once: ``claim`` sees to that."""
    now = now or timezone.now()
    return Notification.objects.filter(status=NotificationStatus.PENDING).filter(
        Q(send_after__isnull=True) | Q(send_after__lte=now)
    ).filter(Q(queued_at__isnull=True) | Q(queued_at__lte=now - settings.OUTBOX_STALE_AFTER))


def release_stuck_sending(now: datetime | None = None) -> int:
    """Rows whose worker died between "sending" and "sent" (killed, or its machine lost): back to
    pending, queued again by the re-queue, while they have attempts left (the lost one counted
    when it was claimed); failed once they have none. The server had most likely not accepted
    the message (the worker records "sent" as soon as it has); if it had, the copy sent again
    carries the same Message-ID (``message_id``), so mail servers and clients know it is the
    same message."""
    now = now or timezone.now()
    stuck = Notification.objects.filter(
        status=NotificationStatus.SENDING, updated_at__lte=now - settings.OUTBOX_SENDING_TIMEOUT
    )
    error = "The worker stopped while sending"
    failed = stuck.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=NotificationStatus.FAILED, sealed="", last_error=f"{error}.", updated_at=now,
    )
    retried = stuck.filter(attempts__lt=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=NotificationStatus.PENDING, queued_at=None,
        last_error=f"{error}; it is sent again.", updated_at=now,
    )
    return failed + retried


def stale_after():
    return settings.OUTBOX_STALE_AFTER


def mark_queued(pks, at: datetime | None = None) -> None:
    """Record when the queued message for these rows is due to run."""
    Notification.objects.filter(pk__in=list(pks)).update(queued_at=at or timezone.now())


def resend(notification: Notification, *, by: User) -> Notification:
    """Staff action: put a failed row back in the queue, to the same address. A message that
    carried a personal link is not sent again: its link was wiped when it failed, and only the
    person can ask for a new one."""
    from .services import audit

    with transaction.atomic():
        row = Notification.objects.select_for_update().get(pk=notification.pk)
        if row.status != NotificationStatus.FAILED or row.carries_credential:
            return row
        row.status = NotificationStatus.PENDING
        row.attempts = 0
        row.save(update_fields=["status", "attempts", "updated_at"])
        audit(by, "notification.resend", row, before={"status": "failed"},
              after={"status": "pending"})
        transaction.on_commit(lambda: enqueue(row.pk))
    return row


