"""The demo season: the Seoul Smart City Prize 2023 as public reporting describes it."""

import importlib
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress

from prize.enums import EditionStatus, EntrantKind, OrganisationRole, Role
from prize.models import Category, Edition, Milestone, Organisation, RoleAssignment, User

DEMO_PASSWORD = "demo-prize-2023"
DEMO_SLUG = "seoul-smart-city-prize-2023"
SEOUL = ZoneInfo("Asia/Seoul")

PROJECT_KINDS = [EntrantKind.CITY_GOVERNMENT, EntrantKind.CORPORATION, EntrantKind.INSTITUTION]

ACCOUNTS = [
    # (label, e-mail, name, role or None for the superuser)
    ("Secretariat (WeGO staff)", "secretariat@example.org", "Min-ji Park", Role.SECRETARIAT),
    ("Coordinator (SNU CIDE)", "coordinator@example.org", "Jae-won Lee", Role.COORDINATOR),
    ("Judge", "judge@example.org", "Amara Okafor", Role.JUDGE),
    ("Entrant", "entrant@example.org", "Lucía Fernández", Role.ENTRANT),
    ("Superuser", "admin@example.org", "Platform Admin", None),
]


# Apps that add their part of the season, in dependency order. Each module has ``load(result)``
# (idempotent; returns lines to print) and ``reset()``. Named, not imported, so the core does
# not depend on the apps.
# "ceremony.demo_next" (a next edition copied from the finished season) goes last: the copy takes
# what every other demo made of 2023.
APP_DEMOS = ["entries.demo", "judging.demo", "ceremony.demo", "ceremony.demo_tools",
             "ceremony.demo_next"]


def app_demos() -> list:
    return [importlib.import_module(name) for name in APP_DEMOS]


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


@dataclass
class DemoResult:
    edition: Edition
    categories: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    accounts: list = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # what the apps made, to print
    # Stop before the winners: the final round stays open for judges to score.
    judging_open: bool = False


def reset_demo() -> None:
    for module in reversed(app_demos()):
        module.reset()
    Edition.objects.filter(slug=DEMO_SLUG).delete()
    User.objects.filter(email__in=[email for _l, email, _n, _r in ACCOUNTS]).delete()


