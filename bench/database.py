"""Benchmark, second part: the same season through the Django layer, on a throw-away database.

Where the first part times the pure modules, this one times what the coordinator's pages run:
``judging.services.assignment_run`` for each category panel (reads the panel and the declared
conflicts, runs the algorithm, writes the assignments, records the run), then, once every
review is written, ``judging.results.round_results`` (weighted totals, normalisation, ranking
and alpha for the round, with its number of queries), and the CSV export of every score.

The database is a fresh SQLite file in a temporary directory, removed afterwards; with
``BENCH_DATABASE_URL`` set (``postgres://user@host:5432/prize``) it is instead a PostgreSQL
database of that server named after the URL's one with ``_bench`` appended (``prize_bench``),
created for the run and dropped after it; no other database is touched. DEBUG is off, as in
production (with DEBUG on, Django keeps every query's SQL text).

The season is the first part's (``generate``: same entrants' countries, cities and
organisations, same judges), written with ``bulk_create``: one edition, three categories (TI,
HC, LD), entrants and eligible entries with references and answers (about 3 KB of text each,
as a real form's), a draft round with quotas and six criteria per category, judge accounts (an
unusable password, nothing hashed) with profiles and panel memberships, and a few hundred
declared conflicts (entries, organisations, cities, countries). Reviews and scores (1-10,
lenient and harsh judges, 1% abstentions, 2% still in progress) are written after assignment,
untimed. Peak memory is this process's peak resident set size: ``python -m bench`` runs this
part in a child process so the figure is its own.

Usage: ``python -m bench.database [--scale 100] [--seed 2023] [--out FILE] [--profile DIR]``
(``--profile`` writes a cProfile file per timed phase, which slows them down).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "assignment_s": 10.0,
    "results_s": 3.0,
    "results_queries": 10,
    "export_s": 30.0,
    "peak_mb": 1024.0,
}
CODES = {"Tech-InnovaCity": "TI", "Human-CentriCity": "HC", "Leadership": "LD"}
WORDS = [
    "city", "citizens", "data", "platform", "sensors", "mobility", "energy", "housing", "water",
    "waste", "safety", "health", "inclusion", "older", "residents", "children", "transport",
    "service", "digital", "twin", "open", "budget", "pilot", "district", "council", "partners",
    "university", "evaluation", "monitoring", "results", "impact", "access", "participation",
    "design", "implementation", "learning", "value", "network", "public", "private", "community",
]
BATCH = 2000  # rows handed to each bulk_create call
REVIEW_CHUNK = 5000  # reviews (and their scores) built and written at a time
ABSTAIN_REASON = "I advised a partner of this project."


# --- run from ``python -m bench``: a child process, so that its peak memory is its own -------


def run(*, scale: int, seed: int) -> dict:
    """Run this part in a child process (it prints its own table) and return its figures."""
    with tempfile.TemporaryDirectory(prefix="prize-bench-") as tmp:
        out = Path(tmp) / "database.json"
        sys.stdout.flush()
        command = [sys.executable, "-m", "bench.database", "--scale", str(scale),
                   "--seed", str(seed), "--out", str(out)]
        done = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603
        if not out.exists():
            return {"error": f"the database part stopped (exit status {done.returncode})"}
        return json.loads(out.read_text())


def passed(figures: dict) -> bool:
    return "error" not in figures and all(t["pass"] for t in figures["targets"].values())


# --- the throw-away database ----------------------------------------------------------------


@contextmanager
def throwaway_database():
    """Point DATABASE_URL at a fresh database for the run; yield its description."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url:
        tmp = tempfile.mkdtemp(prefix="prize-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        try:
            yield "SQLite (temporary file)"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    if not parts.scheme.startswith(("postgres", "pgsql", "psql")):
        raise SystemExit("BENCH_DATABASE_URL must be a PostgreSQL URL (postgres://...).")
    base = parts.path.lstrip("/") or "postgres"
    name = base if base.endswith("_bench") else f"{base}_bench"
    server = urlunsplit(parts._replace(scheme="postgresql"))  # libpq's spelling

    def admin(statement):
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    admin(drop)  # left over by an interrupted run: this name is the benchmark's own
    admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield f"PostgreSQL (database {name}, dropped afterwards)"
    finally:
        from django.db import connections

        connections.close_all()
        admin(drop)


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "prize.settings"
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["REDIS_URL"] = ""  # nothing of the run reaches a shared cache or broker
    import django

    django.setup()


# --- measuring --------------------------------------------------------------------------------


class Queries:
    """Counts the queries run (and their execution time, by kind) without keeping their SQL."""

    def __init__(self):
        self.count = 0
        self.seconds: Counter[str] = Counter()

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds[sql.lstrip().split(" ", 1)[0].upper()] += time.perf_counter() - start


@contextmanager
def phase(name: str, profile_dir: Path | None, times: dict):
    """Time a block (seconds into ``times[name]``), under cProfile when asked."""
    profiler = cProfile.Profile() if profile_dir else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    try:
        yield
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile_dir / f"{name}.prof")
        times[name] = time.perf_counter() - start


