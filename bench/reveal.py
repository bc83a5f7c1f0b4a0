"""Benchmark, fourth part: the reveal screen's poll on one gunicorn worker.

A hall may hold several screens and phones following along, each polling once a second; what
matters is how many polls one worker answers. On a throw-away database (SQLite in a temporary
directory, or PostgreSQL with ``BENCH_DATABASE_URL``, as ``bench.database``) loaded with the
demo (``manage.py demo``: the 2023 season, 21 winners), one programme item presents every
award, the rehearsal stands on a winner and a screen link is made. Then gunicorn (one sync
worker, ``DEBUG`` off) serves it on 127.0.0.1, and a load client (processes of threads, plain
``http.client``, one connection per request as gunicorn's sync worker closes them) asks for:

* the poll with the current version (what every screen asks almost every second): an empty
  204 after two queries (the link, the state);
* the poll with an old version: the new slide (HTML, a few queries more), for comparison.

Each for ``--seconds`` (5) after a second of warm-up; the client shares the machine with the
server, so the figures are a floor. Target: at least 300 requests/s for the unchanged poll.

Usage: ``python -m bench.reveal [--seconds 5] [--clients 8] [--out FILE]``
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"poll_rps": 300.0}


def prepare() -> dict:
    """Migrate, load the demo, put the 2023 rehearsal on a winner, make a screen link."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from ceremony import reveal, services
    from ceremony.enums import ItemKind
    from ceremony.models import Award, ProgrammeItem
    from prize.enums import Role
    from prize.models import Edition, RoleAssignment

    call_command("migrate", verbosity=0)
    call_command("demo", quiet=True, verbosity=0)
    edition = Edition.objects.filter(year=2023).first()
    staff = RoleAssignment.objects.filter(edition=edition, role=Role.SECRETARIAT).first().user
    when = edition.ceremony_at or timezone.now() + timedelta(days=1)
    item = ProgrammeItem.objects.create(edition=edition, title="The awards", kind=ItemKind.AWARD,
                                        starts_at=when, order=900)
    item.awards.add(*Award.objects.filter(edition=edition))
    cues = reveal.stage_of(edition).cues
    winner = next(c for c in cues if c.kind == "winner" and c.item.id == item.pk)
    services.reveal_jump(edition=edition, by=staff, expected=reveal.pointer_of(edition).token,
                         key=winner.key)
    _link, token = services.screen_link_create(edition=edition, by=staff, label="Bench")
    return {"token": token, "version": reveal.pointer_of(edition).token,
            "winners": sum(1 for c in cues if c.kind == "winner")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _hammer(port: int, path: str, seconds: float, threads: int, out) -> None:
    """One client process: ``threads`` threads asking for ``path`` until the time is up;
    puts (requests, errors, statuses) on ``out``."""
    counts = {"n": 0, "errors": 0}
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run():
        n = errors = 0
        seen: dict[int, int] = {}
        while time.monotonic() < stop:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path, headers={"HX-Request": "true", "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                seen[response.status] = seen.get(response.status, 0) + 1
                conn.close()
                n += 1
            except OSError:
                errors += 1
        with lock:
            counts["n"] += n
            counts["errors"] += errors
            for status, k in seen.items():
                statuses[status] = statuses.get(status, 0) + k

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    out.put((counts["n"], counts["errors"], statuses))


def load(port: int, path: str, *, seconds: float, clients: int) -> dict:
    """Requests per second for ``path`` with ``clients`` threads in two processes."""
    processes = 2
    queue = multiprocessing.get_context("spawn").Queue()
    per = max(1, clients // processes)
    _one = (port, path, 1.0, per, queue)
    ctx = multiprocessing.get_context("spawn")
    warm = [ctx.Process(target=_hammer, args=_one) for _ in range(processes)]  # warm-up
    for p in warm:
        p.start()
    for p in warm:
        p.join()
    for _ in warm:
        queue.get()
    started = time.monotonic()
    procs = [ctx.Process(target=_hammer, args=(port, path, seconds, per, queue))
             for _ in range(processes)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.monotonic() - started
    n = sum(r[0] for r in results)
    statuses: dict[str, int] = {}
    for r in results:
        for status, k in r[2].items():
            statuses[str(status)] = statuses.get(str(status), 0) + k
    return {"requests": n, "errors": sum(r[1] for r in results), "statuses": statuses,
            "seconds": round(elapsed, 2), "rps": round(n / seconds, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reveal",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.database import setup_django, throwaway_database

    with throwaway_database() as database:
        setup_django()
        data = prepare()
        from django.db import connections

        connections.close_all()
        port = _free_port()
        env = {**os.environ, "DEBUG": "False", "SECURE_SSL_REDIRECT": "False",
               "ALLOWED_HOSTS": "127.0.0.1", "REDIS_URL": ""}
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "prize.wsgi:application", "--workers", "1",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            base = f"/ceremony/screen/{data['token']}/poll/"
            same = load(port, f"{base}?v={data['version']}", seconds=args.seconds,
                        clients=args.clients)
            changed = load(port, f"{base}?v=old", seconds=args.seconds, clients=args.clients)
        finally:
            server.terminate()
            server.wait(timeout=10)
    figures = {
        "database": database,
        "server": "gunicorn, 1 sync worker, DEBUG off",
        "client": f"{args.clients} threads in 2 processes, one connection per request",
        "winners": data["winners"],
        "poll_unchanged": same,
        "poll_changed": changed,
        "targets": {"poll_rps": {"limit": TARGETS["poll_rps"], "measured": same["rps"],
                                 "pass": same["rps"] >= TARGETS["poll_rps"]
                                 and same["errors"] == 0
                                 and set(same["statuses"]) == {"204"}}},
    }
    show(figures)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if passed(figures) else 1


def show(figures: dict) -> None:
    print(f"reveal screen poll ({figures['database']}; {figures['server']}; "
          f"{figures['client']}; {figures['winners']} winners in the show)")
    for key, label in (("poll_unchanged", "poll, version unchanged (204)"),
                       ("poll_changed", "poll, version changed (slide)")):
        f = figures[key]
        print(f"  {label:<34}{f['rps']:>8.1f} requests/s  ({f['requests']} in "
              f"{f['seconds']} s, statuses {f['statuses']}, {f['errors']} errors)")
    t = figures["targets"]["poll_rps"]
    print(f"  target: at least {t['limit']:.0f} requests/s unchanged: "
          f"{'pass' if t['pass'] else 'FAIL'}")


def passed(figures: dict) -> bool:
    return "error" not in figures and all(t["pass"] for t in figures["targets"].values())


def run(*, seconds: float = 5.0) -> dict:
    """From ``python -m bench``: this part in a child process; its figures."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="prize-bench-") as tmp:
        out = Path(tmp) / "reveal.json"
        sys.stdout.flush()
        done = subprocess.run([sys.executable, "-m", "bench.reveal", "--seconds", str(seconds),  # noqa: S603
                               "--out", str(out)], cwd=ROOT, check=False)
        if not out.exists():
            return {"error": f"the reveal part stopped (exit status {done.returncode})"}
        return json.loads(out.read_text())


if __name__ == "__main__":
    sys.exit(main())
