"""A staff list in Chromium (the secretariat's entries list): filter, sort by a heading, change
the page size, save the view, open it again from the menu; at 320 px nothing scrolls sideways;
axe-core finds nothing."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from entries.enums import EntryStatus
from prize.models import SavedView
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.factories import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_sort_page_size_and_a_saved_view(page, live_server, season):  # noqa: F811
    for n in range(1, 31):
        EntryFactory(edition=season.edition, category=season.category,
                     entrant=season.other_entrant, form=season.entry.form, submitted=True,
                     reference=f"SCP00-TI-{n + 100:04d}", title=f"Project {n:02d}",
                     answers={"title": f"Project {n:02d}"}, status=EntryStatus.SUBMITTED,
                     submitted_at=datetime(2023, 6, 1, tzinfo=UTC))
    staff = season.users["secretariat"]
    log_in_as(page, live_server, staff)
    list_url = reverse("entries:staff_list", kwargs={"edition_slug": season.edition.slug})
    page.goto(list_url)

    page.get_by_label("Status", exact=True).select_option("submitted")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name="Title").click()  # ascending
    page.get_by_role("link", name="Title").click()  # descending
    assert page.locator('th[aria-sort="descending"]').inner_text() == "Title"
    page.get_by_label("Rows per page").select_option("25")
    page.get_by_role("button", name="Show").click()
    rows = page.locator("#entries-body tr")
    assert rows.count() == 25
    assert "Smart crossings for Seoul" in rows.nth(0).inner_text()  # the season's own entry
    assert "Project 30" in rows.nth(1).inner_text()
    assert_accessible(page)

    page.get_by_text("Saved views").click()
    page.get_by_label("Save this view as").fill("Newest titles first")
    page.get_by_role("button", name="Save view").click()
    page.get_by_text("The view “Newest titles first” is saved.").wait_for()
    view = SavedView.objects.get(user=staff)
    assert view.query == "status=submitted&sort=-title&per_page=25"

    page.goto(list_url)  # the list as it opens: the default sort and page size
    assert page.get_by_label("Rows per page").input_value() == "50"
    page.get_by_text("Saved views (1)").click()
    page.get_by_role("link", name="Newest titles first").click()
    page.wait_for_url(f"**{list_url}?status=submitted&sort=-title&per_page=25")
    assert page.locator("#entries-body tr").count() == 25
    assert page.get_by_label("Rows per page").input_value() == "25"

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
