"""What the API's tests share: a token for a user, a client that sends it, and the editions'
people as the pages know them."""

from __future__ import annotations

import json

from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.tokens import digest_of, token_create


def token_for(user, name: str = "tests") -> str:
    """A live token of ``user`` made through the service (staff only)."""
    return token_create(user=user, name=name).secret


def raw_token_for(user, *, days: int = 30, name: str = "raw") -> str:
    """A token row made directly: for people the service refuses (a judge, an entrant), who
    could hold one only if they once ran an edition; the API must still show them nothing."""
    import secrets

    prefix = secrets.token_hex(4)
    secret = f"ssp_{prefix}_{secrets.token_urlsafe(32)}"
    ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=digest_of(secret),
                            expires_at=timezone.now() + timezone.timedelta(days=days))
    return secret


def get(url: str, token: str | None = None, client: Client | None = None, **extra):
    client = client or Client()
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get(url, **extra)


def body(response) -> dict:
    return json.loads(response.content)
