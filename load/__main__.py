"""``make load``: 200 judges scoring at once against the real stack; 0 errors, 0 lost scores.

1. Checks that PostgreSQL (``LOAD_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/prize_load``) and Redis (``LOAD_REDIS_URL``, default
   ``redis://127.0.0.1:6379/9``) answer, and refuses clearly when one does not.
2. Makes the database afresh (dropped and created: it is the run's own, named ``…_load``, with
   ``_load`` appended to the URL's name when it does not end so, never another), migrates,
   loads the demo with its final round open (``manage.py demo --judging-open``) and adds the
   simulated judges, their panels and assignments and the simulated staff (``load.season``).
3. Collects the static files, starts a Celery worker and gunicorn (``DEBUG`` off, sync workers:
   ``--gunicorn-workers``, by default 2 x usable cores + 1, gunicorn's own advice for sync
   workers, which wait on the database and not the CPU while a request runs).
4. Runs Locust headless (``load/locustfile.py``): the judges and staff start at
   ``--spawn-rate`` a second and log in; once all are in (or after ``--login-allowance``
   seconds) they score and watch for ``--seconds``, all at once.
5. Prints each page's requests, errors, p50 and p95, then checks the database against what
   every simulated judge was told was saved (``load.plan.check_scores``), writes the figures to
   ``--out`` (``load/results.json``) and exits non-zero on any error or lost score.

The Redis database is shared with nothing else of the run's (a key prefix of its own); the
PostgreSQL database is dropped at the end unless ``--keep``.

Usage: ``python -m load [--judges 200] [--per-judge 4] [--staff 3] [--seconds 60]
[--spawn-rate 50] [--login-allowance 300] [--gunicorn-workers N] [--out load/results.json]
[--keep]`` (docs/load.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import plan

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/prize_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
#: Locust's names of the pages, in the order of the table.
PAGES = ["login page", "login", "two-factor page", "two-factor", "dashboard", "scoring page",
         "autosave", "autosave, second tab (409 expected)", "submit", "progress", "results"]
EXPECTED = {"autosave, second tab (409 expected)": [409]}


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def check_services(database_url: str, redis_url: str) -> None:
    """Refuse, saying which and how to fix it, when PostgreSQL or Redis does not answer."""
    import psycopg
    import redis

    parts = urlsplit(database_url)
    if not parts.scheme.startswith(("postgres", "pgsql")):
        raise SystemExit(f"LOAD_DATABASE_URL must be a PostgreSQL URL, not {parts.scheme}://.")
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    try:
        psycopg.connect(server, connect_timeout=5).close()
    except psycopg.Error as exc:
        raise SystemExit(
            f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432} ({exc}).\n"
            "make load needs a PostgreSQL server it may create a database on: start one, or "
            "set LOAD_DATABASE_URL=postgres://user@host:5432/prize_load.") from None
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        raise SystemExit(
            f"Redis does not answer at {redis_url} ({exc}).\nmake load needs Redis for the "
            "cache (rate limits, which tab saved what) and Celery: start one, or set "
            "LOAD_REDIS_URL=redis://host:6379/9.") from None


def run_database_url(url: str) -> str:
    """The run's own database: the URL's, with ``_load`` appended unless it ends so already
    (``…/prize`` gives ``prize_load``), so that no other database is ever dropped."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "prize"
    if not name.endswith("_load"):
        name = f"{name}_load"
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(database_url: str, *, drop_only: bool = False) -> str:
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.endswith("_load"):
        raise SystemExit(f"{name}: only a database named …_load is dropped and created.")
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start (exit status {process.returncode}).")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not listen on port {port} within {seconds:.0f} s.")


def warm_up(port: int, workers: int) -> None:
    """Ask for the login page until every worker has answered it (the first request of a
    worker loads templates and translations): the run measures a warm server."""
    import http.client

    for _ in range(4 * workers):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
        except OSError:
            time.sleep(0.5)
        finally:
            conn.close()


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def page_table(pages: dict) -> dict:
    """Per page: requests, errors, p50 and p95 (ms), statuses."""
    table = {}
    for name in [*PAGES, *sorted(set(pages) - set(PAGES))]:
        if name not in pages:
            continue
        times, statuses = pages[name]["times"], pages[name]["statuses"]
        table[name] = {
            "requests": len(times),
            "errors": plan.errors_of(statuses, expected=EXPECTED.get(name, ())),
            "p50_ms": round(plan.percentile(times, 0.50) or 0, 1),
            "p95_ms": round(plan.percentile(times, 0.95) or 0, 1),
            "statuses": statuses,
        }
    return table


