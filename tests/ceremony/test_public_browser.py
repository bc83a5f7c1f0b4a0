"""The public results pages and the entrant's result in Chromium: axe-core passes, landmarks
and headings are in order, nothing overflows at 320 px, and the print layout leaves the site's
navigation out."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremony import services
from tests.browser.support import OVERFLOW, assert_accessible, check_structure, log_in_with_password
from tests.ceremony.test_public_pages import decided, publish  # noqa: F401 (fixture)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.mark.parametrize("width", [320, 1280])
def test_the_public_pages_are_accessible_and_fit_a_small_screen(decided, page, width):  # noqa: F811
    publish(decided)
    page.set_viewport_size({"width": width, "height": 900})
    slug, ref = decided.edition.slug, decided.gold_entry.reference
    for url in (reverse("ceremony:winners", args=[slug]),
                reverse("ceremony:finalists", args=[slug]),
                reverse("ceremony:winner", args=[slug, ref]),
                reverse("ceremony:archive")):
        page.goto(url)
        check_structure(page)
        assert page.evaluate(OVERFLOW) <= 0, url
        assert_accessible(page)


def test_the_staff_preview_is_accessible_and_says_so(decided, page):  # noqa: F811
    services.publication_schedule(edition=decided.edition, by=decided.users["secretariat"],
                                  at=timezone.now() + timezone.timedelta(hours=2))
    log_in_with_password(page, "secretariat@example.org")  # with the code step

    page.goto(reverse("ceremony:winners", args=[decided.edition.slug]))

    assert page.get_by_role("note").inner_text().startswith(
        "Preview: these results are not published.")
    check_structure(page)
    assert_accessible(page)


def test_the_print_layout_keeps_the_results_and_drops_the_navigation(decided, page):  # noqa: F811
    publish(decided)
    page.goto(reverse("ceremony:winner", args=[decided.edition.slug,
                                               decided.gold_entry.reference]))
    page.emulate_media(media="print")

    assert page.locator(".site-header").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    assert page.locator(".results-breadcrumb").is_hidden()
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator(".citation").is_visible()


def test_the_entrant_reads_the_result_on_a_small_screen(decided, page):  # noqa: F811
    publish(decided)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(decided.gold_entry.entrant.members.first().user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/dashboard/")

    page.goto(reverse("entries:dashboard"))

    results = page.get_by_role("region", name="Results")
    assert "Your entry won Gold." in results.inner_text()
    assert "Feedback for project 1" in results.inner_text()
    check_structure(page)
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
