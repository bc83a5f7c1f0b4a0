"""The Korean side of the demo season's ceremony: the awards, the winners' citations, the
evening's details, presenters and programme, as the secretariat in Seoul would write them
(docs/korean-glossary.md). Applied after the English is made (``apply``, idempotent), each text
by its English original, so the English demo stays the one source of what exists."""

from __future__ import annotations

from prize.models import Edition

from .demo import CITATIONS, LEADERSHIP_CITATION, MENTION_CITATION, MENTION_PARTNERS
from .demo_evening import ADDRESS, DESCRIPTION
from .models import Award, Ceremony, Decision, Presenter, ProgrammeItem

TIERS_KO = {"Gold": "금상", "Silver": "은상", "Bronze": "동상"}

# English award name: (Korean name, Korean description)
AWARDS_KO = {
    "Tech-InnovaCity Gold": ("Tech-InnovaCity 금상", "Tech-InnovaCity 부문의 금상입니다."),
    "Tech-InnovaCity Silver": ("Tech-InnovaCity 은상", "Tech-InnovaCity 부문의 은상입니다."),
    "Tech-InnovaCity Bronze": ("Tech-InnovaCity 동상", "Tech-InnovaCity 부문의 동상입니다."),
    "Human-CentriCity Gold": ("Human-CentriCity 금상", "Human-CentriCity 부문의 금상입니다."),
    "Human-CentriCity Silver": ("Human-CentriCity 은상",
                                "Human-CentriCity 부문의 은상입니다."),
    "Human-CentriCity Bronze": ("Human-CentriCity 동상",
                                "Human-CentriCity 부문의 동상입니다."),
    "Leadership Award": ("리더십상", "2023년에는 두 명이 공동 수상했습니다."),
    "Special Mention": ("특별상", "협력 기관인 GGGI, IMD와 함께 세 도시를 선정했습니다."),
}

CITATIONS_KO = [
    "심사위원단은 시민이 문제를 함께 정의하고, 그 성과를 해마다 공개적으로 측정한 점을 높이 "
    "평가했습니다.",
    "심사위원단은 실제 필요에 맞는 적정 기술을 택한 설계와, 다른 도시도 감당할 수 있는 예산을 "
    "높이 평가했습니다.",
    "심사위원단은 그동안 도시가 닿지 못했던 시민에게 다가가려는 노력과, 그 효과를 보여 준 "
    "근거를 높이 평가했습니다.",
    "심사위원단은 사업이 초기 몇 년의 경험에서 배우고 방향을 바꾼 점을 높이 평가했습니다.",
    "심사위원단은 데이터로 입증되고 시민의 목소리로 전해진, 일상생활에 대한 영향을 높이 "
    "평가했습니다.",
]
MENTION_CITATION_KO = ("GGGI, IMD와 함께 선정: 삶의 질과 환경이 기술만큼 중요하다는 것을 "
                       "보여 준 도시입니다.")
LEADERSHIP_CITATION_KO = ("심사위원단은 데이터와 기술을 시민을 위해 쓰고 행정 조직 전체를 "
                          "이끈 리더십을 높이 평가했습니다.")

ADDRESS_KO = "서울특별시 중구 을지로 281 (우 04566)"
DESCRIPTION_KO = (
    "제1회 서울스마트시티상 시상식은 서울에서 열리는 스마트시티 행사의 하나로 "
    "동대문디자인플라자(DDP)에서 개최됩니다. 국제 심사위원단이 최종 후보 40건 가운데 선정한 "
    "수상자는 운영위원회 위원에게서 직접 상을 받습니다. 수상 결과는 무대에서 발표될 때까지 "
    "공개되지 않습니다."
)

