"""Security keys (WebAuthn) as a second factor: adding one through allauth's page with a real
registration, logging in with it, the pages being their owner's alone, a key meeting the staff
requirement, the last one refused removal for staff, the audit log and e-mails, the headers that
let the browser use keys, and the judge's reset from a round's panels page.

The keys are software keys made here from python-fido2's own data classes (an EC P-256 key pair,
a "none" attestation, signed assertions), so allauth and fido2 check real registrations and
signatures; nothing of allauth is mocked.
"""

from __future__ import annotations

import json
import os

import pytest
from allauth.mfa.models import Authenticator
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail
from django.urls import reverse
from fido2.cose import ES256
from fido2.utils import sha256, websafe_decode, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from prize.audit_display import action_label
from prize.enums import Role
from prize.models import AuditEvent
from tests.conftest import CommittingClient
from tests.factories import (
    PASSWORD,
    CategoryFactory,
    JudgeProfileFactory,
    PanelMembershipFactory,
    RoleFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor_as_is]

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
# The test client's host is "testserver", the relying party; browsers send an https origin.
ORIGIN = "https://testserver"
FLAGS = AuthenticatorData.FLAG


class SoftKey:
    """A security key in software: registers with, and signs assertions for, one relying party."""

    def __init__(self, rp_id: str = "testserver"):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.rp_hash = sha256(rp_id.encode())
        self.counter = 0

    def register(self, creation_options: dict) -> dict:
        """The browser's answer to ``navigator.credentials.create`` (as webauthn-json sends it)."""
        options = creation_options["publicKey"]
        public_key = ES256.from_cryptography_key(self.private_key.public_key())
        credential = AttestedCredentialData.create(Aaguid.NONE, self.credential_id, public_key)
        auth_data = AuthenticatorData.create(self.rp_hash, FLAGS.UP | FLAGS.UV | FLAGS.AT, 0,
                                             credential)
        client_data = CollectedClientData.create("webauthn.create",
                                                 websafe_decode(options["challenge"]), ORIGIN)
        attestation = AttestationObject.create("none", auth_data, {})
        return {
            "id": websafe_encode(self.credential_id), "rawId": websafe_encode(self.credential_id),
            "type": "public-key", "clientExtensionResults": {"credProps": {"rk": False}},
            "response": {"clientDataJSON": websafe_encode(client_data),
                         "attestationObject": websafe_encode(bytes(attestation))},
        }

    def assert_for(self, request_options: dict) -> dict:
        """The browser's answer to ``navigator.credentials.get``: a signed assertion."""
        self.counter += 1
        options = request_options["publicKey"]
        auth_data = AuthenticatorData.create(self.rp_hash, FLAGS.UP | FLAGS.UV, self.counter)
        client_data = CollectedClientData.create("webauthn.get",
                                                 websafe_decode(options["challenge"]), ORIGIN)
        signature = self.private_key.sign(bytes(auth_data) + client_data.hash,
                                          ec.ECDSA(hashes.SHA256()))
        return {
            "id": websafe_encode(self.credential_id), "rawId": websafe_encode(self.credential_id),
            "type": "public-key", "clientExtensionResults": {},
            "response": {"clientDataJSON": websafe_encode(client_data),
                         "authenticatorData": websafe_encode(bytes(auth_data)),
                         "signature": websafe_encode(signature), "userHandle": None},
        }


def js_data(response) -> dict:
    """The options allauth hands its script (the page's ``json_script`` block)."""
    return response.context["js_data"]


def logged_in(user) -> CommittingClient:
    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    return client


