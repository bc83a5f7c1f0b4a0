"""The ceremony's pages in Chromium: axe-core passes on the public ceremony page (and the
edition's home with its link), on the staff programme, details, item and presenter pages;
headings and landmarks in order; nothing overflows at 320 px; the print layout leaves the site's
navigation out; moving an item is done with the keyboard, with htmx swapping the list in place
and the focus staying on the moved item's button."""

import pytest
from django.urls import reverse

from tests.browser.support import OVERFLOW, assert_accessible, check_structure, log_in_with_password
from tests.ceremony.programme_support import (  # noqa: F401 (fixtures, by name)
    ceremony_fixture,
    evening_fixture,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def log_in(page, email):
    log_in_with_password(page, email)  # with the code step for staff


@pytest.mark.parametrize("width", [320, 1280])
def test_the_public_ceremony_page_is_accessible_and_fits_a_small_screen(evening, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("ceremony:ceremony", args=[evening.edition.slug]))

    assert page.get_by_role("heading", level=1).inner_text() == \
        f"Award ceremony of {evening.edition.name}"
    outline = page.locator(".programme-outline > li")
    assert outline.count() == 3
    assert "Gold, Silver" in outline.nth(2).inner_text()
    assert page.get_by_role("img", name="Portrait of Secretary General of WeGO").is_visible()
    photo = page.locator(".on-stage-photo")
    photo.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.on-stage-photo').complete")
    assert page.evaluate(
        "() => document.querySelector('.on-stage-photo').naturalWidth") == 300
    check_structure(page)
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)

    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".evening-links").first.is_hidden()
    assert page.locator(".programme-outline").is_visible()


def test_the_editions_home_links_to_the_ceremony(evening, page):
    page.goto(reverse("edition_home", args=[evening.edition.slug]))
    link = page.get_by_role("link", name="The award ceremony: programme, venue and who is on "
                                          "stage")
    link.click()
    page.wait_for_url(f"**/editions/{evening.edition.slug}/ceremony/")
    page.goto(reverse("edition_home", args=[evening.edition.slug]))
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_staff_pages_are_accessible(evening, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "secretariat@example.org")
    slug = evening.edition.slug
    for url in (reverse("ceremony:staff_ceremony", args=[slug]),
                reverse("ceremony:staff_ceremony_details", args=[slug]),
                reverse("ceremony:staff_programme_item", args=[slug, evening.presentation.pk]),
                reverse("ceremony:staff_presenters", args=[slug]),
                reverse("ceremony:staff_presenter", args=[slug, evening.host.pk])):
        page.goto(url)
        check_structure(page)
        assert page.evaluate(OVERFLOW) <= 0, url
        assert_accessible(page)


def test_an_item_moves_with_the_keyboard_and_keeps_the_focus(evening, page):
    log_in(page, "secretariat@example.org")
    page.goto(reverse("ceremony:staff_ceremony", args=[evening.edition.slug]))
    button = page.locator(f"#move-down-{evening.welcome.pk}")
    button.focus()
    page.keyboard.press("Enter")

    status = page.get_by_role("status")
    status.get_by_text("“Welcome” moved down: it starts at 15:15.").wait_for()
    rows = page.locator("#programme tbody th[scope=row]")
    assert [rows.nth(n).inner_text().split("\n")[0] for n in range(3)] == [
        "Keynote", "Welcome", "Category 0 awards"]
    assert page.evaluate("() => document.activeElement.id") == \
        f"move-down-{evening.welcome.pk}"
    assert page.url.endswith(f"/ceremony/staff/{evening.edition.slug}/programme/")

    page.keyboard.press("Enter")  # again: Welcome goes below the award presentation
    status.get_by_text("“Welcome” moved down: it starts at 15:35.").wait_for()
    assert page.locator(f"#move-down-{evening.welcome.pk}").is_disabled()  # now the last
    assert_accessible(page)
