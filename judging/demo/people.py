"""Who judges the demo season and on what: the 16 judges of 2023's panel (invented people), the
criteria of the three rounds, and the conflicts some judges declared before round 1."""

from __future__ import annotations

from dataclasses import dataclass

ENERGY = "Energy"
DIGITAL = "Digital economy"
DISASTER = "Disaster management"
URBAN = "Urban development"

DEMO_JUDGE_EMAIL = "judge@example.org"  # the core demo's judge login
JUDGE_EMAIL = "judge{n:02d}@example.org"
JUDGE_EMAIL_REGEX = r"^judge[0-9]{2}@example\.org$"


@dataclass(frozen=True)
class Judge:
    email: str
    name: str
    organisation: str
    city: str
    country: str
    time_zone: str
    expertise: tuple[str, ...]
    panels: tuple[str, ...]  # category codes
    bias: str  # "lenient", "harsh" or "neutral": how the synthetic scores lean
    bio: str


def _judge(n: int, *args) -> Judge:
    return Judge(JUDGE_EMAIL.format(n=n), *args)


JUDGES: list[Judge] = [
    Judge(DEMO_JUDGE_EMAIL, "Amara Okafor", "West African Cities Forum", "Lagos", "NG",
          "Africa/Lagos", (URBAN, DIGITAL), ("TI", "LD"), "neutral",
          "Urban planner; leads the forum's programme on data-driven city services and has "
          "advised twelve municipalities on digital master plans."),
    _judge(1, "Ingrid Halvorsen", "Nordic Energy Transition Institute", "Oslo", "NO",
           "Europe/Oslo", (ENERGY,), ("TI",), "lenient",
           "Energy systems engineer; twenty years on district heating, smart grids and "
           "municipal energy plans."),
    _judge(2, "Haruka Ishida", "Tokyo Smart Grid Consortium", "Tokyo", "JP", "Asia/Tokyo",
           (ENERGY, DIGITAL), ("TI",), "harsh",
           "Researcher in demand response and energy data platforms for dense cities."),
    _judge(3, "Rafael Domínguez", "Instituto de Ciudades Sostenibles", "Madrid", "ES",
           "Europe/Madrid", (ENERGY, URBAN), ("TI",), "neutral",
           "Architect and energy auditor; evaluates retrofit and renewable programmes for "
           "European cities."),
    _judge(4, "Ji-hoon Park", "Seoul Institute for Urban Resilience", "Seoul", "KR",
           "Asia/Seoul", (DISASTER,), ("TI",), "neutral",
           "Civil engineer specialised in flood forecasting and early-warning systems."),
    _judge(5, "Isabel Reyes", "Asia-Pacific Disaster Risk Network", "Manila", "PH",
           "Asia/Manila", (DISASTER,), ("TI",), "lenient",
           "Coordinates community-based disaster risk reduction programmes across Southeast "
           "Asia."),
    _judge(6, "Valentina Rojas", "Andean Resilient Cities Programme", "Santiago", "CL",
           "America/Santiago", (DISASTER, URBAN), ("TI", "LD"), "neutral",
           "Former head of emergency management of a regional government; now advises on "
           "earthquake preparedness."),
    _judge(7, "Kwame Mensah", "Digital Africa Policy Hub", "Accra", "GH", "Africa/Accra",
           (DIGITAL,), ("TI",), "harsh",
           "Economist working on digital public infrastructure and open data markets."),
    _judge(8, "Claire Dubois", "Observatoire des villes numériques", "Lyon", "FR",
           "Europe/Paris", (URBAN, DIGITAL), ("TI", "LD"), "neutral",
           "Political scientist; studies how mayors govern with data and platforms."),
    _judge(9, "Seo-yeon Kim", "Korea Digital Inclusion Forum", "Seoul", "KR", "Asia/Seoul",
           (DIGITAL,), ("HC",), "neutral",
           "Designs digital literacy programmes for older people and people with "
           "disabilities."),
    _judge(10, "Rahul Mehta", "Centre for Inclusive Digital Economy", "Bengaluru", "IN",
           "Asia/Kolkata", (DIGITAL,), ("HC",), "lenient",
           "Economist; evaluates public digital services for low-income households."),
    _judge(11, "Layla Haddad", "Levant Civic Technology Network", "Amman", "JO",
           "Asia/Amman", (DIGITAL, URBAN), ("HC",), "neutral",
           "Civic technologist; builds participatory tools with refugee and host "
           "communities."),
    _judge(12, "Siobhan Murphy", "Institute for Age-Friendly Cities", "Dublin", "IE",
           "Europe/Dublin", (URBAN,), ("HC", "LD"), "harsh",
           "Gerontologist and planner; author of guidance on age-friendly neighbourhoods."),
    _judge(13, "Min-ho Choi", "Busan Urban Regeneration Centre", "Busan", "KR",
           "Asia/Seoul", (URBAN,), ("HC", "LD"), "neutral",
           "Leads regeneration projects in port districts with residents' councils."),
    _judge(14, "Ana Costa", "Instituto Cidade Acessível", "Curitiba", "BR",
           "America/Sao_Paulo", (URBAN, DIGITAL), ("HC", "LD"), "neutral",
           "Accessibility consultant for transport and public digital services."),
    _judge(15, "James Whitfield", "Pacific Urban Leadership Academy", "Melbourne", "AU",
           "Australia/Melbourne", (URBAN,), ("HC", "LD"), "neutral",
           "Former deputy mayor; trains city leaders in strategy and public engagement."),
]

