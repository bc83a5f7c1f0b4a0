"""The ceremony's staff pages in Chromium, through the pages only: the secretariat accepts the
ranking's proposals and chooses a special mention, a coordinator confirms them, the secretariat
publishes, an anonymous visitor reads the winners and a winner downloads the certificate; every
page passes axe-core (with its forms open) and fits a 320 px screen."""

import re

import pytest
from django.urls import reverse

from ceremony import selectors
from ceremony.enums import DecisionStatus
from ceremony.models import Decision
from tests.browser.support import OVERFLOW, assert_accessible, log_in_with_password
from tests.ceremony.staff_support import url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def log_in(page, email):
    log_in_with_password(page, email)  # with the code step for staff


def test_decide_confirm_and_publish(final, page):
    edition = final.edition
    log_in(page, "secretariat@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
    page.get_by_role("link", name=re.compile(r"^Ceremony ")).click()
    page.wait_for_url(f"**{url(final, 'staff_home')}")
    assert "What still blocks publication:" in page.content()
    assert_accessible(page)
    page.get_by_role("navigation", name="Ceremony pages").get_by_role(
        "link", name="Winners").click()
    page.wait_for_url(f"**{url(final, 'staff_decisions')}")
    assert_accessible(page)

    for award in ("Gold", "Silver", "Leadership"):
        page.get_by_role("button", name=re.compile(rf"^Accept the proposal .*: {award}$")).click()
        page.get_by_text(re.compile(rf"proposed for {award}")).first.wait_for()
    page.get_by_text("Propose an entry… for Special Mention").click()
    page.get_by_label("Entry").fill(final.others[0].reference)
    page.get_by_role("button", name="Propose for Special Mention").click()
    page.get_by_text(f"{final.others[0].reference} is proposed for Special Mention").wait_for()
    assert Decision.objects.filter(award__edition=edition).count() == 5
    for summary in page.locator("details > summary").all():
        summary.click()  # every form open: labels, errors and help must hold up too
    assert_accessible(page)

    log_in(page, "coordinator@example.org")
    page.goto(url(final, "staff_decisions"))
    while page.get_by_role("button", name=re.compile(r"^Confirm the \d+ proposal")).count():
        page.get_by_role("button", name=re.compile(r"^Confirm the \d+ proposal")).first.click()
        page.get_by_text(re.compile(r"are confirmed|is confirmed")).first.wait_for()
    assert set(Decision.objects.values_list("status", flat=True)) == {DecisionStatus.CONFIRMED}
    assert_accessible(page)

    log_in(page, "secretariat@example.org")
    for name in ("staff_awards", "staff_emails", "staff_publication"):
        page.goto(url(final, name))
        assert_accessible(page)
    page.get_by_text("Publish now…").click()
    page.get_by_role("button", name="Yes: publish now").click()
    page.get_by_text("The results are published.").wait_for()
    assert selectors.results_public(edition)
    assert_accessible(page)

    # An anonymous visitor reads the winners; the Gold winner reads the result and downloads
    # the certificate.
    gold = final.finalists[final.categories[0].pk][0]
    page.context.clear_cookies()
    page.goto(reverse("ceremony:winners", args=[edition.slug]))
    page.get_by_text(gold.title).first.wait_for()
    assert_accessible(page)
    log_in(page, gold.entrant.members.first().user.email)
    page.goto(reverse("entries:dashboard"))
    page.get_by_text("Your entry won Gold.").first.wait_for()
    link = page.get_by_role("link", name=re.compile(r"^Download your certificate"))
    certificate = page.request.get(link.get_attribute("href"))
    assert certificate.ok and certificate.headers["content-type"] == "application/pdf"
    assert certificate.body().startswith(b"%PDF")
    assert_accessible(page)


@pytest.mark.parametrize("name", ["staff_home", "staff_decisions", "staff_awards",
                                  "staff_publication", "staff_emails"])
def test_the_pages_fit_a_small_screen(final, page, name):
    log_in(page, "secretariat@example.org")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(url(final, name))
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