@contextmanager
def timed_calls(module, name: str, into: list):
    """Replace ``module.name`` by a wrapper that appends each call's duration to ``into``."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            into.append(time.perf_counter() - start)

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


# --- the season -------------------------------------------------------------------------------


def build(scale: int, seed: int) -> dict:
    """Write the season; returns the objects the measurements need."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from bench.__main__ import ADVANCE_SHARE, CRITERIA, generate
    from entries.enums import EntryStatus
    from entries.models import Entrant, Entry, EntryForm
    from entries.regions import region_of
    from judging.enums import ConflictScope, RoundStatus
    from judging.models import (
        ConflictDeclaration,
        Criterion,
        JudgeProfile,
        PanelMembership,
        Round,
        RoundEntry,
        RoundQuota,
    )
    from prize.enums import EditionStatus, EntrantKind
    from prize.models import Category, Edition, User

    rng = random.Random(seed + 2)
    season = generate(scale, seed)
    at = datetime(2023, 3, 1, tzinfo=UTC)
    with transaction.atomic():
        edition = Edition.objects.create(
            name="Smart City Prize (benchmark)", short_name="SCP-BENCH", slug="bench",
            year=2023, time_zone="Asia/Seoul", call_opens_at=at,
            call_closes_at=at + timedelta(days=90), status=EditionStatus.JUDGING,
            is_current=True)
        kinds = [EntrantKind.CITY_GOVERNMENT, EntrantKind.CORPORATION, EntrantKind.INSTITUTION]
        categories = {
            name: Category.objects.create(
                edition=edition, name=name, slug=name.lower(), code=CODES[name],
                allowed_entrant_kinds=kinds, order=order)
            for order, name in enumerate(season, start=1)
        }
        form = EntryForm.objects.create(edition=edition, name="Project form", slug="project")

        # Entrants: one per organisation, city and country; entries keep the pure ids' order.
        entrants: dict[tuple[str, str, str], Entrant] = {}
        for entries, _judges, _pairs in season.values():
            for e in entries:
                key = (e.organisation, e.city, e.country)
                if key not in entrants:
                    n = len(entrants)
                    kind = (EntrantKind.CITY_GOVERNMENT if e.organisation.endswith("government")
                            else kinds[1 + n % 2])
                    entrants[key] = Entrant(
                        kind=kind, name=e.organisation, city=e.city, country=e.country,
                        region=region_of(e.country), contact_name=f"Contact {n}",
                        contact_email=f"entrant{n}@bench.example.org")
        Entrant.objects.bulk_create(entrants.values(), batch_size=BATCH)
        # The entrants' answers (about 3 KB each, as a real form's texts): a pool to pick from.
        texts = [" ".join(rng.choices(WORDS, k=n)) for n in [120] * 32 + [300] * 32]
        entry_rows: dict[int, Entry] = {}  # pure id -> entry
        for name, (entries, _judges, _pairs) in season.items():
            for n, e in enumerate(entries, start=1):
                entry_rows[e.id] = Entry(
                    edition=edition, category=categories[name],
                    entrant=entrants[(e.organisation, e.city, e.country)], form=form,
                    reference=f"SCP23-{CODES[name]}-{n:05d}", title=f"Smart city project {n}",
                    status=EntryStatus.ELIGIBLE, submitted_at=at + timedelta(days=80),
                    answers={"title": f"Smart city project {n}", "summary": rng.choice(texts[:32]),
                             "description": rng.choice(texts[32:]), "sectors": ["mobility"],
                             "budget_amount": str(rng.randrange(10_000, 5_000_000))})
        Entry.objects.bulk_create(entry_rows.values(), batch_size=BATCH)

        round = Round.objects.create(
            edition=edition, number=1, name="Online screening",
            opens_at=datetime(2023, 7, 1, tzinfo=UTC), closes_at=datetime(2023, 7, 7, tzinfo=UTC),
            status=RoundStatus.DRAFT, judges_per_entry=3)
        RoundQuota.objects.bulk_create(
            RoundQuota(round=round, category=categories[name],
                       advance=round_half(ADVANCE_SHARE * len(entries)))
            for name, (entries, _judges, _pairs) in season.items())
        RoundEntry.objects.bulk_create(
            (RoundEntry(round=round, entry=entry) for entry in entry_rows.values()),
            batch_size=BATCH)
        Criterion.objects.bulk_create(
            Criterion(round=round, category=category, name=c.name, weight=Decimal(c.weight),
                      scale_min=1, scale_max=10, order=order)
            for category in categories.values()
            for order, c in enumerate(CRITERIA, start=1))

        # Judges: accounts with an unusable password (nothing hashed), profiles, panels.
        users: dict[str, User] = {}
        profiles = []
        for name, (_entries, judges, _pairs) in season.items():
            for j in judges:
                n = len(users)
                users[j.id] = User(email=f"judge{n:05d}@bench.example.org",
                                   name=f"Judge {CODES[name]} {n:05d}",
                                   password=make_password(None))
                profiles.append((j, users[j.id]))
        User.objects.bulk_create(users.values(), batch_size=BATCH)
        JudgeProfile.objects.bulk_create(
            (JudgeProfile(user=user, organisation=j.organisation, city=j.city,
                          country=j.country, expertise=["Urban development"])
             for j, user in profiles), batch_size=BATCH)
        PanelMembership.objects.bulk_create(
            (PanelMembership(round=round, category=categories[name], judge=users[j.id],
                             accepted_at=round.opens_at - timedelta(days=5))
             for name, (_entries, judges, _pairs) in season.items() for j in judges),
            batch_size=BATCH)

        # Declared conflicts: a few hundred, with an entry of the judge's own panel as target.
        declarations = []
        scopes = ([ConflictScope.ENTRY] * 10 + [ConflictScope.ORGANISATION] * 6
                  + [ConflictScope.CITY] * 3 + [ConflictScope.COUNTRY])
        names = list(season)
        for _ in range(max(30, 3 * scale)):
            name = rng.choices(names, [len(season[n][0]) for n in names])[0]
            entries, judges, _pairs = season[name]
            judge, target = users[rng.choice(judges).id], entry_rows[rng.choice(entries).id]
            scope = rng.choice(scopes)
            entrant = target.entrant
            declarations.append(ConflictDeclaration(
                edition=edition, judge=judge, scope=scope, reason="Declared for the benchmark.",
                entry=target if scope == ConflictScope.ENTRY else None,
                entrant=entrant if scope == ConflictScope.ORGANISATION else None,
                city=entrant.city if scope == ConflictScope.CITY else "",
                country=(entrant.country if scope in (ConflictScope.CITY, ConflictScope.COUNTRY)
                         else "")))
        ConflictDeclaration.objects.bulk_create(declarations, batch_size=BATCH)
    return {
        "round": round,
        "categories": categories,
        "counts": {
            "scale": scale,
            "seed": seed,
            "entrants": len(entrants),
            "entries": len(entry_rows),
            "judges": len(users),
            "judges_per_entry": round.judges_per_entry,
            "declared_conflicts": len(declarations),
            "declared_by_scope": dict(Counter(str(d.scope) for d in declarations)),
        },
    }


