"""Benchmark, fifth part: the pages people open most, on one gunicorn worker, at the 2023 size and
at 100 times it.

For each size, in a child process of its own (Django reads its database once):

1. A throw-away database (SQLite in a temporary directory, or PostgreSQL with
   ``BENCH_DATABASE_URL``, as ``bench.database``). At the 2023 size it holds the demo
   (``manage.py demo``: the 2023 season judged, decided and published); at ``--scale`` (100) the
   database part's season (``bench.database.build``: 24,000 entries, 1,600 judges, written with
   ``bulk_create``), assigned, scored, its round finalised, winners decided and published
   (``bench.ceremony``), nothing timed. On PostgreSQL the tables are then analysed (``ANALYZE``),
   as autovacuum keeps them in production.
2. The personas: a judge (the demo's ``judge@example.org``; at scale the judge with the most
   assignments), the secretariat with their authenticator app (two-factor satisfied), a
   visitor. Their sessions are made in the database, as a log-in makes them.
3. Each page's queries, counted through Django with the same sessions: the first request after
   the cache is emptied ("cold") and the next one ("warm", what nearly every visitor gets).
4. gunicorn serves the site (one sync worker, ``DEBUG`` off, the static files collected once
   and kept between runs). Each page is asked for once, alone ("first ms": it computes and
   keeps what the page keeps, such as a round's results), then Locust
   (``bench/pages_load.py``, its own process) asks for each page with ``--users`` (4)
   connections for ``--seconds`` (10) after a second of warm-up: a trivial page first
   (``/healthz``: no query, no template), then the judge's dashboard, the scoring page, the
   staff entries list, the round's results, the home page and the winners.
   Printed: requests/s, p50 and p95 (ms), the ratio of each page's requests/s to the trivial
   page's (how much of the worker's capacity the page costs, which stays comparable on a busy
   machine), the queries, and the machine's load average before and after.

Targets at the 2023 size: dashboard >= 100 requests/s, scoring page >= 200, staff entries list
>= 150, results >= 50, home and winners >= 300. At scale: every page's p95 under 300 ms and its
queries (cold and warm) the same number as at the 2023 size (the dashboard's whatever the
number of rounds, plus ``BLIND_QUERIES`` when a blind round is listed). A page that misses one is
profiled (cProfile through Django's test client, the top functions by cumulative time) and the
run exits non-zero. The load generator shares the machine with the server, so the figures are a
floor; the ratio to the trivial page is the steadier figure on a busy machine.

With ``BENCH_REDIS_URL`` (``redis://127.0.0.1:6379/5``) the server and Django use that Redis
as their cache, as production does (that Redis database is emptied first: give the run one of
its own); without it, each process's memory.

Usage: ``python -m bench.pages [--scale 100] [--seconds 10] [--users 4] [--sizes 1,100]
[--out FILE]``
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["trivial page", "judge's dashboard", "scoring page", "staff entries list",
         "round results", "home", "winners"]
TARGET_RPS = {"judge's dashboard": 100.0, "scoring page": 200.0, "staff entries list": 150.0,
              "round results": 50.0, "home": 300.0, "winners": 300.0}
P95_LIMIT_MS = 300.0
#: The judge's dashboard reads the same queries however many rounds the judge judges in
#: (judging.selectors.judge_assignments), and two more when one of them is blind: its forms'
#: titles and the redactions that may hide one (judging/views/judge/dashboard.py).
BLIND_QUERIES = 2
HOST = "127.0.0.1"
HEADERS = {"Accept-Language": "en"}
# The project's code in a profile, without the middleware every request goes through.
PROJECT_CODE = r"/(judging|entries|ceremony|prize|api)/(?!middleware|locale|uploads|inputs)"


# --- run from ``python -m bench``: one child process per size ----------------------------------


def run(*, scale: int = 100, seed: int = 2023, seconds: float = 10.0, users: int = 4,
        sizes: tuple[int, ...] | None = None) -> dict:
    """Each size in a child process; the figures of both, compared."""
    figures: dict = {"sizes": {}}
    for size in sizes or (1, scale):
        with tempfile.TemporaryDirectory(prefix="prize-bench-") as tmp:
            out = Path(tmp) / "pages.json"
            sys.stdout.flush()
            command = [sys.executable, "-m", "bench.pages", "--child", "--scale", str(size),
                       "--seed", str(seed), "--seconds", str(seconds), "--users", str(users),
                       "--out", str(out)]
            done = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603
            if not out.exists():
                figures["sizes"][str(size)] = {
                    "error": f"the pages part at x{size} stopped (exit status {done.returncode})"}
                continue
            figures["sizes"][str(size)] = json.loads(out.read_text())
    figures["targets"] = targets(figures["sizes"])
    show(figures)
    return figures


def passed(figures: dict) -> bool:
    return all("error" not in f for f in figures["sizes"].values()) and all(
        t["pass"] for t in figures["targets"].values())


def targets(sizes: dict) -> dict:
    """Requests/s at the 2023 size; p95 and the same queries at the larger one."""
    out = {}
    small = sizes.get("1", {})
    for name, limit in TARGET_RPS.items():
        row = small.get("pages", {}).get(name)
        if row:
            out[f"{name} x1 requests/s"] = {"limit": limit, "measured": row["rps"],
                                            "pass": row["rps"] >= limit and row["errors"] == 0}
    for size, f in sizes.items():
        if size == "1" or "pages" not in f:
            continue
        for name in PAGES[1:]:
            row = f["pages"].get(name)
            if not row:
                continue
            out[f"{name} x{size} p95 ms"] = {"limit": P95_LIMIT_MS, "measured": row["p95_ms"],
                                             "pass": row["p95_ms"] < P95_LIMIT_MS
                                             and row["errors"] == 0}
            base = small.get("pages", {}).get(name)
            if base:
                cold, warm = same_shape(row, base)
                out[f"{name} x{size} queries"] = {
                    "limit": f"{base['queries_cold']}/{base['queries_warm']}",
                    "measured": f"{cold}/{warm}",
                    "pass": (cold, warm) == (base["queries_cold"], base["queries_warm"])}
    return out


def same_shape(row: dict, base: dict) -> tuple[int, int]:
    """``row``'s queries (cold, warm) as if its season had ``base``'s shape: the demo's judge
    has a blind round among their three, the generated season's judge one open round."""
    extra = BLIND_QUERIES * (int(base.get("blind", False)) - int(row.get("blind", False)))
    return row["queries_cold"] + extra, row["queries_warm"] + extra


