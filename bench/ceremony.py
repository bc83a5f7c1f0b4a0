"""Benchmark, third part: the season's ending at scale, on the database part's season.

The database part's round, scored, stands for the final round (every entry of it a finalist).
Untimed: each entrant gets a member account; the edition gets awards in tiers whose seats are
the 2023 ones times the scale (10 + 9 + 2 winners at x1: 2,100 at x100). Timed, through the
services the staff pages call:

* deciding: the proposal from the ranking accepted (one call), then every decision confirmed by
  a second person (one service call each, audited);
* publishing: the publication checks and lifts the embargo;
* writing the result e-mails: one per entrant person and entry (24,000 rows at x100), in bulk.

Target for the three together: under 30 s. Then, only with ``BENCH_REDIS_URL`` and a PostgreSQL
``BENCH_DATABASE_URL``, delivery: a real Celery worker (two processes) sends every row to a
local SMTP sink (aiosmtpd on 127.0.0.1); measured until every message has arrived, with the
number of duplicates (target: none, and under 5 minutes).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"decide_publish_write_s": 30.0, "delivery_s": 300.0}
# (category code, tier, 2023 seats): 10 + 9 + 2.
TIERS = [("TI", "Gold", 1), ("TI", "Silver", 3), ("TI", "Bronze", 6),
         ("HC", "Gold", 1), ("HC", "Silver", 3), ("HC", "Bronze", 5),
         ("LD", "Leadership", 2)]


def prepare(edition, categories: dict, scale: int) -> dict:
    """Member accounts for the entrants, the staff, the awards (untimed)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from ceremony.enums import AwardKind
    from ceremony.models import Award
    from entries.models import Entrant, EntrantMember
    from prize.enums import Role
    from prize.models import RoleAssignment, User

    password = make_password(None)
    by_code = {c.code: c for c in categories.values()}
    with transaction.atomic():
        entrants = list(Entrant.objects.filter(entries__edition=edition).distinct()
                        .order_by("pk").values_list("pk", flat=True))
        users = [User(email=f"member{n:06d}@bench.example.org", password=password)
                 for n in range(len(entrants))]
        User.objects.bulk_create(users, batch_size=2000)
        EntrantMember.objects.bulk_create(
            [EntrantMember(entrant_id=pk, user=user) for pk, user in zip(entrants, users,
                                                                          strict=True)],
            batch_size=2000)
        staff = {}
        for role in ("secretariat", "coordinator"):
            staff[role] = User.objects.create(email=f"{role}@bench.example.org",
                                              password=password)
            RoleAssignment.objects.create(user=staff[role], edition=edition, role=Role(role))
        for order, (code, tier, count) in enumerate(TIERS):
            if code not in by_code:
                continue
            Award.objects.create(
                edition=edition, name=f"{code} {tier}", tier=tier, order=order,
                category=by_code[code], winners=count,
                kind=AwardKind.INDIVIDUAL if code == "LD" else AwardKind.CATEGORY)
    return {"staff": staff, "members": len(users)}


def scale_awards(edition, scale: int) -> int:
    """Seats times the scale: an award takes at most 100 winners, so a tier at scale is made of
    as many awards of that tier as needed (e.g. 600 Bronze seats: six Bronze awards)."""
    from ceremony.models import Award

    made = 0
    for award in list(Award.objects.filter(edition=edition)):
        total = award.winners * scale
        parts = [min(100, total - start) for start in range(0, total, 100)]
        award.winners = parts[0]
        award.save(update_fields=["winners"])
        for n, seats in enumerate(parts[1:], start=2):
            Award.objects.create(edition=edition, name=f"{award.name} {n}", tier=award.tier,
                                 order=award.order, category=award.category, winners=seats,
                                 kind=award.kind)
        made += total
    return made


def measure(edition, categories: dict, scale: int, times: dict) -> dict:
    from django.db import connection, transaction

    from bench.database import Queries, peak_mb
    from ceremony import services
    from ceremony.models import Decision
    from judging.enums import RoundStatus
    from judging.models import Round
    from prize import outbox
    from prize.models import Notification

    context = prepare(edition, categories, scale)
    seats = scale_awards(edition, scale)
    Round.objects.filter(edition=edition).update(status=RoundStatus.FINALISED)
    staff = context["staff"]

    queued: list[int] = []
    real_enqueue = outbox.enqueue_batches
    outbox.enqueue_batches = lambda pks: queued.extend(pks) or len(pks)  # sent later, or not
    queries = Queries()
    try:
        with connection.execute_wrapper(queries):
            t0 = time.perf_counter()
            with transaction.atomic():
                services.proposal_accept(edition=edition, by=staff["secretariat"])
            t1 = time.perf_counter()
            decisions = list(Decision.objects.filter(award__edition=edition))
            services.decisions_confirm(decisions=decisions, by=staff["coordinator"])
            t2 = time.perf_counter()
            services.publication_schedule(edition=edition, at=None, by=staff["secretariat"])
            t3 = time.perf_counter()
            with transaction.atomic():
                services.results_mailing_create(
                    edition=edition, by=staff["secretariat"],
                    kinds=["winner", "finalist", "not_selected", "ineligible"])
            t4 = time.perf_counter()
    finally:
        outbox.enqueue_batches = real_enqueue
    times["ceremony_propose"] = t1 - t0
    times["ceremony_confirm"] = t2 - t1
    times["ceremony_publish"] = t3 - t2
    times["ceremony_write_emails"] = t4 - t3
    figures = {
        "seats": seats,
        "decisions": len(decisions),
        "emails_written": Notification.objects.filter(template="ceremony/result").count(),
        "members": context["members"],
        "queries": queries.count,
        "peak_mb": peak_mb(),
        "kinds": dict(Counter(Notification.objects.filter(template="ceremony/result")
                              .values_list("context__kind", flat=True))),
    }
    figures["delivery"] = deliver(queued)
    return figures


