"""A visitor signs up in Chromium, confirms the address from the outbox, reaches the dashboard."""

import re

import pytest
from django.core import mail

from prize.enums import Role
from prize.models import Notification, User
from tests.browser.support import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_signs_up_verifies_logs_in_and_sees_the_dashboard(page, live_server, edition):
    page.goto("/")
    assert page.locator("h1").first.inner_text() == edition.name
    assert_accessible(page)

    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Full name").fill("Grace Entrant")
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    page.wait_for_url("**/accounts/confirm-email/")
    row = Notification.objects.get(to_email="grace@example.org")
    assert row.template == "account/email_confirmation_signup"
    assert row.status == "sent"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)

    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), live_server.url))
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.wait_for_url("**/dashboard/")
    assert "Grace" in page.locator("main").inner_text()
    assert User.objects.get(email="grace@example.org").roles_in(edition) == [Role.ENTRANT]
    assert_accessible(page)


def test_the_home_page_is_usable_with_the_keyboard(page, edition):
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text().strip().lower().startswith("skip to")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_home_page_works_on_a_phone(browser, live_server, edition):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert_accessible(page)
    context.close()
