"""Parts the fault tests start, stop and kill on their own (tests/integration/test_faults.py).

The shared integration worker (conftest.py) talks to the machine's Redis, which other tests use
at the same time: nothing here stops or kills anything of theirs. Instead:

* ``RedisServer``: a private ``redis-server`` on a free port (no persistence, like a Redis that
  lost its memory when it stopped), which a test can stop and start again on the same port;
* ``FaultySMTP``: an SMTP server that records every attempt (``RecordingHandler``) and can hold
  a transaction at RCPT until told (so a worker can be killed while it waits) or refuse each
  recipient's first N attempts;
* ``Processes``: Celery workers and a beat on the private Redis, the test database and that
  SMTP server, started with ``worker()`` / ``beat()``, killed with ``kill()``;
* ``PostgresCluster``: a private PostgreSQL cluster in a temporary folder (initdb, pg_ctl), run
  as the ``postgres`` user when this process is root, so it can be restarted freely.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from tests.conftest import need

from .conftest import BASE_DIR, Attempt, RecordingHandler, free_port, wait_for

# The outbox as the fault tests' workers run it: quick retries, a lost message re-queued after
# a second, a row stuck in "sending" sent again after two (production: minutes).
FAULT_ENV = {
    "OUTBOX_RETRY_BACKOFF": "0.3",
    "OUTBOX_MAX_ATTEMPTS": "5",
    "OUTBOX_STALE_AFTER": "1",
    "OUTBOX_SENDING_TIMEOUT": "2",
}


# --- Redis ---------------------------------------------------------------------------------------


class RedisServer:
    """A private redis-server on 127.0.0.1:<port> that can be stopped and started again."""

    def __init__(self):
        binary = shutil.which("redis-server")
        need(binary is not None, "the fault tests need redis-server installed")
        self.binary = binary
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def ping(self) -> bool:
        import redis

        client = redis.Redis.from_url(self.url(), socket_connect_timeout=0.5)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()


# --- SMTP ----------------------------------------------------------------------------------------


class FaultyHandler(RecordingHandler):
    """Records like ``RecordingHandler``; besides, ``hold_transaction(n)`` keeps the n-th RCPT
    from now waiting until ``release()`` (then refuses it: its client is gone),
    ``hold_after_data(n)`` takes the n-th message from now (recorded as delivered) but holds its
    "250" until ``release()``, and ``refuse_each(n)`` answers 451 to the first n attempts of
    every recipient."""

    def __init__(self):
        super().__init__()
        self._rcpts = 0
        self._hold_at: int | None = None
        self._datas = 0
        self._hold_data_at: int | None = None
        self.holding = threading.Event()
        self._released = threading.Event()
        self._refuse_each = 0
        self._tries: Counter = Counter()

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self._rcpts, self._hold_at, self._refuse_each = 0, None, 0
            self._datas, self._hold_data_at = 0, None
            self._tries.clear()
        self.holding.clear()
        self._released.clear()

    def hold_transaction(self, number: int) -> None:
        with self._lock:
            self._hold_at = number

    def hold_after_data(self, number: int) -> None:
        with self._lock:
            self._hold_data_at = number

    def release(self) -> None:
        self._released.set()

    def refuse_each(self, count: int) -> None:
        with self._lock:
            self._refuse_each = count

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            self._rcpts += 1
            hold = self._rcpts == self._hold_at
            self._tries[address] += 1
            refuse = self._tries[address] <= self._refuse_each
        if hold:
            self.holding.set()
            while not self._released.is_set():
                await asyncio.sleep(0.02)
            refuse = True
        if refuse:
            with self._lock:
                self.attempts.append(Attempt(time.monotonic(), [address], self.TRY_AGAIN))
            return self.TRY_AGAIN
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self._datas += 1
            hold = self._datas == self._hold_data_at
        reply = await super().handle_DATA(server, session, envelope)
        if hold:
            self.holding.set()
            while not self._released.is_set():
                await asyncio.sleep(0.02)
        return reply

    def delivered(self) -> Counter:
        """How many times each address received a message."""
        with self._lock:
            return Counter(address for m in self.messages for address in m.rcpt_tos)



class FaultySMTP:
    def __init__(self):
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.handler = FaultyHandler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=free_port(),
                                     server_hostname="localhost", ready_timeout=10)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.controller.port}"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.handler.release()
        self.controller.stop()


# --- Celery workers and beat --------------------------------------------------------------------


class Processes:
    """Workers and a beat on the private Redis (one queue of this run), the test database and
    the faulty SMTP server. Their logs go to one file, shown when a test fails."""

    def __init__(self, *, database_url: str, redis: RedisServer, smtp: FaultySMTP):
        self.database_url = database_url
        self.redis = redis
        self.smtp = smtp
        self.queue = f"prize-faults-{uuid.uuid4().hex[:8]}"
        self.running: list[subprocess.Popen] = []
        handle, name = tempfile.mkstemp(prefix="celery-faults-", suffix=".log")
        os.close(handle)
        self.log_path = Path(name)

    def env(self, **extra: str) -> dict:
        url = self.redis.url()
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "prize.settings",
            "DATABASE_URL": self.database_url,
            "CONN_MAX_AGE": "0",
            "REDIS_URL": url,
            "CELERY_BROKER_URL": url,
            "CELERY_RESULT_BACKEND": url,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "TESTING": "0",
            "DEBUG": "1",
            "EMAIL_URL": self.smtp.url,
            "EMAIL_TIMEOUT": "5",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            **FAULT_ENV,
            **extra,
        }

    def _spawn(self, args: list[str], env: dict) -> subprocess.Popen:
        with self.log_path.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "celery", "-A", "prize", *args],
                cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        self.running.append(process)
        return process

    def worker(self, name: str, *, wait: bool = True, **extra: str) -> subprocess.Popen:
        """A worker (one process, one task at a time) consuming this run's queue; returns once
        it answers a ping (with ``wait``: a worker busy with a task answers after it)."""
        from prize.celery import app

        nodename = f"{name}-{uuid.uuid4().hex[:6]}@faults"
        process = self._spawn(
            ["worker", "--pool=solo", "-Q", self.queue, "-n", nodename, "-l", "info",
             "--without-heartbeat", "--without-mingle", "--without-gossip"],
            self.env(**extra),
        )
        if not wait:
            return process
        wait_for(
            lambda: process.poll() is not None or app.control.ping(destination=[nodename],
                                                                   timeout=0.5),
            timeout=30, what=f"worker {nodename} to answer", state=self.log_tail,
        )
        assert process.poll() is None, f"worker {nodename} exited:\n{self.log_tail()}"
        return process

    def beat(self, **extra: str) -> subprocess.Popen:
        """celery beat with the platform's scheduler (django-celery-beat, in the test database)."""
        return self._spawn(
            ["beat", "-l", "info", "--max-interval", "1"],
            self.env(**extra),
        )

    def kill(self, process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        process.send_signal(sig)
        process.wait(15)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
        for process in self.running:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self.running.clear()

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


# --- PostgreSQL ----------------------------------------------------------------------------------


class PostgresCluster:
    """A private cluster: initdb in a temporary folder, pg_ctl start / restart / stop. As root
    (CI), everything runs as the ``postgres`` user: initdb refuses root."""

    def __init__(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                      else 0)
        need(bool(bins), "the PostgreSQL restart test needs initdb (/usr/lib/postgresql/*/bin)")
        self.bin = bins[-1].parent
        self.run_as: str | None = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                need(False, "as root, the private PostgreSQL cluster needs a postgres user")
            self.run_as = "postgres"
        self.dir = Path(tempfile.mkdtemp(prefix="prize-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str, timeout: float = 60) -> str:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,  # noqa: S603
                              cwd=self.dir, check=False)
        assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")

    def _options(self) -> str:
        return (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                f"-c unix_socket_directories={self.dir} -c fsync=off")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w",
                  "-o", self._options(), "start")

    def restart(self) -> None:
        """A fast restart: every open connection is cut, as when the server goes away."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w",
                  "-m", "fast", "-o", self._options(), "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop")

    def psql(self, database: str, sql: str) -> str:
        return self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                         "-d", database, "-v", "ON_ERROR_STOP=1", "-Atqc", sql)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
