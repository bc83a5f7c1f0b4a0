"""Starting the next edition in Chromium, through the pages only: the secretariat finds the
"Next edition" tab, reads the summary, is told on the field that a slug is taken (what was
typed stays), corrects it with the keyboard and makes the edition; the page passes axe-core
with and without errors and fits a 320 px screen. A coordinator has no such tab."""

import pytest
from django.urls import reverse

from prize.models import Category, Edition
from tests.browser.support import assert_accessible
from tests.ceremony.next_edition_support import configured_source
from tests.ceremony.test_staff_browser import OVERFLOW, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_the_next_edition(page):
    source = configured_source()
    home = reverse("ceremony:staff_home", args=[source.edition.slug])

    log_in(page, "coordinator@example.org")
    page.goto(home)
    tabs = page.get_by_role("navigation", name="Ceremony pages")
    assert tabs.get_by_role("link", name="Winners").count() == 1
    assert tabs.get_by_role("link", name="Next edition").count() == 0

    log_in(page, "secretariat@example.org")
    page.goto(home)
    page.get_by_role("navigation", name="Ceremony pages").get_by_role(
        "link", name="Next edition").click()
    page.wait_for_url("**/next-edition/")
    assert page.get_by_role("heading", name="What will be copied").is_visible()
    assert page.get_by_role("textbox", name="Name", exact=True).input_value() == "City Prize 2024"
    assert page.locator("#id_call_opens_at").input_value() == "2024-03-01T09:00"
    assert_accessible(page)

    page.get_by_role("textbox", name="Name", exact=True).fill("City Prize 2024: the second")
    page.get_by_role("textbox", name="Slug").fill(source.edition.slug)
    page.get_by_role("button", name="Make the new edition").click()
    page.get_by_text("Another edition already uses the slug").wait_for()
    name = page.get_by_role("textbox", name="Name", exact=True)
    assert name.input_value() == "City Prize 2024: the second"
    assert_accessible(page)

    page.get_by_role("textbox", name="Slug").fill("city-prize-2024")
    page.get_by_label("Open the call at once").check()
    page.get_by_role("textbox", name="Slug").press("Enter")
    page.get_by_text("is made from City Prize 2023").wait_for()
    new = Edition.objects.get(slug="city-prize-2024")
    assert new.name == "City Prize 2024: the second"
    assert new.status == "call_open"
    assert Category.objects.filter(edition=new).count() == 2

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(reverse("ceremony:staff_next_edition", args=[source.edition.slug]))
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
