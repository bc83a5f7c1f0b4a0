"""The language switch in Chromium on a 320 px phone: reached and used with the keyboard alone,
it opens the same public page at its Korean address, marks the current language, and nothing on
the page is wider than the screen, in either language; axe-core passes on both."""

import re

import pytest

from tests.browser.support import ARTIFACTS, OVERFLOW, PAST_THE_EDGE, assert_accessible
from tests.factories import CategoryFactory, EditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "() => { const e = document.activeElement; return [e.tagName, e.lang, e.textContent]; }"


def tab_to(page, language: str) -> None:
    for _ in range(12):
        page.keyboard.press("Tab")
        tag, lang, _text = page.evaluate(FOCUSED)
        if tag == "BUTTON" and lang == language:
            return
    raise AssertionError(f"the {language} button is not reachable with Tab")


def nothing_too_wide(page) -> None:
    assert page.evaluate(OVERFLOW) <= 0
    assert page.evaluate(PAST_THE_EDGE) == []


def test_a_visitor_switches_to_korean_with_the_keyboard_on_a_phone(page, live_server):
    edition = EditionFactory(name="서울스마트시티프라이즈 2023 세계도시혁신상 시상식과 전시",
                             slug="seoul-2023")
    CategoryFactory(edition=edition, name="기술혁신도시부문(테크이노베이시티)")
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto(f"/editions/{edition.slug}/", wait_until="load")
    assert re.search(r"/en/editions/seoul-2023/$", page.url)  # the browser asked for English
    assert page.get_attribute("html", "lang") == "en"
    nothing_too_wide(page)
    assert_accessible(page)

    tab_to(page, "ko")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert re.search(r"/ko/editions/seoul-2023/$", page.url)
    assert page.get_attribute("html", "lang") == "ko"
    current = page.locator(".language-switch [aria-current='true']")
    assert current.inner_text() == "한국어" and current.get_attribute("lang") == "ko"
    assert page.evaluate("getComputedStyle(document.body).wordBreak") == "keep-all"
    nothing_too_wide(page)
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "languages-ko-320.png"), full_page=True)

    # the choice is remembered: an address without a language opens in Korean
    page.goto("/winners/", wait_until="load")
    assert re.search(r"/ko/winners/$", page.url)
    nothing_too_wide(page)

    tab_to(page, "en")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert re.search(r"/en/winners/$", page.url)
    assert page.get_attribute("html", "lang") == "en"
