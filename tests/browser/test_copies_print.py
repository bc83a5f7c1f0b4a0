"""The entry page in Chromium: its copies download, its "Print" button prints, and on paper
it shows the entry and every answer in full, without the site's navigation or buttons, each
step on a page of its own."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.browser.support import OVERFLOW, assert_accessible
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.entries.test_copies import ANSWERS, COPY_FORM
from tests.factories import EntryFormFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NOTES = "Every crossing was measured before and after. " * 400


def log_in(page, live_server, client):
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


@pytest.fixture
def entry(season):  # noqa: F811 (the fixture, by name)
    entry = season.entry
    entry.form = EntryFormFactory(edition=season.edition, schema=COPY_FORM)
    entry.answers = {**ANSWERS, "notes": LONG_NOTES, "indicators": [
        {"indicator": "Falls at crossings, counted by the city's sensors every hour",
         "result": "-37% " + "x" * 300}]}
    entry.save()
    return entry


def test_the_entry_page_offers_its_copies_and_prints_cleanly(page, live_server, season,  # noqa: F811
                                                              entry):
    log_in(page, live_server, season.client("entrant"))
    page.goto(reverse("entries:entry_detail", args=[entry.pk]))
    assert_accessible(page)

    # On screen: the copies, and a Print button that the script shows and that prints.
    print_button = page.get_by_role("button", name="Print this page")
    assert print_button.is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Copy of my entry (PDF)").click()
    assert download.value.suggested_filename == "SCP00-TI-0001-entry.pdf"
    with page.expect_download() as download:
        page.get_by_role("link", name="Receipt (PDF)").click()
    assert download.value.suggested_filename == "SCP00-TI-0001-receipt.pdf"
    page.evaluate("window.print = () => { window.printed = true; }")
    print_button.click()
    assert page.evaluate("window.printed === true")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate(OVERFLOW) <= 0
    page.set_viewport_size({"width": 1280, "height": 900})

    # On paper: no navigation, no buttons, no links to change or download; every answer whole.
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_role("navigation", name="Breadcrumb").is_visible()
    assert not page.locator("footer.site-footer").is_visible()
    assert not print_button.is_visible()
    assert not page.get_by_role("link", name="Copy of my entry (PDF)").is_visible()
    assert page.locator("main .btn:visible").count() == 0
    assert page.locator("section.card .card-header a:visible").count() == 0
    assert page.get_by_role("heading", name="Smart crossings for Seoul").is_visible()
    assert page.locator("aside dd", has_text="SCP00-TI-0001").is_visible()
    assert not page.locator(".time-left").is_visible()
    notes = page.locator("dd .answer-text").last
    assert notes.is_visible()
    assert notes.evaluate("(el) => el.scrollHeight <= el.clientHeight + 1")
    assert notes.inner_text().count("Every crossing was measured") == 400
    table = page.locator(".table-responsive").first
    assert table.evaluate("(el) => getComputedStyle(el).overflowX") == "visible"
    breaks = page.locator("section.card").evaluate_all(
        "(sections) => sections.map((s) => getComputedStyle(s).breakBefore)")
    assert breaks == ["auto", "page", "page"]

    # Back on screen, the page is as it was.
    page.emulate_media(media="screen")
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert print_button.is_visible()