def round_half(value: float) -> int:
    return int(value + 0.5)


def write_reviews(round, seed: int) -> dict:
    """Reviews and scores for every assignment: 2% still in progress (no scores), 1% abstained,
    the rest submitted with six scores (entry quality + judge leniency + noise, 1-10)."""
    from django.db import transaction

    from judging.enums import ReviewStatus
    from judging.models import Assignment, Criterion, Review, Score

    rng = random.Random(seed + 3)
    criteria: dict[int, list[int]] = {}
    for pk, category_id in (Criterion.objects.filter(round=round).order_by("order")
                            .values_list("pk", "category_id")):
        criteria.setdefault(category_id, []).append(pk)
    rows = list(Assignment.objects.filter(round=round).order_by("pk")
                .values_list("pk", "entry_id", "judge_id", "entry__category_id"))
    bias, quality = {}, {}
    for _pk, entry_id, judge_id, _cat in rows:
        if judge_id not in bias:
            kind = rng.random()
            bias[judge_id] = 1.8 if kind < 0.15 else -1.8 if kind < 0.30 else rng.gauss(0, 0.5)
        if entry_id not in quality:
            quality[entry_id] = rng.gauss(6.0, 1.4)
    counts = Counter()
    submitted_at = round.opens_at + timedelta(days=3)
    with transaction.atomic():
        for start in range(0, len(rows), REVIEW_CHUNK):
            reviews, values = [], []
            for pk, entry_id, judge_id, category_id in rows[start:start + REVIEW_CHUNK]:
                roll = rng.random()
                if roll < 0.02:
                    status, scores = ReviewStatus.DRAFT, []
                elif roll < 0.03:
                    status, scores = ReviewStatus.ABSTAINED, []
                else:
                    base = quality[entry_id] + bias[judge_id]
                    status = ReviewStatus.SUBMITTED
                    scores = [(c, min(10, max(1, round_half(base + rng.gauss(0, 1.0)))))
                              for c in criteria[category_id]]
                counts[str(status)] += 1
                reviews.append(Review(
                    assignment_id=pk, status=status,
                    submitted_at=None if status == ReviewStatus.DRAFT else submitted_at,
                    abstain_reason=ABSTAIN_REASON if status == ReviewStatus.ABSTAINED else ""))
                values.append(scores)
            Review.objects.bulk_create(reviews, batch_size=BATCH)
            scores = [Score(review_id=review.pk, criterion_id=c, value=Decimal(v))
                      for review, own in zip(reviews, values, strict=True) for c, v in own]
            Score.objects.bulk_create(scores, batch_size=BATCH)
            counts["scores"] += len(scores)
    return {"reviews": sum(v for k, v in counts.items() if k != "scores"), **counts}