def load_demo(*, judging_open: bool = False) -> DemoResult:
    Edition.objects.exclude(slug=DEMO_SLUG).filter(is_current=True).update(is_current=False)
    edition, _ = Edition.objects.update_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "Seoul Smart City Prize 2023",
            "short_name": "SSCP23",
            "year": 2023,
            "tagline": "Rewarding cities, companies, institutions and leaders who use technology "
            "and data to make cities better for the people who live in them.",
            "about": (
                "The Seoul Smart City Prize is awarded by the World Smart Sustainable Cities "
                "Organization (WeGO) and the Seoul Metropolitan Government. It recognises smart "
                "city initiatives that solve real urban problems with citizens, narrow the digital "
                "divide, and the leaders who make such change happen.\n\n"
                "Entries are screened online, then evaluated by a panel of international experts "
                "in three rounds. Winners receive their prize in person at the ceremony in Seoul."
            ),
            "how_to_enter": (
                "Create an account with your e-mail address and confirm it. Complete your profile "
                "(city government, corporation, institution or individual), choose a category "
                "open to you, and fill in the application form. You can save a draft at any time "
                "and submit before the call closes (Seoul time)."
            ),
            "time_zone": "Asia/Seoul",
            "call_opens_at": seoul(2023, 3, 1, 9, 0),
            "call_closes_at": seoul(2023, 6, 30, 18, 0),
            "ceremony_at": seoul(2023, 9, 25, 15, 0),
            "ceremony_venue": "Dongdaemun Design Plaza (DDP), Seoul",
            "status": EditionStatus.JUDGING,
            "is_current": True,
            "contact_email": "prize@example.org",
        },
    )
    result = DemoResult(edition=edition, judging_open=judging_open)

    categories = [
        ("tech-innovacity", "TI", "Tech-InnovaCity",
         "Projects that integrate innovative policy and technology to solve urban problems across "
         "mobility, safety, welfare, environment, energy, culture and governance.",
         PROJECT_KINDS, 18, 10),
        ("human-centricity", "HC", "Human-CentriCity",
         "Projects that put digital inclusion first and narrow the digital divide for specific "
         "groups such as the elderly, youth and people with disabilities.",
         PROJECT_KINDS, 16, 9),
        ("leadership", "LD", "Leadership",
         "Individuals, such as mayors, who led the innovative use of technology and data for "
         "their citizens.",
         [EntrantKind.INDIVIDUAL], 6, 2),
    ]
    for order, (slug, code, name, description, kinds, finalists, winners) in enumerate(categories):
        category, _ = Category.objects.update_or_create(
            edition=edition,
            slug=slug,
            defaults={
                "code": code,
                "name": name,
                "description": description,
                "allowed_entrant_kinds": [str(k) for k in kinds],
                "finalist_quota": finalists,
                "winner_quota": winners,
                "order": order,
            },
        )
        result.categories.append(category)

    organisations = [
        ("World Smart Sustainable Cities Organization (WeGO)", OrganisationRole.ORGANISER,
         "Secretariat of the prize; an association of about 160 local governments, "
         "18 institutions and 37 corporations.", "https://we-gov.org"),
        ("Seoul Metropolitan Government", OrganisationRole.ORGANISER,
         "Co-organiser and host city of the ceremony.", "https://english.seoul.go.kr"),
        ("Seoul National University, Center for International Development Evaluation",
         OrganisationRole.EVALUATION_PARTNER,
         "Runs the evaluation process with the secretariat.", ""),
        ("Global Green Growth Institute (GGGI)", OrganisationRole.PARTNER,
         "Helps choose a Special Mention.", "https://gggi.org"),
        ("IMD Smart City Observatory", OrganisationRole.PARTNER,
         "Its Smart City Index weighs economic and technological criteria against human "
         "dimensions; helps choose a Special Mention.", "https://www.imd.org"),
        ("Le Temps", OrganisationRole.STEERING, "Steering committee.", ""),
        ("SEMI", OrganisationRole.STEERING, "Steering committee.", ""),
    ]
    for order, (name, role, description, url) in enumerate(organisations):
        organisation, _ = Organisation.objects.update_or_create(
            edition=edition,
            name=name,
            defaults={"role": role, "description": description, "url": url, "order": order},
        )
        result.organisations.append(organisation)

    milestones = [
        ("Call for entries opens", "", seoul(2023, 3, 1, 9, 0), None),
        ("Call for entries closes", "Entries submitted by 18:00 Seoul time are considered.",
         seoul(2023, 6, 30, 18, 0), None),
        ("Round 1: online screening", "Every eligible entry is screened online.",
         seoul(2023, 7, 1, 9, 0), seoul(2023, 7, 7, 18, 0)),
        ("Round 2: finalists shortlisted", "An expert panel shortlists the finalists.",
         seoul(2023, 7, 10, 9, 0), seoul(2023, 7, 19, 18, 0)),
        ("Round 3: winners chosen", "The winners are chosen from the finalists.",
         seoul(2023, 7, 24, 9, 0), seoul(2023, 8, 31, 18, 0)),
        ("Award ceremony", "Dongdaemun Design Plaza (DDP), Seoul.",
         seoul(2023, 9, 25, 15, 0), None),
    ]
    for title, description, starts_at, ends_at in milestones:
        milestone, _ = Milestone.objects.update_or_create(
            edition=edition,
            title=title,
            defaults={"description": description, "starts_at": starts_at, "ends_at": ends_at},
        )
        result.milestones.append(milestone)

    for label, email, name, role in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
        if role is None and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role is not None:
            RoleAssignment.objects.get_or_create(user=user, edition=edition, role=role)
        result.accounts.append((label, user))
    for module in app_demos():
        result.lines += module.load(result)
    return result
