"""Playwright driving Debian's Chromium: where it is, how it starts, and the axe-core check.

The browser is Debian's ``/usr/bin/chromium`` (``CHROMIUM`` overrides it); Playwright never
downloads one. The ``browser`` and ``page`` fixtures live in tests/conftest.py so every test
folder shares one Playwright session.
"""

import json
import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Every page's Content-Security-Policy refuses inline scripts, so axe-core is not added as a
# <script> tag: it is evaluated through the DevTools protocol, which the policy does not govern.
_axe_source = None


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page; return its violations."""
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE.read_text(encoding="utf-8")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


# Reports every Content-Security-Policy violation of the page to the console, where the page
# fixture (tests/conftest.py) collects it. An init script runs before the page's own and is not
# subject to its policy.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " blocked "
                + (event.blockedURI || "inline") + " at " + event.sourceFile + ":"
                + event.lineNumber + " " + (event.sample || ""));
});
"""


def csp_violation(message_text: str) -> bool:
    """Whether a console message reports a Content-Security-Policy violation (ours, or
    Chromium's own report of one)."""
    return message_text.startswith("CSP violation:") or "Content Security Policy" in message_text


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)


# --- Page structure --------------------------------------------------------------------------

# How far the page is wider than the window (0 or less: nothing scrolls sideways).
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"

# Everything visible whose right edge is past the window, leaving out what sits inside a
# scrolling box that takes the focus (role=region, tabindex=0), provided the box itself fits.
PAST_THE_EDGE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || box.right <= width + 1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const region = el.closest('[role="region"][tabindex="0"]');
    if (region && region !== el && region.getBoundingClientRect().right <= width + 1) continue;
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
             + (el.className && el.className.baseVal === undefined ? '.' + el.className : '')
             + ' right=' + Math.round(box.right));
  }
  return out.slice(0, 10);
}"""
HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]))"""


def check_headings(page) -> None:
    """One h1, first, and no heading level skipped on the way down."""
    levels = page.evaluate(HEADINGS)
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def check_structure(page) -> None:
    """The headings in order, one banner, one main, one footer, at most one breadcrumb."""
    check_headings(page)
    for role in ("banner", "main", "contentinfo"):
        assert page.get_by_role(role).count() == 1, role
    assert page.get_by_role("navigation", name="Breadcrumb").count() <= 1


# --- Logging in -----------------------------------------------------------------------------


def log_in_as(page, live_server, user) -> None:
    """Give the browser a session of ``user`` (made by the test client), when logging in is
    not what the test is about."""
    from django.conf import settings

    from tests.conftest import CommittingClient

    client = CommittingClient()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def log_in_with_password(page, email: str) -> None:
    """Log in through the login page, as a person does, with the test password."""
    from tests.factories import PASSWORD

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: "/dashboard/" in url or "/2fa/authenticate/" in url)
    if "/2fa/authenticate/" in page.url:
        answer_code_step(page, email)
        page.wait_for_url("**/dashboard/")


def answer_code_step(page, email: str) -> None:
    """Type the current code of the test authenticator app at the login's code step (staff and
    superusers have one: two-factor login is required of them). A code is accepted once, so
    the one this helper typed for an earlier login of the same person is forgotten first."""
    from django.core.cache import cache

    from prize.models import User
    from tests.factories import totp_code

    code = totp_code()
    user_pk = User.objects.get(email__iexact=email).pk
    cache.delete(f"allauth.mfa.totp.used?user={user_pk}&code={code}")
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(code)
    page.get_by_role("button", name="Log in").click()
