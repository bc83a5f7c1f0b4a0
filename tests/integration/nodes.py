"""The platform as several machines run it, on this one: two web nodes (gunicorn, DEBUG off) on
two ports, two Celery workers and one beat, all sharing the test's PostgreSQL database, one Redis
database (broker, results and cache), one media folder, one SECRET_KEY and the same code.

Each process gets only what docs/operations.md says every machine must be given the same; nothing
else connects them. Their logs are kept in a temporary folder and shown when a test fails.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from .conftest import BASE_DIR, TASK_ID, database_url, free_port, wait_for

START_TIMEOUT = 60.0


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)


@dataclass
class Cluster:
    """Two web nodes, two workers and a beat; ``urls`` are the web nodes' base addresses."""

    urls: list[str]
    media_root: Path
    redis_url: str
    queue: str
    cache_prefix: str
    processes: list[Process] = field(default_factory=list)

    def logs(self, last: int = 40) -> str:
        parts = []
        for process in self.processes:
            lines = process.log().splitlines()[-last:]
            parts.append(f"--- {process.name} (exit code {process.popen.poll()})\n"
                         + "\n".join(lines))
        return "\n".join(parts)

    def stop(self) -> None:
        for process in self.processes:  # all at once: each stops while the others do
            if process.popen.poll() is None:
                process.popen.terminate()
        for process in self.processes:
            process.stop()


def shared_environment(*, database: str, redis_url: str, queue: str, media_root: Path,
                       smtp_url: str, cache_prefix: str, secret_key: str, site_url: str) -> dict:
    """What every machine is given the same (docs/operations.md, "Several machines")."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.node_settings",
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": site_url,
        # plain HTTP on the loopback: no proxy in front to end TLS
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database,
        "CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CACHE_KEY_PREFIX": cache_prefix,
        "MEDIA_ROOT": str(media_root),
        "EMAIL_URL": smtp_url,
        "EMAIL_TIMEOUT": "5",
        "OUTBOX_RETRY_BACKOFF": "0.5",
        "OUTBOX_MAX_ATTEMPTS": "3",
        # beat hands stuck messages back every second, so a duplicate would show at once
        "OUTBOX_REQUEUE_EVERY": "1",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


def _start(name: str, command: list[str], env: dict, folder: Path) -> Process:
    log_path = folder / f"{name}.log"
    with log_path.open("wb") as log:
        popen = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    return Process(name, popen, log_path)


def start_cluster(*, settings_dict: dict, redis_url: str, smtp_url: str, folder: Path
                  ) -> Cluster:
    token = uuid.uuid4().hex[:8]
    ports = [free_port(), free_port()]
    media_root = folder / "media"
    media_root.mkdir()
    cluster = Cluster(
        urls=[f"http://127.0.0.1:{port}" for port in ports],
        media_root=media_root,
        redis_url=redis_url,
        queue=f"prize-nodes-{token}",
        cache_prefix=f"prize-nodes-{token}",
    )
    env = shared_environment(
        database=database_url(settings_dict), redis_url=redis_url, queue=cluster.queue,
        media_root=media_root, smtp_url=smtp_url, cache_prefix=cluster.cache_prefix,
        secret_key=secrets.token_urlsafe(50), site_url=cluster.urls[0],
    )
    python = sys.executable
    host = socket.gethostname()
    try:
        for index, port in enumerate(ports):
            cluster.processes.append(_start(
                f"web-{'ab'[index]}",
                [python, "-m", "gunicorn", "prize.wsgi:application", "--config",
                 "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                 "--log-level", "warning"],
                env, folder))
        for index in (1, 2):
            cluster.processes.append(_start(
                f"worker-{index}",
                [python, "-m", "celery", "-A", "prize", "worker", "--pool=solo",
                 "--concurrency=1", "-Q", cluster.queue, "-n", f"nodes-{token}-{index}@{host}",
                 "-l", "info", "--without-heartbeat", "--without-mingle", "--without-gossip"],
                env, folder))
        cluster.processes.append(_start(
            "beat", [python, "-m", "celery", "-A", "prize", "beat", "-l", "info"], env, folder))
        _wait_until_up(cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _wait_until_up(cluster: Cluster) -> None:
    deadline = time.monotonic() + START_TIMEOUT

    def check(process: Process, ready) -> bool:
        if process.popen.poll() is not None:
            pytest.fail(f"{process.name} stopped at start:\n{cluster.logs()}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"{process.name} did not start within {START_TIMEOUT:g}s:\n"
                        f"{cluster.logs()}", pytrace=False)
        return ready()

    def answers(url: str):
        def ready() -> bool:
            try:
                return requests.get(f"{url}/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                return False
        return ready

    webs = [p for p in cluster.processes if p.name.startswith("web")]
    for process, url in zip(webs, cluster.urls, strict=True):
        wait_for(lambda p=process, u=url: check(p, answers(u)), timeout=START_TIMEOUT + 5,
                 interval=0.2, what=f"{process.name} to answer")
    for process in cluster.processes:
        if process.name.startswith("worker"):
            wait_for(lambda p=process: check(p, lambda: " ready." in p.log()),
                     timeout=START_TIMEOUT + 5, interval=0.2, what=f"{process.name} to be ready")
        if process.name == "beat":
            wait_for(lambda p=process: check(p, lambda: "beat: Starting..." in p.log()),
                     timeout=START_TIMEOUT + 5, interval=0.2, what="beat to start")


def clean_redis(cluster: Cluster) -> None:
    """Remove what the cluster left in Redis: its queue, its tasks' results, its cache."""
    import redis

    client = redis.Redis.from_url(cluster.redis_url)
    try:
        keys = [f"_kombu.binding.{cluster.queue}", f"_kombu.binding_permanent.{cluster.queue}"]
        for process in cluster.processes:  # the results of the tasks the workers ran
            keys += [f"celery-task-meta-{task}" for task in set(TASK_ID.findall(process.log()))]
        for pattern in (f"{cluster.queue}*", f"{cluster.cache_prefix}:*"):
            keys += list(client.scan_iter(match=pattern))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start:start + 500])
    finally:
        client.close()


def cluster_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="prize-nodes-"))