# --- the measurements -------------------------------------------------------------------------


def peak_mb() -> float:
    from bench.__main__ import peak_mb as peak

    return peak()


def measure(scale: int, seed: int, profile_dir: Path | None) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from judging import assignment as algo
    from judging import exports, scoring
    from judging.enums import RoundStatus
    from judging.models import Assignment, Round
    from judging.results import round_results
    from judging.services import assignment_problems, assignment_run
    from judging.services import assignments as assignment_services

    times: dict[str, float] = {}
    memory: dict[str, float] = {}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    times["migrate"] = time.perf_counter() - t0
    memory["after_setup"] = peak_mb()

    with phase("build", None, times):
        season = build(scale, seed)
    round, categories = season["round"], season["categories"]
    memory["after_build"] = peak_mb()

    # 1. Automatic assignment, panel by panel, as the assignments page runs it.
    panels = {
        name: {"entries": round.round_entries.filter(entry__category=category).count(),
               "judges": round.panel.filter(category=category).count()}
        for name, category in categories.items()
    }
    queries = Queries()
    with (phase("assignment_run", profile_dir, times),
          connection.execute_wrapper(queries)):
        for name, category in categories.items():
            reads, solves = [], []
            p0 = time.perf_counter()
            with (timed_calls(assignment_services, "panel_inputs", reads),
                  timed_calls(algo, "assign", solves)):
                run = assignment_run(round=round, category=category, by=None,
                                     seed=f"{seed}-{category.code}")
            seconds = time.perf_counter() - p0
            panels[name].update({
                "seconds": seconds,
                "read_panel_s": sum(reads),
                "algorithm_s": sum(solves),
                "write_s": seconds - sum(reads) - sum(solves),
                "assigned": run.assigned,
                "short_entries": len(run.shortfalls),
                "loads": run.stats["loads"],
                "target_loads": run.stats["target_loads"],
                "entries_with_repeated_country": run.stats["entries_with_repeated_country"],
            })
    memory["after_assignment"] = peak_mb()
    written = Assignment.objects.filter(round=round).count()
    assignment_queries = {"count": queries.count,
                          "execute_s": {k: round_s(v) for k, v in queries.seconds.items()}}

    with phase("assignment_problems", profile_dir, times):
        problems = {name: len(assignment_problems(round, category))
                    for name, category in categories.items()}
    memory["after_problems"] = peak_mb()

    # 2. The judges' work (not timed against a target), then the round's results.
    with phase("write_reviews", None, times):
        reviews = write_reviews(round, seed)
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.CLOSED)
    round = Round.objects.select_related("edition").get(pk=round.pk)
    memory["after_reviews"] = peak_mb()

    queries = Queries()
    scoring_calls: list[float] = []
    with (phase("round_results", profile_dir, times), connection.execute_wrapper(queries),
          timed_calls(scoring, "compute_results", scoring_calls),
          timed_calls(scoring, "rank_entries", scoring_calls),
          timed_calls(scoring, "panel_agreement", scoring_calls)):
        results = round_results(round)
    times["round_results_scoring"] = sum(scoring_calls)
    memory["after_results"] = peak_mb()
    summary = {
        cat.category.code: {
            "entries": len(cat.results),
            "advancing": len(cat.ranking.advancing),
            "alpha": None if cat.alpha is None else round_to(cat.alpha, 4),
            "cutoff_tie": cat.ranking.cutoff_tie is not None,
        }
        for cat in results.categories
    }
    del results
    # The same call again, untimed, under Django's query capture (which keeps the SQL).
    with CaptureQueriesContext(connection) as captured:
        round_results(round)
    results_queries = {
        "count": queries.count,
        "captured": len(captured.captured_queries),
        "statements": [q["sql"][:90] for q in captured.captured_queries],
    }
    del captured

    # 3. The CSV export of every score, streamed to the client (consumed here chunk by chunk).
    rows = size = 0
    with phase("export_csv", profile_dir, times):
        response = exports.as_csv(round)
        for chunk in response.streaming_content:
            rows += chunk.count(b"\r\n")
            size += len(chunk)
    export = {"rows": rows - 1, "megabytes": round_to(size / 2**20, 1)}
    del response
    memory["peak"] = peak_mb()

    # 4. The ending: decide, publish and write the result e-mails (bench/ceremony.py).
    from bench import ceremony

    ending = ceremony.measure(round.edition, categories, scale, times)

    return {
        "season": {**season["counts"], "assignments": written, **reviews},
        "times": times,
        "panels": panels,
        "assignment_queries": assignment_queries,
        "assignment_problems": problems,
        "results": summary,
        "results_queries": results_queries,
        "export": export,
        "memory": memory,
        "ceremony": ending,
    }


