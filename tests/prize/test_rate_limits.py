"""Rate limits on what sends e-mail or creates accounts: password reset and confirmation e-mails
per address and per client address, sign-ups per client address (collaborator invitations:
tests/entries/test_invitation_limit.py). The request past a limit is refused with a page or
message that says so, and writes no e-mail to the outbox."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from prize.models import Notification
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def reset(client, email, ip="203.0.113.7"):
    return client.post(reverse("account_reset_password"), {"email": email}, REMOTE_ADDR=ip)


def sign_up(client, email, ip="203.0.113.7"):
    return client.post(
        reverse("account_signup"),
        {"name": "Ada", "email": email, "password1": PASSWORD, "password2": PASSWORD},
        REMOTE_ADDR=ip,
    )


def resend(client, email, ip="203.0.113.7"):
    return client.post(reverse("account_email"), {"email": email, "action_send": ""},
                       REMOTE_ADDR=ip, follow=True)


def test_the_limits_are_settings_wired_into_allauth():
    assert settings.ACCOUNT_RATE_LIMITS["reset_password"] == settings.RATE_LIMIT_PASSWORD_RESET
    assert settings.ACCOUNT_RATE_LIMITS["confirm_email"] == \
        settings.RATE_LIMIT_CONFIRMATION_EMAIL
    assert settings.ACCOUNT_RATE_LIMITS["signup"] == settings.RATE_LIMIT_SIGNUP
    # failed logins stay with django-axes (a lockout per account and address)
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] is None
    # the defaults: per client address and per e-mail address
    assert settings.RATE_LIMIT_PASSWORD_RESET == "20/h/ip,3/h/key"
    assert settings.RATE_LIMIT_CONFIRMATION_EMAIL == "20/h/ip,1/3m/key,5/d/key"
    assert settings.RATE_LIMIT_SIGNUP == "20/h/ip"
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.AXES_IPWARE_PROXY_COUNT


# --- Password reset ------------------------------------------------------------------------------


def test_the_fourth_password_reset_for_one_address_in_an_hour_is_refused(client, edition):
    user = UserFactory(email="forgetful@example.org")
    for attempt in range(3):  # the default allows three an hour per address
        assert reset(client, user.email, ip=f"203.0.113.{attempt + 1}").status_code == 302
    assert Notification.objects.filter(to_email=user.email).count() == 3

    refused = reset(client, user.email, ip="203.0.113.99")  # from anywhere

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "<h1>Too many requests</h1>" in html
    assert ("Too many password reset e-mails were asked for, for this address or from your "
            "network. No new e-mail was sent.") in html
    assert "its link still works" in html
    assert Notification.objects.filter(to_email=user.email).count() == 3


def test_password_resets_from_one_client_address_are_limited(client, edition, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "reset_password": "2/h/ip,3/h/key"}
    for name in ("a", "b"):
        assert reset(client, f"{name}@example.org").status_code == 302

    refused = reset(client, "c@example.org")
    other_client = reset(client, "c@example.org", ip="198.51.100.4")

    assert refused.status_code == 429
    assert "No new e-mail was sent." in refused.content.decode()
    assert other_client.status_code == 302
    assert sorted(Notification.objects.values_list("to_email", flat=True)) == [
        "a@example.org", "b@example.org", "c@example.org"]


# --- Confirmation e-mails ------------------------------------------------------------------------


@pytest.fixture
def unconfirmed(client, edition):
    """A logged-in user with a second address that is not confirmed yet."""
    user = UserFactory(email="main@example.org")
    EmailAddress.objects.create(user=user, email="second@example.org", verified=False)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return user


def test_a_second_confirmation_e_mail_within_minutes_is_not_sent_and_the_page_says_so(
        client, unconfirmed):
    first = resend(client, "second@example.org")
    assert "Confirmation email sent to second@example.org." in first.content.decode()
    assert Notification.objects.filter(to_email="second@example.org").count() == 1

    again = resend(client, "second@example.org")

    assert again.status_code == 200
    assert ("No new confirmation e-mail was sent to second@example.org: one was sent a short "
            "while ago, or too many were asked for.") in again.content.decode()
    assert Notification.objects.filter(to_email="second@example.org").count() == 1


def test_confirmation_e_mails_from_one_client_address_are_limited(client, unconfirmed, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "confirm_email": "1/h/ip,1/3m/key"}
    EmailAddress.objects.create(user=unconfirmed, email="third@example.org", verified=False)
    resend(client, "second@example.org")

    refused = resend(client, "third@example.org")
    elsewhere = resend(client, "third@example.org", ip="198.51.100.4")

    assert "No new confirmation e-mail was sent to third@example.org" in \
        refused.content.decode()
    assert "Confirmation email sent to third@example.org." in elsewhere.content.decode()
    assert sorted(Notification.objects.values_list("to_email", flat=True)) == [
        "second@example.org", "third@example.org"]


def test_logging_in_again_unconfirmed_does_not_send_another_e_mail_at_once(client, edition):
    user = UserFactory(email="unverified@example.org", verified=False)
    for _attempt in range(3):
        response = client.post(reverse("account_login"),
                               {"login": user.email, "password": PASSWORD})
        assert response["Location"] == reverse("account_email_verification_sent")

    assert Notification.objects.filter(to_email=user.email).count() == 1


# --- Sign-ups ------------------------------------------------------------------------------------


def test_the_twenty_first_sign_up_from_one_client_address_in_an_hour_is_refused(
        client, edition):
    for number in range(20):
        response = sign_up(client, f"person{number}@example.org")
        assert response.status_code == 302, number
        client.logout()
    assert Notification.objects.count() == 20

    refused = sign_up(client, "one-too-many@example.org")
    elsewhere = sign_up(client, "from-elsewhere@example.org", ip="198.51.100.4")

    assert refused.status_code == 429
    html = refused.content.decode()
    assert ("Too many attempts to sign up came from your network in a short time. Your account "
            "was not created.") in html
    assert "Please wait a while (up to an hour) and try again." in html
    assert not EmailAddress.objects.filter(email="one-too-many@example.org").exists()
    assert elsewhere.status_code == 302
    assert Notification.objects.count() == 21
