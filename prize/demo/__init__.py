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
        # Each text in English and Korean (django-modeltranslation's columns; docs/translations.md)
        defaults={
            "name_en": "Seoul Smart City Prize 2023",
            "name_ko": "2023 서울스마트시티상",
            "short_name_en": "SSCP23",
            "short_name_ko": "SSCP23",
            "year": 2023,
            "tagline_en": "Rewarding cities, companies, institutions and leaders who use "
            "technology and data to make cities better for the people who live in them.",
            "tagline_ko": "기술과 데이터로 시민의 삶을 더 낫게 만든 도시, 기업, 기관과 리더를 "
            "시상합니다.",
            "about_en": (
                "The Seoul Smart City Prize is awarded by the World Smart Sustainable Cities "
                "Organization (WeGO) and the Seoul Metropolitan Government. It recognises smart "
                "city initiatives that solve real urban problems with citizens, narrow the digital "
                "divide, and the leaders who make such change happen.\n\n"
                "Entries are screened online, then evaluated by a panel of international experts "
                "in three rounds. Winners receive their prize in person at the ceremony in Seoul."
            ),
            "about_ko": (
                "서울스마트시티상은 WeGO(세계스마트지속가능도시협의체)와 서울특별시가 수여하는 "
                "상입니다. 시민과 함께 실제 도시 문제를 해결하고 디지털 격차를 줄인 스마트시티 "
                "사업과, 이러한 변화를 이끈 리더를 발굴하여 시상합니다.\n\n"
                "응모작은 온라인 적격성 검토를 거친 뒤 국제 전문가 심사위원단이 세 차례에 걸쳐 "
                "심사합니다. 수상자는 서울에서 열리는 시상식에서 직접 상을 받습니다."
            ),
            "how_to_enter_en": (
                "Create an account with your e-mail address and confirm it. Complete your profile "
                "(city government, corporation, institution or individual), choose a category "
                "open to you, and fill in the application form. You can save a draft at any time "
                "and submit before the call closes (Seoul time)."
            ),
            "how_to_enter_ko": (
                "이메일 주소로 회원가입한 뒤 이메일 인증을 완료해 주십시오. 내 정보에서 응모자 "
                "유형(도시 정부, 기업, 기관, 개인)을 입력하고, 응모할 수 있는 부문을 골라 응모 "
                "양식을 작성해 주십시오. 작성 중인 응모작은 언제든지 임시 저장할 수 있으며, 공모 "
                "마감(서울 시간) 전에 제출해 주십시오."
            ),
            "time_zone": "Asia/Seoul",
            "call_opens_at": seoul(2023, 3, 1, 9, 0),
            "call_closes_at": seoul(2023, 6, 30, 18, 0),
            "ceremony_at": seoul(2023, 9, 25, 15, 0),
            "ceremony_venue_en": "Dongdaemun Design Plaza (DDP), Seoul",
            "ceremony_venue_ko": "서울 동대문디자인플라자(DDP)",
            "status": EditionStatus.JUDGING,
            "is_current": True,
            "contact_email": "prize@example.org",
        },
    )
    result = DemoResult(edition=edition, judging_open=judging_open)

    # The categories' names are proper names, the same in Korean (docs/korean-glossary.md).
    categories = [
        ("tech-innovacity", "TI", "Tech-InnovaCity",
         "Projects that integrate innovative policy and technology to solve urban problems across "
         "mobility, safety, welfare, environment, energy, culture and governance.",
         "혁신적인 정책과 기술을 결합하여 교통, 안전, 복지, 환경, 에너지, 문화, 행정 등 여러 "
         "분야의 도시 문제를 해결한 사업을 대상으로 합니다.",
         PROJECT_KINDS, 18, 10),
        ("human-centricity", "HC", "Human-CentriCity",
         "Projects that put digital inclusion first and narrow the digital divide for specific "
         "groups such as the elderly, youth and people with disabilities.",
         "디지털 포용을 우선하여 고령층, 청년, 장애인 등 특정 계층의 디지털 격차를 줄인 사업을 "
         "대상으로 합니다.",
         PROJECT_KINDS, 16, 9),
        ("leadership", "LD", "Leadership",
         "Individuals, such as mayors, who led the innovative use of technology and data for "
         "their citizens.",
         "시민을 위해 기술과 데이터의 혁신적인 활용을 이끈 시장 등 개인을 대상으로 합니다.",
         [EntrantKind.INDIVIDUAL], 6, 2),
    ]
    for order, (slug, code, name, description, description_ko, kinds, finalists,
                winners) in enumerate(categories):
        category, _ = Category.objects.update_or_create(
            edition=edition,
            slug=slug,
            defaults={
                "code": code,
                "name_en": name,
                "name_ko": name,
                "description_en": description,
                "description_ko": description_ko,
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
         "18 institutions and 37 corporations.", "https://we-gov.org",
         "WeGO(세계스마트지속가능도시협의체)",
         "본 상의 사무국입니다. 약 160개 지방정부와 18개 기관, 37개 기업이 회원으로 참여하는 "
         "협의체입니다."),
        ("Seoul Metropolitan Government", OrganisationRole.ORGANISER,
         "Co-organiser and host city of the ceremony.", "https://english.seoul.go.kr",
         "서울특별시", "본 상의 공동 주최 기관이자 시상식 개최 도시입니다."),
        ("Seoul National University, Center for International Development Evaluation",
         OrganisationRole.EVALUATION_PARTNER,
         "Runs the evaluation process with the secretariat.", "",
         "서울대학교 국제개발평가센터", "사무국과 함께 심사 과정을 운영합니다."),
        ("Global Green Growth Institute (GGGI)", OrganisationRole.PARTNER,
         "Helps choose a Special Mention.", "https://gggi.org",
         "글로벌녹색성장연구소(GGGI)", "특별상 선정에 참여합니다."),
        ("IMD Smart City Observatory", OrganisationRole.PARTNER,
         "Its Smart City Index weighs economic and technological criteria against human "
         "dimensions; helps choose a Special Mention.", "https://www.imd.org",
         "IMD 스마트시티 옵저버토리",
         "스마트시티 지수로 경제·기술적 기준과 사람 중심의 기준을 함께 평가하며, 특별상 선정에 "
         "참여합니다."),
        ("Le Temps", OrganisationRole.STEERING, "Steering committee.", "",
         "르탕(Le Temps)", "운영위원회 참여 기관입니다."),
        ("SEMI", OrganisationRole.STEERING, "Steering committee.", "",
         "SEMI", "운영위원회 참여 기관입니다."),
    ]
    for order, (name, role, description, url, name_ko, description_ko) in enumerate(
            organisations):
        organisation, _ = Organisation.objects.update_or_create(
            edition=edition,
            name_en=name,
            defaults={"role": role, "description_en": description, "url": url,
                      "order": order, "name_ko": name_ko, "description_ko": description_ko},
        )
        result.organisations.append(organisation)

    milestones = [
        ("Call for entries opens", "", seoul(2023, 3, 1, 9, 0), None, "공모 시작", ""),
        ("Call for entries closes", "Entries submitted by 18:00 Seoul time are considered.",
         seoul(2023, 6, 30, 18, 0), None,
         "공모 마감", "서울 시간 18시까지 제출된 응모작을 심사합니다."),
        ("Round 1: online screening", "Every eligible entry is screened online.",
         seoul(2023, 7, 1, 9, 0), seoul(2023, 7, 7, 18, 0),
         "1차 심사: 온라인 심사", "적격한 모든 응모작을 온라인으로 심사합니다."),
        ("Round 2: finalists shortlisted", "An expert panel shortlists the finalists.",
         seoul(2023, 7, 10, 9, 0), seoul(2023, 7, 19, 18, 0),
         "2차 심사: 최종 후보 선정", "전문가 심사위원단이 최종 후보를 선정합니다."),
        ("Round 3: winners chosen", "The winners are chosen from the finalists.",
         seoul(2023, 7, 24, 9, 0), seoul(2023, 8, 31, 18, 0),
         "3차 심사: 수상작 선정", "최종 후보 가운데 수상작을 선정합니다."),
        ("Award ceremony", "Dongdaemun Design Plaza (DDP), Seoul.",
         seoul(2023, 9, 25, 15, 0), None, "시상식", "서울 동대문디자인플라자(DDP)"),
    ]
    for title, description, starts_at, ends_at, title_ko, description_ko in milestones:
        milestone, _ = Milestone.objects.update_or_create(
            edition=edition,
            title_en=title,
            defaults={"description_en": description, "starts_at": starts_at,
                      "ends_at": ends_at, "title_ko": title_ko,
                      "description_ko": description_ko},
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
