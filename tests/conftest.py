"""Shared fixtures: the edition, one user per persona, and the rule for real services.

``REQUIRE_SERVICES=1`` (CI) turns a missing PostgreSQL, Redis, Celery worker or Chromium into a
failure; without it such tests are skipped, so ``make test`` runs anywhere.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.test import Client, TestCase

from prize.enums import Role
from tests.factories import PASSWORD, EditionFactory, RoleFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "") == "1"

PERSONAS = ["anonymous", "entrant", "judge", "coordinator", "secretariat", "superuser"]


def need(available: bool, reason: str) -> None:
    """Skip a test whose service is missing, or fail it when services are required."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1 demands it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    """Uploads made by a test land in its own temporary folder, never in the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "two_factor_as_is: staff and superusers get no authenticator app by themselves "
        "(tests of the two-factor requirement)")


@pytest.fixture(autouse=True)
def _staff_have_an_authenticator(request):
    """Two-factor sign-in is required of staff and superusers; a test about something else gets
    their authenticator app made with the account or the role (whichever way it is made: a
    factory, a service, ``admin_client``), unless marked ``two_factor_as_is``."""
    if request.node.get_closest_marker("two_factor_as_is"):
        yield
        return
    from django.db.models.signals import post_save

    from prize.models import RoleAssignment, User
    from tests.factories import TWO_FACTOR_ROLES, give_authenticator

    def on_role(sender, instance, created, **kwargs):
        if created and instance.role in TWO_FACTOR_ROLES:
            give_authenticator(instance.user)

    def on_user(sender, instance, **kwargs):
        if instance.is_superuser and instance.pk:
            give_authenticator(instance)

    post_save.connect(on_role, sender=RoleAssignment, dispatch_uid="test-two-factor-role")
    post_save.connect(on_user, sender=User, dispatch_uid="test-two-factor-user")
    yield
    post_save.disconnect(sender=RoleAssignment, dispatch_uid="test-two-factor-role")
    post_save.disconnect(sender=User, dispatch_uid="test-two-factor-user")


@pytest.fixture(autouse=True)
def _eager_celery_and_fresh_cache(settings):
    """Unit tests send through an eager Celery; integration tests switch to the real broker."""
    from django.core.cache import cache

    from prize.celery import app

    app.conf.task_always_eager = True
    cache.clear()
    yield
    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _english_between_tests(settings):
    """Each test starts in the site's default language and leaves none behind: a Korean request
    made by one test would otherwise stay active in the thread and, for one, make the next
    test's factories fill only the Korean column of a translated field."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def korean_catalogue():
    """Add messages to the Korean catalogue for one test: ``add("Submitted", "제출 일시",
    context="moment")``, ``add("%(n)s nominee", "후보 %(n)s건", plural=True)``. Shows that a
    page asks for a message (with its context) whether or not the catalogue has it yet."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("ko")._catalog._catalogs[0]
    saved: dict = {}

    def add(msgid: str, text: str, *, context: str | None = None, plural: bool = False):
        key = f"{context}\x04{msgid}" if context else msgid
        keys = [(key, 0)] if plural else [key]
        for k in keys:
            saved.setdefault(k, catalogue.get(k))
            catalogue[k] = text

    yield add
    for k, old in saved.items():
        if old is None:
            catalogue.pop(k, None)
        else:
            catalogue[k] = old
    # django-countries keeps its translated, sorted list per language
    from django_countries import countries

    countries.__dict__.pop("_iter_cache", None)


class CommittingClient(Client):
    """A test client whose requests behave as if they committed: the ``on_commit`` callbacks
    they register (enqueueing e-mails, for one) run when the response is returned, as in
    production, although the test itself runs inside a transaction that is rolled back."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture
def edition(db):
    return EditionFactory()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def make_persona(db, edition):
    """Build a user for a persona name; ``None`` for anonymous."""

    def make(persona: str, *, in_edition=None):
        in_edition = in_edition or edition
        if persona == "anonymous":
            return None
        if persona == "superuser":
            return UserFactory(is_superuser=True, is_staff=True, email="root@example.org")
        user = UserFactory(email=f"{persona}@example.org")
        RoleFactory(user=user, edition=in_edition, role=Role(persona))
        return user

    return make


@pytest.fixture
def client_for(make_persona):
    """A test client logged in as the persona (or anonymous)."""

    def make(persona: str) -> Client:
        client = CommittingClient()
        user = make_persona(persona)
        if user is not None:
            client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        client.user = user
        return client

    return make


@pytest.fixture
def count_queries(db):
    """Run ``action`` and return how many database queries it made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(action) -> int:
        with CaptureQueriesContext(connection) as captured:
            action()
        return len(captured.captured_queries)

    return count


# --- Browser tests ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Playwright allows one sync session a process)."""
    from tests.browser.support import CHROMIUM, CHROMIUM_ARGS

    need(bool(shutil.which(CHROMIUM) or Path(CHROMIUM).exists()),
         f"Chromium is not installed at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # here are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# Errors raised by the browser's own parts, not by our pages: Chromium's built-in PDF viewer
# (the scoring page frames PDFs) reports a bare "Assertion failed" when its frame is closed or
# reloaded while a document is still loading. Our scripts never raise it.
NOT_OURS = {"Assertion failed"}


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser tab on the live server; a screenshot is kept when the test fails, and
    any JavaScript error or Content-Security-Policy violation on the page fails the test."""
    from tests.browser.support import ARTIFACTS, CSP_LISTENER, csp_violation

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.csp_violations = []
    page.on("console", lambda message: csp_violation(message.text)
            and page.csp_violations.append(message.text))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    errors = [e for e in errors if e not in NOT_OURS]
    assert errors == [], f"JavaScript errors on the page: {errors}"
    assert page.csp_violations == [], f"Content-Security-Policy violations: {page.csp_violations}"


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
