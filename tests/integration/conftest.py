"""Real services for the integration tests: PostgreSQL, Redis, a Celery worker and an SMTP server.

PostgreSQL and Redis come from ``DATABASE_URL`` and ``REDIS_URL``; when they are missing the tests
are skipped, or fail under ``REQUIRE_SERVICES=1`` (CI). Everything else is started here, once per
test module, after pytest-django has created the test database:

* an ``aiosmtpd`` server on a free port of 127.0.0.1 that records every delivery attempt and can
  be told to refuse the next ones (``451`` transient or ``550`` permanent);
* a TCP relay between this process and Redis (``BrokerLink``), so a test can take Redis (broker
  and result store, as in production) away from the web process, exactly as an outage would,
  while the worker keeps its own connection;
* a ``celery worker`` subprocess on a queue of its own, in a Redis database of its own
  (``INTEGRATION_REDIS_DB``, default 14), pointed at the *test* database and the SMTP server.

The worker's log is attached to the report of every failing test.
"""

from __future__ import annotations

import email
import email.policy
import logging
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

from tests.conftest import need

BASE_DIR = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 30.0
WORKER_LOG_KEY = pytest.StashKey[Path]()
TASK_ID = re.compile(r"\[([0-9a-f-]{36})\] received")
# The worker's outbox settings: quick retries, and few of them, so exhausting them is quick too.
WORKER_RETRY_BACKOFF = 0.5
WORKER_MAX_ATTEMPTS = 3


# --- small helpers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, timeout: float = 15.0, interval: float = 0.05, what: str, state=None):
    """Poll ``condition()`` until it returns something truthy and return that; after ``timeout``
    seconds fail, naming ``what`` was awaited and, if given, the current ``state()``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            detail = f"; last seen: {state()}" if state else ""
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}{detail}")
        time.sleep(interval)


def redis_url_with_db(url: str, db: int, *, port: int | None = None) -> str:
    """``url`` with its database number (and, if given, its port on 127.0.0.1) replaced."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if port is not None:
        credentials = netloc.rpartition("@")[0]
        netloc = (credentials + "@" if credentials else "") + f"127.0.0.1:{port}"
    return urlunsplit((parts.scheme, netloc, f"/{db}", parts.query, ""))


