"""The embargo holds in the API: every pattern of api/urls.py (walked from the URLconf, so a
new endpoint is walked without being listed here) is opened by an anonymous client, the
winner, a finalist who did not win, another entrant and a judge of the final round, each with
their session and with a token, and by the secretariat's token on the public side. Before
publication nothing names an award, a citation, a winner's or a finalist's title or entrant;
after it, the winners endpoints do, and the staff side still answers only staff."""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, reverse

from api import urls as api_urls
from tests.api.support import get, raw_token_for, token_for
from tests.ceremony.test_embargo import publish
from tests.entries.conftest import BACKEND

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "winner", "finalist", "other_entrant", "judge"]


def patterns() -> list[tuple[str, list[str]]]:
    """(name, parameter names) of every pattern of the API's URLconf."""
    out = []
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), pattern  # no nested includes to miss
        out.append((pattern.name, sorted(pattern.pattern.converters)))
    return out


def urls(world, token_pks: list[int]) -> list[tuple[str, str]]:
    values = {"slug": [world.final.edition.slug, "no-such-edition"],
              "number": [world.final.round.number, 99], "pk": [*token_pks, 999999]}
    out = []
    for name, params in patterns():
        missing = set(params) - set(values)
        assert not missing, f"api:{name} takes {missing}: give the walk its values"
        for combination in itertools.product(*(values[p] for p in params)):
            out.append((name, reverse(f"api:{name}", kwargs=dict(zip(params, combination)))))
    return out


def secrets(world) -> list[str]:
    out = [a.name for a in world.awards]
    out += [d.citation for d in world.decisions]
    for entry in {*world.finalists, *world.winners}:
        out += [entry.title, entry.entrant.name]
    return out


def clients(world):
    """(who, client, token): each persona signed in, and each with a token of their own. The
    throttles' counts are cleared between clients (they all come from one address)."""
    out = []
    for persona in PERSONAS:
        user = world.users[persona]
        client = Client()
        if user is None:
            out.append((persona, client, None))
            continue
        client.force_login(user, backend=BACKEND)
        out.append((f"{persona} (session)", client, None))
        out.append((f"{persona} (token)", Client(), raw_token_for(user)))
    for who, client, token in out:
        cache.clear()
        yield who, client, token


def test_the_walk_reaches_every_endpoint(world):
    names = {name for name, _params in patterns()}
    assert {"editions", "edition", "categories", "awards", "winners", "staff_entries",
            "staff_screening", "staff_round_results", "v1-schema", "v1-docs",
            "tokens"} <= names
    assert len(urls(world, [1])) >= 20


def test_before_publication_no_endpoint_tells_who_won_or_who_was_a_finalist(world):
    hidden = secrets(world)
    slug = world.final.edition.slug
    staff_token = token_for(world.final.users["secretariat"])
    for who, client, token in clients(world):
        for name, url in urls(world, []):
            response = get(url, token, client)
            where = f"{who} {url} ({response.status_code})"
            assert response.status_code < 500, where
            text = response.content.decode()
            for secret in hidden:
                assert secret not in text, f"{where} shows {secret!r}"
            if name.startswith("staff_"):
                assert response.status_code in (401, 404), where
            assert "public" not in response.get("Cache-Control", ""), where
        for name in ("awards", "winners"):
            assert get(reverse(f"api:{name}", args=[slug]), token, client).status_code == 404
    # the secretariat's token does not lift the embargo on the public side
    cache.clear()
    for name, url in urls(world, []):
        if name.startswith("staff_") or name in ("tokens", "token_revoke"):
            continue
        text = get(url, staff_token).content.decode()
        assert not [s for s in hidden if s in text], url


def test_after_publication_the_winners_are_public_and_the_staff_side_is_still_staff_only(world):
    publish(world)
    slug = world.final.edition.slug
    winners = get(reverse("api:winners", args=[slug])).content.decode()
    for decision in world.decisions:
        assert decision.citation in winners and decision.award.name in winners
    for who, client, token in clients(world):
        for name, url in urls(world, []):
            if name.startswith("staff_"):
                response = get(url, token, client)
                assert response.status_code in (401, 404), f"{who} {url}"
                assert world.gold.title not in response.content.decode()


def test_staff_see_their_editions_results_before_publication(world):
    token = token_for(world.final.users["coordinator"])
    response = get(reverse("api:staff_round_results",
                           args=[world.final.edition.slug, world.final.round.number]), token)
    assert response.status_code == 200
    assert world.gold.title in response.content.decode()
