"""Bad input, property-based, for everyone who is not signed in (login, sign-up, password reset,
replies by token, the language) and for the JSON API with and without a token: see
tests/bad_input/__init__.py."""

import pytest

from api.tokens import token_create
from tests.bad_input import Sender, check_json_endpoint, report, run_area
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)
from tests.test_fuzz import _routes, _urls, world  # noqa: F401 (world: the fixture)

pytestmark = pytest.mark.django_db


def test_no_drawn_input_breaks_a_public_form_or_is_stored(world, monkeypatch):  # noqa: F811
    found, failures = run_area(world, monkeypatch, "public")
    assert not failures, report(failures)
    # Reached: logging in, signing up, a password reset and the language at least.
    actions = {f.form.action for f in found.forms}
    assert {"/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
            "/language/"} <= actions, actions


def test_no_drawn_request_breaks_the_json_api(world, monkeypatch):  # noqa: F811
    """Every API endpoint, public and staff, by each method with JSON bodies of every type,
    broken JSON, odd Accept headers and Authorization headers true, mangled and hostile, from
    an anonymous client (the token alone) and a signed-in secretariat."""
    monkeypatch.setattr("django.test.client.store_rendered_templates", lambda *a, **k: None)
    sender = Sender(world)
    season_ = world.judging.season
    token = token_create(user=season_.users["secretariat"], name="bad input").secret
    urls = [url for route in _routes() if route.name.startswith("api:")
            and not route.name.startswith("api:token") for url in _urls(world, route)]
    assert len(urls) >= 10, urls
    failures = [failure for url in urls for persona in ("anonymous", "secretariat")
                if (failure := check_json_endpoint(sender, persona, url, token))]
    assert not failures, report(failures)
