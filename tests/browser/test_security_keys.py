"""Security keys in Chromium, on a 320 px phone, with Chromium's virtual authenticator (a USB
CTAP2 key that verifies its user): a judge adds a key from their profile (the password once
more, a name, the key touched), sees it listed, logs out, and logs in with the password and the
key. Every page passes axe-core, nothing on it is wider than the phone, and allauth's WebAuthn
scripts run under the site's Content-Security-Policy and Permissions-Policy without a violation
or a console error."""

import pytest
from allauth.mfa.models import Authenticator

from prize.enums import Role
from tests.browser.test_two_factor import PHONE, check_page
from tests.factories import PASSWORD, EditionFactory, RoleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.two_factor_as_is]


def virtual_key(page) -> tuple[object, str]:
    """Plug a virtual security key into the tab's browser."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": False,
        "hasUserVerification": True, "isUserVerified": True}})
    return cdp, added["authenticatorId"]


def log_in_with_the_password(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def test_a_judge_adds_a_security_key_and_logs_in_with_it(page, live_server):
    assert live_server.url.startswith("http://localhost:")  # a secure context, the RP ID
    edition = EditionFactory()
    judge = UserFactory(email="judge@example.org")
    RoleFactory(user=judge, edition=edition, role=Role.JUDGE)
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    cdp, authenticator_id = virtual_key(page)
    page.set_viewport_size(PHONE)

    # From the profile: the password once more, then the key.
    log_in_with_the_password(page, judge.email)
    page.wait_for_url("**/dashboard/")
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="Add a security key").click()
    check_page(page, "Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    check_page(page, "Add a security key")
    page.get_by_label("Name").fill("Blue key")
    page.get_by_role("button", name="Add the key").click()

    # The first second factor: recovery codes follow, and the key is listed.
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    check_page(page, "Recovery codes")
    assert page.get_by_text("The security key is added").is_visible()
    key = Authenticator.objects.get(user=judge, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Blue key"
    page.goto("/accounts/2fa/")
    check_page(page, "Two-factor verification")
    page.get_by_role("link", name="Manage the keys").click()
    check_page(page, "Security keys")
    assert page.get_by_role("rowheader", name="Blue key").is_visible()
    page.get_by_role("link", name="Rename Blue key").click()
    check_page(page, "Rename a security key")
    page.get_by_role("link", name="Cancel").click()
    check_page(page, "Security keys")

    # Out, and in again with the password and the key.
    page.goto("/accounts/logout/")
    page.get_by_role("main").get_by_role("button", name="Log out").click()
    log_in_with_the_password(page, judge.email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    check_page(page, "Two-factor verification")
    assert page.get_by_label("Recovery code").is_visible()  # no app: codes only, besides keys
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url("**/dashboard/")

    key.refresh_from_db()
    assert key.last_used_at is not None
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1 and credentials["credentials"][0]["signCount"] >= 1
    assert console_errors == []
