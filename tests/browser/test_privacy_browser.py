"""Your data in Chromium: the entrant downloads the zip of their data with their password, then
closes their account and lands signed out; every page passes axe and fits 320 px."""

import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from prize.models import User
from tests.browser.support import OVERFLOW, assert_accessible
from tests.entries.conftest import BACKEND
from tests.factories import PASSWORD, EntrantMemberFactory, EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, client, user):
    client.force_login(user, backend=BACKEND)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


def fits(page):
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate(OVERFLOW) <= 0
    page.set_viewport_size({"width": 1280, "height": 900})


def test_download_then_close(page, live_server, client, tmp_path):
    member = EntrantMemberFactory()
    entry = EntryFactory(entrant=member.entrant, submitted=True, title="Smart crossings")
    user = member.user
    email = user.email
    log_in(page, live_server, client, user)

    page.goto(live_server.url + reverse("profile"))
    page.get_by_role("link", name="Download your data").click()
    assert page.get_by_role("heading", name="Your data", level=1).is_visible()
    assert_accessible(page)
    fits(page)
    page.get_by_label("Your password").fill("not it")
    page.get_by_role("button", name="Download my data (zip)").click()
    assert page.get_by_text("That is not your password").is_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data (zip)").click()
    saved = tmp_path / "data.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert f"entries/{entry.reference}/copy-of-the-entry.pdf" in archive.namelist()
        assert "Smart crossings" in archive.read("data.json").decode()

    page.get_by_role("link", name="See what closing does").click()
    assert page.get_by_role("heading", name="What is kept, and why").is_visible()
    assert_accessible(page)
    fits(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Type your e-mail address to confirm").fill(email)
    page.get_by_role("button", name="Close my account").click()
    assert page.get_by_role("heading", name="Your account is closed").is_visible()
    assert_accessible(page)
    assert not User.objects.filter(email=email).exists()

    page.goto(live_server.url + reverse("privacy:policy"))
    assert_accessible(page)
    fits(page)
