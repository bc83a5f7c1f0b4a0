"""Faults with the real parts: Redis stops while an entrant submits, a worker is killed while it
sends a batch, PostgreSQL restarts between two requests, the mail server refuses for a while, and
scheduled jobs run with two workers and beat. Nothing is lost, nothing is sent twice (but for a
message the server took as its worker died: it comes again, as the same message).

These tests start their own Redis, SMTP server, workers, beat and PostgreSQL cluster
(tests/integration/stack.py), so stopping or killing them disturbs no other test.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from prize import outbox
from prize.enums import NotificationStatus
from prize.models import Notification
from prize.tasks import requeue_notifications
from tests.entries.conftest import Season
from tests.entries.conftest import season as season  # noqa: F401 - the entrant's fixture
from tests.factories import EditionFactory, UserFactory

from .conftest import BASE_DIR, database_url, free_port, publishing_to, wait_for
from .stack import FaultySMTP, PostgresCluster, Processes, RedisServer

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# After the last expected delivery, how long nothing more may arrive before "once" is believed.
GRACE = 1.5


@pytest.fixture(scope="module")
def parts(integration_worker):
    """A private Redis and SMTP server for this module, and the workers the tests start."""
    redis = RedisServer()
    redis.start()
    smtp = FaultySMTP()
    smtp.start()
    processes = Processes(database_url=database_url(connection.settings_dict), redis=redis,
                          smtp=smtp)
    try:
        yield processes
    finally:
        processes.stop_all()
        smtp.stop()
        redis.stop()
        processes.log_path.unlink(missing_ok=True)


@pytest.fixture
def stack(parts, request):
    """This test's view of the parts: the web process publishes to the private Redis; every
    worker and beat it started is stopped after it; their log is shown if it fails."""
    parts.smtp.handler.reset()
    if not parts.redis.ping():
        parts.redis.start()
    failed_before = request.session.testsfailed
    with publishing_to(parts.redis.url(), parts.queue):
        yield parts
    parts.stop_all()
    parts.smtp.handler.release()
    if request.session.testsfailed > failed_before:
        print(f"workers and beat (last lines):\n{parts.log_tail(120)}")


def send_as_beat(task):
    """What beat does: publish the task to the workers' queue."""
    return task.delay()


def wait_for_deliveries(handler, expected: dict[str, int], timeout: float = 20.0):
    wait_for(lambda: all(handler.delivered()[a] >= n for a, n in expected.items()),
             timeout=timeout, what=f"deliveries {expected}", state=handler.summary)
    time.sleep(GRACE)
    assert {a: handler.delivered()[a] for a in expected} == expected, handler.summary()


def states(pks) -> dict[int, str]:
    return dict(Notification.objects.filter(pk__in=pks).values_list("pk", "status"))


# --- 1. Redis stops while an entrant submits -----------------------------------------------------


def test_an_entry_submitted_while_redis_is_down_is_kept_and_its_receipt_sent_when_it_is_back(
    stack, season: Season, settings
):
    from entries.enums import EntryStatus

    stack.worker("w1")
    # Production keeps its cache in Redis too: the request must not need it either.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": stack.redis.url(1)}}
    entrant = season.client("entrant")
    entrant.get(reverse("entries:review", args=[season.draft.pk]))
    stack.redis.stop()

    started = time.monotonic()
    response = entrant.post(reverse("entries:submit", args=[season.draft.pk]))
    took = time.monotonic() - started

    assert response.status_code == 302, response.content.decode()[:2000]
    assert took < 10, f"the submission waited {took:.1f}s for a Redis that was down"
    season.draft.refresh_from_db()
    assert season.draft.status == EntryStatus.SUBMITTED
    assert season.draft.reference
    page = entrant.get(response["Location"])
    assert page.status_code == 200
    assert season.draft.reference in page.content.decode()
    receipt = Notification.objects.get(template="entries/receipt")
    assert (receipt.status, receipt.queued_at) == (NotificationStatus.PENDING, None)
    time.sleep(1)
    assert stack.smtp.handler.attempts == []

    stack.redis.start()  # empty: whatever it held is gone
    stack.beat(OUTBOX_REQUEUE_EVERY="1")  # beat re-queues the receipt

    wait_for_deliveries(stack.smtp.handler, {"entrant@example.org": 1})
    (mail,) = stack.smtp.handler.messages
    assert season.draft.reference in mail.message["Subject"] + mail.message.get_body(
        ("plain",)).get_content()
    receipt.refresh_from_db()
    assert receipt.status == NotificationStatus.SENT
    assert receipt.attempts == 1