def show(figures: dict) -> None:
    run = figures["run"]
    print()
    print(f"make load: {run['judges']} judges ({run['assignments']} assignments) and "
          f"{run['staff']} staff; all {run['logged_in_at_start']} logged in after "
          f"{run['login_seconds']} s, then {run['seconds']} s of scoring; "
          f"gunicorn {run['gunicorn_workers']} "
          f"sync workers, PostgreSQL, Redis, 1 Celery worker; {run['usable_cpus']} CPUs, load "
          f"average {run['load_before']} before, {run['load_after']} after")
    print(f"{'page':<38}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}  statuses")
    for name, row in figures["pages"].items():
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(row["statuses"].items()))
        print(f"{name:<38}{row['requests']:>9}{row['errors']:>8}{row['p50_ms']:>9.0f}"
              f"{row['p95_ms']:>9.0f}  {statuses}")
    t = figures["totals"]
    print(f"{'total':<38}{t['requests']:>9}{t['errors']:>8}   ({t['window_requests']} in the "
          f"{run['seconds']} s window: {t['window_requests_per_s']} requests/s)")
    c = figures["check"]
    print(f"scores: {c['compared']} saved values compared, {c['kept']} kept, {c['lost']} lost, "
          f"{c['mixed']} mixed, {c['in_flight']} in flight at the stop; reviews: "
          f"{c['submitted']} submitted, {c['not_submitted']} not kept as submitted, "
          f"{c['submitted_unexpectedly']} submitted without being asked")
    s = figures["second_tab"]
    print(f"second tabs: {s.get('refused', 0)} stale saves refused with 409, "
          f"{s.get('not_refused', 0)} not refused")
    print(f"judges: {run['judges_started']} started, {run['judges_saving']} got a score saved "
          f"before the time was up")
    for example in c["examples"]:
        print(f"  {example}")
    for line in figures["server_errors"][:20]:
        print(f"  server: {line}")
    print("result: " + ("pass (0 errors, 0 lost, 0 mixed)" if figures["pass"] else "FAIL"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__.splitlines()[0])
    parser.add_argument("--judges", type=int, default=200)
    parser.add_argument("--per-judge", type=int, default=4, help="assignments per judge (4)")
    parser.add_argument("--staff", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=50)
    parser.add_argument("--login-allowance", type=int, default=300,
                        help="seconds the logins may take before the window opens anyway")
    parser.add_argument("--gunicorn-workers", type=int, default=2 * usable_cpus() + 1)
    parser.add_argument("--out", type=Path, default=ROOT / "load" / "results.json")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    database_url = run_database_url(os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE))
    redis_url = os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS)
    check_services(database_url, redis_url)
    name = recreate_database(database_url)
    tmp = Path(tempfile.mkdtemp(prefix="prize-load-"))
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "CACHE_KEY_PREFIX": f"load-{secrets.token_hex(4)}", "DEBUG": "False",
           "SECRET_KEY": secrets.token_urlsafe(40), "ALLOWED_HOSTS": "127.0.0.1",
           "SITE_URL": f"http://127.0.0.1:{port}", "SECURE_SSL_REDIRECT": "False",
           "AXES_PROXY_COUNT": "1",
           "STATIC_ROOT": str(tmp / "static"), "MEDIA_ROOT": str(tmp / "media"),
           "PYTHONPATH": str(ROOT)}
    env.pop("TESTING", None)
    server = worker = None
    try:
        manage = [sys.executable, "manage.py"]
        print(f"database {name}: migrate, demo season with its final round open, "
              f"{args.judges} judges, {args.staff} staff …", flush=True)
        for command in (["migrate", "--noinput", "-v0"], ["demo", "--judging-open", "--quiet"]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True)  # noqa: S603
        subprocess.run([sys.executable, "-m", "load.season", "static", "-"],  # noqa: S603
                       cwd=ROOT, env=env, check=True)
        season_file = tmp / "plan.json"
        subprocess.run([sys.executable, "-m", "load.season", "prepare", str(season_file),  # noqa: S603
                        str(args.judges), str(args.per_judge), str(args.staff)],
                       cwd=ROOT, env=env, check=True)
        season = json.loads(season_file.read_text())

        log = open(tmp / "server.log", "wb")  # noqa: SIM115 (closed with the run's folder)
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "prize", "worker", "-l", "warning",
             "--concurrency", "1"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "prize.wsgi:application", "--config",
             "gunicorn.conf.py", "--preload", "--workers", str(args.gunicorn_workers), "--bind",
             f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env, stdout=log,
            stderr=subprocess.STDOUT)
        wait_for(port, server)
        warm_up(port, args.gunicorn_workers)

        out = tmp / "locust.json"
        load_before = round(os.getloadavg()[0], 2)
        command = [sys.executable, "-m", "locust", "-f", str(ROOT / "load" / "locustfile.py"),
                   "--headless", "-u", str(args.judges + args.staff), "-r",
                   str(args.spawn_rate), "-t", f"{args.login_allowance + args.seconds + 120}s",
                   "--host", f"http://127.0.0.1:{port}", "--only-summary",
                   "--loglevel", "WARNING"]
        print("locust " + " ".join(command[3:]), flush=True)
        started = time.monotonic()
        subprocess.run(command, cwd=ROOT, check=False,  # noqa: S603
                       env={**env, "LOAD_PLAN": str(season_file), "LOAD_OUT": str(out),
                            "LOAD_SECONDS": str(args.seconds),
                            "LOAD_LOGIN_ALLOWANCE": str(args.login_allowance)})
        elapsed = time.monotonic() - started
        load_after = round(os.getloadavg()[0], 2)
        stop(server)
        server = None
        stop(worker)
        worker = None
        server_errors = [line for line in (tmp / "server.log").read_text(errors="replace")
                         .splitlines() if any(word in line for word in (
                             "ERROR", "CRITICAL", "Traceback", "WORKER TIMEOUT"))]
        if not out.exists():
            raise SystemExit("Locust wrote no result: see its messages above.")
        record = json.loads(out.read_text())

        stored_file = tmp / "stored.json"
        assignment_ids = [a["id"] for j in season["judges"] for a in j["assignments"]]
        (tmp / "ids.json").write_text(json.dumps(assignment_ids))
        subprocess.run([sys.executable, "-m", "load.season", "stored", str(stored_file),  # noqa: S603
                        str(tmp / "ids.json")], cwd=ROOT, env=env, check=True)
        stored = json.loads(stored_file.read_text())
    finally:
        stop(server)
        stop(worker)
        shutil.rmtree(tmp, ignore_errors=True)
        if not args.keep:
            recreate_database(database_url, drop_only=True)

    def keys(mapping):
        return {tuple(int(p) for p in k.split(":")): v for k, v in mapping.items()}

    check = plan.check_scores(
        saved=keys(record["saved"]), sent=keys(record["sent"]), pending=keys(record["pending"]),
        stored=keys(stored["scores"]), submitted=record["submitted"],
        stored_submitted=stored["submitted"], judged=assignment_ids)
    pages = page_table(record["pages"])
    requests = sum(p["requests"] for p in pages.values())
    errors = sum(p["errors"] for p in pages.values())
    figures = {
        "run": {
            "judges": args.judges, "judges_started": record["judges_started"],
            "judges_saving": record["judges_saving"],
            "staff": args.staff, "assignments": season["assignments"],
            "seconds": args.seconds, "spawn_rate": args.spawn_rate,
            "wall_seconds": round(elapsed, 1), "gunicorn_workers": args.gunicorn_workers,
            "login_seconds": record["phase"]["login_seconds"],
            "logged_in_at_start": record["phase"]["logged_in_at_start"],
            "logged_in": record["phase"]["logged_in"],
            "usable_cpus": usable_cpus(), "load_before": load_before, "load_after": load_after,
            "python": platform.python_version(),
            "server": "gunicorn sync workers, DEBUG off; PostgreSQL; Redis (cache, broker); "
                      "1 Celery worker; Locust on the same machine",
        },
        "pages": pages,
        "totals": {"requests": requests, "errors": errors,
                   "window_requests": record["phase"]["window_requests"],
                   "window_requests_per_s": round(record["phase"]["window_requests"]
                                                  / max(args.seconds, 1), 1)},
        "check": check.as_dict(),
        "second_tab": record["second_tab"],
        "server_errors": server_errors[:50],
    }
    # A run that saved nothing proves nothing: every judge started and scores were compared.
    figures["pass"] = (errors == 0 and check.ok and record["judges_started"] == args.judges
                       and record["phase"]["logged_in"] == args.judges + args.staff
                       and check.compared > 0 and not server_errors
                       and record["second_tab"].get("not_refused", 0) == 0)
    show(figures)
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0 if figures["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
