"""The invitation link and the judging e-mails: a new judge sets a password and lands on the
dashboard; a judge with an account logs in first; someone else's account is told so; and what
the invitation, assignment and reminder e-mails say."""

import re
from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from judging import services
from judging.enums import RoundStatus
from judging.models import PanelMembership
from prize.models import AuditEvent, Notification
from prize.outbox import render
from tests.conftest import CommittingClient
from tests.factories import PASSWORD, UserFactory
from tests.judging.test_judge_views import text

pytestmark = pytest.mark.django_db

NEW_EMAIL = "amina.diallo@example.org"
NEW_PASSWORD = "seven-lanterns-over-dakar"


@pytest.fixture
def invite(judging):
    def make(email=NEW_EMAIL, **kwargs) -> PanelMembership:
        return services.judge_invite(round=judging.round, category=judging.season.category,
                                     email=email, by=judging.users["coordinator"], **kwargs)
    return make


def link(membership) -> str:
    return reverse("judging:invitation", args=[membership.token])


def test_an_unknown_token_does_not_exist(judging, client):
    assert client.get(reverse("judging:invitation", args=["no-such-token"])).status_code == 404


def test_a_new_judge_sets_a_password_and_lands_on_the_dashboard(judging, invite, client):
    membership = invite(name="Amina")

    page = client.get(link(membership))
    response = client.post(link(membership), {
        "name": "Amina Diallo", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    }, follow=True)

    assert "Choose a password to accept" in text(page)
    assert f"Your account is {NEW_EMAIL}." in text(page)
    assert response.redirect_chain[-1][0] == reverse("judging:dashboard")
    assert "Welcome to the Tech-InnovaCity panel of Online screening." in text(response)
    user = get_user_model().objects.get(email=NEW_EMAIL)
    assert (user.name, user.check_password(NEW_PASSWORD)) == ("Amina Diallo", True)
    assert list(EmailAddress.objects.filter(user=user).values_list(
        "email", "verified", "primary")) == [(NEW_EMAIL, True, True)]
    membership.refresh_from_db()
    assert membership.accepted_at is not None
    assert AuditEvent.objects.filter(action="panel.accept").count() == 1
    assert response.context["user"] == user  # logged in
    again = CommittingClient().post(reverse("account_login"),
                                    {"login": NEW_EMAIL, "password": NEW_PASSWORD})
    assert (again.status_code, again["Location"]) == (302, reverse("dashboard"))


@pytest.mark.parametrize(("first", "second", "message"), [
    (NEW_PASSWORD, "something-else-entirely", "Type the same password in both boxes."),
    ("12345678", "12345678", "This password is too common."),
    ("short", "short", "This password is too short."),
])
def test_a_refused_password_says_why_and_changes_nothing(judging, invite, client, first, second,
                                                         message):
    membership = invite()

    response = client.post(link(membership),
                           {"name": "Amina Diallo", "password1": first, "password2": second})

    assert response.status_code == 400
    assert message in text(response)
    user = get_user_model().objects.get(email=NEW_EMAIL)
    assert not user.has_usable_password()
    membership.refresh_from_db()
    assert membership.accepted_at is None
    assert "_auth_user_id" not in client.session


def test_a_judge_with_a_password_is_asked_to_log_in_first(judging, invite, client):
    membership = invite(email="second_judge@example.org")

    response = client.get(link(membership))

    assert "Log in to accept" in text(response)
    login = f'{reverse("account_login")}?next=%2Fjudging%2Finvitations%2F{membership.token}%2F'
    assert f'href="{login}"' in response.content.decode()
    assert 'name="password1"' not in response.content.decode()


def test_an_anonymous_post_cannot_accept_for_an_account_with_a_password(judging, invite,
                                                                        client):
    membership = invite(email="second_judge@example.org")
    client.post(link(membership), {"name": "X", "password1": NEW_PASSWORD,
                                   "password2": NEW_PASSWORD})
    membership.refresh_from_db()
    assert membership.accepted_at is None
    assert get_user_model().objects.get(email="second_judge@example.org").check_password(
        PASSWORD)


def test_the_invited_judge_accepts_once_logged_in(judging, invite):
    membership = invite(email="second_judge@example.org")
    client = judging.client("second_judge")

    page = client.get(link(membership))
    response = client.post(link(membership), follow=True)
    again = client.post(link(membership), follow=True)

    assert '<button type="submit" class="btn btn-primary">Accept</button>' in \
        page.content.decode()
    assert response.redirect_chain[-1][0] == reverse("judging:dashboard")
    assert "Welcome to the Tech-InnovaCity panel" in text(response)
    assert "Welcome" not in text(again)
    assert AuditEvent.objects.filter(action="panel.accept").count() == 1
    assert "You accepted this invitation on" in text(client.get(link(membership)))