# --- 2. A worker is killed while sending a batch --------------------------------------------------


def _batch(prefix: str, count: int) -> list[int]:
    users = [UserFactory(email=f"{prefix}{n}@example.org") for n in range(count)]
    with transaction.atomic():
        outbox.notify_many([
            outbox.Message(recipient=user, template="test/hello",
                           context={"message": f"number {n}"}, key=f"faults:{prefix}:{n}")
            for n, user in enumerate(users)
        ])
    return sorted(Notification.objects.filter(key__startswith=f"faults:{prefix}:")
                  .values_list("pk", flat=True))


def _message_ids(handler, address: str) -> list[str]:
    return [str(m.message["Message-ID"]) for m in handler.messages_to(address)]


def test_a_worker_killed_while_sending_a_batch_delivers_every_message_exactly_once(stack):
    handler = stack.smtp.handler
    pks = _batch("batch", 8)
    handler.hold_transaction(4)  # the fourth message waits at the server, before DATA...
    first = stack.worker("w1", wait=False)
    wait_for(handler.holding.is_set, timeout=20, what="the worker to reach the fourth message",
             state=handler.summary)

    stack.kill(first)  # ...while its worker is killed: the server never accepted it
    handler.release()

    sent, on_the_wire, untouched = pks[:3], pks[3], pks[4:]
    assert handler.delivered() == {f"batch{n}@example.org": 1 for n in range(3)}
    assert states(pks) == {
        **dict.fromkeys(sent, NotificationStatus.SENT),
        on_the_wire: NotificationStatus.SENDING,
        **dict.fromkeys(untouched, NotificationStatus.PENDING),
    }

    stack.worker("w2")
    time.sleep(2.1)  # the outbox's stale and sending timeouts (1 s and 2 s in these workers)
    send_as_beat(requeue_notifications)

    # Every message arrives once, the one on the wire too; the sent ones never again.
    expected = {f"batch{n}@example.org": 1 for n in range(8)}
    wait_for_deliveries(handler, expected)
    assert handler.delivered() == expected
    assert states(pks) == dict.fromkeys(pks, NotificationStatus.SENT)
    rows = {row.pk: row for row in Notification.objects.filter(pk__in=pks)}
    assert {pk: row.attempts for pk, row in rows.items()} == {
        **dict.fromkeys(pks, 1), on_the_wire: 2}  # the lost attempt counted
    for n, pk in enumerate(pks):
        assert _message_ids(handler, f"batch{n}@example.org") == [outbox.message_id(rows[pk])]
    send_as_beat(requeue_notifications)
    time.sleep(GRACE)
    assert handler.delivered() == expected


def test_a_message_the_server_accepted_as_its_worker_died_comes_again_with_the_same_message_id(
    stack,
):
    """The narrow window: the server took the message but its worker died before it could
    record "sent". The outbox cannot know it left; it sends it again, and the copy is the same
    message to mail servers and clients (the same Message-ID)."""
    handler = stack.smtp.handler
    pks = _batch("window", 3)
    handler.hold_after_data(2)  # the second message is taken, its "250" held back...
    first = stack.worker("w1", wait=False)
    wait_for(handler.holding.is_set, timeout=20, what="the server to take the second message",
             state=handler.summary)

    stack.kill(first)  # ...while its worker is killed
    handler.release()
    assert states(pks)[pks[1]] == NotificationStatus.SENDING

    stack.worker("w2")
    time.sleep(2.1)
    send_as_beat(requeue_notifications)

    wait_for_deliveries(handler, {"window0@example.org": 1, "window1@example.org": 2,
                                  "window2@example.org": 1})
    assert states(pks) == dict.fromkeys(pks, NotificationStatus.SENT)
    repeated = Notification.objects.get(pk=pks[1])
    assert _message_ids(handler, "window1@example.org") == [outbox.message_id(repeated)] * 2


