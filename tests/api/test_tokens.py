"""Tokens: made by staff on their page and shown once, stored only as a digest, refused once
revoked or expired, their last use kept; nobody reads or revokes anyone else's; making and
revoking are audited without the secret."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from prize.models import AuditEvent
from tests.api.support import body, get, token_for
from tests.entries.conftest import BACKEND
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STAFF_EDITIONS = "/api/v1/staff/editions/"


def signed_in(client, user):
    client.force_login(user, backend=BACKEND)
    return client


def test_a_token_is_shown_once_and_stored_hashed(client, final):
    staff = final.users["secretariat"]
    signed_in(client, staff)

    response = client.post(reverse("api:tokens"), {"name": "Press office", "days": "30"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=staff)
    secret = response.context["created"].secret
    assert secret.startswith(f"ssp_{token.prefix}_") and secret in response.content.decode()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps([list(r) for r in ApiToken.objects.values_list()],
                                    default=str)
    # the page again: the prefix, never the token
    again = client.get(reverse("api:tokens")).content.decode()
    assert secret not in again and f"ssp_{token.prefix}…" in again
    # audited, without the secret
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == staff and secret not in json.dumps(event.after)
    assert get(STAFF_EDITIONS, secret).status_code == 200


def test_last_use_is_kept(final):
    staff = final.users["secretariat"]
    secret = token_for(staff)
    assert ApiToken.objects.get().last_used_at is None

    get(STAFF_EDITIONS, secret)

    used = ApiToken.objects.get().last_used_at
    assert used is not None and timezone.now() - used < timezone.timedelta(minutes=1)


def test_a_revoked_token_is_refused_with_a_json_401(client, final):
    staff = final.users["secretariat"]
    secret = token_for(staff)
    token = ApiToken.objects.get()
    signed_in(client, staff)

    response = client.post(reverse("api:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.state == "revoked"
    refused = get(STAFF_EDITIONS, secret)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert "not valid" in body(refused)["detail"]
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=staff).count() == 1


def test_an_expired_token_is_refused(final):
    secret = token_for(final.users["secretariat"])
    ApiToken.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))

    assert get(STAFF_EDITIONS, secret).status_code == 401


def test_a_token_of_an_inactive_account_is_refused(final):
    staff = final.users["secretariat"]
    secret = token_for(staff)
    staff.is_active = False
    staff.save(update_fields=["is_active"])

    assert get(STAFF_EDITIONS, secret).status_code == 401


def test_nobody_sees_or_revokes_anothers_token_not_even_a_superuser(client, final):
    secret = token_for(final.users["coordinator"], name="Coordinator's")
    token = ApiToken.objects.get()
    root = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    for user in (final.users["secretariat"], root):
        signed_in(client, user)
        page = client.get(reverse("api:tokens")).content.decode()
        assert "Coordinator&#x27;s" not in page and token.prefix not in page
        assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    # nor through the admin: the model is not registered there
    from django.contrib import admin

    assert ApiToken not in admin.site._registry
    assert get(STAFF_EDITIONS, secret).status_code == 200


@pytest.mark.parametrize("persona", ["judge", "entrant"])
def test_people_who_run_no_edition_have_no_tokens_page(client, final, persona):
    from entries.models import Entry

    user = (final.judges[0] if persona == "judge"
            else Entry.objects.filter(edition=final.edition).first().entrant.members.first().user)
    signed_in(client, user)

    assert client.get(reverse("api:tokens")).status_code == 404
    assert client.post(reverse("api:tokens"), {"name": "x", "days": "30"}).status_code == 404
    assert not ApiToken.objects.exists()
    assert "api/tokens" not in client.get(reverse("profile")).content.decode()


def test_staff_find_the_tokens_page_on_their_profile(client, final):
    signed_in(client, final.users["coordinator"])
    assert reverse("api:tokens") in client.get(reverse("profile")).content.decode()


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_bad_form_keeps_what_was_typed_and_says_why(client, final):
    signed_in(client, final.users["secretariat"])
    client.post(reverse("api:tokens"), {"name": "Press", "days": "30"})

    twice = client.post(reverse("api:tokens"), {"name": "Press", "days": "30"})
    bad_days = client.post(reverse("api:tokens"), {"name": "Other", "days": "7"})
    nul = client.post(reverse("api:tokens"), {"name": "a\x00b", "days": "30"})

    assert twice.status_code == 400 and "already have a token" in twice.content.decode()
    assert bad_days.status_code == 400 and 'value="Other"' in bad_days.content.decode()
    assert nul.status_code == 200  # the project's inputs drop control characters
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == ["Press", "ab"]


def test_the_audit_log_reads_token_actions_in_words():
    from prize.audit_display import action_label

    assert action_label("api_token.create") == "API token made"
    assert action_label("api_token.revoke") == "API token revoked"
