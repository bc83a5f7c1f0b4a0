"""The secretariat in Chromium: screens an entry from the list, reads the entry and a revision
comparison, releases the decision; every page passes axe-core and fits a phone."""

import pytest
from django.conf import settings
from django.core import mail

from entries.models import EntryRevision, ScreeningReason
from tests.browser.support import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, season, persona):
    client = season.client(persona)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


@pytest.fixture
def prepared(season):
    ScreeningReason.objects.create(edition=season.edition, decision="eligible",
                                   text="The entry meets every eligibility rule.")
    ScreeningReason.objects.create(edition=season.edition, decision="ineligible",
                                   text="The project is outside the eligibility period.")
    EntryRevision.objects.create(entry=season.entry, number=1, answers=season.entry.answers,
                                 title=season.entry.title)
    EntryRevision.objects.create(
        entry=season.entry, number=2, title=season.entry.title,
        answers={**season.entry.answers, "summary": "Sensors make crossings safer for all."})
    return season


def test_the_secretariat_screens_from_the_list_and_releases(page, live_server, prepared):
    season = prepared
    log_in(page, live_server, season, "secretariat")

    page.goto(f"/entries/staff/{season.edition.slug}/entries/")
    assert_accessible(page)
    page.get_by_label("Select SCP00-TI-0001").check()
    page.get_by_label("Templated reason").select_option(
        label="The entry meets every eligibility rule.")
    page.get_by_role("button", name="Mark selected eligible").click()

    page.wait_for_selector("text=1 entry marked eligible.")
    assert page.get_by_text("1 decision not yet sent to its entrant.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="SCP00-TI-0001").click()
    page.get_by_role("heading", name="Smart crossings for Seoul").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Revision 2").first.click()
    page.wait_for_selector(".diff-text ins")
    assert page.locator(".diff-text ins").first.inner_text() == "all."
    assert_accessible(page)

    page.goto(f"/entries/staff/{season.edition.slug}/entries/release/")
    assert_accessible(page)
    page.get_by_role("button", name="Send 1 decision now").click()

    page.wait_for_selector("text=1 decision was sent to its entrant.")
    assert [m.to for m in mail.outbox if "is eligible" in m.subject] == [
        ["entrant@example.org"]]


def test_a_missing_reason_is_explained_on_the_entry_page(page, live_server, prepared):
    season = prepared
    log_in(page, live_server, season, "secretariat")

    page.goto(f"/entries/staff/{season.edition.slug}/entries/{season.entry.pk}/")
    page.get_by_label("Ineligible").check()
    page.get_by_role("button", name="Record the decision").click()

    page.wait_for_selector(
        "text=Give the reason the entry is ineligible: choose a templated reason or write one.")
    assert page.get_by_label("Ineligible").is_checked()  # the choice is kept
    assert_accessible(page)


def test_the_list_works_on_a_phone(browser, live_server, prepared):
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 390, "height": 844})
    phone = context.new_page()
    log_in(phone, live_server, prepared, "coordinator")

    phone.goto(f"/entries/staff/{prepared.edition.slug}/entries/")

    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_screening_reasons_page_is_accessible_and_fits(page, live_server, prepared, width):
    season = prepared
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, season, "secretariat")
    page.goto(f"{live_server.url}/entries/staff/{season.edition.slug}/reasons/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    page.locator("#id_text").fill("   ")
    page.get_by_role("button", name="Add the reason").click()
    page.get_by_text("Write the reason as the entrant will read it.").wait_for()
    assert_accessible(page)