# --- delivery through a real worker -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """A local SMTP server that counts what arrives, by outbox row (X-Prize-Notification)."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.rows: Counter[str] = Counter()
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                data = envelope.content.decode("utf8", errors="replace")
                for line in data.splitlines():
                    if line.startswith("X-Prize-Notification:"):
                        with sink.lock:
                            sink.rows[line.split(":", 1)[1].strip()] += 1
                        break
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


def deliver(pks: list[int]) -> dict:
    redis_url = os.environ.get("BENCH_REDIS_URL", "")
    database_url = os.environ.get("DATABASE_URL", "")
    if not redis_url or not database_url.startswith("postgres"):
        return {"skipped": "set BENCH_REDIS_URL and a PostgreSQL BENCH_DATABASE_URL to measure "
                           "delivery through a real worker"}
    import redis

    from prize import outbox
    from prize.celery import app

    broker = redis_url.rsplit("/", 1)[0] + "/13"
    redis.Redis.from_url(broker).flushdb()
    sink = Sink()
    queue = f"prize-bench-{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": broker,
           "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker,
           "CELERY_TASK_DEFAULT_QUEUE": queue, "CELERY_TASK_ALWAYS_EAGER": "0", "DEBUG": "0",
           "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "CONN_MAX_AGE": "60"}
    log = tempfile.NamedTemporaryFile(prefix="bench-worker-", suffix=".log", delete=False)  # noqa: SIM115
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "prize", "worker", "--concurrency=2", "-Q", queue,
         "-l", "warning", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        app.conf.broker_url = broker
        app.conf.task_always_eager = False
        app.conf.task_default_queue = queue
        time.sleep(3)  # the worker connects; messages wait in the queue meanwhile anyway
        t0 = time.perf_counter()
        outbox.enqueue_batches(pks)
        deadline = t0 + TARGETS["delivery_s"] * 2
        while time.perf_counter() < deadline:
            with sink.lock:
                arrived = len(sink.rows)
            if arrived >= len(pks) or worker.poll() is not None:
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - t0
        with sink.lock:
            duplicates = sum(n - 1 for n in sink.rows.values() if n > 1)
            arrived = len(sink.rows)
        return {"messages": len(pks), "arrived": arrived, "duplicates": duplicates,
                "seconds": round(seconds, 1), "per_second": round(arrived / seconds, 1),
                "worker_log": log.name}
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        sink.stop()


def report(figures: dict, times: dict) -> dict:
    total = (times["ceremony_propose"] + times["ceremony_confirm"] + times["ceremony_publish"]
             + times["ceremony_write_emails"])
    targets = {"decide_publish_write_s": {
        "limit": TARGETS["decide_publish_write_s"], "measured": round(total, 3),
        "pass": total < TARGETS["decide_publish_write_s"]}}
    delivery = figures["delivery"]
    if "seconds" in delivery:
        targets["delivery_s"] = {
            "limit": TARGETS["delivery_s"], "measured": delivery["seconds"],
            "pass": (delivery["seconds"] < TARGETS["delivery_s"] and delivery["duplicates"] == 0
                     and delivery["arrived"] == delivery["messages"])}
    return {**figures, "seconds": {
        "propose (accept the ranking's proposal)": round(times["ceremony_propose"], 3),
        "confirm every decision (second person)": round(times["ceremony_confirm"], 3),
        "publish": round(times["ceremony_publish"], 3),
        "write the result e-mails": round(times["ceremony_write_emails"], 3),
    }, "targets": targets}


def show(figures: dict) -> None:
    s = figures["seconds"]
    print(f"ceremony part: {figures['seats']} seats, {figures['decisions']} decisions, "
          f"{figures['emails_written']} result e-mails written ({figures['kinds']})")
    for label, value in s.items():
        print(f"  {label:<44}{value:>8.2f} s")
    t = figures["targets"]["decide_publish_write_s"]
    print(f"  {'decide, publish and write (target)':<44}{t['measured']:>8.2f} s"
          f"  < {t['limit']:.0f} s  {'pass' if t['pass'] else 'FAIL'}")
    delivery = figures["delivery"]
    if "skipped" in delivery:
        print(f"  delivery: skipped ({delivery['skipped']})")
    else:
        d = figures["targets"]["delivery_s"]
        print(f"  delivery through a real worker: {delivery['arrived']} of "
              f"{delivery['messages']} in {delivery['seconds']} s ({delivery['per_second']}/s), "
              f"{delivery['duplicates']} duplicates  < {d['limit']:.0f} s  "
              f"{'pass' if d['pass'] else 'FAIL'}")
