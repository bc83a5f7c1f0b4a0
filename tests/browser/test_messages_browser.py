"""In Chromium: the secretariat writes a message to the entrants, previews it as one of them,
sends it, and the entrant reads it on their dashboard; every page passes axe-core and fits a
320 px phone."""

import pytest
from django.urls import reverse

from prize.message_models import Message, MessageState
from prize.models import Notification
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_compose_preview_send_and_the_entrant_reads_it(page, live_server, season):  # noqa: F811
    slug = season.edition.slug
    log_in_as(page, live_server, season.users["secretariat"])
    page.goto(reverse("staff_edition", args=[slug]))
    page.get_by_role("link", name="Messages to groups").click()
    page.get_by_role("link", name="Write a message").click()
    assert_accessible(page)
    page.get_by_label("Subject").fill("Your entry {{ entry_reference }}")
    text = "Dear {{ name }},\n\nThe jury meets soon about {{ entry_title }}."
    page.get_by_role("textbox", name="Message").fill(text)
    page.get_by_role("button", name="Save and preview").click()

    preview = page.locator("#preview")
    assert "Your entry SCP00-TI-0001" in preview.inner_text()
    assert "The jury meets soon about Smart crossings for Seoul." in preview.inner_text()
    assert page.get_by_role("heading", name="It goes to 1 person").is_visible()
    assert_accessible(page)
    page.get_by_label("I have read the preview").check()
    page.get_by_role("button", name="Send the message").click()
    assert page.get_by_text("The message is on its way to 1 person.").is_visible()
    assert Message.objects.get().state == MessageState.SENT
    assert Notification.objects.filter(template="prize/group_message").count() == 1
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(reverse("messaging:staff_messages", args=[slug]))
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)

    page.context.clear_cookies()
    log_in_as(page, live_server, season.users["entrant"])
    page.goto(reverse("entries:dashboard"))
    panel = page.get_by_role("region", name="Messages from the organisers")
    assert panel.get_by_role("link", name="Your entry SCP00-TI-0001").is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    panel.get_by_role("link", name="Your entry SCP00-TI-0001").click()
    assert page.get_by_role("heading", name="Your entry SCP00-TI-0001").is_visible()
    assert page.get_by_text("The jury meets soon about Smart crossings for Seoul.").is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
