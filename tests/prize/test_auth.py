"""Sign-up, e-mail verification, login throttling and password reset, through the outbox."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from prize.enums import NotificationStatus, Role
from prize.models import Notification, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-long-passphrase"


def link_in(body: str, path_part: str) -> str:
    """The first link in an e-mail body whose path contains ``path_part``."""
    links = re.findall(r"https?://[^\s\"'<>]+", body)
    matching = [link for link in links if path_part in link]
    assert matching, f"no link with {path_part!r} in:\n{body}"
    return matching[0]


def sign_up(client, email="new.entrant@example.org"):
    return client.post(
        reverse("account_signup"),
        {"name": "Ada Entrant", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_sends_the_verification_email_through_the_outbox(client, edition):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    row = Notification.objects.get()
    assert row.template == "account/email_confirmation_signup"
    assert row.to_email == "new.entrant@example.org"
    assert row.status == NotificationStatus.SENT
    assert row.attempts == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.entrant@example.org"]
    assert message.subject == row.subject
    assert "/accounts/confirm-email/" in message.body
    html = message.alternatives[0]
    assert html[1] == "text/html"
    assert "/accounts/confirm-email/" in html[0]


def test_sign_up_makes_the_new_user_an_entrant_of_the_current_edition(client, edition):
    sign_up(client)

    user = User.objects.get(email="new.entrant@example.org")
    assert user.name == "Ada Entrant"
    assert user.roles_in(edition) == [Role.ENTRANT]


def test_sign_up_with_a_taken_email_or_mismatched_passwords_shows_messages(client, edition):
    UserFactory(email="taken@example.org")

    response = client.post(
        reverse("account_signup"),
        {"name": "", "email": "not-an-email", "password1": PASSWORD, "password2": "other-one"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors
    assert "email" in form.errors
    assert User.objects.count() == 1


def test_an_unverified_user_cannot_log_in_to_role_pages(client, edition):
    user = UserFactory(email="unverified@example.org", verified=False)

    response = log_in(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(reverse("account_login"))
    # allauth sends a fresh verification link, through the outbox
    assert Notification.objects.filter(
        to_email=user.email, template="account/email_confirmation"
    ).count() == 1


def test_following_the_verification_link_lets_the_user_log_in(client, edition):
    sign_up(client)
    link = link_in(mail.outbox[0].body, "/accounts/confirm-email/")

    page = client.get(link)
    assert page.status_code == 200
    confirm = client.post(link)
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(email="new.entrant@example.org").verified is True

    response = log_in(client, "new.entrant@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert "Ada Entrant" in dashboard.content.decode()


def test_password_reset_works_end_to_end(client, edition):
    user = UserFactory(email="forgetful@example.org")

    client.post(reverse("account_reset_password"), {"email": user.email})

    row = Notification.objects.get(to_email=user.email)
    assert row.template == "account/password_reset_key"
    link = link_in(mail.outbox[0].body, "/accounts/password/reset/key/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    client.logout()
    assert log_in(client, user.email, PASSWORD).status_code == 200  # old password refused
    assert log_in(client, user.email, NEW_PASSWORD)["Location"] == reverse("dashboard")


def test_password_reset_for_an_unknown_address_reveals_nothing(client, edition):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    row = Notification.objects.get(to_email="nobody@example.org")
    assert row.template == "account/unknown_account"
    assert row.recipient is None


def test_the_sixth_wrong_password_in_a_row_is_locked_out(client, edition, settings):
    user = UserFactory(email="target@example.org")

    for attempt in range(5):
        response = log_in(client, user.email, f"wrong-{attempt}")
        assert response.status_code == 200, attempt
        assert response.context["form"].errors

    sixth = log_in(client, user.email, "wrong-6")
    assert sixth.status_code == 429
    assert "Too many" in sixth.content.decode()

    locked = log_in(client, user.email, PASSWORD)  # even the right password, until the cool-off
    assert locked.status_code == 429
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, edition, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    user = UserFactory(email="patient@example.org")
    for attempt in range(6):
        log_in(client, user.email, f"wrong-{attempt}")
    assert log_in(client, user.email).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(seconds=1)
    )

    assert log_in(client, user.email)["Location"] == reverse("dashboard")


def test_failures_on_one_account_do_not_lock_another(client, edition):
    victim = UserFactory(email="victim@example.org")
    bystander = UserFactory(email="bystander@example.org")
    for attempt in range(6):
        log_in(client, victim.email, f"wrong-{attempt}")

    assert log_in(client, bystander.email)["Location"] == reverse("dashboard")


def test_a_successful_login_resets_the_failure_count(client, edition):
    user = UserFactory(email="typo@example.org")
    for attempt in range(5):
        log_in(client, user.email, f"wrong-{attempt}")

    assert log_in(client, user.email)["Location"] == reverse("dashboard")
    client.logout()
    for attempt in range(5):
        assert log_in(client, user.email, f"wrong-{attempt}").status_code == 200
    assert log_in(client, user.email)["Location"] == reverse("dashboard")


def test_each_failed_login_says_how_many_tries_remain(client, edition, settings):
    user = UserFactory(email="counting@example.org")

    first = log_in(client, user.email, "wrong-1").content.decode()
    fifth = [log_in(client, user.email, f"wrong-{n}") for n in range(2, 6)][-1]

    assert "5 more failed attempts lock logging in to this account for 15 minutes." in first
    assert ("One more failed attempt locks logging in to this account for 15 minutes. "
            "Not sure of the password? Reset it instead.") in fifth.content.decode()
    assert log_in(client, user.email, "wrong-6").status_code == 429


def test_a_completed_password_reset_lifts_that_lock_and_no_other(client, edition):
    locked = UserFactory(email="locked@example.org")
    other = UserFactory(email="other-locked@example.org")
    for person in (locked, other):
        for attempt in range(6):
            log_in(client, person.email, f"wrong-{attempt}")
        assert log_in(client, person.email).status_code == 429

    client.post(reverse("account_reset_password"), {"email": locked.email})
    link = link_in(mail.outbox[-1].body, "/accounts/password/reset/key/")
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    assert client.post(set_url, {"password1": NEW_PASSWORD,
                                 "password2": NEW_PASSWORD}).status_code == 302

    assert log_in(client, locked.email, NEW_PASSWORD)["Location"] == reverse("dashboard")
    client.logout()
    assert log_in(client, other.email).status_code == 429


@pytest.mark.two_factor_as_is
def test_an_organiser_made_on_the_command_line_logs_in_at_once(client, edition):
    """No e-mail to confirm first: the password logs them in, and since a superuser must log in
    with two factors, every page then sends them to set up their authenticator app."""
    from django.core.management import call_command

    call_command("createsuperuser", interactive=False, email="Organiser@Example.org",
                 verbosity=0)
    user = User.objects.get(email="organiser@example.org")
    user.set_password(PASSWORD)
    user.save()

    assert log_in(client, "organiser@example.org")["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert "Your role requires two-factor verification" in page.content.decode()