def round_to(value: float, digits: int) -> float:
    return float(f"{value:.{digits}f}")


def round_s(value: float) -> float:
    return round_to(value, 3)


def target(key: str, value: float) -> dict:
    limit = TARGETS[key]
    if key == "results_queries":
        return {"limit": limit, "measured": value, "pass": value <= limit}
    return {"limit": limit, "measured": round_s(value), "pass": value < limit}


def report(m: dict, backend: str) -> dict:
    """The figures as written to bench/results.json under "database"."""
    from bench import ceremony

    times, memory, panels = m["times"], m["memory"], m["panels"]
    untimed = "(not timed against a target)"
    ending = ceremony.report(m["ceremony"], times)
    return {
        "ceremony": ending,
        "backend": backend,
        "season": m["season"],
        "seconds": {
            f"migrate {untimed}": round_s(times["migrate"]),
            f"build the season {untimed}": round_s(times["build"]),
            "assignment_run": round_s(times["assignment_run"]),
            "assignment_run: reading panels and conflicts":
                round_s(sum(p["read_panel_s"] for p in panels.values())),
            "assignment_run: algorithm": round_s(sum(p["algorithm_s"] for p in panels.values())),
            "assignment_run: writing the assignments and the runs":
                round_s(sum(p["write_s"] for p in panels.values())),
            f"assignment_problems {untimed}": round_s(times["assignment_problems"]),
            f"write reviews and scores {untimed}": round_s(times["write_reviews"]),
            "round_results": round_s(times["round_results"]),
            "round_results: queries and rows":
                round_s(times["round_results"] - times["round_results_scoring"]),
            "round_results: scoring (results, ranking, alpha)":
                round_s(times["round_results_scoring"]),
            "export CSV": round_s(times["export_csv"]),
        },
        "panels": {name: {k: round_s(v) if isinstance(v, float) else v for k, v in p.items()}
                   for name, p in panels.items()},
        "assignment_queries": m["assignment_queries"],
        "assignment_problems": m["assignment_problems"],
        "results": m["results"],
        "results_queries": m["results_queries"],
        "export": m["export"],
        "memory_mb": {k: round_to(v, 1) for k, v in memory.items()},
        "targets": {
            "assignment_s": target("assignment_s", times["assignment_run"]),
            "results_s": target("results_s", times["round_results"]),
            "results_queries": target("results_queries", m["results_queries"]["count"]),
            "export_s": target("export_s", times["export_csv"]),
            "peak_mb": target("peak_mb", memory["peak"]),
            **{f"ceremony {k}": v for k, v in ending["targets"].items()},
        },
    }


