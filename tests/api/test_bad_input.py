"""Never a 500: bad ids, bad page values, bad tokens (a JSON 401) and NUL bytes, on every
endpoint, anonymous and with a staff token; and the throttle answers anonymous floods with a
JSON 429."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.api.support import body, get, token_for

pytestmark = pytest.mark.django_db

HOSTILE = ["\x00", "a\x00b", "-1", "0", "99999999999999999999999", "1e400", "x" * 5000,
           "😀", "%00"]
BAD_TOKENS = ["", "Bearer", "Bearer ", "Bearer a b", "Token abc", "Bearer ssp_", "Bearer ssp_x",
              "Bearer ssp_\x00\x00\x00\x00\x00\x00\x00\x00_x", "Basic dXNlcjpwYXNz",
              "Bearer " + "ssp_" + "a" * 5000, "Bearer ssp_zzzzzzzz_notreal"]


def endpoint_urls(final) -> list[str]:
    slug = final.edition.slug
    return [reverse("api:index"), reverse("api:v1-root"), reverse("api:editions"),
            reverse("api:staff_editions"), reverse("api:v1-schema"), reverse("api:v1-docs"),
            *(reverse(f"api:{n}", args=[slug]) for n in (
                "edition", "categories", "awards", "winners", "staff_entries",
                "staff_screening", "staff_rounds")),
            reverse("api:staff_round_results", args=[slug, final.round.number])]


def test_hostile_query_values_never_break_an_endpoint(final):
    token = token_for(final.users["secretariat"])
    keys = ["page", "page_size", "answers", "status", "category", "q", "sort", "country",
            "kind", "region", "format", "lang", "script"]
    for url in endpoint_urls(final):
        for value in HOSTILE:
            cache.clear()
            query = dict.fromkeys(keys, value)
            for who in (None, token):
                response = Client().get(
                    url, query, **({"HTTP_AUTHORIZATION": f"Bearer {who}"} if who else {}))
                assert response.status_code < 500, (url, repr(value), response.status_code)


def test_bad_pages_are_a_json_404(final):
    token = token_for(final.users["secretariat"])
    url = reverse("api:staff_entries", args=[final.edition.slug])
    for page in ("999", "0", "x", "-1"):
        response = get(url + "?page=" + page.replace("\x00", "%00"), token)
        assert response.status_code == 404 and "detail" in body(response), page
    capped = body(get(url + "?page_size=100000", token))
    assert capped["count"] > 0 and len(capped["results"]) <= 200


def test_bad_slugs_and_numbers_are_404s(final):
    token = token_for(final.users["secretariat"])
    slug = final.edition.slug
    for url in ("/api/v1/editions/no-such/", "/api/v1/editions/no-such/winners/",
                "/api/v1/staff/editions/no-such/entries/",
                f"/api/v1/staff/editions/{slug}/rounds/99999999999999999999/results/",
                f"/api/v1/staff/editions/{slug}/rounds/0/results/",
                "/api/v1/editions/a%00b/", "/api/v1/nothing/"):
        assert get(url, token).status_code == 404, url


def test_bad_tokens_are_a_json_401_never_anonymous(final):
    for header in BAD_TOKENS:
        client = Client()
        response = client.get(reverse("api:staff_editions"),
                              **({"HTTP_AUTHORIZATION": header} if header else {}))
        assert response.status_code == 401, repr(header)
        assert response["Content-Type"] == "application/json"
        assert body(response)["detail"]


def test_anonymous_floods_are_throttled_with_a_json_429(settings):
    from rest_framework.throttling import AnonRateThrottle

    rate = AnonRateThrottle.THROTTLE_RATES["anon"]
    limit = int(rate.split("/")[0])
    client = Client()
    statuses = [client.get(reverse("api:editions")).status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [200] * limit and statuses[-1] == 429
    last = client.get(reverse("api:editions"))
    assert "throttled" in body(last)["detail"].lower() and int(last["Retry-After"]) > 0