def show(figures: dict) -> None:
    for size, f in figures["sizes"].items():
        if "error" in f:
            print(f"pages x{size}: {f['error']}")
            continue
        print(f"pages x{size} ({f['season']}; {f['database']}; {f['server']}; Locust, "
              f"{f['users']} connections, {f['seconds']} s per page; load average "
              f"{f['load_before']} before, {f['load_after']} after)")
        print(f"  {'page':<22}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'x trivial':>10}"
              f"{'queries':>9}{'errors':>8}{'first ms':>10}{'target':>14}")
        for name in PAGES:
            row = f["pages"].get(name)
            if not row:
                continue
            if size == "1":
                goal = f">= {TARGET_RPS[name]:.0f}/s" if name in TARGET_RPS else ""
            else:
                goal = f"p95 < {P95_LIMIT_MS:.0f}" if name in TARGET_RPS else ""
            print(f"  {name:<22}{row['rps']:>8.1f}{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}"
                  f"{row['ratio']:>10.3f}{row['queries_cold']:>5}/{row['queries_warm']:<3}"
                  f"{row['errors']:>8}{row.get('first_ms', 0):>10.0f}{goal:>14}")
    missed = [k for k, t in figures["targets"].items() if not t["pass"]]
    print(f"  pages: {len(figures['targets']) - len(missed)} of {len(figures['targets'])} "
          f"targets met" + (f"; missed: {', '.join(missed)}" if missed else ""))
    for size, f in figures["sizes"].items():
        for name, text in f.get("profiles", {}).items():
            print(f"  profile of {name} at x{size} (cProfile, top functions by cumulative time):")
            print("\n".join("    " + line for line in text.splitlines()))
        small = figures["sizes"].get("1", {}).get("pages", {})
        for name, row in f.get("pages", {}).items():
            base = small.get(name)
            if size != "1" and base and same_shape(row, base) != (base["queries_cold"],
                                                                  base["queries_warm"]):
                print(f"  {name} x{size}: warm queries differ from x1:")
                for sql in row["statements_warm"]:
                    print(f"    {sql}")


# --- the child: one size -----------------------------------------------------------------------


