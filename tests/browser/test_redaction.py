"""Staff hide passages from judges in Chromium: a suggestion's button, and words selected in an
answer copied into the form; the page passes axe-core, keeps its structure and fits a phone."""

import re

import pytest
from django.conf import settings

from entries.redaction_models import Redaction
from tests.browser.support import OVERFLOW, assert_accessible, check_structure
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.entries.test_redaction import ANSWERS, BLIND_SCHEMA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, season, persona):  # noqa: F811
    client = season.client(persona)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


@pytest.fixture
def entry(season):  # noqa: F811 (the fixture by name)
    form = season.entry.form
    form.schema = BLIND_SCHEMA
    form.save()
    season.entry.answers = dict(ANSWERS)
    season.entry.save()
    return season.entry


def select_words(page, field: str, words: str) -> None:
    """Select ``words`` in the answer of ``field`` as a mouse would."""
    page.evaluate("""([field, words]) => {
        const answer = document.querySelector(`.redaction-text[data-field="${field}"]`);
        const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(words);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return;
            }
        }
        throw new Error("not found: " + words);
    }""", [field, words])


def test_staff_hide_a_suggestion_and_selected_words(page, live_server, season,  # noqa: F811
                                                      entry):
    log_in(page, live_server, season, "secretariat")
    page.goto(f"/entries/staff/{season.edition.slug}/entries/{entry.pk}/")
    page.get_by_role("link", name="Hide passages from judges").click()
    page.get_by_role("heading", name="Hide passages from judges").wait_for()
    check_structure(page)
    assert_accessible(page)

    summary = page.locator('section[aria-labelledby="answer-summary"]')
    summary.get_by_role("button", name=re.compile(r"^Hide in this answer\W+City of Seoul$")) \
        .click()
    page.wait_for_selector("text=“City of Seoul” is hidden from judges of blind rounds")
    assert page.locator('.redaction-text[data-field="summary"] mark.redaction-hidden') \
        .first.inner_text() == "City of Seoul"
    assert_accessible(page)

    select_words(page, "summary", "older people")
    page.get_by_role("button", name=re.compile(r"^Copy the selected words.*Short summary$")) \
        .click()
    passage = page.get_by_label("Passage to hide")
    assert passage.input_value() == "older people"
    assert page.evaluate("document.activeElement.name") == "text"
    assert page.get_by_label("Hide it in").input_value() == "summary"
    page.get_by_role("button", name="Hide from judges").click()
    page.wait_for_selector("text=“older people” is hidden from judges of blind rounds")
    assert sorted(Redaction.objects.values_list("text", flat=True)) == [
        "City of Seoul", "older people"]

    passage = page.get_by_label("Passage to hide")
    passage.fill("Busan")
    page.get_by_role("button", name="Hide from judges").click()
    page.wait_for_selector("text=Nothing was hidden: please correct the form.")
    assert page.get_by_label("Passage to hide").input_value() == "Busan"
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate(OVERFLOW) <= 0