def test_someone_else_is_told_whose_invitation_it_is(judging, invite):
    membership = invite()
    client = judging.client("judge")

    page = client.get(link(membership))
    client.post(link(membership))

    assert (f"This invitation was sent to {NEW_EMAIL}, but you are logged in as "
            "judge@example.org.") in text(page)
    assert f'action="{reverse("account_logout")}"' in page.content.decode()
    membership.refresh_from_db()
    assert membership.accepted_at is None


def test_an_invitation_to_a_finalised_round_cannot_be_accepted(judging, invite):
    membership = invite(email="second_judge@example.org")
    judging.round.status = RoundStatus.FINALISED
    judging.round.save()
    client = judging.client("second_judge")

    page = client.get(link(membership))
    client.post(link(membership))

    assert "This round is over" in text(page)
    membership.refresh_from_db()
    assert membership.accepted_at is None


# --- E-mails -----------------------------------------------------------------------------------


def close_round_at(judging, moment):
    judging.round.opens_at = min(judging.round.opens_at, moment - timezone.timedelta(days=7))
    judging.round.closes_at = moment
    judging.round.save()


def test_the_invitation_email(judging, invite):
    close_round_at(judging, datetime(2023, 7, 19, 8, 59, tzinfo=UTC))
    judging.users["coordinator"].name = "Ji-woo Han"
    judging.users["coordinator"].save()

    membership = invite()

    (notification,) = Notification.objects.filter(template="judging/invitation")
    email = render(notification, reveal=True)  # as it is sent: with the judge's own link
    url = f"http://127.0.0.1:8000/judging/invitations/{membership.token}/"
    assert email.subject == "Ji-woo Han invites you to judge Tech-InnovaCity in " \
        f"{judging.season.edition.name}"
    assert "the Tech-InnovaCity panel in Online screening" in email.text
    assert "Scores are due by: 19 July 2023, 17:59 (Asia/Seoul)" in email.text
    assert "You choose your password there" in email.text
    assert url in email.text and f'href="{url}"' in email.html
    assert "<strong>Tech-InnovaCity</strong>" in email.html


def test_the_invitation_of_a_judge_with_an_account_says_to_log_in(judging, invite):
    UserFactory(email="known.judge@example.org")
    invite(email="known.judge@example.org")
    email = render(Notification.objects.get(template="judging/invitation"))
    assert "You log in with your usual password first" in email.text


def test_the_assignment_email_counts_the_entries(judging):
    close_round_at(judging, datetime(2023, 7, 19, 8, 59, tzinfo=UTC))
    judge = judging.users["judge"]
    judge.time_zone = "Europe/Berlin"
    judge.save()

    services.assignments_notify(round=judging.round, by=judging.users["coordinator"])

    email = render(Notification.objects.get(template="judging/assigned", recipient=judge))
    assert email.subject == "3 entries to judge in Online screening"
    assert "3 entries of Online screening" in email.text
    assert "Categories: Tech-InnovaCity" in email.text
    assert "Scores are due by: 19 July 2023, 10:59 (Europe/Berlin)" in email.text
    assert "http://127.0.0.1:8000/judging/" in email.text


def test_the_replacement_email_says_an_entry_was_added(judging):
    services.recuse(assignment=judging.assignment(), by=judging.users["judge"],
                    reason="I advised this city.")

    (notification,) = Notification.objects.filter(template="judging/assigned")
    email = render(notification)
    assert notification.recipient == judging.users["unassigned_judge"]
    assert email.subject == "An entry was added to your list in Online screening"
    assert "Another judge stepped back from an entry" in email.text
    assert judging.users["judge"].get_full_name() not in email.text + email.html


def test_the_reminder_email_says_how_many_are_left(judging):
    close_round_at(judging, timezone.now().replace(microsecond=0) + timezone.timedelta(days=1))

    services.reminders_send(round=judging.round, by=judging.users["coordinator"],
                            judge_ids=[judging.users["judge"].pk])

    email = render(Notification.objects.get(template="judging/reminder"))
    assert re.match(r"Reminder: 3 of 3 reviews to finish in Online screening by .+"
                    r"\(Asia/Seoul\)$", email.subject)
    assert "3 of your 3 reviews in Online screening" in email.text
    assert "http://127.0.0.1:8000/judging/" in email.text
    assert "3 of your 3 reviews</strong>" in email.html
