"""In Chromium: the API's docs page loads Swagger UI from our own files under the site's
Content-Security-Policy (no violation, no script error) and lists the endpoints; the tokens
page makes a token, shows it once, revokes it, and fits a 320 px phone."""

from __future__ import annotations

import re

import pytest

from api.models import ApiToken
from tests.browser.support import axe_violations, log_in_with_password
from tests.browser.test_narrow_widths import fits_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_the_docs_page_runs_under_the_policy_and_lists_the_endpoints(page, final):
    responses = []
    page.on("response", lambda r: responses.append(r.url))

    page.goto("/api/v1/docs/")
    page.get_by_text("/api/v1/editions/", exact=True).first.wait_for()

    assert page.csp_violations == []
    assert page.get_by_role("heading", name="API documentation").is_visible()
    for path in ("/api/v1/staff/editions/{slug}/entries/", "/api/v1/editions/{slug}/winners/"):
        assert page.get_by_text(path, exact=True).count() == 1
    assert all(url.startswith(page.url.split("/api/")[0]) for url in responses), [
        url for url in responses if not url.startswith(page.url.split("/api/")[0])]
    # Swagger UI's colours are darkened and its deep links turned off in our page, so axe
    # passes as the page first loads (the operations folded); nothing is left out.
    assert axe_violations(page) == []


def test_the_tokens_page_makes_shows_once_and_revokes_on_a_phone(page, final):
    staff = final.users["secretariat"]
    log_in_with_password(page, staff.email)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/api/tokens/")
    page.get_by_label("Name").fill("Press office")
    page.get_by_role("button", name="Make the token").click()

    shown = page.get_by_role("textbox", name="Token").input_value()
    assert shown.startswith("ssp_") and ApiToken.objects.get(user=staff).name == "Press office"
    fits_a_phone(page, "/api/tokens/", rows=1)
    assert shown not in page.content()  # the page again: never the token

    page.get_by_role("button", name=re.compile(r"^Revoke\W+Press office$")).click()
    page.get_by_text("is revoked").wait_for()
    assert ApiToken.objects.get(user=staff).revoked_at is not None
