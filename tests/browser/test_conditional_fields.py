"""Fields asked only under a condition, in Chromium: the field appears and disappears as the
other answer changes, with the keyboard alone, is said to screen readers and hidden from them
when hidden, passes axe-core, and fits a 320 px screen; without scripts every field shows with
a note saying when it applies."""

import pytest

from tests.browser.support import OVERFLOW, assert_accessible
from tests.entries.conftest import season  # noqa: F401 (the entry tests' small season)
from tests.entries.test_entrant_browser import log_in
from tests.entries.test_schema_types import ANSWERS, FORM
from tests.factories import EntryFactory, EntryFormFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def entry(request):
    """An entry on the form with conditions, of the entry tests' small season (``.season``)."""
    the_season = request.getfixturevalue("season")
    form = EntryFormFactory(edition=the_season.edition, schema=FORM)
    entry = EntryFactory(edition=the_season.edition, category=the_season.category,
                         entrant=the_season.entrant, form=form, answers=dict(ANSWERS),
                         title="Smart crossings", current_step="about")
    entry.season = the_season
    return entry


def test_a_choice_shows_and_hides_a_field_with_the_keyboard_alone(page, live_server, entry):
    log_in(page, live_server, entry.season)
    page.goto(f"/entries/{entry.pk}/steps/about/")
    cost = page.locator("#wrap-cost")
    live = page.locator("#step-form [aria-live='polite']").last
    assert cost.is_hidden()
    assert page.get_by_role("textbox", name="Amount").count() == 0  # out of the a11y tree too
    assert page.get_by_text("Only if “Stage” is Operating.").count() == 1  # in the hidden field
    assert_accessible(page)

    page.get_by_role("radio", name="Pilot").focus()
    page.keyboard.press("ArrowDown")  # to "Operating"

    assert cost.is_visible()
    assert live.inner_text() == "“Cost” is now asked below."
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "field-cost-amount"
    page.keyboard.type("250,000")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "field-cost-currency"
    page.keyboard.press("ArrowDown")  # from KRW to the next currency
    assert page.get_by_role("combobox", name="Currency").input_value() == "USD"
    assert_accessible(page)

    page.get_by_role("radio", name="Operating").focus()
    page.keyboard.press("ArrowUp")  # back to "Pilot"

    assert cost.is_hidden()
    assert live.inner_text() == "“Cost” is no longer asked."
    page.get_by_role("radio", name="Pilot").focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_role("textbox", name="Amount").input_value() == "250,000"  # kept


def test_a_box_ticked_with_the_space_bar_shows_its_field_on_a_320_px_screen(page, live_server,
                                                                           entry):
    page.set_viewport_size({"width": 320, "height": 700})
    log_in(page, live_server, entry.season)
    page.goto(f"/entries/{entry.pk}/steps/more/")
    partners = page.locator("#wrap-partners")
    grid = page.locator("#wrap-grid")
    assert partners.is_hidden() and grid.is_hidden()
    assert page.locator("#wrap-lessons").is_visible()  # the stored stage is "pilot"

    page.get_by_role("checkbox", name="With partners").focus()
    page.keyboard.press("Space")
    page.get_by_role("checkbox", name="Energy").focus()
    page.keyboard.press("Space")

    assert partners.is_visible() and grid.is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    page.get_by_role("checkbox", name="With partners").focus()
    page.keyboard.press("Space")
    assert partners.is_hidden() and grid.is_visible()


def test_the_money_field_fits_a_320_px_screen(page, live_server, entry):
    entry.answers = {**ANSWERS, "stage": "operating"}
    entry.save()
    page.set_viewport_size({"width": 320, "height": 700})
    log_in(page, live_server, entry.season)
    page.goto(f"/entries/{entry.pk}/steps/about/")

    amount = page.get_by_role("textbox", name="Amount").bounding_box()
    currency = page.get_by_role("combobox", name="Currency").bounding_box()
    assert amount["x"] >= 0 and amount["x"] + amount["width"] <= 320
    assert currency["x"] + currency["width"] <= 320
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    page.goto(f"/entries/{entry.pk}/steps/more/")  # asked only of pilots, on another step
    assert page.locator("#wrap-lessons").is_hidden()


def test_without_scripts_every_field_shows_with_its_condition(browser, live_server, entry):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, entry.season)
        page.goto(f"/entries/{entry.pk}/steps/about/")
        assert page.locator("#wrap-cost").is_visible()
        assert page.get_by_text("Only if “Stage” is Operating.").is_visible()
        assert page.get_by_text("Only if “Country” is France or Japan.").is_visible()
    finally:
        context.close()