# presenter (by name): (title, organisation, bio)
PRESENTERS_KO = {
    "Secretary General of WeGO": (
        "사무총장", "WeGO(세계스마트지속가능도시협의체)",
        "본 상의 사무국인 WeGO는 스마트하고 지속 가능한 도시를 위해 일하는 약 160개 "
        "지방정부와 기관, 기업이 모인 협의체입니다."),
    "Mayor of Seoul": (
        "시장", "서울특별시", "서울특별시는 본 상을 공동 주최하며 시상식을 개최합니다."),
    "President of Le Temps": ("대표", "르탕(Le Temps)", "본 상의 운영위원회 위원입니다."),
    "President & CEO of SEMI": ("회장 겸 CEO", "SEMI", "본 상의 운영위원회 위원입니다."),
    "Director-General of GGGI": (
        "사무총장", "글로벌녹색성장연구소(GGGI)",
        "본 상의 운영위원회 위원이며, GGGI는 특별상 선정에 참여합니다."),
    "President of IMD's Smart City Observatory": (
        "대표", "IMD 스마트시티 옵저버토리",
        "본 상의 운영위원회 위원이며, IMD 스마트시티 지수는 기술과 함께 삶의 질과 환경을 "
        "평가합니다."),
}

# programme item (by English title): (title, public description)
PROGRAMME_KO = {
    "Welcome": ("개회", "제1회 서울스마트시티상 시상식을 시작합니다."),
    "Opening address": ("개회사", "개최 도시가 시민을 위한 스마트시티에 대해 말씀드립니다."),
    "Musical interlude": ("축하 공연", "한국 전통 음악 공연이 짧게 이어집니다."),
    "Special Mentions": ("특별상 시상", "협력 기관인 GGGI, IMD와 함께 선정한 세 도시를 "
                                      "시상합니다."),
    "Bronze prizes": ("동상 시상", "Tech-InnovaCity 부문과 Human-CentriCity 부문의 동상을 "
                                  "시상합니다."),
    "Silver prizes": ("은상 시상", "Tech-InnovaCity 부문과 Human-CentriCity 부문의 은상을 "
                                  "시상합니다."),
    "Leadership Award": ("리더십상 시상", "시민을 위한 기술과 데이터 활용을 이끈 공동 수상자 "
                                       "두 명을 시상합니다."),
    "Gold prizes": ("금상 시상", "두 사업 부문의 금상을 시상합니다."),
    "Group photo": ("단체 사진", "모든 수상자가 운영위원회 위원과 함께 사진을 찍습니다."),
    "Closing": ("폐회", "폐회사와 함께 다음 회차에 초대합니다."),
}


def apply(edition: Edition) -> None:
    """Give the demo season's ceremony texts their Korean (idempotent)."""
    for award in Award.objects.filter(edition=edition):
        name_ko, description_ko = AWARDS_KO.get(award.name_en, (None, ""))
        if name_ko is None:
            continue
        Award.objects.filter(pk=award.pk).update(
            name_ko=name_ko, tier_ko=TIERS_KO.get(award.tier_en or "", ""),
            description_ko=description_ko)
    mention = MENTION_CITATION.format(partners=" and ".join(MENTION_PARTNERS))
    citations = {**dict(zip(CITATIONS, CITATIONS_KO, strict=True)),
                 LEADERSHIP_CITATION: LEADERSHIP_CITATION_KO, mention: MENTION_CITATION_KO}
    for english, korean in citations.items():
        Decision.objects.filter(award__edition=edition, citation_en=english).update(
            citation_ko=korean)
    Ceremony.objects.filter(edition=edition, address_en=ADDRESS).update(address_ko=ADDRESS_KO)
    Ceremony.objects.filter(edition=edition, description_en=DESCRIPTION).update(
        description_ko=DESCRIPTION_KO)
    for name, (title, organisation, bio) in PRESENTERS_KO.items():
        Presenter.objects.filter(edition=edition, name=name).update(
            title_ko=title, organisation_ko=organisation, bio_ko=bio)
    for english, (title, description) in PROGRAMME_KO.items():
        ProgrammeItem.objects.filter(edition=edition, title_en=english).update(
            title_ko=title, description_ko=description)
