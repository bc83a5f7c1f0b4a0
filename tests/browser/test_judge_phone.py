"""The scoring page in Chromium as a judge uses it on a phone and on a wide screen.

At 375 px the judge switches from a long entry to the score form without scrolling, types the
scores and watches the switch's count and total change, keeps the form shown over the autosave
and a reload, comes back to the entry where they left it, and after a refused submit lands on the
form with the missing score focused. At 1280 px, with the keyboard only, "Read here" opens the
entry's PDF in a frame beside the form (the frame's address answers a PDF shown inline), and
closing it gives the focus back."""

import re
import time

import pytest
from django.conf import settings
from django.urls import reverse

from entries.models import Entry
from entries.samples import sample_pdf
from tests.browser.support import OVERFLOW, assert_accessible, check_structure
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)
from tests.judging.test_judge_views import attach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
WIDE = {"width": 1280, "height": 900}
# A long summary, as real entries have: the form is thousands of pixels below on a phone.
SUMMARY = "\n\n".join(
    f"Part {n}. Sensors at every school crossing count the children and the cars, and the "
    "lights give the children more time when the crossing is busy." for n in range(1, 31))


def log_in(page, live_server, client):
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


def until(page, expression: str, timeout: float = 10.0) -> None:
    """Wait for a JavaScript expression to hold (Playwright's wait_for_function polls with an
    eval, which the page's policy refuses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, expression
        page.wait_for_timeout(50)


def tab_to(page, expression: str, *, key: str = "Tab", limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the expression about the focused element holds."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(expression):
            return
    raise AssertionError(f"{key} never reached: {expression}")


def accessible(page) -> None:
    """axe-core clean, once no autosave is on its way (its "Saving" fades in); then the empty
    style attributes axe leaves on form fields are taken off again, or the next autosave's swap
    would copy them, against the page's policy."""
    until(page, "!document.querySelector('.htmx-request')")
    assert_accessible(page)
    page.evaluate("document.querySelectorAll('[style=\"\"]').forEach("
                  "(e) => e.removeAttribute('style'))")


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def in_view(page, selector) -> bool:
    """Whether the element's top is on screen, below the sticky switch when there is one."""
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        const bar = document.querySelector('.judge-switch');
        const under = bar && bar.offsetParent ? bar.getBoundingClientRect().bottom : 0;
        return box.top >= under - 1 && box.top < window.innerHeight;
    }""", selector)


SWITCH = "Show the entry or your scores"


def pressed(page, name) -> str:
    return page.get_by_role("group", name=SWITCH).get_by_role(
        "button", name=re.compile(f"^{name}")).get_attribute("aria-pressed")


def tap(page, name):
    """A finger on the switch's button: where it is on the screen now (a locator's click would
    first scroll the sticky bar to where it sits in the page)."""
    box = page.get_by_role("group", name=SWITCH).get_by_role(
        "button", name=re.compile(f"^{name}")).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def score_box(page, name):
    return page.get_by_label(re.compile(rf"^\d\. {name}"))


@pytest.fixture
def long_entry(judging):  # noqa: F811
    entry = judging.entry
    Entry.objects.filter(pk=entry.pk).update(answers={**entry.answers, "summary": SUMMARY})
    return judging


def test_on_a_phone_the_judge_switches_between_the_entry_and_the_score_form(
    page, live_server, long_entry
):
    judging = long_entry  # noqa: F811 (the fixture with a long entry)
    log_in(page, live_server, judging.client("judge"))
    page.set_viewport_size(PHONE)
    url = reverse("judging:review", args=[judging.round.pk, judging.entry.pk])
    page.goto(url)

    # The entry first; the switch at the top, the form not shown.
    switch = page.get_by_role("group", name=SWITCH)
    assert switch.is_visible()
    assert (pressed(page, "Entry"), pressed(page, "Score")) == ("true", "false")
    assert switch.get_by_role("button", name=re.compile("^Score")).inner_text().split() == \
        ["Score", "0", "of", "3", "scored"]
    assert page.get_by_text("Part 30.").is_visible()
    assert not score_box(page, "Innovation").is_visible()
    assert not page.get_by_role("link", name="Skip to your scores").is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    check_structure(page)
    accessible(page)

    # Reading far down the entry, the switch stays at the top of the screen.
    page.mouse.wheel(0, 2500)
    until(page, "window.scrollY >= 2500")
    reading_at = page.evaluate("window.scrollY")
    assert page.evaluate(
        "document.querySelector('.judge-switch').getBoundingClientRect().top") == 0

    # To the form: its heading has the focus, its top is in view, the entry is not shown.
    tap(page, "Score")
    assert (pressed(page, "Entry"), pressed(page, "Score")) == ("false", "true")
    assert focused(page) == "review-heading"
    assert in_view(page, "#review-heading")
    assert not page.get_by_text("Part 30.").is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    check_structure(page)

    # Scores typed: the total and the switch's count follow.
    total = page.locator("#running-total")
    state = page.locator("#score-state")
    score_box(page, "Innovation").fill("8")
    assert state.inner_text() == "1 of 3 scored"
    assert total.inner_text() == "shown once every required criterion is scored"
    score_box(page, "Design").fill("6")
    score_box(page, "Impact").fill("7")
    assert total.inner_text() == "69.4 / 100"
    assert state.inner_text() == "3 of 3 scored · 69.4"
    page.locator("#save-status").get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    # The autosave changed nothing of what is shown.
    assert pressed(page, "Score") == "true" and score_box(page, "Impact").is_visible()
    accessible(page)

    # Back to the entry, where the judge was reading.
    tap(page, "Entry")
    assert (pressed(page, "Entry"), pressed(page, "Score")) == ("true", "false")
    assert focused(page) == "entry-heading"
    assert abs(page.evaluate("window.scrollY") - reading_at) < 5
    assert page.get_by_text("Part 20.").is_visible()
    assert not score_box(page, "Innovation").is_visible()
    accessible(page)

    # The choice is kept over a reload (a plain "Save" reloads the page).
    tap(page, "Score")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d\.")).wait_for()
    page.wait_for_load_state()  # the page's script has run
    assert pressed(page, "Score") == "true"
    assert state.inner_text() == "3 of 3 scored · 69.4"
    assert score_box(page, "Impact").input_value() == "7"

    # A refused submit: the form, with the focus on the score that is missing.
    score_box(page, "Design").fill("")
    page.get_by_role("button", name="Submit the review").click()
    page.get_by_text(re.compile("^Not submitted:")).wait_for()
    page.wait_for_load_state()
    assert pressed(page, "Score") == "true"
    assert focused(page) == score_box(page, "Design").get_attribute("id")
    assert in_view(page, "#" + focused(page))
    assert page.get_by_text("Score this criterion to submit the review.").is_visible()

    # At 320 px nothing scrolls sideways either.
    page.set_viewport_size({"width": 320, "height": 640})
    for name in ("Entry", "Score"):
        tap(page, name)
        assert page.evaluate(OVERFLOW) <= 0, name
    accessible(page)

    # A tablet turned to landscape: the entry and the form side by side, no switch.
    page.set_viewport_size({"width": 1024, "height": 768})
    assert not switch.is_visible()
    assert page.get_by_role("heading", name="The entry").is_visible()
    assert score_box(page, "Design").is_visible()
    entry_box = page.locator("#entry-panel").bounding_box()
    assert entry_box["x"] + entry_box["width"] <= page.locator("#score-panel").bounding_box()["x"]


def test_on_a_wide_screen_a_pdf_is_read_beside_the_form_with_the_keyboard(
    page, live_server, judging  # noqa: F811
):
    report = attach(judging.entry, "Crossings report.pdf",
                    content=sample_pdf("Crossings report", "Sensors at every crossing."))
    log_in(page, live_server, judging.client("judge"))
    page.set_viewport_size(WIDE)
    page.goto(reverse("judging:review", args=[judging.round.pk, judging.entry.pk]))
    form = page.locator("#score-panel")
    viewer = page.locator("#file-viewer")
    assert not page.get_by_role("group", name=SWITCH).is_visible()
    assert not viewer.is_visible()

    # Tab to "Read here" and press Enter.
    read_here = page.get_by_role("link", name=re.compile(r"^Read here ?: Crossings report\.pdf$"))
    tab_to(page, "document.activeElement.textContent.trim().startsWith('Read here')")
    assert read_here.evaluate("link => link === document.activeElement")
    page.keyboard.press("Enter")

    assert viewer.is_visible()
    assert focused(page) == "file-viewer-heading"
    assert viewer.get_by_role("heading").inner_text() == "Reading: Crossings report.pdf"
    assert page.evaluate("location.search") == f"?read={report.pk}"
    frame = page.locator("#file-viewer-frame")
    assert frame.get_attribute("title") == "Crossings report.pdf"
    # (the browser's PDF viewer is left to settle before the frame is closed below)
    frame.element_handle().content_frame().wait_for_load_state()
    # Beside the form: side by side, both in view.
    framed, scoring = frame.bounding_box(), form.bounding_box()
    assert framed["x"] + framed["width"] <= scoring["x"]
    assert framed["width"] > 500 and framed["height"] > 500
    assert in_view(page, "#file-viewer-frame") and in_view(page, "#review-heading")
    # The frame's address answers the PDF, to be shown inline, framed by this site only.
    answer = page.request.get(frame.get_attribute("src"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == 'inline; filename="Crossings report.pdf"'
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in answer.headers["content-security-policy"]
    assert answer.body().startswith(b"%PDF-")
    # Open in a new tab and download stay at hand.
    assert viewer.get_by_role("link", name="Open in a new tab").get_attribute("href") == \
        frame.get_attribute("src")
    assert viewer.get_by_role("link", name="Download").get_attribute("href") == \
        reverse("judging:review_attachment",
                args=[judging.round.pk, judging.entry.pk, report.pk])
    assert page.evaluate(OVERFLOW) <= 0
    check_structure(page)

    # On to the scores, typed beside the file.
    tab_to(page, f"document.activeElement.id === 'score-{judging.criteria[0].pk}'")
    page.keyboard.type("9")
    page.locator("#save-status").get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    assert viewer.is_visible()
    accessible(page)

    # Close it: the focus goes back to the link that opened it.
    tab_to(page, "document.activeElement.id === 'file-viewer-close'", key="Shift+Tab")
    page.keyboard.press("Enter")
    assert not viewer.is_visible()
    assert read_here.evaluate("link => link === document.activeElement")
    assert page.evaluate("location.search") == ""


def test_without_javascript_a_phone_gets_both_panels_a_skip_link_and_the_pdf_reader(
    browser, live_server, judging  # noqa: F811
):
    report = attach(judging.entry, "Crossings report.pdf",
                    content=sample_pdf("Crossings report", "Sensors at every crossing."))
    context = browser.new_context(base_url=live_server.url, viewport=PHONE,
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, judging.client("judge"))
        page.goto(reverse("judging:review", args=[judging.round.pk, judging.entry.pk]))

        # No switch: the entry, then the form, and a link from one to the other.
        assert not page.get_by_role("group", name=SWITCH).is_visible()
        assert page.get_by_role("heading", name="The entry").is_visible()
        assert score_box(page, "Innovation").is_visible()
        skip = page.get_by_role("link", name="Skip to your scores")
        assert skip.is_visible()
        skip.click()
        page.wait_for_url("**#review-heading")
        deadline = time.monotonic() + 5  # Bootstrap scrolls smoothly to a link's target
        while not in_view(page, "#review-heading"):
            assert time.monotonic() < deadline, "the form's heading never came into view"
            page.wait_for_timeout(50)

        # "Read here" loads the page again with the file in its viewer.
        page.get_by_role("link", name=re.compile(r"^Read here")).click()
        page.wait_for_url(f"**?read={report.pk}#file-viewer")
        viewer = page.locator("#file-viewer")
        assert viewer.is_visible()
        assert viewer.get_by_role("heading").inner_text() == "Reading: Crossings report.pdf"
        assert page.locator("#file-viewer-frame").get_attribute("src").endswith("?inline=1")
        assert page.evaluate(OVERFLOW) <= 0
        viewer.get_by_role("link", name="Close the file").click()
        page.wait_for_url(lambda url: "read=" not in url)
        assert not viewer.is_visible()
    finally:
        context.close()
