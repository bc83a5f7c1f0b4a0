"""Titles and answers for the demo season, generated from word lists.

Each project starts from a seed (what it does, the problem, its technology and indicators)
and is told in the words of its city and entrant, with numbers drawn from a seeded random
generator: plausible prose, different for every entry, the same on every run. Pure Python.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from entries.schema import count_words

from .seeds import INCLUSION_SEEDS, TECH_SEEDS, Indicator, Seed

DEPARTMENTS = {
    "mobility": ["Transport Policy Division", "Mobility Department", "Traffic Operations "
                 "Centre"],
    "safety": ["Safety and Disaster Management Office", "Public Safety Department",
               "Civil Protection Office"],
    "welfare": ["Welfare Policy Division", "Department of Social Services",
                "Health and Welfare Bureau"],
    "environment": ["Climate and Environment Headquarters", "Environment Department",
                    "Green City Office"],
    "energy": ["Energy Policy Division", "Climate and Energy Office",
               "Sustainable Energy Department"],
    "culture": ["Culture and Tourism Bureau", "Department of Culture",
                "Libraries and Heritage Service"],
    "governance": ["Smart City Policy Division", "Digital Government Office",
                   "Department of Innovation and Data"],
}

IDENTIFICATION = [
    "The problem was first raised by residents in {n_workshops} neighbourhood workshops "
    "held in {year_minus}, where {affected} described it as their most pressing concern.",
    "Complaints to the city's call centre about {problem} rose by {pct_a}% in two years, and "
    "a follow-up survey of {n_survey} residents confirmed the pattern.",
    "A citizen panel of {n_panel} residents, chosen by lot to mirror the city's population, "
    "spent three weekends on the city's priorities and put {problem} at the top of the list.",
    "Our participatory budgeting process received {n_props} proposals on this issue in one "
    "year, more than on any other topic.",
]
IDENTIFICATION_MORE = [
    "We then walked the affected streets with residents and mapped the worst places "
    "together.",
    "Representatives of {affected} sat on the working group that defined the problem and "
    "agreed how success would be measured.",
    "The accounts of residents were checked against {data}, which showed the same "
    "hotspots.",
    "Residents who took part were invited back to comment on the first designs, and {pct_b}% "
    "of them did.",
]

CLOSINGS = [
    "The approach is documented openly so that other cities can reuse it.",
    "Other districts have asked to join, and the next phase extends the service city-wide.",
    "The project is now part of the city's regular budget rather than a pilot.",
    "Residents remain involved through a user panel that meets every quarter.",
]

FUNDERS = [
    "the city's own budget", "a national smart city grant", "a green bond",
    "a development bank loan", "a public-private partnership", "a philanthropic foundation",
    "European Union funds", "the ministry of the interior", "user fees", "corporate sponsors",
]

PARTNER_ROLES = [
    ("{university}", "evaluated the results independently"),
    ("{company}", "built and maintains the platform"),
    ("{ngo}", "recruited participants and ran training sessions"),
    ("the national digital agency", "provided identity and data standards"),
    ("the local telecommunications operator", "supplied connectivity at cost"),
    ("neighbourhood associations", "co-designed the service with residents"),
]


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def fit(text: str, max_words: int) -> str:
    """Drop whole sentences from the end until ``text`` is within ``max_words``."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    while len(sentences) > 1 and count_words(" ".join(sentences)) > max_words:
        sentences.pop()
    result = " ".join(sentences)
    if count_words(result) > max_words:
        result = " ".join(result.split()[:max_words])
    return result