def database_url(settings_dict: dict) -> str:
    """A ``DATABASE_URL`` for the database pytest-django made (``test_<name>``)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


# --- SMTP: a real server that records every attempt -------------------------------------------


@dataclass
class Attempt:
    """One SMTP transaction as the server saw it."""

    at: float
    rcpt_tos: list[str]
    reply: str  # the answer that decided it: "250 ..." accepted, or the refusal

    @property
    def accepted(self) -> bool:
        return self.reply.startswith("250")


@dataclass
class Received:
    """One accepted message: the envelope and the parsed e-mail."""

    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage


@dataclass
class RecordingHandler:
    """aiosmtpd handler: accepts and records, or refuses the next N transactions as told."""

    messages: list[Received] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    _refusals: deque = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    TRY_AGAIN = "451 4.3.0 Try again later"
    NO_SUCH_USER = "550 5.1.1 No such user"

    def refuse_next(self, count: int, reply: str, *, at: str = "DATA") -> None:
        """Answer the next ``count`` transactions with ``reply`` at the RCPT or DATA stage."""
        assert at in {"RCPT", "DATA"}
        with self._lock:
            self._refusals.extend([(at, reply)] * count)

    def reset(self) -> None:
        with self._lock:
            self.messages.clear()
            self.attempts.clear()
            self._refusals.clear()

    def messages_to(self, address: str) -> list[Received]:
        with self._lock:
            return [m for m in self.messages if address in m.rcpt_tos]

    def attempts_to(self, address: str) -> list[Attempt]:
        with self._lock:
            return [a for a in self.attempts if address in a.rcpt_tos]

    def _refusal(self, stage: str) -> str | None:
        with self._lock:
            if self._refusals and self._refusals[0][0] == stage:
                return self._refusals.popleft()[1]
        return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self._refusal("RCPT")
        if reply:
            with self._lock:
                self.attempts.append(Attempt(time.monotonic(), [address], reply))
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = self._refusal("DATA") or "250 Message accepted for delivery"
        with self._lock:
            self.attempts.append(Attempt(time.monotonic(), list(envelope.rcpt_tos), reply))
            if reply.startswith("250"):
                raw = envelope.original_content or envelope.content
                self.messages.append(
                    Received(
                        mail_from=envelope.mail_from,
                        rcpt_tos=list(envelope.rcpt_tos),
                        message=email.message_from_bytes(raw, policy=email.policy.default),
                    )
                )
        return reply

    def summary(self) -> str:
        with self._lock:
            return "\n".join(f"  {a.rcpt_tos} -> {a.reply}" for a in self.attempts) or "  (none)"


@dataclass
class SMTPServer:
    host: str
    port: int
    handler: RecordingHandler

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


@pytest.fixture(scope="module")
def smtp_server():
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # one INFO line per SMTP command
    handler = RecordingHandler()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        server_hostname="localhost",
        ready_timeout=10,
    )
    controller.start()
    try:
        yield SMTPServer(controller.hostname, controller.port, handler)
    finally:
        controller.stop()


# --- The broker as the web process sees it: a link that can be cut ---------------------------


class BrokerLink:
    """A TCP relay from 127.0.0.1:<port> to Redis. ``down()`` closes the listening socket and
    every open connection (new ones are refused, like a broker that went away); ``up()`` brings
    it back on the same port. Only this process talks through it; the worker goes to Redis."""

    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_up(self) -> bool:
        return self._listener is not None

    def up(self) -> None:
        if self.is_up:
            return
        self._listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR on POSIX
        self._listener.settimeout(0.05)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._accept,
            args=(self._listener, self._stop),
            daemon=True,
            name="broker-link",
        )
        self._thread.start()

    def down(self) -> None:
        if not self.is_up:
            return
        self._stop.set()
        self._thread.join(5)
        self._listener.close()
        self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    def _accept(self, listener: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.upstream, timeout=2)
            except OSError:
                _close(client)
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with self._lock:
                    self._sockets.discard(sock)
                _close(sock)


def _close(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


# --- The producer side: point this process's Celery app at a broker ---------------------------


def use_redis(app, url: str | None, result_backend: str | None) -> None:
    """Publish to ``url`` and keep results in ``result_backend`` from now on, as a web process
    that has just started would: nothing connected yet. kombu keeps its connection and producer
    pools per broker address and the app caches its result backend, so drop the app's references
    (as Celery does after a fork) and the next publish builds them for the new addresses."""
    app.conf.broker_url = url
    app.conf.broker_write_url = None
    app.conf.result_backend = result_backend
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def publishing_to(redis_url: str, queue: str):
    """Inside the block this process's Celery app is a fresh producer that publishes to
    ``queue`` on ``redis_url`` and uses it as its result store too, like production, where
    ``REDIS_URL`` is both."""
    from prize.celery import app

    saved = (
        app.conf.broker_url,
        app.conf.broker_write_url,
        app.conf.result_backend,
        app.conf.task_default_queue,
    )
    use_redis(app, redis_url, redis_url)
    app.conf.task_default_queue = queue
    try:
        yield app
    finally:
        use_redis(app, saved[0], saved[2])
        app.conf.broker_write_url = saved[1]
        app.conf.task_default_queue = saved[3]


# --- The worker -------------------------------------------------------------------------------


@dataclass
class Worker:
    """The running worker and what the tests need to talk to it."""

    process: subprocess.Popen
    nodename: str
    queue: str
    redis_url: str  # the dedicated Redis database, as the worker sees it
    broker_url: str  # the same database through the BrokerLink: this process publishes there
    log_path: Path
    link: BrokerLink
    smtp: SMTPServer
    results: object  # a Celery result backend on redis_url

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def barrier(self) -> None:
        """Return once the worker has handled every message published before this call: one
        worker takes one queue in order, so a no-op task sent now runs after all of them."""
        from prize.celery import app

        assert self.result(app.send_task("celery.accumulate", args=("barrier",))) == ["barrier"]

    def result(self, async_result, timeout: float = 15.0):
        """The return value of a task the worker ran (read from the result backend)."""
        from celery import states

        meta = wait_for(
            lambda: (
                (m := self.results.get_task_meta(async_result.id, cache=False))["status"]
                in states.READY_STATES
                and m
            ),
            timeout=timeout,
            what=f"task {async_result.id} to finish",
            state=lambda: self.results.get_task_meta(async_result.id, cache=False)["status"],
        )
        self.results.forget(async_result.id)
        assert meta["status"] == states.SUCCESS, f"task {async_result.id}: {meta}"
        return meta["result"]


def _services_or_skip() -> tuple[str, str]:
    """(REDIS_URL, engine) when PostgreSQL and a reachable Redis are configured; skip (or fail
    under REQUIRE_SERVICES=1) otherwise."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    need(
        engine == "django.db.backends.postgresql",
        f"integration tests need PostgreSQL (DATABASE_URL), not {engine}: a worker process "
        "cannot share a SQLite test database",
    )
    redis_url = os.environ.get("REDIS_URL", "")
    need(bool(redis_url), "integration tests need Redis: REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        need(False, f"integration tests need Redis: {redis_url} is unreachable ({exc})")
    return redis_url, engine


@pytest.fixture(scope="module")
def integration_worker(request, django_db_setup):
    """A real ``celery worker`` on the test database, started after pytest-django made it."""
    from celery.backends.redis import RedisBackend
    from django.db import connection

    from prize.celery import app

    redis_url, _ = _services_or_skip()
    smtp_server = request.getfixturevalue("smtp_server")
    redis_db = int(os.environ.get("INTEGRATION_REDIS_DB", "14"))
    worker_redis = redis_url_with_db(redis_url, redis_db)
    upstream = urlsplit(redis_url)
    link = BrokerLink(upstream.hostname or "127.0.0.1", upstream.port or 6379)
    link.up()
    broker_url = redis_url_with_db(redis_url, redis_db, port=link.port)

    token = uuid.uuid4().hex[:8]
    queue = f"prize-integration-{token}"
    nodename = f"integration-{token}@{socket.gethostname()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prize.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "CONN_MAX_AGE": "0",
        "REDIS_URL": worker_redis,
        "CELERY_BROKER_URL": worker_redis,
        "CELERY_RESULT_BACKEND": worker_redis,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "TESTING": "0",
        "DEBUG": "1",
        "EMAIL_URL": smtp_server.url,
        "EMAIL_TIMEOUT": "5",
        "OUTBOX_RETRY_BACKOFF": str(WORKER_RETRY_BACKOFF),
        "OUTBOX_MAX_ATTEMPTS": str(WORKER_MAX_ATTEMPTS),
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
        prefix="celery-worker-", suffix=".log", delete=False
    )
    log_path = Path(log_file.name)
    request.config.stash[WORKER_LOG_KEY] = log_path
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "prize",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "-n",
            nodename,
            "-l",
            "info",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    log_file.close()

    results = RedisBackend(app=app, url=worker_redis)
    worker = Worker(
        process, nodename, queue, worker_redis, broker_url, log_path, link, smtp_server, results
    )
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        with publishing_to(broker_url, queue):
            while not app.control.ping(destination=[nodename], timeout=1):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"the Celery worker did not come up within {WORKER_START_TIMEOUT:g}s "
                        f"(exit code {process.poll()}); its log:\n{worker.log()}",
                        pytrace=False,
                    )
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        _clean_redis(worker_redis, queue, worker.log())
        results.client.close()
        link.down()
        if not request.session.testsfailed:
            log_path.unlink(missing_ok=True)
        else:
            print(f"\nCelery worker log kept at {log_path}")