def static_root() -> Path:
    """Where the collected static files are kept between runs: named after what goes into them
    (the project's static files and the pinned packages), so a change collects them again."""
    digest = hashlib.sha256((ROOT / "constraints.txt").read_bytes())
    for path in sorted((ROOT / "static").rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(ROOT)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return Path(tempfile.gettempdir()) / f"prize-bench-static-{digest.hexdigest()[:16]}"


def collect_static(root: Path) -> None:
    from django.core.management import call_command

    if (root / "staticfiles.json").exists():  # the manifest is written last
        return
    call_command("collectstatic", interactive=False, verbosity=0)


def give_authenticator(user) -> None:
    """An authenticator app for a staff member (two-factor is required of them)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP,
                                        defaults={"data": {"secret": generate_totp_secret()}})


def prepare_demo() -> dict:
    """The demo's 2023 season; the personas and the pages' addresses."""
    from django.core.management import call_command

    from judging.models import Assignment, Round
    from prize.models import Edition, User

    call_command("migrate", verbosity=0, interactive=False)
    call_command("demo", quiet=True, verbosity=0)
    edition = Edition.objects.filter(year=2023).first()
    judge = User.objects.get(email="judge@example.org")
    staff = User.objects.get(email="secretariat@example.org")
    last = Round.objects.filter(edition=edition).order_by("-number").first()
    assignment = (Assignment.objects.filter(judge=judge, round=last).order_by("pk").first()
                  or Assignment.objects.filter(judge=judge).order_by("-round__number", "pk")
                  .first())
    return {"season": "the demo's 2023 season", "edition": edition, "judge": judge,
            "staff": staff, "round": last, "assignment": assignment}


def prepare_scale(scale: int, seed: int) -> dict:
    """The database part's season at ``scale``: assigned, scored, finalised and published."""
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count

    from bench import ceremony as ending
    from bench.database import build, write_reviews
    from ceremony import services
    from ceremony.models import Decision
    from judging.enums import RoundStatus
    from judging.models import Assignment, Round
    from judging.services import assignment_run
    from prize import outbox
    from prize.enums import Role
    from prize.models import RoleAssignment

    call_command("migrate", verbosity=0, interactive=False)
    season = build(scale, seed)
    round, categories = season["round"], season["categories"]
    for category in categories.values():
        assignment_run(round=round, category=category, by=None, seed=f"{seed}-{category.code}")
    reviews = write_reviews(round, seed)
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.CLOSED)
    edition = round.edition
    staff = ending.prepare(edition, categories, scale)["staff"]
    ending.scale_awards(edition, scale)
    Round.objects.filter(edition=edition).update(status=RoundStatus.FINALISED)
    real_enqueue = outbox.enqueue_batches
    outbox.enqueue_batches = len  # nothing is sent
    try:
        with transaction.atomic():
            services.proposal_accept(edition=edition, by=staff["secretariat"])
        services.decisions_confirm(decisions=list(Decision.objects.filter(award__edition=edition)),
                                   by=staff["coordinator"])
        services.publication_schedule(edition=edition, at=None, by=staff["secretariat"])
    finally:
        outbox.enqueue_batches = real_enqueue
    busiest = (Assignment.objects.filter(round=round).values("judge").annotate(n=Count("pk"))
               .order_by("-n", "judge").first())
    judge = type(staff["secretariat"]).objects.get(pk=busiest["judge"])
    RoleAssignment.objects.create(user=judge, edition=edition, role=Role.JUDGE)
    assignment = Assignment.objects.filter(judge=judge, round=round).order_by("pk").first()
    counts = season["counts"]
    return {"season": f"x{scale}: {counts['entries']} entries, {counts['judges']} judges, "
                      f"{reviews['reviews']} reviews",
            "edition": Round.objects.select_related("edition").get(pk=round.pk).edition,
            "judge": judge, "staff": staff["secretariat"], "round": round,
            "assignment": assignment}


