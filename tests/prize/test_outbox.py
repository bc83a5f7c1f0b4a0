"""The outbox with an eager Celery: idempotency, holding, re-queueing, resending, the staff page.
Delivery through a real worker, Redis and SMTP server is in tests/integration/."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from prize import outbox
from prize.enums import NotificationStatus
from prize.models import AuditEvent, Notification
from prize.tasks import deliver_notification, requeue_notifications
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_sends_after_commit_with_text_and_html_parts(django_capture_on_commit_callbacks):
    user = UserFactory(email="ada@example.org", name="Ada Lovelace")

    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.notify(user, "test/hello", {"message": "Welcome aboard"})
        assert mail.outbox == []  # nothing leaves before the commit

    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert row.recipient == user
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert "Welcome aboard" in message.body
    assert "Welcome aboard" in message.alternatives[0][0]
    assert message.extra_headers["X-Prize-Notification"] == str(row.pk)


def test_the_same_key_twice_writes_one_row_and_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = outbox.notify(user, "test/hello", {"message": "one"}, key="receipt:42")
        second = outbox.notify(user, "test/hello", {"message": "two"}, key="receipt:42")

    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_context_must_be_serialisable_and_is_stored_as_json(django_capture_on_commit_callbacks):
    user = UserFactory()
    when = timezone.now()

    with django_capture_on_commit_callbacks(execute=False):
        row = outbox.notify(user, "test/hello", {"message": "x", "when": when})

    assert row.context == {"message": "x", "when": DjangoJSONEncoder().default(when)}
    with pytest.raises(TypeError):
        outbox.notify(user, "test/hello", {"message": object()})


def test_a_rolled_back_notification_never_exists(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                outbox.notify(user, "test/hello", {"message": "never"})
                raise RuntimeError("the caller failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_a_held_message_waits_for_send_after_then_the_beat_task_sends_it(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    later = timezone.now() + timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = outbox.notify(user, "test/hello", {"message": "reminder"}, send_after=later)
    assert callbacks == []
    assert requeue_notifications() == 0
    assert deliver_notification(row.pk) == "skipped"  # a stray message sends nothing early

    Notification.objects.filter(pk=row.pk).update(send_after=timezone.now() - timedelta(seconds=1))
    assert requeue_notifications() == 1

    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


def test_requeue_picks_rows_never_queued_or_queued_long_ago(settings):
    now = timezone.now()
    fresh = Notification.objects.create(
        to_email="a@example.org", template="test/hello", key="fresh", queued_at=now
    )
    lost = Notification.objects.create(
        to_email="b@example.org", template="test/hello", key="lost", queued_at=None
    )
    stale = Notification.objects.create(
        to_email="c@example.org",
        template="test/hello",
        key="stale",
        queued_at=now - settings.OUTBOX_STALE_AFTER - timedelta(seconds=1),
    )
    Notification.objects.create(
        to_email="d@example.org", template="test/hello", key="sent", status=NotificationStatus.SENT
    )
    Notification.objects.create(
        to_email="e@example.org",
        template="test/hello",
        key="held",
        send_after=now + timedelta(hours=1),
    )

    due = set(outbox.due_for_requeue(now).values_list("pk", flat=True))

    assert due == {lost.pk, stale.pk}
    assert fresh.pk not in due


def test_a_row_is_claimed_once():
    row = Notification.objects.create(to_email="a@example.org", template="test/hello", key="k")

    first = outbox.claim(row.pk)
    second = outbox.claim(row.pk)

    assert first is not None and first.status == NotificationStatus.SENDING
    assert first.attempts == 1
    assert second is None


def test_a_broken_template_fails_the_row_with_the_reason():
    row = Notification.objects.create(to_email="a@example.org", template="no/such", key="k")

    assert deliver_notification(row.pk) == "failed"

    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert "TemplateDoesNotExist" in row.last_error
    assert mail.outbox == []


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 30), (2, 60), (3, 120), (20, 3600)])
def test_retries_back_off_exponentially_up_to_an_hour(attempts, seconds):
    assert outbox.retry_delay(attempts) == seconds


def test_staff_can_send_a_failed_message_again(client_for, edition):
    client = client_for("secretariat")
    row = Notification.objects.create(
        to_email="a@example.org",
        template="test/hello",
        context={"message": "again"},
        key="k",
        edition=edition,
        status=NotificationStatus.FAILED,
        attempts=5,
        last_error="SMTP 451",
    )

    response = client.post(reverse("staff_outbox_resend", args=[row.pk]))

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert row.attempts == 1
    assert len(mail.outbox) == 1
    event = AuditEvent.objects.get(action="notification.resend")
    assert event.actor == client.user


def test_a_sent_message_cannot_be_sent_again(client_for, edition):
    client = client_for("secretariat")
    row = Notification.objects.create(
        to_email="a@example.org",
        template="test/hello",
        key="k",
        edition=edition,
        status=NotificationStatus.SENT,
    )

    client.post(reverse("staff_outbox_resend", args=[row.pk]))

    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert mail.outbox == []


def test_outbox_page_filters_by_status_and_address(client_for, edition):
    client = client_for("secretariat")
    Notification.objects.create(
        to_email="kept@example.org",
        template="test/hello",
        key="1",
        edition=edition,
        status=NotificationStatus.FAILED,
    )
    Notification.objects.create(
        to_email="other@example.org",
        template="test/hello",
        key="2",
        edition=edition,
        status=NotificationStatus.SENT,
    )

    response = client.get(reverse("staff_outbox"), {"status": "failed", "q": "kept"})

    rows = list(response.context["page"].object_list)
    assert [r.to_email for r in rows] == ["kept@example.org"]


def test_outbox_preview_shows_the_message_as_it_will_look(client_for, edition, settings):
    client = client_for("secretariat")
    row = Notification.objects.create(
        to_email="a@example.org",
        template="test/hello",
        context={"message": "<b>Hi</b> there"},
        key="k",
        edition=edition,
    )

    response = client.get(reverse("staff_outbox_detail", args=[row.pk]))

    assert response.status_code == 200
    rendered = response.context["rendered"]
    assert rendered.subject == f"Hello from {settings.SITE_NAME}"
    assert "&lt;b&gt;Hi&lt;/b&gt; there" in rendered.html  # escaped, never executed
    assert "<b>Hi</b> there" in rendered.text


def test_outbox_page_queries_do_not_grow_with_the_rows(client_for, count_queries, edition):
    client = client_for("secretariat")
    user = UserFactory()

    def add(n):
        for _ in range(n):
            outbox.notify(user, "test/hello", {"message": "x"}, edition=edition)

    add(1)
    one = count_queries(lambda: client.get(reverse("staff_outbox")))
    add(19)
    twenty = count_queries(lambda: client.get(reverse("staff_outbox")))

    assert client.get(reverse("staff_outbox")).context["page"].paginator.count == 20
    assert one == twenty


def _stuck(key: str, settings, *, attempts: int = 1, ago: timedelta | None = None, **fields):
    """A row a worker claimed (its attempt counted) and then died with, ``ago`` back."""
    row = Notification.objects.create(to_email=f"{key}@example.org", template="test/hello",
                                      key=key, context={"message": "x"},
                                      status=NotificationStatus.SENDING, attempts=attempts,
                                      queued_at=timezone.now(), **fields)
    when = timezone.now() - (ago if ago is not None else
                             settings.OUTBOX_SENDING_TIMEOUT + timedelta(seconds=1))
    Notification.objects.filter(pk=row.pk).update(updated_at=when)
    return row


def test_a_row_stuck_in_sending_goes_back_to_pending_and_is_sent_again_once(settings):
    stuck = _stuck("stuck", settings)
    recent = _stuck("recent", settings, ago=settings.OUTBOX_SENDING_TIMEOUT - timedelta(seconds=5))

    assert requeue_notifications() == 1

    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == NotificationStatus.SENT
    assert stuck.attempts == 2  # the lost attempt counts, then the one that sent it
    assert [m.to for m in mail.outbox] == [["stuck@example.org"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == outbox.message_id(stuck)
    assert recent.status == NotificationStatus.SENDING  # its worker may still be at it
    assert requeue_notifications() == 0
    assert len(mail.outbox) == 1


def test_a_stuck_row_is_released_with_the_reason_and_queued_again(settings):
    stuck = _stuck("stuck", settings)

    assert outbox.release_stuck_sending() == 1

    stuck.refresh_from_db()
    assert stuck.status == NotificationStatus.PENDING
    assert stuck.attempts == 1
    assert "worker stopped while sending" in stuck.last_error
    assert set(outbox.due_for_requeue().values_list("pk", flat=True)) == {stuck.pk}


def test_a_row_stuck_in_sending_with_no_attempt_left_is_failed_not_sent(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    last = _stuck("last", settings, attempts=3, sealed="secret", carries_credential=True)
    one_left = _stuck("one-left", settings, attempts=2)

    requeue_notifications()

    last.refresh_from_db()
    one_left.refresh_from_db()
    assert last.status == NotificationStatus.FAILED
    assert "worker stopped while sending" in last.last_error
    assert last.sealed == ""  # a personal link is wiped with it, as on any failure
    assert one_left.status == NotificationStatus.SENT
    assert [m.to for m in mail.outbox] == [["one-left@example.org"]]


def test_every_message_carries_a_message_id_made_from_its_row(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://prize.example.kr"
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        one = outbox.notify(user, "test/hello", {"message": "one"}, key="a:1")
        two = outbox.notify(user, "test/hello", {"message": "two"}, key="a:2")

    ids = [m.message()["Message-ID"] for m in mail.outbox]
    assert ids == [outbox.message_id(one), outbox.message_id(two)]
    assert ids[0] != ids[1]
    for value in ids:
        assert value.startswith("<prize.") and value.endswith("@prize.example.kr>")
        assert value.count("@") == 1 and ":" not in value and " " not in value


def test_the_message_id_is_the_same_on_every_attempt(monkeypatch, settings):
    from django.core.mail import EmailMultiAlternatives

    original = EmailMultiAlternatives.send
    seen = []

    def flaky(self, fail_silently=False):
        seen.append(self.message()["Message-ID"])
        if len(seen) == 1:
            raise ConnectionResetError("the relay went away")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    row = Notification.objects.create(to_email="a@example.org", template="test/hello",
                                      key="receipt:ENT-0001", context={"message": "x"})

    assert deliver_notification.apply(args=[row.pk]).get() == "retry"
    assert deliver_notification.apply(args=[row.pk]).get() == "sent"

    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 2)
    assert seen == [outbox.message_id(row)] * 2
    assert mail.outbox[0].message()["Message-ID"] == seen[0]


@pytest.mark.parametrize(("site_url", "domain"), [
    ("https://prize.example.kr/", "prize.example.kr"),
    ("http://127.0.0.1:8000", "example.org"),  # no name to use: the sender's domain
    ("http://localhost:8000", "example.org"),
])
def test_the_message_id_names_the_site_or_else_the_sender(settings, site_url, domain):
    settings.SITE_URL = site_url
    settings.DEFAULT_FROM_EMAIL = "Smart City Prize <prize@example.org>"
    row = Notification.objects.create(to_email="a@example.org", template="test/hello", key="k")

    assert outbox.message_id(row).endswith(f"@{domain}>")


def test_many_messages_are_written_once_and_sent_once_in_batches(
    django_capture_on_commit_callbacks, monkeypatch, edition
):
    monkeypatch.setattr(outbox, "BATCH_SIZE", 2)
    users = [UserFactory(email=f"person{n}@example.org") for n in range(5)]
    messages = [outbox.Message(recipient=u, template="test/hello", context={"message": "x"},
                               key=f"many:{u.pk}", edition=edition) for u in users]

    with django_capture_on_commit_callbacks(execute=True):
        first = outbox.notify_many(messages)
    with django_capture_on_commit_callbacks(execute=True):
        again = outbox.notify_many(messages)

    assert (first, again) == (5, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert set(Notification.objects.values_list("edition_id", flat=True)) == {edition.pk}


def test_a_batch_delivered_twice_sends_each_row_once(edition):
    from prize.tasks import deliver_notifications

    user = UserFactory()
    row = outbox.notify(user, "test/hello", {"message": "x"}, edition=edition,
                        send_after=timezone.now() - timedelta(seconds=1))
    Notification.objects.filter(pk=row.pk).update(send_after=None)

    first = deliver_notifications.delay([row.pk, row.pk]).get()
    second = deliver_notifications.delay([row.pk]).get()

    assert first == {"sent": 1, "skipped": 1, "retry": 0, "failed": 0}
    assert second["sent"] == 0
    assert len(mail.outbox) == 1
