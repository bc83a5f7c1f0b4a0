"""The application forms of the Seoul Smart City Prize 2023, as schema data.

Project categories (Tech-InnovaCity, Human-CentriCity) follow the six evaluation criteria:
problem-centred innovation, rational design, feasible budgeting and planning, meticulous
implementation, learning and improvement, value generation. City governments answer two
questions about their city; corporations and institutions answer questions about their
organisation and the cities they work with. Leadership asks about the nominee, the initiatives
they led, their impact, and references.

These are starting points: ``install_forms(edition)`` copies them into an edition as
``EntryForm`` rows, which organisers may then change for their own season. See
``entries/schema.py`` for the format.

The forms are written in English with every text in Korean too (``KOREAN``, as the secretariat
in Seoul writes it; see ``docs/korean-glossary.md``): ``with_korean`` puts each text's Korean
under the step's or field's ``"translations"``
(``entries/forms_2023_ko.py`` holds them).
"""

from __future__ import annotations

import copy

from django.db import transaction

from prize.enums import EntrantKind

from .forms_2023_ko import KOREAN

SECTORS = [
    ["mobility", "Mobility"],
    ["safety", "Safety"],
    ["welfare", "Welfare"],
    ["environment", "Environment"],
    ["energy", "Energy"],
    ["culture", "Culture"],
    ["governance", "Governance"],
]

TARGET_GROUPS = [
    ["elderly", "Older people"],
    ["youth", "Children and young people"],
    ["disabilities", "People with disabilities"],
    ["low_income", "Low-income households"],
    ["others", "Other groups (describe in the summary)"],
]

CURRENCIES = [
    ["USD", "US dollar (USD)"],
    ["EUR", "Euro (EUR)"],
    ["KRW", "Korean won (KRW)"],
    ["JPY", "Japanese yen (JPY)"],
    ["CNY", "Chinese yuan (CNY)"],
    ["GBP", "Pound sterling (GBP)"],
    ["INR", "Indian rupee (INR)"],
    ["IDR", "Indonesian rupiah (IDR)"],
    ["SGD", "Singapore dollar (SGD)"],
    ["AED", "UAE dirham (AED)"],
    ["BRL", "Brazilian real (BRL)"],
    ["MXN", "Mexican peso (MXN)"],
    ["CAD", "Canadian dollar (CAD)"],
    ["AUD", "Australian dollar (AUD)"],
    ["ZAR", "South African rand (ZAR)"],
    ["KES", "Kenyan shilling (KES)"],
]

PROJECT_STAGES = [
    ["pilot", "Pilot in operation"],
    ["operating", "In full operation"],
    ["completed", "Completed"],
    ["scaled", "Scaled up or replicated elsewhere"],
]

ORGANISATION_TYPES = [
    ["multinational", "Multinational company"],
    ["company", "Company"],
    ["startup", "Start-up"],
    ["public_agency", "Public agency"],
    ["ngo", "NGO or non-profit"],
    ["association", "Association or network"],
    ["international", "International organisation"],
    ["university", "University or research institute"],
    ["think_tank", "Think tank"],
]

ORGANISATION_SIZES = [
    ["1-9", "Fewer than 10 people"],
    ["10-49", "10 to 49 people"],
    ["50-249", "50 to 249 people"],
    ["250-999", "250 to 999 people"],
    ["1000+", "1,000 people or more"],
]

INDICATOR_COLUMNS = [
    ["indicator", "Indicator"],
    ["baseline", "Baseline (before the project)"],
    ["result", "Result (latest measure)"],
]

REFERENCE_COLUMNS = [
    ["name", "Name"],
    ["organisation", "Organisation"],
    ["email", "E-mail"],
]

ATTACHMENTS_STEP = {
    "key": "attachments",
    "title": "Attachments",
    "kind": "attachments",
    "intro": "Up to 10 files of 20 MB each: PDF, Word, Excel, PNG or JPEG. Reports, evaluations, "
    "photographs and press coverage help the judges.",
    "max_files": 10,
    "max_mb": 20,
    # Reports and press coverage name the city on every page: the online screening is blind.
    "blind_variant": True,
}