def _lower_first(text: str) -> str:
    """Lower-case the first letter, unless the first word is an acronym (AI, WHO)."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() else text[:1].lower() + text[1:]


def _fmt(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _measure(rng: random.Random, ind: Indicator) -> tuple[str, str, str, str]:
    """(label for the indicators table, baseline, result, unit for prose)."""
    base = rng.uniform(ind.low, ind.high)
    result = base * (1 + rng.uniform(*ind.change))
    if ind.unit == "%":
        result = min(result, 99)
        return (ind.name, f"{_fmt(base, ind.decimals)}%", f"{_fmt(result, ind.decimals)}%", "")
    if ind.decimals == 0:
        base, result = round(base), round(result)
    return (f"{ind.name} ({ind.unit})", _fmt(base, ind.decimals), _fmt(result, ind.decimals),
            ind.unit)


@dataclass
class Project:
    seed: Seed
    city: str
    country: str  # the country's adjective
    entrant: str  # the entrant's name
    is_city: bool
    inclusion: bool
    started: date
    title: str = ""


def project_title(rng: random.Random, seed: Seed, city: str, taken: set[str]) -> str:
    brand = rng.choice(seed.brands)
    patterns = [
        "{brand} {city}: {title}",
        "{title} in {city}",
        "{city} {title}",
        "{brand}: {title} for {city}",
        "{title} for a Better {city}",
    ]
    rng.shuffle(patterns)
    for pattern in patterns:
        title = pattern.format(brand=brand, city=city, title=seed.title)
        if title not in taken:
            taken.add(title)
            return title
    title = f"{seed.title} in {city}, phase {len(taken) % 3 + 2}"
    taken.add(title)
    return title


INSTITUTION_TYPES = [
    ("University", "university"), ("Institute of Science", "university"),
    ("Association", "association"), ("Agency", "public_agency"), ("Council for", "ngo"),
    ("Research", "think_tank"), ("Institute for", "think_tank"), ("Open Data", "ngo"),
]


def organisation_type(kind: str, name: str, rng: random.Random) -> str:
    if kind == "corporation":
        return rng.choice(["multinational", "company", "company", "startup", "startup"])
    return next((value for word, value in INSTITUTION_TYPES if word in name), "ngo")


def project_answers(rng: random.Random, p: Project, *, currency: str, usd_rate: float,
                    university: str, company: str, ngo: str, kind: str, european: bool,
                    size: int) -> dict:
    """Every answer of a project form, complete and within its limits."""
    s = p.seed
    we = "The city" if p.is_city else p.entrant
    year = p.started.year
    indicators = [_measure(rng, ind)[:3] for ind in s.indicators][:5]
    reach = rng.choice([1200, 3500, 8000, 15000, 42000, 120000, 350000])
    values = {
        "city": p.city, "org": p.entrant, "we": we, "thing": s.thing, "problem": s.problem,
        "affected": s.affected, "Affected": s.affected[0].upper() + s.affected[1:],
        "does": s.does, "tech0": s.tech[0], "Tech0": s.tech[0][0].upper() + s.tech[0][1:],
        "tech1": s.tech[1],
        "tech2": s.tech[2], "data": s.data, "year": year, "year_minus": year - 1,
        "n_workshops": rng.randint(6, 40), "pct_a": rng.randint(20, 80),
        "n_survey": rng.choice([800, 1200, 2000, 3500, 5000]), "n_panel": rng.randint(40, 120),
        "n_props": rng.randint(30, 250), "pct_b": rng.randint(40, 85), "users": s.users,
        "reach": f"{reach:,}", "months": rng.randint(3, 9), "team": rng.randint(4, 25),
        "ind0": _lower_first(indicators[0][0].split(" (")[0]),
        "Ind0": indicators[0][0].split(" (")[0], "base0": indicators[0][1],
        "result0": indicators[0][2], "university": university, "company": company, "ngo": ngo,
        "pilot_area": rng.choice(["two districts", "three neighbourhoods", "the city centre",
                                  "one district", "five pilot sites"]),
    }

    def say(*sentences: str) -> str:
        return " ".join(x.format(**values) for x in sentences)

    summary = say(
        rng.choice(["{we} launched {thing} in {year} to tackle {problem}.",
                    "In {year}, {we} introduced {thing} to address {problem}.",
                    "Since {year}, {thing} has helped {city} tackle {problem}."]),
        "It {does}.",
        "Built on {tech0} and {tech1}, the service has reached {reach} {users}.",
        "Its first results are clear: {ind0} went from {base0} to {result0}.",
        rng.choice(CLOSINGS),
    )
    amount_usd = rng.choice([80, 150, 250, 400, 650, 900, 1500, 2400, 4000]) * 1000
    amount = round(amount_usd * usd_rate, -3) if usd_rate >= 1 else round(amount_usd * usd_rate)
    funders = rng.sample([f for f in FUNDERS if european or "European" not in f], 2)
    stage = rng.choice(["operating", "operating", "completed", "scaled", "pilot"])
    if p.started.year > 2021 and stage == "completed":
        stage = "operating"
    ended = ""
    if stage == "completed":
        ended = min(p.started + timedelta(days=rng.randint(300, 900)),
                    date(2023, 2, 28)).isoformat()
    partners = rng.sample(PARTNER_ROLES, 3)
    partner_text = " ".join(
        f"{name.format(**values)[0].upper()}{name.format(**values)[1:]} {role}."
        for name, role in partners
    )
    answers = {
        "title": p.title,
        "summary": fit(summary, 150),
        "sectors": list(s.sectors),
        "target_groups": list(s.groups) if (p.inclusion or s.groups) else [],
        "stage": stage,
        "period_start": p.started.isoformat(),
        "period_end": ended,
        "problem": fit(say(
            "In {city}, {problem} weighed most on {affected}.",
            "A survey of {n_survey} residents in {year_minus} found that {pct_b}% had been "
            "affected in the previous year, and {data} showed the problem growing.",
            rng.choice([
                "Earlier responses treated symptoms one by one and never reached the people "
                "most affected.",
                "Existing services were designed for the average resident, and those with the "
                "greatest needs were the least able to use them.",
                "The cost to residents and to the city grew every year the problem was left "
                "alone.",
            ]),
        ), 400),
        "problem_identification": fit(say(
            rng.choice(IDENTIFICATION), *rng.sample(IDENTIFICATION_MORE, 2)
        ), 300),
        "design": fit(say(
            "The project combines {tech0}, {tech1} and {tech2}.",
            "It {does}.",
            "The design was tested with residents in {pilot_area} for {months} months before "
            "it was rolled out, and every feature was kept only if the pilot showed it worked.",
        ), 400),
        "technology": fit(say(
            rng.choice([
                "We chose {tech0} because the technology is proven, affordable and can be "
                "maintained by local staff.",
                "{Tech0} was chosen over more expensive options after a comparison with three "
                "other cities.",
            ]),
            "Data is stored in the city, collected only for the purpose of the service and "
            "deleted when no longer needed, following a privacy impact assessment.",
            "All components use open standards, so the city is not tied to a single supplier.",
        ), 300),
        "budget_amount": str(int(amount)),
        "budget_currency": currency,
        "funding_sources": fit(say(
            f"The project is funded by {funders[0]} (about {rng.randint(50, 80)}%) and "
            f"{funders[1]} (the rest).",
            "Running costs after the first year are covered by savings the project makes.",
        ), 200),
        "staffing": fit(say(
            "A team of {team} people runs the project: project managers, data engineers, "
            "field staff and a community liaison officer.",
            "A steering group with residents' representatives meets every two months.",
        ), 200),
        "contingency": fit(say(
            "Each risk has an owner and a fallback: if a supplier fails, the open standards "
            "let another take over; if funding is delayed, the rollout pauses at the end of "
            "a phase rather than in the middle of one.",
        ), 200),
        "implementation": fit(say(
            "Implementation began in {pilot_area} and was extended in stages.",
            "{Affected} were involved at every stage: they tested prototypes, trained "
            "others and reported problems through the service itself.",
            rng.choice([
                "Local businesses and volunteers helped reach people who rarely use digital "
                "services.",
                "Staff training came first, so that front-line workers could explain the "
                "service with confidence.",
            ]),
        ), 400),
        "barriers": fit(say(
            rng.choice([
                "The main barrier was trust: some residents feared surveillance. We published "
                "what data is collected and why, and an independent committee reviews it.",
                "Procurement rules were written for buildings, not software. We used an "
                "innovation partnership to buy the service in stages.",
                "Different departments held parts of the data. A data-sharing agreement signed "
                "by the mayor made it possible to combine them.",
            ]),
        ), 300),
        "monitoring": fit(say(
            "We track {ind0} every month on a public dashboard, alongside usage and "
            "satisfaction figures.",
            "{university} carried out an independent evaluation after the first year.",
        ), 300),
        "improvements": fit(say(
            rng.choice([
                "The evaluation showed that some groups used the service less, so we added a "
                "telephone option and outreach in community centres.",
                "Feedback from users led us to simplify the interface and to add two more "
                "languages.",
                "Monitoring showed the service was busiest at night, so support hours were "
                "extended.",
            ]),
        ), 300),
        "outcomes": fit(say(
            "{Ind0} went from {base0} to {result0} since the start of the project.",
            "The service has reached {reach} {users}, and satisfaction surveys show strong "
            "support.",
            rng.choice([
                "The savings made in the first two years already exceed the project's cost.",
                "The project has been replicated by two neighbouring cities.",
                "The national government has adopted the approach as a model for other "
                "cities.",
            ]),
        ), 500),
        "indicators": [
            {"indicator": name, "baseline": base, "result": result}
            for name, base, result in indicators
        ],
        "partners": fit(partner_text, 200),
        "links": [
            f"https://www.{ascii_slug(p.city)}.example.org/projects/{ascii_slug(s.title)}",
        ] + ([f"https://video.example.org/{ascii_slug(p.title)[:60]}"]
             if rng.random() < 0.4 else []),
    }
    if p.is_city:
        low, high = {1: (30, 200), 2: (100, 400)}.get(size, (300, 990))
        answers["city_population"] = str(rng.randint(low, high) * 10000)
        answers["department"] = rng.choice(DEPARTMENTS[s.sectors[0]])
        answers["city_strategy"] = fit(say(
            "The project is part of the {city} smart city plan, which puts residents' "
            "everyday problems first.",
        ), 200)
    else:
        answers["organisation_type"] = organisation_type(kind, p.entrant, rng)
        answers["organisation_size"] = rng.choice(
            ["1-9", "10-49", "50-249"] if answers["organisation_type"] == "startup"
            else ["10-49", "50-249", "250-999", "1000+"]
        )
        answers["city_partners"] = fit(say(
            "We worked with the government of {city}, which provided access to its data, "
            "co-funded the pilot and hosts the service on its own infrastructure.",
        ), 200)
    return answers


LEADERSHIP_THEMES = [
    "Data-Driven Government for Every Resident of {city}",
    "Leading {city}'s Digital Inclusion Agenda",
    "A Smart City Built with Citizens in {city}",
    "From Pilot to Platform: {city}'s Digital Transformation",
    "Open, Green and Connected: Leadership in {city}",
    "Putting People First in {city}'s Smart City Strategy",
]


def leadership_answers(rng: random.Random, *, name: str, position: str, city: str,
                       referees: list[tuple[str, str, str]], taken: set[str],
                       term_start: date) -> dict:
    seeds = rng.sample(TECH_SEEDS + INCLUSION_SEEDS, 3)
    title = rng.choice(LEADERSHIP_THEMES).format(city=city)
    if title in taken:
        title = f"{title}: {seeds[0].title}"
    taken.add(title)
    short = name.split()[-1]
    initiatives = [
        f"{seed.thing[0].upper()}{seed.thing[1:]}, which {seed.does}." for seed in seeds
    ]
    sectors = sorted({sector for seed in seeds for sector in seed.sectors})
    indicators = [_measure(rng, seed.indicators[0]) for seed in seeds]
    return {
        "title": title,
        "nominee_name": name,
        "nominee_position": position,
        "nominee_city": city,
        "term_start": term_start.isoformat(),
        "term_end": f"{rng.choice([2024, 2026, 2027])}-06-30" if rng.random() < 0.6 else "",
        "summary": fit(
            f"Since taking office in {term_start.year}, {name} has made technology and data "
            f"serve the people of {city}. Under {short}'s leadership the city launched "
            f"{seeds[0].thing}, {seeds[1].thing} and {seeds[2].thing}, each designed with "
            f"residents and measured in public.", 150),
        "initiatives": fit(" ".join([
            f"As {position}, {name} led three initiatives.", *initiatives,
            f"{short} created a chief data officer post and an open data policy so that every "
            f"department shares what it knows.",
        ]), 500),
        "vision": fit(
            f"{short}'s vision is a city where technology closes gaps instead of opening them. "
            f"Every project starts from a problem residents name, is tested small, and grows "
            f"only when the evidence shows it works. {short} meets the project teams every "
            f"month and reports progress to the city council in public.", 300),
        "sectors": sectors,
        "impact": fit(" ".join(
            f"{ind[0].split(' (')[0]}: from {ind[1]} to {ind[2]}{' ' + ind[3] if ind[3] else ''}."
            for ind in indicators
        ) + f" Residents' trust in the city government rose by {rng.randint(5, 20)} points "
            f"in the annual survey.", 500),
        "citizen_participation": fit(
            f"{short} set up a citizens' assembly of {rng.randint(50, 150)} residents that "
            f"advises on every digital project, and an online platform where "
            f"{rng.randint(10, 90)},000 residents have proposed and voted on ideas.", 300),
        "indicators": [
            {"indicator": name_, "baseline": base, "result": result}
            for name_, base, result, _unit in indicators
        ],
        "references": [
            {"name": ref_name, "organisation": org, "email": email}
            for ref_name, org, email in referees
        ],
        "links": [f"https://www.{ascii_slug(city)}.example.org/mayor"],
    }


def draft_answers(full: dict, rng: random.Random, keep_steps: list[str], schema) -> dict:
    """A draft: the answers of the first few steps, the rest not written yet."""
    keys = {f.key for step in schema.steps if step.key in keep_steps for f in step.fields}
    answers = {k: v for k, v in full.items() if k in keys}
    if "summary" in answers and rng.random() < 0.5:
        answers["summary"] = answers["summary"].split(". ")[0] + "."
    return answers