def analyse() -> None:
    """Table statistics for PostgreSQL's planner, as autovacuum keeps them in production: a
    database just written in bulk has none, and the planner then guesses a couple of rows
    where there are 24,000 (a page's plan, and its time, would be nothing like production's)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def page_plan(data: dict) -> list[dict]:
    """Each page: its address and who asks for it."""
    from django.urls import reverse

    from judging.selectors import judge_rounds

    edition, assignment = data["edition"], data["assignment"]
    return [
        {"name": "trivial page", "path": reverse("healthz"), "who": None},
        {"name": "judge's dashboard", "path": reverse("judging:dashboard"), "who": "judge",
         "blind": judge_rounds(data["judge"]).filter(blind=True).exists()},
        {"name": "scoring page", "who": "judge",
         "path": reverse("judging:review", args=[assignment.round_id, assignment.entry_id])},
        {"name": "staff entries list", "who": "staff",
         "path": reverse("entries:staff_list", args=[edition.slug])},
        {"name": "round results", "who": "staff",
         "path": reverse("judging:staff_results", args=[data["round"].pk])},
        {"name": "home", "path": "/en/", "who": None},
        {"name": "winners", "path": f"/en/editions/{edition.slug}/winners/", "who": None},
    ]


def sessions(data: dict) -> dict:
    """A logged-in session per persona (in the database, as a log-in makes it)."""
    from django.conf import settings
    from django.test import Client

    give_authenticator(data["staff"])
    out = {}
    for who in ("judge", "staff"):
        client = Client(HTTP_HOST=HOST)
        client.force_login(data[who])
        out[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return out


def count_queries(plan: list[dict], cookies: dict) -> dict:
    """Per page: the status, and the queries of a request with the cache empty and of the next."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out = {}
    for page in plan:
        client = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="en")
        if page["who"]:
            client.cookies[settings.SESSION_COOKIE_NAME] = cookies[page["who"]]
        cache.clear()
        found = {}
        for kind in ("cold", "warm"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page["path"])
            found[kind] = [q["sql"][:120] for q in captured.captured_queries]
        out[page["name"]] = {"status": response.status_code, "bytes": len(response.content),
                             "queries_cold": len(found["cold"]),
                             "queries_warm": len(found["warm"]),
                             "statements_warm": found["warm"]}
    return out


