"""The entrant in Chromium: the dashboard, the profile, a step with its live word counter and
autosave, an expired session that brings the entrant back to the step with their text, review
and submission. Every page passes axe-core and fits a phone."""

import pytest
from django.conf import settings
from django.core import mail

from entries.enums import EntryStatus
from tests.browser.support import assert_accessible
from tests.entries.test_entrant_steps import EVERY_FIELD
from tests.factories import PASSWORD, EntryFactory, EntryFormFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, season, persona="entrant"):
    client = season.client(persona)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


def fits_a_phone(page) -> bool:
    page.set_viewport_size({"width": 375, "height": 800})
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def test_the_entrant_pages_are_accessible_and_fit_a_phone(page, live_server, season):
    form = EntryFormFactory(edition=season.edition, schema=EVERY_FIELD)
    every = EntryFactory(edition=season.edition, category=season.category,
                         entrant=season.entrant, form=form, current_step="about", answers={
                             "title": "x" * 201, "budget": "lots", "stage": "dreaming",
                             "sectors": ["mobility", "energy", "safety"], "links": ["nope"],
                             "indicators": [{"indicator": "Falls", "baseline": "",
                                             "result": ""}]})
    log_in(page, live_server, season)
    for path in [f"/entries/{every.pk}/steps/about/", f"/entries/{every.pk}/review/",
                 "/entries/", "/entries/profile/", "/entries/profile/collaborators/",
                 f"/entries/start/{season.category.pk}/",
                 f"/entries/{season.draft.pk}/steps/basics/",
                 f"/entries/{season.draft.pk}/steps/budget/",
                 f"/entries/{season.draft.pk}/review/",
                 f"/entries/{season.entry.pk}/", f"/entries/{season.entry.pk}/withdraw/"]:
        page.goto(path)
        assert_accessible(page)
        assert fits_a_phone(page), path


def test_typing_counts_words_live_and_autosaves(page, live_server, season):
    draft = season.draft
    log_in(page, live_server, season)
    page.goto(f"/entries/{draft.pk}/steps/basics/")
    summary = page.get_by_label("Short summary")
    counter = page.locator("#field-summary-count .word-count-visible")
    assert counter.inner_text() == "7 / 50 words"

    summary.fill(" ".join(["word"] * 52))

    assert counter.inner_text() == "52 / 50 words — 2 over the limit"
    assert "text-danger" in page.locator("#field-summary-count").get_attribute("class")
    page.wait_for_selector("#save-status:has-text('Saved at')")
    draft.refresh_from_db()
    assert draft.answers["summary"] == " ".join(["word"] * 52)
    assert page.locator("#entry-version").get_attribute("value") == str(draft.version)
    page.reload()
    assert "Short summary has 52 words; the limit is 50." in page.locator(
        "#field-summary-errors").inner_text()
    assert_accessible(page)

    page.get_by_label("Project title").fill("Typed, then straight to the button")
    page.get_by_role("button", name="Save and continue").click()  # before the autosave fires

    page.wait_for_url(f"**/entries/{draft.pk}/steps/budget/")
    assert page.get_by_text("Saved at").first.is_visible()
    assert "saved elsewhere" not in page.content()
    draft.refresh_from_db()
    assert draft.answers["title"] == "Typed, then straight to the button"


def test_an_autosave_refused_says_why_and_keeps_the_text(page, live_server, season):
    draft = season.draft
    log_in(page, live_server, season)
    page.goto(f"/entries/{draft.pk}/steps/basics/")
    title = page.get_by_label("Project title")
    too_long = "A title that goes on " + "x" * 200

    title.fill(too_long)

    page.wait_for_selector("#save-status:has-text('Not saved')")
    assert page.locator("#save-status").inner_text().strip() == (
        f"Not saved: Project title is too long: {len(too_long)} characters, at most 200. "
        "Nothing of this step was saved; your text is still in the form.")
    assert title.input_value() == too_long
    draft.refresh_from_db()
    assert draft.answers["title"] == "Smart crossings for Seoul"

    title.fill("A shorter title")

    page.wait_for_selector("#save-status:has-text('Saved at')")
    draft.refresh_from_db()
    assert draft.answers["title"] == "A shorter title"


def test_an_expired_session_keeps_the_text_and_returns_to_the_step(page, live_server, season):
    draft = season.draft
    log_in(page, live_server, season)
    page.goto(f"/entries/{draft.pk}/steps/basics/")
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)  # the session expires

    page.get_by_label("Project title").fill("Typed after the session ended")

    page.wait_for_selector("#save-status:has-text('your session has expired')")
    assert page.url.endswith(f"/entries/{draft.pk}/steps/basics/")  # no redirect in the page
    page.get_by_role("link", name="Log in again to carry on with this step").click()
    page.get_by_label("Email").fill("entrant@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/entries/{draft.pk}/steps/basics/")
    assert page.get_by_label("Project title").input_value() == "Typed after the session ended"
    assert page.get_by_text("You were logged out before this was saved.").is_visible()
    draft.refresh_from_db()
    assert draft.answers["title"] == "Smart crossings for Seoul"  # not saved behind their back


def test_review_and_submit(page, live_server, season):
    draft = season.draft
    log_in(page, live_server, season)
    page.goto(f"/entries/{draft.pk}/review/")

    page.get_by_role("button", name="Submit the entry").click()

    page.wait_for_selector("text=Thank you: your entry is submitted.")
    draft.refresh_from_db()
    assert draft.status == EntryStatus.SUBMITTED
    assert page.get_by_text(draft.reference).first.is_visible()
    assert len(mail.outbox) == 1
    assert_accessible(page)


def test_the_character_counter_counts_as_the_server_does(page, live_server, season):
    """An emoji or an accented letter is one character in the browser as on the server, and a
    line break one too (browsers send it as two): the counter and the saved answer agree."""
    from entries.models import Entry
    from entries.templatetags.entries_tags import chars

    draft = season.draft
    log_in(page, live_server, season)
    page.goto(f"/entries/{draft.pk}/steps/basics/")
    title = "Smart crossings 🚦 for Medellín 👩🏽‍🦳"
    page.get_by_label("Project title").fill(title)
    counter = page.locator("#field-title-count .word-count-visible")
    assert counter.inner_text() == f"{len(title)} / 200 characters"

    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"**/entries/{draft.pk}/steps/budget/")
    saved = Entry.objects.get(pk=draft.pk).answers["title"]
    assert saved == title
    assert chars(saved) == len(title)


def test_a_tab_keeps_its_writer_id_across_a_reload_and_a_new_tab_gets_its_own(
    page, live_server, season
):
    """The autosave tells its own earlier saves from another tab's by an id the tab keeps."""
    import re

    log_in(page, live_server, season)
    url = f"{live_server.url}/entries/{season.draft.pk}/steps/basics/"
    page.goto(url)
    first = page.locator("#step-form input[name=writer]").input_value()
    page.reload()
    again = page.locator("#step-form input[name=writer]").input_value()
    other = page.context.new_page()
    other.goto(url)
    theirs = other.locator("#step-form input[name=writer]").input_value()

    assert re.fullmatch(r"[A-Za-z0-9-]{8,64}", first)
    assert again == first
    assert theirs != first
