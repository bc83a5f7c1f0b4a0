"""Benchmark: assignment and results for a season 100 times 2023, pure and through the database.

The 2023 season had 240 entries (150 Tech-InnovaCity, 70 Human-CentriCity, 20 Leadership), 16
judges and entries from 47 countries, about 44% from Asia. ``--scale 100`` (the default) makes
24,000 entries and 1,600 judges split over the three category panels in proportion, three judges
per entry, conflicts by organisation and city plus ~1% random declared conflicts, then synthetic
scores on the six criteria of DOMAIN.md (1-10, with lenient and harsh judges, some abstentions
and some reviews never done).

Timed phases: assignment (all three panels), results (weighted totals, statistics and
normalisation for the round), leaderboard (ranking per category with a cut-off) and agreement
(Krippendorff's alpha per category). Data generation and the correctness checks are not timed.
Then ``bench.database`` (in its own process) measures the same season through Django and a
throw-away database: the assignment service, the results the coordinators' pages read, and the
streamed score export.
Peak memory is the process's peak resident set size (``ru_maxrss``), which includes the
interpreter and the generated season.

Then, unless ``--skip-database`` (or ``BENCH_SKIP_DATABASE=1``), the same season through the
Django layer on a throw-away database (``bench/database.py``), under "database" in the JSON,
and the live reveal's screen poll on one gunicorn worker (``bench/reveal.py``), under
"reveal". Then, unless ``--skip-pages`` (or ``BENCH_SKIP_PAGES=1``), the page table
(``bench/pages.py``, under "pages"): the judge's dashboard, the scoring page, the staff entries
list, a round's results, the home page and the winners on one gunicorn worker under Locust, at
the 2023 size and at ``--scale``, with their targets (``python -m bench.pages`` runs it alone).

Usage: ``python -m bench [--scale 100] [--seed 2023] [--out bench/results.json]
[--skip-database] [--skip-pages]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

from bench import database
from judging.assignment import ConflictRules, EntryInfo, JudgeInfo, assign, check
from judging.scoring import (
    Criterion,
    Review,
    compute_results,
    panel_agreement,
    rank_entries,
)

TARGETS = {"assignment_s": 10.0, "results_s": 3.0, "peak_mb": 1024.0}

#: 2023: entries per category, and how many advanced from round 2 (40 finalists of 209).
CATEGORIES = {"Tech-InnovaCity": 150, "Human-CentriCity": 70, "Leadership": 20}
ADVANCE_SHARE = 40 / 209
JUDGES_2023 = 16
REGIONS = {  # share of entries, countries (most entries first)
    "Asia": (
        0.44,
        ["KR", "JP", "CN", "IN", "ID", "PH", "VN", "TH", "MY", "SG", "TW", "MN", "KZ", "UZ", "BD"],
    ),
    "Europe": (0.20, ["GB", "FR", "DE", "ES", "IT", "NL", "SE", "FI", "EE", "PL", "AT"]),
    "Middle East": (0.12, ["AE", "SA", "TR", "IL", "QA", "OM", "JO"]),
    "Americas": (0.12, ["US", "CA", "BR", "MX", "CO", "CL", "AR"]),
    "Africa": (0.09, ["KE", "NG", "ZA", "RW", "GH"]),
    "Oceania": (0.03, ["AU", "NZ"]),
}
CRITERIA = [
    Criterion("Problem-centred innovation", weight=20),
    Criterion("Rational project design", weight=20),
    Criterion("Feasible budgeting and planning", weight=15),
    Criterion("Meticulous implementation", weight=15),
    Criterion("Learning and improvement", weight=15),
    Criterion("Value generation", weight=15),
]
K = 3


def split(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Largest-remainder split of ``total`` in proportion to ``shares``."""
    whole = sum(shares.values())
    raw = {k: total * v / whole for k, v in shares.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[: total - sum(out.values())]:
        out[k] += 1
    return out


def country_weights() -> tuple[list[str], list[float]]:
    """47 countries; within a region, a Zipf-like share (the host country first)."""
    names, weights = [], []
    for share, countries in REGIONS.values():
        zipf = [1 / (i + 1) ** 0.8 for i in range(len(countries))]
        for name, z in zip(countries, zipf, strict=True):
            names.append(name)
            weights.append(share * z / sum(zipf))
    return names, weights


def generate(scale: int, seed: int):
    """The season: per category, entries, judges and declared conflicts."""
    rng = random.Random(seed)
    names, weights = country_weights()
    cities = {c: [f"{c}-city-{n}" for n in range(max(3, 2 * scale))] for c in names}
    city_w = [1 / (n + 1) for n in range(max(3, 2 * scale))]
    orgs = [f"org-{n}" for n in range(60 * scale)]
    entry_counts = {cat: n * scale for cat, n in CATEGORIES.items()}
    judge_counts = split(JUDGES_2023 * scale, entry_counts)
    season = {}
    next_entry = 0
    for cat, n_entries in entry_counts.items():
        entries = []
        for _ in range(n_entries):
            country = rng.choices(names, weights)[0]
            city = rng.choices(cities[country], city_w)[0]
            org = f"{city} government" if rng.random() < 0.5 else rng.choice(orgs)
            entries.append(EntryInfo(next_entry, country, org, city))
            next_entry += 1
        judges = []
        for n in range(judge_counts[cat]):
            country = rng.choices(names, weights)[0]
            city = rng.choices(cities[country], city_w)[0]
            judges.append(JudgeInfo(f"{cat[:4]}-judge-{n}", country, rng.choice(orgs), city))
        n_pairs = len(entries) * len(judges)
        conflicts = {
            (judges[rng.randrange(len(judges))].id, entries[rng.randrange(len(entries))].id)
            for _ in range(n_pairs // 100)
        }
        season[cat] = (entries, judges, conflicts)
    return season


def synthetic_reviews(assignments: dict, season: dict, seed: int) -> list[Review]:
    """Scores 1-10 per criterion: entry quality + judge leniency + noise; 1% abstain, 2% absent."""
    rng = random.Random(seed + 1)
    reviews = []
    for cat, (entries, judges, _) in season.items():
        bias = {}
        for j in judges:
            kind = rng.random()
            bias[j.id] = 1.8 if kind < 0.15 else -1.8 if kind < 0.30 else rng.gauss(0, 0.5)
        quality = {e.id: rng.gauss(6.0, 1.4) for e in entries}
        for entry_id, judge_ids in assignments[cat].items():
            for judge_id in judge_ids:
                roll = rng.random()
                if roll < 0.02:
                    continue
                if roll < 0.03:
                    reviews.append(Review(entry_id, judge_id, {}, abstained=True))
                    continue
                base = quality[entry_id] + bias[judge_id]
                scores = {
                    c.name: min(10, max(1, round(base + rng.gauss(0, 1.0)))) for c in CRITERIA
                }
                reviews.append(Review(entry_id, judge_id, scores))
    return reviews


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "cpu_model": model or platform.processor(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="times the 2023 season (100)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    parser.add_argument("--skip-database", action="store_true",
                        default=os.environ.get("BENCH_SKIP_DATABASE", "") not in ("", "0"),
                        help="only the pure part (also BENCH_SKIP_DATABASE=1)")
    parser.add_argument("--skip-pages", action="store_true",
                        default=os.environ.get("BENCH_SKIP_PAGES", "") not in ("", "0"),
                        help="without the page table (also BENCH_SKIP_PAGES=1)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    season = generate(args.scale, args.seed)
    generate_s = time.perf_counter() - t0
    rss_generated = peak_mb()

    panels = {}
    assignments = {}
    t0 = time.perf_counter()
    for cat, (entries, judges, conflicts) in season.items():
        p0 = time.perf_counter()
        result = assign(
            entries, judges, K, conflicts=conflicts, rules=ConflictRules(), seed=args.seed
        )
        assignments[cat] = result.assignment
        panels[cat] = {
            "entries": len(entries),
            "judges": len(judges),
            "declared_conflicts": len(conflicts),
            "seconds": round(time.perf_counter() - p0, 3),
            "short_entries": len(result.shortfalls),
            "target_loads": list(result.target_loads),
            "loads": [min(result.loads.values()), max(result.loads.values())],
            **result.stats,
        }
    assignment_s = time.perf_counter() - t0
    rss_assigned = peak_mb()

    t0 = time.perf_counter()
    problems = {
        cat: len(check(assignments[cat], entries, judges, K, conflicts=conflicts))
        for cat, (entries, judges, conflicts) in season.items()
    }
    check_s = time.perf_counter() - t0

    reviews = synthetic_reviews(assignments, season, args.seed)

    t0 = time.perf_counter()
    results = compute_results(reviews, CRITERIA)
    results_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    rankings = {}
    for cat, (entries, _, _) in season.items():
        rows = [results[e.id] for e in entries if e.id in results]
        ranking = rank_entries(
            rows,
            tie_break=("normalised", "median", "reviews", "criterion:Value generation"),
            advance=round(ADVANCE_SHARE * len(entries)),
        )
        rankings[cat] = ranking
    leaderboard_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    alphas = {}
    for cat, (entries, _, _) in season.items():
        alphas[cat] = panel_agreement(results[e.id] for e in entries if e.id in results)
    agreement_s = time.perf_counter() - t0
    peak = peak_mb()

    results_total = results_s + leaderboard_s + agreement_s
    figures = {
        "season": {
            "scale": args.scale,
            "entries": sum(len(v[0]) for v in season.values()),
            "judges": sum(len(v[1]) for v in season.values()),
            "judges_per_entry": K,
            "reviews": len(reviews),
            "seed": args.seed,
        },
        "seconds": {
            "generate (not timed against a target)": round(generate_s, 3),
            "assignment": round(assignment_s, 3),
            "check assignment (not timed against a target)": round(check_s, 3),
            "results": round(results_s, 3),
            "leaderboard": round(leaderboard_s, 3),
            "agreement": round(agreement_s, 3),
            "results + leaderboard + agreement": round(results_total, 3),
        },
        "memory_mb": {
            "peak_after_generate": round(rss_generated, 1),
            "peak_after_assignment": round(rss_assigned, 1),
            "peak": round(peak, 1),
        },
        "panels": panels,
        "check_problems": problems,
        "alpha": {cat: None if a is None else round(a, 4) for cat, a in alphas.items()},
        "cutoff_ties": {
            cat: None if r.cutoff_tie is None else r.cutoff_tie.message
            for cat, r in rankings.items()
        },
        "machine": machine(),
        "targets": {
            "assignment_s": {
                "limit": TARGETS["assignment_s"],
                "measured": round(assignment_s, 3),
                "pass": assignment_s < TARGETS["assignment_s"],
            },
            "results_s": {
                "limit": TARGETS["results_s"],
                "measured": round(results_total, 3),
                "pass": results_total < TARGETS["results_s"],
            },
            "peak_mb": {
                "limit": TARGETS["peak_mb"],
                "measured": round(peak, 1),
                "pass": peak < TARGETS["peak_mb"],
            },
        },
    }

    print(
        f"season x{args.scale}: {figures['season']['entries']} entries,"
        f" {figures['season']['judges']} judges, k={K}, {len(reviews)} reviews"
        f" ({figures['machine']['usable_cpus']} CPUs, Python {figures['machine']['python']})"
    )
    print(
        f"{'panel':<18}{'entries':>8}{'judges':>8}{'seconds':>9}{'loads':>9}{'short':>7}"
        f"{'repeat':>8}{'problems':>9}"
    )
    for cat, p in panels.items():
        print(
            f"{cat:<18}{p['entries']:>8}{p['judges']:>8}{p['seconds']:>9.2f}"
            f"{p['loads'][0]:>5}-{p['loads'][1]:<3}{p['short_entries']:>7}"
            f"{p['entries_with_repeated_country']:>8}{problems[cat]:>9}"
        )
    print(f"{'phase':<36}{'measured':>10}{'target':>10}  result")
    rows = [
        ("assignment (s)", assignment_s, "assignment_s"),
        ("results + leaderboard + alpha (s)", results_total, "results_s"),
        ("peak memory (MB)", peak, "peak_mb"),
    ]
    for label, value, key in rows:
        verdict = "pass" if figures["targets"][key]["pass"] else "FAIL"
        print(f"{label:<36}{value:>10.2f}{TARGETS[key]:>10.0f}  {verdict}")
    print(
        f"  results {results_s:.2f} s, leaderboard {leaderboard_s:.2f} s,"
        f" agreement {agreement_s:.2f} s; alpha {figures['alpha']}"
    )
    ok = all(t["pass"] for t in figures["targets"].values())
    if not args.skip_database:
        figures["database"] = database.run(scale=args.scale, seed=args.seed)
        ok = ok and database.passed(figures["database"])
        # The live reveal: the screen's poll on one gunicorn worker (bench/reveal.py).
        from bench import reveal

        figures["reveal"] = reveal.run()
        ok = ok and reveal.passed(figures["reveal"])
    if not args.skip_pages:
        # The pages on one gunicorn worker, at the 2023 size and at the scale (bench/pages.py).
        from bench import pages

        figures["pages"] = pages.run(scale=args.scale, seed=args.seed)
        ok = ok and pages.passed(figures["pages"])
    args.out.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    print(f"written to {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