# Titles of city projects and of leaders' entries usually name the place ("… for every
# resident of Medellín"): hidden in blind rounds, where judges know an entry by its reference.
TITLE_HELP = "Judges of blind rounds do not see the title: they know your entry by its reference."



def _korean(item: dict, texts: tuple[str, ...], options: tuple[str, ...] = ()) -> None:
    korean: dict = {}
    for name in texts:
        if item.get(name) in KOREAN:
            korean[name] = KOREAN[item[name]]
    for name in options:
        labels = {value: KOREAN[label] for value, label in item.get(name) or []
                  if label in KOREAN}
        if labels:
            korean[name] = labels
    if korean:
        item["translations"] = {"ko": korean}


def with_korean(schema: dict) -> dict:
    """``schema`` (a new dict) with the Korean of each of its texts."""
    schema = copy.deepcopy(schema)
    for step in schema["steps"]:
        _korean(step, ("title", "intro"))
        for f in step.get("fields", []):
            _korean(f, ("label", "help"), ("choices", "columns"))
    return schema


def _text(key, label, *, required=True, max_words=None, help="", type="textarea",
          max_length=None, identifying=False):
    field = {"key": key, "type": type, "label": label, "required": required}
    if identifying:
        field["identifying"] = True
    if max_words:
        field["max_words"] = max_words
    if max_length:
        field["max_length"] = max_length
    if help:
        field["help"] = help
    return field


def _city_step() -> dict:
    return {
        "key": "city",
        "title": "Your city",
        "identifying": True,
        "intro": "About the city government that runs the project.",
        "fields": [
            {"key": "city_population", "type": "number", "label": "Population of the city",
             "required": True, "min": 0,
             "help": "Residents in the area your government serves, latest official figure."},
            _text("department", "Department responsible for the project", type="text",
                  max_length=200, help="For example: Smart City Policy Division."),
            _text("city_strategy", "How the project fits the city's strategy", required=False,
                  max_words=200),
        ],
    }


def _organisation_step() -> dict:
    return {
        "key": "organisation",
        "title": "Your organisation",
        "identifying": True,
        "intro": "About your organisation and the cities you worked with.",
        "fields": [
            {"key": "organisation_type", "type": "choice", "label": "Type of organisation",
             "required": True, "choices": ORGANISATION_TYPES},
            {"key": "organisation_size", "type": "choice", "label": "Size of the organisation",
             "required": True, "choices": ORGANISATION_SIZES},
            _text("city_partners", "City governments you worked with", max_words=200,
                  help="Name each city and what it did in the project. Entries made with a city "
                  "are stronger when the city confirms its part."),
        ],
    }


