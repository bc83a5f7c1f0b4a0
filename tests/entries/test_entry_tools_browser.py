"""The secretariat in Chromium: tags an entry and writes a note (htmx, in place), screens it,
goes on to the next entry waiting; the pages pass axe-core and hold at 320 px."""

import pytest

from entries.models import EntryTag, Note
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.factories import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tag_note_screen_and_go_on_to_the_next_entry(page, live_server, season):
    following = EntryFactory(edition=season.edition, category=season.category,
                             entrant=season.other_entrant, form=season.entry.form,
                             submitted=True, reference="SCP00-TI-0002",
                             title="Clean water kiosks", answers={"title": "Clean water kiosks"})
    log_in_as(page, live_server, season.users["secretariat"])
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/entries/staff/{season.edition.slug}/entries/{season.entry.pk}/")

    section = page.locator("#notes-tags")
    section.get_by_label("Or a new tag").fill("Ask for budget")
    section.get_by_role("button", name="Add the tag").click()
    page.locator("#notes-tags-status", has_text="Tagged “Ask for budget”.").wait_for()
    assert page.locator("#notes-tags .entry-tag").inner_text() == "Ask for budget"

    page.locator("#notes-tags").get_by_label("Note", exact=True).fill("Budget table is thin.")
    page.locator("#notes-tags").get_by_role("button", name="Add the note").click()
    page.locator("#notes-tags-status", has_text="Note saved.").wait_for()
    assert page.locator("#notes-tags .staff-note-text").inner_text() == "Budget table is thin."
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    assert EntryTag.objects.filter(entry=season.entry).count() == 1
    assert Note.objects.filter(entry=season.entry).count() == 1

    page.get_by_label("Eligible", exact=True).check()
    page.locator("#id_text").fill("Meets every rule.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_role("link", name="Screen the next entry").click()
    page.get_by_role("heading", name="Clean water kiosks").wait_for()
    assert page.url.endswith(f"/entries/{following.pk}/")
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)

    page.goto(f"/entries/staff/{season.edition.slug}/tags/")
    page.get_by_role("heading", name="Tags of entries").wait_for()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