BIAS = {"lenient": 1.6, "harsh": -1.6, "neutral": 0.0}

# --- criteria ----------------------------------------------------------------------------------

# (name, guidance, weight): the evaluation criteria of the project categories (DOMAIN), scale
# 1-10, every one required; value generation weighs half as much again.
PROJECT_CRITERIA = [
    ("Problem-centred innovation",
     "The problem is well identified, important and evidenced, and citizens took part in "
     "identifying it.", 1),
    ("Rational project design",
     "The technology matches the problem and the design rests on evidence.", 1),
    ("Feasible budgeting and planning",
     "Resources, organisation and staffing are adequate, with a plan for contingencies.", 1),
    ("Meticulous implementation",
     "Implementation is participatory and the project overcame the barriers it met.", 1),
    ("Learning and improvement",
     "Monitoring and evaluation feed back into the project.", 1),
    ("Value generation",
     "Outcomes and impact for citizens, with evidence.", 1.5),
]
LEADERSHIP_CRITERIA = [
    ("Vision and strategy",
     "A clear, long-term vision for the city, with technology and data serving its people.", 1),
    ("Innovative use of technology and data",
     "The nominee led new uses of technology and data that solved real problems.", 1),
    ("Citizen participation and inclusion",
     "Citizens, including those most at risk of exclusion, shaped the work.", 1),
    ("Results for citizens",
     "Measurable improvements in residents' lives that the nominee's leadership made "
     "possible.", 1.5),
    ("Influence beyond the city",
     "Other cities learned from or adopted the approach.", 1),
]