def profile(page: dict, cookies: dict, repeat: int = 20) -> str:
    """The top functions of ``repeat`` warm requests for ``page``, by cumulative time."""
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="en")
    if page["who"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookies[page["who"]]
    client.get(page["path"])
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(page["path"])
    profiler.disable()
    # The view and below (the project's code, not its middleware), then where the time goes.
    parts = [f"{repeat} requests; the project's functions by cumulative time:"]
    for key, restriction, count in (("cumulative", PROJECT_CODE, 20), ("tottime", "", 12)):
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats(key).print_stats(
            *([restriction] if restriction else []), count)
        lines = [line for line in text.getvalue().splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        parts += lines[start:]
        if key == "cumulative":
            parts.append("every function by its own time:")
    return "\n".join(parts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def serve_and_load(plan: list[dict], cookies: dict, *, seconds: float, users: int) -> dict:
    """gunicorn, one sync worker; Locust asks for each page in turn."""
    from django.conf import settings

    port = free_port()
    env = {**os.environ, "DEBUG": "False", "SECURE_SSL_REDIRECT": "False",
           "ALLOWED_HOSTS": f"{HOST},testserver", **cache_environment()}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "prize.wsgi:application", "--workers", "1",
         "--bind", f"{HOST}:{port}", "--log-level", "warning", "--timeout", "600"],
        cwd=ROOT, env=env)
    try:
        for _ in range(300):
            try:
                socket.create_connection((HOST, port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        pages = []
        for page in plan:
            headers = dict(HEADERS)
            if page["who"]:
                headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookies[page['who']]}"
            pages.append({"name": page["name"], "path": page["path"], "headers": headers})
        # The first request of each page, alone and timed: it fills what the page keeps (the
        # round's results, a published page), so the load that follows measures the steady
        # state; the first one's time is reported apart.
        first = {page["name"]: first_request(port, page) for page in pages}
        with tempfile.TemporaryDirectory(prefix="prize-bench-") as tmp:
            plan_file, out = Path(tmp) / "plan.json", Path(tmp) / "out.json"
            plan_file.write_text(json.dumps({"host": f"http://{HOST}:{port}", "users": users,
                                             "seconds": seconds, "warmup": 1.0,
                                             "pages": pages}))
            subprocess.run([sys.executable, "-m", "bench.pages_load", str(plan_file),  # noqa: S603
                            str(out)], cwd=ROOT, check=True)
            loaded = json.loads(out.read_text())
        for name, (status, ms) in first.items():
            loaded[name].update({"first_status": status, "first_ms": ms})
        return loaded
    finally:
        server.terminate()
        server.wait(timeout=30)


def first_request(port: int, page: dict) -> tuple[int, float]:
    """(status, milliseconds) of one request for ``page``, waiting as long as it takes."""
    import http.client

    conn = http.client.HTTPConnection(HOST, port, timeout=600)
    started = time.perf_counter()
    try:
        conn.request("GET", page["path"], headers=page["headers"])
        response = conn.getresponse()
        response.read()
        return response.status, round((time.perf_counter() - started) * 1000, 1)
    finally:
        conn.close()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cache_environment() -> dict:
    """The cache of the run: Redis with ``BENCH_REDIS_URL`` (as production runs; its database
    is emptied first), else each process's memory. Tasks run at once either
    way: nothing of the run reaches a broker."""
    url = os.environ.get("BENCH_REDIS_URL", "")
    return {"REDIS_URL": url, "CACHE_KEY_PREFIX": "prize-bench-pages",
            # one worker: its own memory is the only cache, and public pages may be kept there
            "PUBLIC_PAGE_CACHE": "True",
            "CELERY_TASK_ALWAYS_EAGER": "True", "CELERY_BROKER_URL": "memory://",
            "CELERY_RESULT_BACKEND": "cache+memory://"}


def child(args) -> int:
    from bench.database import throwaway_database

    static = static_root()
    os.environ["STATIC_ROOT"] = str(static)
    os.environ["SECURE_SSL_REDIRECT"] = "False"
    os.environ["ALLOWED_HOSTS"] = f"{HOST},testserver"
    with throwaway_database() as database:
        import secrets

        import django

        os.environ.update({"DJANGO_SETTINGS_MODULE": "prize.settings", "DEBUG": "False",
                           **cache_environment()})
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        django.setup()
        from django.core.cache import cache

        cache.clear()
        collect_static(static)
        data = prepare_demo() if args.scale == 1 else prepare_scale(args.scale, args.seed)
        analyse()
        plan = page_plan(data)
        cookies = sessions(data)
        counted = count_queries(plan, cookies)
        from django.db import connections

        connections.close_all()
        load_before = round(os.getloadavg()[0], 2)
        loaded = serve_and_load(plan, cookies, seconds=args.seconds, users=args.users)
        load_after = round(os.getloadavg()[0], 2)
        pages = {}
        for page in plan:
            got = loaded[page["name"]]
            rps = got["requests"] / got["seconds"] if got["seconds"] else 0.0
            pages[page["name"]] = {
                "path": page["path"], "rps": round(rps, 1), "requests": got["requests"],
                "errors": got["errors"], "statuses": got["statuses"],
                "p50_ms": round(percentile(got["times_ms"], 0.50), 1),
                "p95_ms": round(percentile(got["times_ms"], 0.95), 1),
                "first_ms": got["first_ms"], "first_status": got["first_status"],
                **({"blind": page["blind"]} if "blind" in page else {}),
                **counted[page["name"]]}
        trivial = pages["trivial page"]["rps"] or 1.0
        for row in pages.values():
            row["ratio"] = round(row["rps"] / trivial, 3)
        # The pages that miss their target, profiled (in this process, through Django).
        profiles = {}
        for page in plan:
            row = pages[page["name"]]
            missed = row["errors"] > 0 or (
                page["name"] in TARGET_RPS
                and (row["rps"] < TARGET_RPS[page["name"]] if args.scale == 1
                     else row["p95_ms"] >= P95_LIMIT_MS))
            if missed:
                profiles[page["name"]] = profile(page, cookies)
        connections.close_all()
    cache_kind = "Redis cache" if os.environ.get("BENCH_REDIS_URL") else "in-memory cache"
    figures = {"season": data["season"], "database": database, "scale": args.scale,
               "server": f"gunicorn, 1 sync worker, DEBUG off, {cache_kind}", "users": args.users,
               "seconds": args.seconds, "load_before": load_before, "load_after": load_after,
               "cpus": os.cpu_count(), "pages": pages, "profiles": profiles}
    args.out.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="times the 2023 season (100)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--seconds", type=float, default=10.0, help="per page (10)")
    parser.add_argument("--users", type=int, default=4, help="connections at once (4)")
    parser.add_argument("--sizes", default="", help="sizes to run, e.g. 1 or 1,100")
    parser.add_argument("--out", type=Path, help="write the figures (JSON) to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.child:
        return child(args)
    sizes = tuple(int(s) for s in args.sizes.split(",") if s) or None
    figures = run(scale=args.scale, seed=args.seed, seconds=args.seconds, users=args.users,
                  sizes=sizes)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    return 0 if passed(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
