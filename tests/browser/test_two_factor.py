"""Two-factor verification in Chromium, on a 320 px phone: a coordinator without an authenticator
app logs in, is sent to set it up, confirms their password, adds the key to their app (the code
is computed from the key the page shows, as the app would), sees their recovery codes, finds
that they cannot turn it off, and reaches the staff area; then logs out and in again, this time
through the code step. Every two-factor
page passes axe-core and nothing on it is wider than the phone."""

import pytest
from allauth.mfa.models import Authenticator

from prize.enums import Role
from tests.browser.support import assert_accessible, check_structure
from tests.factories import PASSWORD, EditionFactory, RoleFactory, UserFactory, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.two_factor_as_is]

PHONE = {"width": 320, "height": 640}

# Visible elements wider than the window or reaching past its right edge.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (box.width <= width + 1 && box.right <= width + 1) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + Math.round(box.width));
  }
  return out.slice(0, 10);
}"""


def check_page(page, heading: str) -> None:
    """The page is the one expected, accessible, and fits the phone."""
    page.get_by_role("heading", level=1, name=heading).wait_for()
    page.wait_for_load_state()  # the whole page, its footer too, not only the heading
    check_structure(page)
    assert_accessible(page)
    assert page.evaluate(TOO_WIDE) == [], page.url


def test_a_coordinator_sets_up_two_factor_and_logs_in_with_a_code(page):
    edition = EditionFactory()
    coordinator = UserFactory(email="coordinator@example.org")
    RoleFactory(user=coordinator, edition=edition, role=Role.COORDINATOR, two_factor=False)
    page.set_viewport_size(PHONE)

    # The password logs in, and every page sends them to the two-factor page.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/accounts/2fa/")
    check_page(page, "Two-factor verification")
    assert page.get_by_role("alert").get_by_text(
        "Your role requires two-factor verification").is_visible()
    page.goto("/staff/")
    page.wait_for_url("**/accounts/2fa/")

    # Setting it up: the password once more, then the key and a code from the app.
    page.get_by_role("link", name="Set up the authenticator app").click()
    check_page(page, "Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    check_page(page, "Set up the authenticator app")
    assert page.get_by_role("img", name="QR code to scan with your authenticator app").is_visible()
    key = page.locator("#authenticator_secret")
    secret = key.inner_text().strip()
    assert len(secret) >= 16 and key.bounding_box()["height"] > 0
    page.get_by_label("Authenticator code").fill("000000" if totp_code(secret) != "000000"
                                                 else "111111")
    page.get_by_role("button", name="Turn on two-factor verification").click()
    check_page(page, "Set up the authenticator app")
    assert page.get_by_text("Incorrect code").is_visible()
    assert not Authenticator.objects.filter(user=coordinator).exists()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor verification").click()

    # The recovery codes, then the staff area is open.
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    check_page(page, "Recovery codes")
    assert page.get_by_text("Two-factor verification is on").is_visible()
    codes = page.get_by_role("list", name="Your unused codes").get_by_role("listitem")
    assert codes.count() == 10
    stored = Authenticator.objects.get(user=coordinator, type="recovery_codes")
    assert codes.first.inner_text().strip() in stored.wrap().get_unused_codes()
    page.get_by_role("link", name="Make new codes").click()
    check_page(page, "Make new recovery codes")
    assert page.get_by_text("Your 10 unused codes stop working.").is_visible()
    page.get_by_role("link", name="Cancel").click()
    check_page(page, "Two-factor verification")
    page.goto("/accounts/2fa/totp/deactivate/")
    check_page(page, "Turn off two-factor verification")
    assert page.get_by_text("Your role requires two-factor verification, so it cannot be "
                            "turned off.").is_visible()
    assert page.get_by_role("button", name="Turn off").count() == 0
    page.goto("/accounts/2fa/recovery-codes/")
    page.get_by_role("link", name="Go to your dashboard").click()
    page.wait_for_url("**/dashboard/")
    page.goto("/staff/")
    assert "/staff/" in page.url and "/2fa/" not in page.url
    page.goto("/accounts/2fa/")
    check_page(page, "Two-factor verification")
    assert page.get_by_text("Your role requires it, so it cannot be turned off.").is_visible()

    # Logging out and in again goes through the code step.
    page.goto("/accounts/logout/")
    page.get_by_role("main").get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    check_page(page, "Two-factor verification")
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        totp_code(secret, step=1))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    page.goto("/staff/")
    assert "/staff/" in page.url and "/2fa/" not in page.url