def show(figures: dict) -> None:
    s, t, mem = figures["season"], figures["targets"], figures["memory_mb"]
    secs = {k.split(" (")[0]: v for k, v in figures["seconds"].items()}
    print(
        f"database part, {figures['backend']}: x{s['scale']}, {s['entries']} entries"
        f" ({s['entrants']} entrants), {s['judges']} judges, {s['declared_conflicts']} declared"
        f" conflicts, {s['assignments']} assignments, {s['reviews']} reviews,"
        f" {s['scores']} scores"
    )
    print(
        f"{'panel':<18}{'entries':>8}{'judges':>8}{'seconds':>9}{'read':>7}{'algo':>7}"
        f"{'write':>7}{'loads':>9}{'short':>7}{'problems':>9}"
    )
    for name, p in figures["panels"].items():
        print(
            f"{name:<18}{p['entries']:>8}{p['judges']:>8}{p['seconds']:>9.2f}"
            f"{p['read_panel_s']:>7.2f}{p['algorithm_s']:>7.2f}{p['write_s']:>7.2f}"
            f"{p['loads'][0]:>5}-{p['loads'][1]:<3}{p['short_entries']:>7}"
            f"{figures['assignment_problems'][name]:>9}"
        )
    print(f"{'phase':<36}{'measured':>10}{'target':>10}  result")
    rows = [
        ("assignment_run, 3 panels (s)", "assignment_s"),
        ("round_results (s)", "results_s"),
        ("round_results queries", "results_queries"),
        (f"export CSV, {figures['export']['rows']} rows (s)", "export_s"),
        ("peak memory (MB)", "peak_mb"),
    ]
    for label, key in rows:
        verdict = "pass" if t[key]["pass"] else "FAIL"
        print(f"{label:<36}{t[key]['measured']:>10.2f}{t[key]['limit']:>10.0f}  {verdict}"
              if key != "results_queries" else
              f"{label:<36}{t[key]['measured']:>10}{t[key]['limit']:>10}  {verdict}")
    print(
        f"  assignment_run: reading {secs['assignment_run: reading panels and conflicts']:.2f} s,"
        f" algorithm {secs['assignment_run: algorithm']:.2f} s, writing {s['assignments']}"
        f" assignments and the runs"
        f" {secs['assignment_run: writing the assignments and the runs']:.2f} s"
    )
    print(
        f"  round_results: queries and rows {secs['round_results: queries and rows']:.2f} s,"
        f" scoring {secs['round_results: scoring']:.2f} s; export streamed"
        f" {figures['export']['rows']} rows ({figures['export']['megabytes']} MB)"
    )
    print(
        f"  not timed against a target: migrate {secs['migrate']:.2f} s, build"
        f" {secs['build the season']:.2f} s, assignment_problems"
        f" {secs['assignment_problems']:.2f} s, reviews and scores"
        f" {secs['write reviews and scores']:.2f} s"
    )
    print(
        f"  peak memory after assignment {mem['after_assignment']:.0f} MB, after round_results"
        f" {mem['after_results']:.0f} MB, after the export {mem['peak']:.0f} MB;"
        f" alpha {({k: v['alpha'] for k, v in figures['results'].items()})}"
    )


def show_all(figures: dict) -> None:
    from bench import ceremony

    show(figures)
    ceremony.show(figures["ceremony"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.database",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="times the 2023 season (100)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--out", type=Path, help="write the figures (JSON) to this file")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="write a cProfile file per timed phase into DIR")
    args = parser.parse_args(argv)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    with throwaway_database() as backend:
        setup_django()
        figures = report(measure(args.scale, args.seed, args.profile), backend)
    show_all(figures)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    return 0 if passed(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