# The criteria in Korean (name, guidance), by their English name (docs/korean-glossary.md).
CRITERIA_KO = {
    "Problem-centred innovation": (
        "문제 중심의 혁신",
        "해결하려는 문제가 분명하고 중요하며 근거로 뒷받침되는지, 문제를 찾는 과정에 시민이 "
        "참여했는지 봅니다."),
    "Rational project design": (
        "합리적인 사업 설계", "기술이 문제에 맞고 사업 설계가 근거에 바탕을 두는지 봅니다."),
    "Feasible budgeting and planning": (
        "실현 가능한 예산과 계획",
        "예산, 조직, 인력이 적절하고 예상하지 못한 상황에 대비한 계획이 있는지 봅니다."),
    "Meticulous implementation": (
        "충실한 추진", "참여형으로 추진되었고 추진 과정의 장애를 극복했는지 봅니다."),
    "Learning and improvement": (
        "학습과 개선", "모니터링과 평가 결과가 사업 개선에 반영되는지 봅니다."),
    "Value generation": (
        "가치 창출", "시민에게 돌아간 성과와 영향을 근거와 함께 봅니다."),
    "Vision and strategy": (
        "비전과 전략",
        "기술과 데이터가 시민을 위해 쓰이는, 도시에 대한 분명하고 장기적인 비전이 있는지 "
        "봅니다."),
    "Innovative use of technology and data": (
        "기술과 데이터의 혁신적 활용",
        "후보자가 실제 문제를 해결한 기술과 데이터의 새로운 활용을 이끌었는지 봅니다."),
    "Citizen participation and inclusion": (
        "시민 참여와 포용",
        "소외될 위험이 가장 큰 시민을 포함하여 시민이 정책을 함께 만들었는지 봅니다."),
    "Results for citizens": (
        "시민을 위한 성과",
        "후보자의 리더십으로 가능해진 주민 삶의 측정 가능한 개선을 봅니다."),
    "Influence beyond the city": (
        "도시를 넘어선 영향", "다른 도시가 그 방식을 배우거나 도입했는지 봅니다."),
}


def criteria_for(code: str) -> list[tuple[str, str, float]]:
    return LEADERSHIP_CRITERIA if code == "LD" else PROJECT_CRITERIA


# --- declared conflicts ------------------------------------------------------------------------

# (judge e-mail, scope, target, reason). The target picks the first eligible entry (by
# reference) of a category and country for "organisation" and "entry"; a city or a country
# otherwise. Declared before round 1, so no round ever assigns these pairs.
DECLARED_CONFLICTS = [
    (DEMO_JUDGE_EMAIL, "entry", ("TI", "KE"),
     "A co-author of my latest report leads this project."),
    (JUDGE_EMAIL.format(n=3), "organisation", ("TI", "ES"),
     "I advised this entrant on its energy programme in 2022."),
    (JUDGE_EMAIL.format(n=9), "city", ("Sejong", "KR"),
     "I sit on Sejong's smart city advisory board."),
    (JUDGE_EMAIL.format(n=7), "entry", ("TI", "GH"),
     "My team evaluated the pilot of this project."),
    (JUDGE_EMAIL.format(n=14), "organisation", ("HC", "NL"),
     "I was a paid consultant to this entrant until 2022."),
    (JUDGE_EMAIL.format(n=11), "country", "KE",
     "I advise the national government's digital transformation programme."),
    (JUDGE_EMAIL.format(n=12), "city", ("Barcelona", "ES"),
     "My partner works in the city's innovation office."),
]

# Judges who recuse while scoring the final round, with their reason.
RECUSALS = [
    (JUDGE_EMAIL.format(n=4), "The project's sensor supplier is my former employer; I only "
                              "noticed it in the annex."),
    (JUDGE_EMAIL.format(n=13), "I reviewed an earlier grant application for this project."),
]

ABSTAIN_REASONS = [
    "Outside my expertise: the project turns on hydrology I cannot judge.",
    "The application is mostly about procurement law, which I cannot assess.",
    "I cannot open the main attachment and the answers refer to it throughout.",
    "Outside my expertise: the health outcomes need a clinician's eye.",
]

PRIVATE_COMMENTS = [
    "Strong on design; the budget table does not add up.",
    "Impact figures look self-reported; worth checking with the city.",
    "Very similar to an entry from last year's programme in another city.",
    "Convincing monitoring framework.",
    "Participation claims are thin: one survey, no follow-up.",
]
FEEDBACK = [
    "A clear problem statement and a well-matched technology. Evidence of outcomes would make "
    "the entry stronger.",
    "The project is promising; describe how residents took part in its design and how you "
    "measure results.",
    "Impressive scale. The budget and staffing plan need more detail.",
    "An inspiring example of inclusion; show how the service will be funded after the pilot.",
]