def _clean_redis(redis_url: str, queue: str, worker_log: str) -> None:
    """Remove what this run left in Redis: the queue (kombu keeps one list per priority), its
    bindings, and the results of the tasks the worker ran."""
    import redis

    keys = [f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"]
    keys += [f"celery-task-meta-{task_id}" for task_id in set(TASK_ID.findall(worker_log))]
    client = redis.Redis.from_url(redis_url)
    try:
        keys += client.scan_iter(match=f"{queue}*")
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _through_the_real_broker(request, _eager_celery_and_fresh_cache, settings):
    """Every integration test publishes to the worker's queue through the real broker; the rest
    of the suite finds the app as it was."""
    worker = request.getfixturevalue("integration_worker")
    settings.CELERY_TASK_ALWAYS_EAGER = False  # what outbox.enqueue() reads
    worker.link.up()
    worker.smtp.handler.reset()
    with publishing_to(worker.broker_url, worker.queue) as app:
        app.conf.task_always_eager = False
        yield
    worker.link.up()  # a test that cut the broker gives it back
    app.conf.task_always_eager = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and "_through_the_real_broker" in getattr(item, "fixturenames", ()):
        log_path = item.config.stash.get(WORKER_LOG_KEY, None)
        if log_path and log_path.exists():
            lines = log_path.read_text(errors="replace").splitlines()
            report.sections.append(("celery worker log (last 80 lines)", "\n".join(lines[-80:])))