# --- 3. PostgreSQL restarts between two requests --------------------------------------------------


@pytest.fixture
def private_postgres():
    cluster = PostgresCluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def _copy_test_database(cluster: PostgresCluster, name: str) -> None:
    """The test database (schema and rows) into a database ``name`` of the private cluster."""
    source = connection.settings_dict
    cluster.psql("postgres", f'CREATE DATABASE "{name}"')
    dump = subprocess.run(  # noqa: S603
        [str(cluster.bin / "pg_dump"), "--no-owner", "--no-privileges", "-h",
         source.get("HOST") or "127.0.0.1", "-p", str(source.get("PORT") or 5432), "-U",
         source.get("USER") or "postgres", source["NAME"]],
        capture_output=True, check=True, timeout=60,
        env={"PGPASSWORD": source.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"},
    )
    load = subprocess.run(  # noqa: S603
        [str(cluster.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
         str(cluster.port), "-U", "postgres", "-d", name],
        input=dump.stdout, capture_output=True, timeout=60, check=False,
    )
    assert load.returncode == 0, load.stderr.decode()[-2000:]


def test_after_postgresql_restarts_between_two_requests_the_next_one_succeeds(
    private_postgres, tmp_path
):
    edition = EditionFactory(name="Seoul Smart City Prize 2023", is_current=True)
    _copy_test_database(private_postgres, "prize")
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "prize.settings",
        "DATABASE_URL": private_postgres.url("prize") + "?application_name=prize-web",
        "CONN_MAX_AGE": "60",  # production: a connection kept between requests
        "DEBUG": "1",  # static files without collectstatic; the database settings are the same
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "prize.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1",
         "--worker-class", "sync"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )

    def get() -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def web_connections() -> list[str]:
        return private_postgres.psql(
            "postgres", "SELECT pid FROM pg_stat_activity WHERE application_name = 'prize-web'"
        ).split()

    try:
        wait_for(lambda: _answers(port) or server.poll() is not None, timeout=30,
                 what="gunicorn to answer", state=lambda: (tmp_path / "gunicorn.log").read_text())
        assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()

        status, page = get()
        assert status == 200, page[-3000:]
        assert edition.name in page
        before = web_connections()
        assert len(before) == 1  # kept open between requests

        private_postgres.restart()
        assert web_connections() == []  # the kept connection is broken now

        status, page = get()
        assert status == 200, page[-3000:]
        assert edition.name in page
        after = web_connections()
        assert len(after) == 1 and after != before
        assert get()[0] == 200
    except AssertionError:
        print((tmp_path / "gunicorn.log").read_text()[-5000:])
        raise
    finally:
        server.terminate()
        server.wait(15)
        log.close()


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
            return True
    except OSError:
        return False


# --- 4. The mail server refuses for a while -------------------------------------------------------


def test_while_the_mail_server_refuses_messages_are_retried_until_all_arrive_once(stack):
    handler = stack.smtp.handler
    handler.refuse_each(2)  # every recipient's first two attempts: 451
    users = [UserFactory(email=f"busy{n}@example.org") for n in range(5)]
    stack.worker("w1")
    stack.beat(OUTBOX_REQUEUE_EVERY="1")

    with transaction.atomic():
        outbox.notify_many([
            outbox.Message(recipient=user, template="test/hello", context={"message": "x"},
                           key=f"faults:busy:{n}")
            for n, user in enumerate(users)
        ])
        single = outbox.notify(UserFactory(email="busy-single@example.org"), "test/hello",
                               {"message": "one alone"})

    everyone = [u.email for u in users] + ["busy-single@example.org"]
    wait_for_deliveries(handler, dict.fromkeys(everyone, 1), timeout=40)
    for address in everyone:
        replies = [a.reply for a in handler.attempts_to(address)]
        assert replies == [handler.TRY_AGAIN, handler.TRY_AGAIN,
                           "250 Message accepted for delivery"], (address, replies)
        times = [a.at for a in handler.attempts_to(address)]
        # retried after the back-off (0.3 s, then twice that), not at once
        assert times[1] - times[0] >= 0.25 and times[2] - times[1] >= 0.5, (address, times)
    rows = Notification.objects.filter(to_email__in=everyone)
    assert set(rows.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert set(rows.values_list("attempts", flat=True)) == {3}
    assert single.pk in set(rows.values_list("pk", flat=True))


# --- 5. Scheduled jobs with two workers and beat -------------------------------------------------


def test_scheduled_jobs_with_two_workers_and_beat_happen_once(stack):
    from ceremony import services
    from ceremony.enums import AwardKind, AwardPool
    from ceremony.models import Award, Publication
    from prize import messaging
    from prize.message_models import Message, MessageState
    from prize.models import AuditEvent
    from tests.ceremony.builders import final_round
    from tests.ceremony.test_services import decide_all

    final = final_round(per_category=(3,))
    (category,) = final.categories
    final.gold = Award.objects.create(edition=final.edition, name="Gold", tier="Gold",
                                      category=category, order=1, winners=1)
    final.silver = Award.objects.create(edition=final.edition, name="Silver", tier="Silver",
                                        category=category, order=2, winners=1)
    final.mention = Award.objects.create(edition=final.edition, name="Special Mention",
                                         kind=AwardKind.SPECIAL_MENTION,
                                         pool=AwardPool.ELIGIBLE, winners=1)
    decide_all(final)
    by = final.users["secretariat"]
    soon = timezone.now() + timedelta(seconds=3)
    with transaction.atomic():
        services.publication_schedule(edition=final.edition, at=soon, by=by)
        services.results_mailing_create(edition=final.edition, by=by,
                                        kinds=["winner", "finalist", "not_selected"])
        group = messaging.draft_save(edition=final.edition, by=by, audience="entries.entrants",
                                     filters={}, subject="Dear {{ name }}",
                                     body="The ceremony is near.")
        messaging.schedule(message=group, send_at=soon + timedelta(minutes=1), by=by)
    Message.objects.filter(pk=group.pk).update(send_at=soon)  # due with the publication

    stack.worker("w1")
    stack.worker("w2")
    every = {"RESULTS_PUBLISH_EVERY": "1", "GROUP_MESSAGES_EVERY": "1",
             "OUTBOX_REQUEUE_EVERY": "1"}
    stack.beat(**every)

    people = [f"finalist{n}@example.org" for n in (1, 2, 3)] + ["other4@example.org"]
    handler = stack.smtp.handler
    # Each entrant: one result e-mail and one copy of the group message.
    wait_for_deliveries(handler, dict.fromkeys(people, 2), timeout=40)
    time.sleep(2)  # beat goes on ticking: still nothing more
    assert {p: handler.delivered()[p] for p in people} == dict.fromkeys(people, 2)
    subjects = sorted(str(m.message["Subject"]) for m in handler.messages
                      if "finalist1@example.org" in m.rcpt_tos)
    assert len(subjects) == 2 and subjects[0] != subjects[1]

    publication = Publication.objects.get(edition=final.edition)
    assert publication.published_at is not None
    assert AuditEvent.objects.filter(action="results.publish").count() == 1
    assert Message.objects.get(pk=group.pk).state == MessageState.SENT
    assert AuditEvent.objects.filter(action="message.send").count() == 1
    assert Notification.objects.filter(template="ceremony/result").count() == len(people)
