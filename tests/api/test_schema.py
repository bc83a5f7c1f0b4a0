"""The OpenAPI description validates, lists every endpoint of api/urls.py (the docs page and
the description aside), and says which endpoints take a token."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from api import urls as api_urls
from tests.api.support import get

pytestmark = pytest.mark.django_db

NOT_DESCRIBED = {"index", "v1-root", "v1-schema", "v1-docs", "tokens", "token_revoke"}


def schema() -> dict:
    response = get(reverse("api:v1-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_description_validates_and_lists_every_endpoint(tmp_path):
    described = schema()
    validate_schema(described)
    call_command("spectacular", "--validate", "--fail-on-warn",
                 "--file", str(tmp_path / "schema.yaml"))
    paths = set(described["paths"])
    for pattern in api_urls.urlpatterns:
        if pattern.name in NOT_DESCRIBED:
            continue
        route = "/api/" + str(pattern.pattern).replace("<slug:slug>", "{slug}").replace(
            "<int:number>", "{number}")
        assert route in paths, f"api:{pattern.name} is not described"


def test_staff_endpoints_say_they_need_a_token_and_public_ones_do_not():
    described = schema()
    for path, operations in described["paths"].items():
        security = operations["get"]["security"]
        if path.startswith("/api/v1/staff/"):
            assert {"bearerToken": []} in security, path
        else:
            assert security == [{}], path
    assert described["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
