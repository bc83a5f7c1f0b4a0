"""The prize in Korean, in Chromium on a 320 px phone, through the pages only: a visitor switches
the site to 한국어, signs up and confirms the address, fills in the entrant profile, enters
Human-CentriCity on the real 2023 form read in Korean (answering in Korean), reviews and submits,
and gets the receipt e-mail in Korean; then a judge whose language is Korean scores the entry on
criteria named in Korean and submits the review. On every page: <html lang="ko">, axe-core
passes, and no element is wider than the screen.

No Korean is written here: every label is looked up in the catalogue or in the form's own
translations, so the test follows the translations as they change, and fails if a page shows
the English instead."""

import re

import pytest
from django.core import mail
from django.utils import translation

from entries.enums import EntryStatus
from entries.forms_2023 import install_forms
from entries.models import Entry
from entries.schema import Schema
from judging.enums import ReviewStatus, RoundStatus
from judging.models import Assignment, Review
from prize.enums import EntrantKind, Role
from prize.models import Notification, User
from tests.browser.support import ARTIFACTS, OVERFLOW, PAST_THE_EDGE, assert_accessible
from tests.factories import (
    PASSWORD,
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    RoleFactory,
    RoundEntryFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "jiyoung.kim@example.org"
TITLE = "어르신을 위한 디지털 동반자 사업"
PROJECT_KINDS = [EntrantKind.CITY_GOVERNMENT, EntrantKind.CORPORATION, EntrantKind.INSTITUTION]
WIDTH = 320


def ko(message: str, **values) -> str:
    """``message`` as the Korean catalogue has it (and proof that it has it)."""
    with translation.override("ko"):
        text = translation.gettext(message)
    assert text != message, f"no Korean for {message!r}"
    return text % values if values else text


def checked(page, name: str) -> None:
    """The page is in Korean, accessible and nothing on it is wider than the phone."""
    assert page.get_attribute("html", "lang") == "ko", page.url
    assert page.evaluate(OVERFLOW) <= 0, page.url
    assert page.evaluate(PAST_THE_EDGE) == [], page.url
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"korean-320-{name}.png"), full_page=True)


@pytest.fixture
def season(db):
    edition = EditionFactory(name="Seoul Smart City Prize 2023", short_name="SSCP23",
                             slug="seoul-smart-city-prize-2023", name_ko="2023 서울스마트시티상")
    CategoryFactory(edition=edition, code="TI", name="Tech-InnovaCity", slug="tech-innovacity",
                    order=0, allowed_entrant_kinds=PROJECT_KINDS)
    CategoryFactory(edition=edition, code="HC", name="Human-CentriCity",
                    slug="human-centricity", order=1, allowed_entrant_kinds=PROJECT_KINDS,
                    description="Projects that put digital inclusion first.",
                    description_ko="디지털 포용을 최우선으로 하는 사업")
    install_forms(edition)
    return edition


def korean_labels(edition) -> dict[str, Schema]:
    form = edition.entry_forms.get(slug="hc-city")
    schema = Schema.parse(form.schema, language="ko")
    labels = {}
    for step in schema.steps:
        for field in step.fields:
            labels[field.key] = field
    return labels


def save_and_continue(page, entry_pk, next_step):
    page.get_by_role("button", name=ko("Save and continue")).click()
    page.wait_for_url(f"**/entries/{entry_pk}/{next_step}/")