def project_form(category_code: str, entrant: str) -> dict:
    """The project form for ``category_code`` ("TI" or "HC") and ``entrant`` ("city" for city
    governments, "organisation" for corporations and institutions)."""
    if category_code not in {"TI", "HC"} or entrant not in {"city", "organisation"}:
        raise ValueError(f"No project form for {category_code!r} / {entrant!r}")
    inclusion = category_code == "HC"
    target_help = (
        "Human-CentriCity rewards projects that narrow the digital divide: choose the groups "
        "your project serves first."
        if inclusion else "Optional: the groups the project serves first, if any."
    )
    steps = [
        {
            "key": "overview",
            "title": "The project",
            "intro": "The essentials judges read first.",
            "fields": [
                _text("title", "Project title", type="text", max_length=200,
                      identifying=True, help=TITLE_HELP),
                # shown on the winner's public page once the results are announced
                dict(_text("summary", "Short summary", max_words=150,
                           help="What the project does, for whom, and what changed. If the "
                           "project wins, this summary is published on its page."),
                     public=True),
                {"key": "sectors", "type": "multichoice", "label": "Sectors", "required": True,
                 "choices": SECTORS, "help": "Choose every sector the project works in."},
                {"key": "target_groups", "type": "multichoice", "label": "Target groups",
                 "required": inclusion, "choices": TARGET_GROUPS, "help": target_help},
                {"key": "stage", "type": "choice", "label": "Stage of the project",
                 "required": True, "choices": PROJECT_STAGES,
                 "help": "The prize rewards projects that are already implemented."},
                {"key": "period_start", "type": "date", "label": "Start date", "required": True},
                {"key": "period_end", "type": "date", "label": "End date", "required": False,
                 "help": "Leave empty if the project is ongoing."},
            ],
        },
        _city_step() if entrant == "city" else _organisation_step(),
        {
            "key": "problem",
            "title": "The problem",
            "intro": "Criterion 1, problem-centred innovation: the problem is well identified, "
            "important and evidenced, and citizens took part in identifying it.",
            "fields": [
                _text("problem", "The problem the project solves", max_words=400,
                      help="Who is affected, how much, and the evidence."),
                _text("problem_identification",
                      "How the problem was identified, and how citizens took part",
                      max_words=300),
            ],
        },
        {
            "key": "design",
            "title": "Design and technology",
            "intro": "Criterion 2, rational project design: technology matched to the problem, "
            "evidence-based design.",
            "fields": [
                _text("design", "Project design", max_words=400),
                _text("technology", "Technology used and why it fits the problem",
                      max_words=300),
            ],
        },
        {
            "key": "budget",
            "title": "Budget and planning",
            "intro": "Criterion 3, feasible budgeting and planning: resources, organisation and "
            "staffing, contingency.",
            "fields": [
                {"key": "budget_amount", "type": "number", "label": "Total budget",
                 "required": True, "min": 0, "help": "Digits only, for example 250000."},
                {"key": "budget_currency", "type": "choice", "label": "Currency",
                 "required": True, "choices": CURRENCIES,
                 "help": "If your currency is not listed, give the budget in US dollars."},
                _text("funding_sources", "Funding sources", max_words=200),
                _text("staffing", "Organisation and staffing", max_words=200),
                _text("contingency", "Risks and contingency plans", required=False,
                      max_words=200),
            ],
        },
        {
            "key": "implementation",
            "title": "Implementation",
            "intro": "Criterion 4, meticulous implementation: participatory implementation, "
            "barriers overcome.",
            "fields": [
                _text("implementation", "How the project was implemented", max_words=400),
                _text("barriers", "Barriers met and how they were overcome", required=False,
                      max_words=300),
            ],
        },
        {
            "key": "learning",
            "title": "Monitoring and learning",
            "intro": "Criterion 5, learning and improvement: monitoring and evaluation feeding "
            "back into the project.",
            "fields": [
                _text("monitoring", "How the project is monitored and evaluated", max_words=300),
                _text("improvements", "What you changed as a result", required=False,
                      max_words=300),
            ],
        },
        {
            "key": "impact",
            "title": "Outcomes and impact",
            "intro": "Criterion 6, value generation: outcomes and impact, with numbers where "
            "you have them.",
            "fields": [
                _text("outcomes", "Outcomes and impact", max_words=500),
                {"key": "indicators", "type": "table", "label": "Indicators",
                 "required": True, "columns": INDICATOR_COLUMNS, "min_items": 1,
                 "max_items": 5, "max_length": 200,
                 "help": "Up to five indicators, each with its baseline and latest result."},
            ],
        },
        {
            "key": "partners",
            "title": "Partners and links",
            "fields": [
                _text("partners", "Partners and their roles", required=False, max_words=200,
                      identifying=True),
                {"key": "links", "type": "urls", "label": "Links", "required": False,
                 "max_items": 5, "identifying": True,
                 "help": "Up to five web addresses, one per line: the project's site, videos, "
                 "press."},
            ],
        },
        ATTACHMENTS_STEP,
    ]
    return with_korean({"title_field": "title", "steps": steps})