def confirmed(client, *, code=None) -> CommittingClient:
    """Confirm it is you (allauth asks before anything that changes how one logs in)."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def add_key(client, key: SoftKey, name: str = "Blue key"):
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200, page
    credential = key.register(js_data(page)["creation_options"])
    return client.post(reverse("mfa_add_webauthn"),
                       {"name": name, "credential": json.dumps(credential)})


def person(edition, role, *, two_factor=False, email=None):
    user = UserFactory(email=email or f"{role}@example.org")
    RoleFactory(user=user, edition=edition, role=role, two_factor=two_factor)
    return user


def key_of(user) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)


def actions(user) -> list[str]:
    return list(AuditEvent.objects.filter(target_id=str(user.pk), action__startswith="two_factor")
                .order_by("pk").values_list("action", flat=True))


# --- Adding a key ------------------------------------------------------------------------------


def test_a_judge_adds_a_key_and_gets_recovery_codes_audited_and_emailed(edition):
    judge = person(edition, Role.JUDGE)
    client = confirmed(logged_in(judge))

    added = add_key(client, SoftKey())

    assert added.status_code == 302
    assert added["Location"] == reverse("mfa_view_recovery_codes")  # the first factor: codes made
    assert key_of(judge).wrap().name == "Blue key"
    assert actions(judge) == ["two_factor.key_added", "two_factor.codes_generated"]
    event = AuditEvent.objects.get(action="two_factor.key_added")
    assert event.after == {"type": "webauthn", "name": "Blue key"}
    assert any("security key was added" in m.subject for m in mail.outbox)
    listing = client.get(reverse("mfa_list_webauthn")).content.decode()
    assert "Blue key" in listing and "Not used yet" in listing
    profile = client.get(reverse("profile")).content.decode()
    assert "You log in with your password and a security key." in profile


def test_a_forged_or_garbled_key_answer_is_refused_with_a_message(edition):
    judge = person(edition, Role.JUDGE)
    client = confirmed(logged_in(judge))
    page = client.get(reverse("mfa_add_webauthn"))
    credential = SoftKey(rp_id="elsewhere.example").register(js_data(page)["creation_options"])

    for posted in (json.dumps(credential), '{"id": 1}', "not json", ""):
        response = client.post(reverse("mfa_add_webauthn"), {"name": "K", "credential": posted})
        assert response.status_code == 200  # the form again, not a 500
        assert response.context["form"].errors

    assert not Authenticator.objects.filter(user=judge).exists()


def test_the_add_page_needs_the_password_again_and_anonymous_visitors_log_in(edition):
    judge = person(edition, Role.JUDGE)

    assert logged_in(judge).get(reverse("mfa_add_webauthn"))["Location"].startswith(
        reverse("account_reauthenticate"))
    for name in ("mfa_add_webauthn", "mfa_list_webauthn"):
        assert CommittingClient().get(reverse(name))["Location"].startswith(
            reverse("account_login"))


# --- Logging in with it ------------------------------------------------------------------------


def test_the_login_offers_the_key_and_accepts_it(edition):
    judge = person(edition, Role.JUDGE)
    key = SoftKey()
    add_key(confirmed(logged_in(judge)), key)
    client = CommittingClient()

    step = client.post(reverse("account_login"), {"login": judge.email, "password": PASSWORD})
    assert step["Location"] == reverse("mfa_authenticate")
    page = client.get(reverse("mfa_authenticate"))
    html = page.content.decode()
    assert "Use a security key" in html and "Or use a recovery code" in html
    assert 'data-allauth-onload="allauth.webauthn.forms.authenticateForm"' in html
    assertion = key.assert_for(js_data(page)["request_options"])

    done = client.post(reverse("mfa_authenticate"), {"credential": json.dumps(assertion)})

    assert done.status_code == 302 and done["Location"] != reverse("mfa_authenticate")
    assert client.get(reverse("dashboard")).status_code == 200
    assert key_of(judge).last_used_at is not None


def test_another_persons_key_does_not_log_in(edition):
    judge = person(edition, Role.JUDGE)
    other = person(edition, Role.ENTRANT, email="other@example.org")
    add_key(confirmed(logged_in(judge)), SoftKey())
    stranger_key = SoftKey()
    add_key(confirmed(logged_in(other)), stranger_key)
    client = CommittingClient()
    client.post(reverse("account_login"), {"login": judge.email, "password": PASSWORD})
    page = client.get(reverse("mfa_authenticate"))

    refused = client.post(reverse("mfa_authenticate"), {
        "credential": json.dumps(stranger_key.assert_for(js_data(page)["request_options"]))})

    assert refused.status_code == 200
    assert "That security key was not recognised" in refused.content.decode()
    for garbled in ('{"id": 1}', '{"response": []}', "[]", "7", "not json", ""):
        again = client.post(reverse("mfa_authenticate"), {"credential": garbled})
        assert again.status_code == 200, garbled  # the page again, not a 500
        assert "That security key was not recognised" in again.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_key_confirms_it_is_you(edition):
    judge = person(edition, Role.JUDGE)
    key = SoftKey()
    add_key(confirmed(logged_in(judge)), key)
    client = logged_in(judge)  # a fresh session: not confirmed lately
    assert client.get(reverse("mfa_add_webauthn"))["Location"].startswith(
        reverse("account_reauthenticate"))

    page = client.get(reverse("mfa_reauthenticate_webauthn"))
    assert "Use a security key" in page.content.decode()
    client.post(reverse("mfa_reauthenticate_webauthn"), {
        "credential": json.dumps(key.assert_for(js_data(page)["request_options"]))})

    assert client.get(reverse("mfa_add_webauthn")).status_code == 200


# --- The staff requirement ---------------------------------------------------------------------


def test_a_key_meets_the_staff_requirement(edition):
    coordinator = person(edition, Role.COORDINATOR)
    client = logged_in(coordinator)
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_index")
    assert "Add a security key" in client.get(reverse("mfa_index")).content.decode()

    add_key(confirmed(client), SoftKey())

    assert client.get(reverse("dashboard")).status_code == 200


def test_staff_cannot_remove_their_last_key_but_may_remove_a_spare_one(edition):
    coordinator = person(edition, Role.COORDINATOR)
    client = confirmed(logged_in(coordinator))
    add_key(client, SoftKey(), "First")
    only = key_of(coordinator)

    listing = client.get(reverse("mfa_list_webauthn")).content.decode()
    assert reverse("mfa_remove_webauthn", args=[only.pk]) not in listing
    assert "your only key cannot be removed" in listing
    refused = client.post(reverse("mfa_remove_webauthn", args=[only.pk]), follow=True)
    assert "cannot be removed" in refused.content.decode()
    assert Authenticator.objects.filter(pk=only.pk).exists()

    add_key(client, SoftKey(), "Spare")
    spare = Authenticator.objects.get(user=coordinator, data__name="Spare")
    client.post(reverse("mfa_remove_webauthn", args=[spare.pk]))

    assert not Authenticator.objects.filter(pk=spare.pk).exists()
    assert actions(coordinator).count("two_factor.key_removed") == 1
    event = AuditEvent.objects.get(action="two_factor.key_removed")
    assert event.before == {"type": "webauthn", "name": "Spare"}
    assert client.get(reverse("dashboard")).status_code == 200


def test_with_a_key_staff_may_turn_the_app_off(edition):
    coordinator = person(edition, Role.COORDINATOR, two_factor=True)  # the app
    client = confirmed(logged_in(coordinator))
    add_key(client, SoftKey())

    assert "Turn off" in client.get(reverse("mfa_deactivate_totp")).content.decode()
    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=coordinator,
                                            type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_judge_removes_their_only_key(edition):
    judge = person(edition, Role.JUDGE)
    client = confirmed(logged_in(judge))
    add_key(client, SoftKey())

    client.post(reverse("mfa_remove_webauthn", args=[key_of(judge).pk]))

    assert not Authenticator.objects.filter(user=judge).exists()  # the codes went with it
    assert actions(judge)[-1] == "two_factor.key_removed"


# --- Their owner's alone -----------------------------------------------------------------------


def test_keys_are_their_owners_alone(edition):
    judge = person(edition, Role.JUDGE)
    add_key(confirmed(logged_in(judge)), SoftKey(), "Judge's key")
    key = key_of(judge)
    staff = person(edition, Role.SECRETARIAT, two_factor=True)
    for other in (staff, person(edition, Role.ENTRANT, email="e@example.org")):
        client = confirmed(logged_in(other))
        assert "Judge's key" not in client.get(reverse("mfa_list_webauthn")).content.decode()
        for name in ("mfa_edit_webauthn", "mfa_remove_webauthn"):
            assert client.get(reverse(name, args=[key.pk])).status_code == 404
            assert client.post(reverse(name, args=[key.pk]), {"name": "Mine"}).status_code == 404
    assert key_of(judge).wrap().name == "Judge's key"


def test_the_owner_renames_a_key_and_a_blank_name_is_refused(edition):
    judge = person(edition, Role.JUDGE)
    client = confirmed(logged_in(judge))
    add_key(client, SoftKey())
    url = reverse("mfa_edit_webauthn", args=[key_of(judge).pk])

    blank = client.post(url, {"name": ""})
    assert blank.status_code == 200 and blank.context["form"].errors
    client.post(url, {"name": "Keyring"})

    assert key_of(judge).wrap().name == "Keyring"


def test_the_key_pages_make_few_queries(edition, django_assert_max_num_queries):
    judge = person(edition, Role.JUDGE)
    client = confirmed(logged_in(judge))
    for n in range(4):
        add_key(client, SoftKey(), f"Key {n}")

    with django_assert_max_num_queries(12):
        assert client.get(reverse("mfa_list_webauthn")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("mfa_index")).status_code == 200


# --- The browser may use keys ------------------------------------------------------------------


def test_the_site_lets_its_own_pages_use_keys_and_no_one_else(edition):
    response = CommittingClient().get(reverse("account_login"))

    policy = response["Permissions-Policy"]
    assert "publickey-credentials-get=(self)" in policy
    assert "publickey-credentials-create=(self)" in policy
    assert "camera=()" in policy


def test_the_key_is_bound_to_the_configured_domain(edition, settings):
    settings.WEBAUTHN_RP_ID = "prize.example.org"
    client = confirmed(logged_in(person(edition, Role.JUDGE)))

    options = js_data(client.get(reverse("mfa_add_webauthn")))["creation_options"]["publicKey"]

    assert options["rp"] == {"id": "prize.example.org", "name": settings.SITE_NAME}


def test_the_key_events_read_in_words():
    assert str(action_label("two_factor.key_added")) == (
        "Security key added for two-factor verification")
    assert str(action_label("two_factor.key_removed")) == (
        "Security key removed from two-factor verification")


# --- The judge's reset from the panels page ----------------------------------------------------


def test_the_secretariat_resets_a_judges_keys_from_the_panels_page(edition):
    secretariat = person(edition, Role.SECRETARIAT, two_factor=True)
    judge = person(edition, Role.JUDGE)
    JudgeProfileFactory(user=judge)
    add_key(confirmed(logged_in(judge)), SoftKey())
    round = RoundFactory(edition=edition)
    PanelMembershipFactory(round=round, judge=judge,
                           category=CategoryFactory(edition=edition))
    panels = reverse("judging:staff_panels", args=[round.pk])
    client = logged_in(secretariat)

    page = client.get(panels).content.decode()
    assert page.count('value="reset_two_factor"') == 1
    url = reverse("staff_team_member", args=[edition.slug, judge.pk])
    confirm = client.post(url, {"action": "reset_two_factor", "next": panels})
    assert "their security keys" in confirm.content.decode()
    assert f'value="{panels}"' in confirm.content.decode()
    done = client.post(url, {"action": "reset_two_factor", "confirm": "yes", "next": panels})

    assert done["Location"] == panels
    assert not Authenticator.objects.filter(user=judge).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.before == {"authenticators": ["recovery_codes", "webauthn"]}
    elsewhere = client.post(url, {"action": "reset_two_factor", "next": "https://evil.example/"})
    assert "https://evil.example/" not in elsewhere.content.decode()


def test_coordinators_see_no_reset_button_on_the_panels_page(edition):
    coordinator = person(edition, Role.COORDINATOR, two_factor=True)
    judge = person(edition, Role.JUDGE)
    round = RoundFactory(edition=edition)
    PanelMembershipFactory(round=round, judge=judge, category=CategoryFactory(edition=edition))

    page = logged_in(coordinator).get(reverse("judging:staff_panels", args=[round.pk]))

    assert page.status_code == 200
    assert 'value="reset_two_factor"' not in page.content.decode()
    assert logged_in(coordinator).post(
        reverse("staff_team_member", args=[edition.slug, judge.pk]),
        {"action": "reset_two_factor", "confirm": "yes"}).status_code == 404