def test_a_korean_visitor_enters_on_a_phone_and_a_korean_judge_scores_it(
    browser, live_server, season, request
):
    edition = season
    fields = korean_labels(edition)
    assert fields["title"].label != "Project title"  # the form speaks Korean

    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": WIDTH, "height": 740},
                                  locale="en-GB")  # the browser asks for English first
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        # --- The switch: English first, then 한국어 ---------------------------------------------
        page.goto("/", wait_until="load")
        assert page.get_attribute("html", "lang") == "en"
        page.locator(".language-switch button[lang='ko']").first.click()
        page.wait_for_url("**/ko/")
        checked(page, "home")

        # --- Sign up and confirm, in Korean ----------------------------------------------------
        page.get_by_role("link", name=ko("Sign up")).first.click()
        page.wait_for_url("**/accounts/signup/")
        checked(page, "signup")
        page.get_by_label(ko("Full name")).fill("김지영")
        page.get_by_label(ko("Email")).fill(EMAIL)
        page.get_by_label(ko("Password"), exact=True).fill(PASSWORD)
        page.get_by_label(ko("Password (again)")).fill(PASSWORD)
        page.get_by_role("button", name=ko("Sign Up")).click()
        page.wait_for_url("**/accounts/confirm-email/")
        user = User.objects.get(email=EMAIL)
        assert user.language == "ko"  # signed up in Korean: e-mails follow
        (confirmation,) = Notification.objects.filter(to_email=EMAIL)
        assert confirmation.language == "ko"
        link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
        page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
        checked(page, "confirm")
        page.get_by_role("button", name=ko("Confirm")).click()
        page.wait_for_url("**/accounts/login/")
        page.get_by_label(ko("Email")).fill(EMAIL)
        page.get_by_label(ko("Password")).fill(PASSWORD)
        page.get_by_role("button", name=ko("Log in")).click()
        page.wait_for_url("**/dashboard/")
        checked(page, "dashboard")

        # --- The profile, then the Korean form ------------------------------------------------
        page.goto("/entries/", wait_until="load")
        checked(page, "entries")
        hc = edition.categories.get(code="HC")
        page.locator(f"a[href$='/entries/start/{hc.pk}/']").first.click()
        page.wait_for_url("**/entries/profile/?next=*")
        checked(page, "profile")
        page.get_by_label(ko("City government")).check()
        page.get_by_label(ko("Name of the organisation, or your own name")).fill("서울특별시")
        page.get_by_label(ko("City"), exact=True).fill("서울")
        page.get_by_label(ko("Country")).select_option(value="KR")
        page.get_by_label(ko("Contact person")).fill("김지영")
        page.get_by_label(ko("Contact e-mail")).fill(EMAIL)
        page.get_by_role("button", name=ko("Save and continue")).click()
        page.wait_for_url(f"**/entries/start/{hc.pk}/")
        checked(page, "start")
        page.get_by_role("button", name=ko("Start the entry")).click()
        page.wait_for_url("**/entries/*/steps/overview/")
        entry = Entry.objects.get(entrant__members__user=user)
        checked(page, "step-overview")

        def label(key):  # "사업명 (필수)": the label, then its required mark
            return page.get_by_label(re.compile(rf"^{re.escape(fields[key].label)}(\s|$)"))

        def option(key, value):
            return page.get_by_label(dict(fields[key].choices)[value], exact=True)

        label("title").fill(TITLE)
        label("summary").fill("65세 이상 주민이 도서관에서 자원봉사자와 함께 휴대전화로 진료 "
                              "예약과 연금 신청, 가족과의 영상 통화를 배웁니다.")
        option("sectors", "welfare").check()
        option("target_groups", "elderly").check()  # required in Human-CentriCity
        option("stage", "operating").check()
        label("period_start").fill("2021-03-15")
        save_and_continue(page, entry.pk, "steps/city")
        label("city_population").fill("9386034")
        label("department").fill("디지털정책과")
        save_and_continue(page, entry.pk, "steps/problem")
        label("problem").fill("65세 이상 주민 열 명 중 네 명이 온라인으로 "
                              "진료를 예약하지 못했습니다.")
        label("problem_identification").fill("주민 총회와 어르신 3,000명 설문 조사로 파악했습니다.")
        save_and_continue(page, entry.pk, "steps/design")
        label("design").fill("집 가까운 도서관에서 서로 배우는 방식입니다.")
        label("technology").fill("누구나 가진 안드로이드 휴대전화에 단순한 화면을 씁니다.")
        save_and_continue(page, entry.pk, "steps/budget")
        checked(page, "step-budget")
        label("budget_amount").fill("650000000")
        label("budget_currency").select_option(value="KRW")
        label("funding_sources").fill("시 예산과 국가 디지털 역량 기금")
        label("staffing").fill("코디네이터 4명과 자원봉사자 220명")
        save_and_continue(page, entry.pk, "steps/implementation")
        label("implementation").fill("25개 자치구 도서관에서 매주 두 시간씩 교육합니다.")
        save_and_continue(page, entry.pk, "steps/learning")
        label("monitoring").fill("월별 출석 기록과 연 1회 역량 조사")
        save_and_continue(page, entry.pk, "steps/impact")
        label("outcomes").fill("주민 12,400명이 교육을 받았습니다.")
        columns = dict(fields["indicators"].columns)
        for column, value in (("indicator", "온라인 예약 비율"), ("baseline", "18%"),
                              ("result", "41%")):
            page.get_by_label(re.compile(rf"^{re.escape(columns[column])}.*1")).fill(value)
        save_and_continue(page, entry.pk, "steps/partners")
        save_and_continue(page, entry.pk, "attachments")
        checked(page, "attachments")
        page.get_by_role("button", name=ko("Save and continue")).click()

        # --- Review and submit ----------------------------------------------------------------
        page.wait_for_url(f"**/entries/{entry.pk}/review/")
        checked(page, "review")
        assert page.get_by_text(ko("Everything required is filled in. Read your entry through "
                                     "once more, then submit it.")).is_visible()
        page.get_by_role("button", name=ko("Submit the entry")).click()
        page.wait_for_url(f"**/entries/{entry.pk}/")
        checked(page, "submitted")
        entry.refresh_from_db()
        assert (entry.status, entry.reference) == (EntryStatus.SUBMITTED, "SSCP23-HC-0001")
        assert entry.answers["title"] == TITLE  # kept as written
        (receipt,) = Notification.objects.filter(template="entries/receipt")
        assert receipt.language == "ko"
        (sent,) = [m for m in mail.outbox if m.to == [EMAIL] and "SSCP23-HC-0001" in m.subject]
        assert sent.subject.startswith(ko("Entry received: %(reference)s",
                                          reference="SSCP23-HC-0001"))
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-entrant.png"), full_page=True)
        raise
    finally:
        context.close()

    # --- A judge reads and scores it in Korean --------------------------------------------------
    entry.status = EntryStatus.ELIGIBLE
    entry.save(update_fields=["status"])
    round = RoundFactory(edition=edition, number=1, status=RoundStatus.OPEN, blind=False,
                         name="Round 1", name_ko="1차 심사")
    criteria = {"Innovation": "혁신성", "Impact": "영향력"}
    for order, (name, name_ko) in enumerate(criteria.items()):
        CriterionFactory(round=round, category=entry.category, name=name, name_ko=name_ko,
                         guidance="How strong it is.", guidance_ko="얼마나 뛰어난지 평가합니다.",
                         order=order)
    RoundEntryFactory(round=round, entry=entry)
    judge = UserFactory(email="judge.lee@example.org", name="이민호", language="ko")
    RoleFactory(user=judge, edition=edition, role=Role.JUDGE)
    assignment = Assignment.objects.create(round=round, entry=entry, judge=judge)

    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": WIDTH, "height": 740},
                                  locale="ko-KR")  # a Korean browser: the first visit follows it
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/accounts/login/", wait_until="load")
        checked(page, "login")
        page.get_by_label(ko("Email")).fill(judge.email)
        page.get_by_label(ko("Password")).fill(PASSWORD)
        page.get_by_role("button", name=ko("Log in")).click()
        page.wait_for_url(lambda url: "/dashboard/" in url or "/judging/" in url)
        page.goto("/judging/", wait_until="load")
        checked(page, "judging")
        page.locator(f"a[href*='/entries/{entry.pk}/']").first.click()
        page.wait_for_url("**/judging/rounds/*/entries/*/")
        checked(page, "scoring")
        # on a phone the entry and the score are two panels, switched from a bar at the top
        switch = page.get_by_role("group", name=ko("Show the entry or your scores"))
        box = switch.get_by_role("button", name=re.compile(f"^{ko('Score')}")).bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.get_by_text("얼마나 뛰어난지 평가합니다.").first.is_visible()
        for value, name_ko in zip(("8", "7"), criteria.values(), strict=True):
            box = page.get_by_label(re.compile(rf"^\d\. {name_ko}"))
            box.fill(value)
        page.get_by_role("button", name=ko("Submit the review")).click()
        page.get_by_role("button", name=ko("Reopen")).wait_for()
        checked(page, "scored")
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-judge.png"), full_page=True)
        raise
    finally:
        context.close()

    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.SUBMITTED
    assert sorted(s.value for s in review.scores.all()) == [7, 8]