def leadership_form() -> dict:
    """The Leadership form, for individuals (for example mayors)."""
    steps = [
        {
            "key": "nominee",
            "title": "The nominee",
            "intro": "The person whose leadership this entry presents.",
            "fields": [
                _text("title", "Title of the entry", type="text", max_length=200,
                      identifying=True,
                      help="For example: Data-driven government for every resident of Medellín. "
                      + TITLE_HELP),
                _text("nominee_name", "Nominee's name", type="text", max_length=150,
                      identifying=True),
                _text("nominee_position", "Position", type="text", max_length=200,
                      help="For example: Mayor of …", identifying=True),
                _text("nominee_city", "City", type="text", max_length=120, identifying=True),
                {"key": "term_start", "type": "date", "label": "In office since",
                 "required": True},
                {"key": "term_end", "type": "date", "label": "Term ends", "required": False,
                 "help": "Leave empty if not fixed."},
                dict(_text("summary", "Short summary", max_words=150,
                           help="If the entry wins, this summary is published on its page."),
                     public=True),
            ],
        },
        {
            "key": "initiatives",
            "title": "Initiatives led",
            "intro": "What the nominee led: the innovative use of technology and data for "
            "citizens.",
            "fields": [
                _text("initiatives", "Initiatives led by the nominee", max_words=500),
                _text("vision", "Vision and way of leading", max_words=300),
                {"key": "sectors", "type": "multichoice", "label": "Sectors", "required": False,
                 "choices": SECTORS},
            ],
        },
        {
            "key": "impact",
            "title": "Impact",
            "fields": [
                _text("impact", "Impact on citizens and the city", max_words=500),
                _text("citizen_participation", "How citizens took part", max_words=300),
                {"key": "indicators", "type": "table", "label": "Indicators", "required": False,
                 "columns": INDICATOR_COLUMNS, "max_items": 5, "max_length": 200},
            ],
        },
        {
            "key": "references",
            "title": "References",
            "identifying": True,
            "intro": "People who can confirm the nominee's leadership. The secretariat may "
            "contact them.",
            "fields": [
                {"key": "references", "type": "table", "label": "References", "required": True,
                 "columns": REFERENCE_COLUMNS, "min_items": 2, "max_items": 3,
                 "max_length": 200},
                {"key": "links", "type": "urls", "label": "Links", "required": False,
                 "max_items": 5},
            ],
        },
        ATTACHMENTS_STEP,
    ]
    return with_korean({"title_field": "title", "steps": steps})


PROJECT_KINDS = {
    EntrantKind.CITY_GOVERNMENT: "city",
    EntrantKind.CORPORATION: "organisation",
    EntrantKind.INSTITUTION: "organisation",
}
CATEGORY_NAMES = {"TI": "Tech-InnovaCity", "HC": "Human-CentriCity"}


def forms_2023() -> list[tuple[str, str, dict]]:
    """(slug, name, schema) of every 2023 form."""
    forms = []
    for code, name in CATEGORY_NAMES.items():
        forms.append((f"{code.lower()}-city", f"{name}: city governments",
                      project_form(code, "city")))
        forms.append((f"{code.lower()}-organisation",
                      f"{name}: corporations and institutions",
                      project_form(code, "organisation")))
    forms.append(("ld-individual", "Leadership: individuals", leadership_form()))
    return forms


def form_slug_for(category_code: str, kind: str) -> str | None:
    """Which 2023 form an entrant of ``kind`` fills in the category with ``category_code``."""
    if category_code in CATEGORY_NAMES and kind in PROJECT_KINDS:
        return f"{category_code.lower()}-{PROJECT_KINDS[kind]}"
    if category_code == "LD" and kind == EntrantKind.INDIVIDUAL:
        return "ld-individual"
    return None


def install_forms(edition) -> dict[str, object]:
    """Create the 2023 forms in ``edition`` and say which form each allowed entrant kind of each
    category (matched by code: TI, HC, LD) fills. Running it again changes nothing, and keeps
    forms an organiser has edited. Returns the forms by slug."""
    from .models import EntryForm, EntryFormUse

    with transaction.atomic():
        forms = {}
        for slug, name, schema in forms_2023():
            forms[slug], _created = EntryForm.objects.get_or_create(
                edition=edition, slug=slug, defaults={"name": name, "schema": schema}
            )
        for category in edition.categories.all():
            for kind in category.allowed_entrant_kinds or []:
                slug = form_slug_for(category.code, kind)
                if slug is not None:
                    EntryFormUse.objects.get_or_create(
                        category=category, entrant_kind=kind, defaults={"form": forms[slug]}
                    )
    return forms
