"""The MC's script in Chromium: a coordinator opens it from the ceremony's pages, it passes
axe-core and fits a 320 px screen, the print button prints, and printed on A4 it has one cue a
page, no site navigation and the CONFIDENTIAL mark on every page."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.support import OVERFLOW, assert_accessible, log_in_with_password
from tests.ceremony.script_support import evening_fixture  # noqa: F401
from tests.ceremony.staff_support import ceremony_fixture, url  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def log_in(page, email):
    log_in_with_password(page, email)  # with the code step for staff


def test_read_print_and_fit_the_script(evening, page):
    log_in(page, "coordinator@example.org")
    page.goto(url(evening, "staff_home"))
    page.get_by_role("navigation", name="Ceremony pages").get_by_role(
        "link", name="Script").click()
    page.wait_for_url(f"**{url(evening, 'staff_script')}")
    page.get_by_role("heading", name=re.compile(r"Gold: City of Finalist 1$")).wait_for()
    assert_accessible(page)
    # The run of show links to each sheet, by keyboard as by mouse.
    page.get_by_role("link", name="The nominees for Gold").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#cue-5")

    # The print button calls the browser's print (counted here instead of opening a dialog).
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed++; }; }")
    page.get_by_role("button", name="Print this page").click()
    assert page.evaluate("() => window.printed") == 1

    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in pdf.pages]
    assert all(re.search(r"CONFIDENTIAL ?· ?MC's script, ?SCP", text) for text in pages), pages
    assert all(f"{n} / {len(pages)}" in text for n, text in enumerate(pages, start=1))
    assert not any("Staff area" in text or "Result e-mails" in text for text in pages)
    # Each cue starts a page of its own.
    starts = [n for n, text in enumerate(pages) if re.search(r"(?i)cue \d of 7", text)]
    assert len(starts) == 7
    assert all(len(re.findall(r"(?i)cue \d of 7", pages[n])) == 1 for n in starts)

    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
