"""Two-factor verification: required of superusers, the secretariat and coordinators, offered to
judges and entrants; the login's code step, recovery codes, the limit on wrong codes, the reset
by the secretariat or a superuser (and by command), the audit log and the e-mails."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from prize.enums import Role
from prize.models import AuditEvent
from tests.conftest import CommittingClient
from tests.factories import (
    PASSWORD,
    EditionFactory,
    RoleFactory,
    UserFactory,
    give_authenticator,
    totp_code,
)

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor_as_is]

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def logged_in(user) -> CommittingClient:
    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    return client


def person(edition, role, *, two_factor=True, email=None):
    user = UserFactory(email=email or f"{role}@example.org")
    RoleFactory(user=user, edition=edition, role=role, two_factor=two_factor)
    return user


def password_step(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def code_step(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def actions(user) -> list[str]:
    return list(AuditEvent.objects.filter(target_id=str(user.pk), action__startswith="two_factor")
                .order_by("pk").values_list("action", flat=True))


# --- The requirement ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SECRETARIAT])
def test_staff_without_an_authenticator_are_sent_to_set_it_up(edition, role):
    client = logged_in(person(edition, role, two_factor=False))

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index")).content.decode()
    assert "Your role requires two-factor verification" in page
    assert reverse("mfa_activate_totp") in page


def test_a_superuser_without_an_authenticator_is_sent_to_set_it_up():
    client = logged_in(UserFactory(is_superuser=True, is_staff=True, two_factor=False))

    assert client.get(reverse("staff_index"))["Location"] == reverse("mfa_index")


@pytest.mark.parametrize("role", [Role.ENTRANT, Role.JUDGE])
def test_entrants_and_judges_are_only_offered_it(edition, role):
    client = logged_in(person(edition, role))

    assert client.get(reverse("dashboard")).status_code == 200
    page = client.get(reverse("profile")).content.decode()
    assert "Two-factor verification" in page and reverse("mfa_activate_totp") in page
    assert "Your role requires two-factor verification" not in client.get(
        reverse("mfa_index")).content.decode()


def test_htmx_and_json_requests_get_a_403_with_the_reason_not_a_redirect(edition):
    client = logged_in(person(edition, Role.COORDINATOR, two_factor=False))

    htmx = client.get(reverse("dashboard"), headers={"HX-Request": "true"})
    json = client.get(reverse("dashboard"), headers={"Accept": "application/json"})

    assert htmx.status_code == 403 and "requires two-factor" in htmx.content.decode()
    assert json.status_code == 403 and "requires two-factor" in json.json()["detail"]


def test_logout_and_the_password_stay_open_to_staff_without_it(edition):
    client = logged_in(person(edition, Role.COORDINATOR, two_factor=False))

    assert client.get(reverse("account_change_password")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_staff_with_an_authenticator_go_on_and_cannot_turn_it_off(edition):
    coordinator = person(edition, Role.COORDINATOR)
    client = CommittingClient()
    password_step(client, coordinator)
    assert code_step(client, totp_code())["Location"] == reverse("dashboard")

    assert client.get(reverse("dashboard")).status_code == 200
    assert "Turn off" not in client.get(reverse("profile")).content.decode()
    assert client.post(reverse("mfa_deactivate_totp"))["Location"].startswith(
        reverse("account_reauthenticate"))
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(step=1)})
    refused = client.post(reverse("mfa_deactivate_totp"))

    assert refused.status_code == 200
    assert "cannot be turned off" in refused.content.decode()
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()


# --- Setting it up and logging in --------------------------------------------------------------


def test_a_coordinator_sets_up_the_app_with_a_real_code_and_gets_recovery_codes(edition):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    coordinator = person(edition, Role.COORDINATOR, two_factor=False)
    client = CommittingClient()
    assert password_step(client, coordinator)["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_index")

    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html and "<script" not in html.split(
        "<main")[1].split("</main>")[0]
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in html
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if totp_code(
        secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=coordinator).exists()

    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert done.status_code == 302
    assert set(Authenticator.objects.filter(user=coordinator).values_list("type", flat=True)) \
        == {"totp", "recovery_codes"}
    assert client.get(reverse("dashboard")).status_code == 200
    assert actions(coordinator) == ["two_factor.added", "two_factor.codes_generated"]
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "Two-factor verification is on" in mail.outbox[0].subject


def test_login_asks_for_the_code_and_refuses_a_wrong_one(edition):
    secretariat = person(edition, Role.SECRETARIAT)
    client = CommittingClient()

    response = password_step(client, secretariat)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Code from your authenticator app, or a recovery code" in page

    wrong = code_step(client, "123456" if totp_code() != "123456" else "654321")
    assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302

    assert code_step(client, totp_code())["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    assert actions(secretariat) == ["two_factor.wrong_code"]


def test_the_code_step_cannot_be_guessed_by_trying_every_code(edition, settings):
    settings.TWO_FACTOR_CODE_ATTEMPTS = 3
    judge = person(edition, Role.JUDGE)
    give_authenticator(judge)
    client = CommittingClient()
    password_step(client, judge)
    wrong = "000000" if totp_code() != "000000" else "111111"

    for _attempt in range(3):
        assert "Incorrect code" in code_step(client, wrong).content.decode()
    blocked = code_step(client, totp_code())

    assert blocked.status_code == 200
    assert "Too many wrong codes" in blocked.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_recovery_code_signs_in_once(edition):
    judge = person(edition, Role.JUDGE)
    give_authenticator(judge)
    code = RecoveryCodes.activate(judge).get_unused_codes()[0]

    first = CommittingClient()
    password_step(first, judge)
    assert code_step(first, code)["Location"] == reverse("dashboard")
    again = CommittingClient()
    password_step(again, judge)
    refused = code_step(again, code)

    assert refused.status_code == 200 and "Incorrect code" in refused.content.decode()
    assert actions(judge) == ["two_factor.recovery_code_used", "two_factor.wrong_code"]


# --- The reset ---------------------------------------------------------------------------------


def reset_url(edition, user):
    return reverse("staff_team_member", args=[edition.slug, user.pk])


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.JUDGE])
def test_the_secretariat_resets_a_coordinators_or_judges_two_factor_after_confirming(
        edition, role):
    secretariat = person(edition, Role.SECRETARIAT)
    member = person(edition, role)
    give_authenticator(member)
    client = logged_in(secretariat)

    confirm = client.post(reset_url(edition, member), {"action": "reset_two_factor"})
    assert confirm.status_code == 200
    assert "Reset their two-factor verification" in confirm.content.decode()
    assert Authenticator.objects.filter(user=member).exists()

    done = client.post(reset_url(edition, member), {"action": "reset_two_factor",
                                                    "confirm": "yes"})

    assert done["Location"] == reverse("staff_team", args=[edition.slug])
    assert not Authenticator.objects.filter(user=member).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert (event.actor, event.edition, event.target_id) == (secretariat, edition, str(member.pk))
    (message,) = mail.outbox
    assert message.to == [member.email] and "was reset" in message.subject
    if role == Role.COORDINATOR:
        again = logged_in(member)
        assert again.get(reverse("dashboard"))["Location"] == reverse("mfa_index")


def test_the_team_page_offers_the_reset(edition):
    secretariat = person(edition, Role.SECRETARIAT)
    person(edition, Role.COORDINATOR)

    page = logged_in(secretariat).get(reverse("staff_team", args=[edition.slug]))

    assert page.content.decode().count('value="reset_two_factor"') == 1


def test_nobody_resets_their_own_and_the_secretariat_not_a_colleagues(edition):
    secretariat = person(edition, Role.SECRETARIAT)
    colleague = person(edition, Role.SECRETARIAT, email="colleague@example.org")
    client = logged_in(secretariat)

    own = client.post(reset_url(edition, secretariat), {"action": "reset_two_factor",
                                                        "confirm": "yes"}, follow=True)
    colleagues = client.post(reset_url(edition, colleague), {"action": "reset_two_factor",
                                                             "confirm": "yes"})

    assert "cannot reset your own" in own.content.decode()
    assert colleagues.status_code == 404
    assert Authenticator.objects.filter(user__in=[secretariat, colleague]).count() == 2
    assert not AuditEvent.objects.filter(action="two_factor.reset").exists()


def test_coordinators_and_other_editions_secretariat_cannot_reset(edition):
    coordinator = person(edition, Role.COORDINATOR)
    judge = person(edition, Role.JUDGE)
    give_authenticator(judge)
    elsewhere = person(EditionFactory(is_current=False), Role.SECRETARIAT,
                       email="elsewhere@example.org")
    data = {"action": "reset_two_factor", "confirm": "yes"}

    assert logged_in(coordinator).post(reset_url(edition, judge), data).status_code == 404
    assert logged_in(elsewhere).post(reset_url(edition, judge), data).status_code == 404
    assert Authenticator.objects.filter(user=judge).exists()


def test_a_superuser_resets_a_secretariat_member(edition):
    root = UserFactory(is_superuser=True, is_staff=True, email="root@example.org")
    secretariat = person(edition, Role.SECRETARIAT)

    logged_in(root).post(reset_url(edition, secretariat), {"action": "reset_two_factor",
                                                           "confirm": "yes"})

    assert not Authenticator.objects.filter(user=secretariat).exists()
    assert actions(secretariat) == ["two_factor.reset"]


def test_the_command_resets_the_last_superuser(django_capture_on_commit_callbacks):
    root = UserFactory(is_superuser=True, is_staff=True, email="root@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reset_two_factor", "ROOT@example.org")

    assert not Authenticator.objects.filter(user=root).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.actor is None and event.actor_repr == "system"
    assert [m.to for m in mail.outbox] == [[root.email]]
    with pytest.raises(CommandError, match="no two-factor verification to reset"):
        call_command("reset_two_factor", root.email)
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_two_factor", "nobody@example.org")


# --- The demo ----------------------------------------------------------------------------------


def test_demo_code_prints_the_demo_accounts_code_and_refuses_otherwise(settings, capsys):
    from prize.two_factor_demo import equip

    settings.DEBUG = True
    edition = EditionFactory(is_current=False)
    demo = person(edition, Role.SECRETARIAT, email="secretariat@example.org", two_factor=False)
    other = person(edition, Role.SECRETARIAT, email="other@example.org")
    assert equip([demo, other]) == [demo]

    call_command("demo_code", "secretariat@example.org")
    assert capsys.readouterr().out.strip() == totp_code(settings.DEMO_TOTP_SECRET)
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_code", other.email)
    person(edition, Role.JUDGE, email="judge@example.org")
    with pytest.raises(CommandError, match="password alone"):
        call_command("demo_code", "judge@example.org")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG only"):
        call_command("demo_code", "secretariat@example.org")


def test_the_two_factor_events_read_in_words():
    from prize.audit_display import action_label

    assert action_label("two_factor.reset") == "Two-factor verification reset"
    assert action_label("two_factor.recovery_code_used") == "Logged in with a recovery code"


# --- The recovery codes and turning it off -----------------------------------------------------


def test_a_judge_sees_downloads_and_renews_their_recovery_codes_and_turns_it_off(
        edition, django_assert_max_num_queries):
    judge = person(edition, Role.JUDGE)
    give_authenticator(judge)
    codes = RecoveryCodes.activate(judge).get_unused_codes()
    other = person(edition, Role.JUDGE, email="other.judge@example.org")
    give_authenticator(other)
    others_codes = RecoveryCodes.activate(other).get_unused_codes()
    client = logged_in(judge)
    assert client.get(reverse("mfa_view_recovery_codes"))["Location"].startswith(
        reverse("account_reauthenticate"))
    confirm = client.get(reverse("account_reauthenticate")).content.decode()
    assert "Confirm it is you" in confirm and "Please reauthenticate" not in confirm
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    with django_assert_max_num_queries(12):
        page = client.get(reverse("mfa_view_recovery_codes"))
    html = page.content.decode()
    assert page.status_code == 200
    assert all(code in html for code in codes)
    assert not any(code in html for code in others_codes)
    assert "10 of 10 codes left." in html
    assert 'aria-current="true">Two-factor verification</a>' in html
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download["Content-Type"].startswith("text/plain")
    assert download["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
    assert download.content.decode().split() == codes

    assert "Your 10 unused codes stop working." in client.get(
        reverse("mfa_generate_recovery_codes")).content.decode()
    renewed = client.post(reverse("mfa_generate_recovery_codes"), follow=True)
    html = renewed.content.decode()
    new_codes = Authenticator.objects.get(user=judge, type="recovery_codes").wrap() \
        .get_unused_codes()
    assert renewed.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    assert new_codes[0] in html and codes[0] not in html

    assert "Turn off two-factor verification" in client.get(
        reverse("mfa_deactivate_totp")).content.decode()
    off = client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert "Two-factor verification is off." in off.content.decode()
    assert not Authenticator.objects.filter(user=judge).exists()
    assert actions(judge)[-2:] == ["two_factor.codes_generated", "two_factor.removed"]


def test_the_profile_links_to_the_codes_or_to_making_them(edition):
    judge = person(edition, Role.JUDGE)
    give_authenticator(judge)
    client = logged_in(judge)

    without = client.get(reverse("profile")).content.decode()
    view_link = f'href="{reverse("mfa_view_recovery_codes")}"'
    assert f'href="{reverse("mfa_generate_recovery_codes")}">Make recovery codes' in without
    assert view_link not in without
    RecoveryCodes.activate(judge)
    assert view_link in client.get(reverse("profile")).content.decode()


def test_recovery_codes_are_their_owners_alone(edition):
    judge = person(edition, Role.JUDGE)
    give_authenticator(judge)
    RecoveryCodes.activate(judge)

    anonymous = CommittingClient()
    for name in ("mfa_view_recovery_codes", "mfa_download_recovery_codes",
                 "mfa_generate_recovery_codes", "mfa_deactivate_totp"):
        assert anonymous.get(reverse(name))["Location"].startswith(reverse("account_login"))
    without = logged_in(person(edition, Role.ENTRANT))
    assert without.get(reverse("mfa_view_recovery_codes")).status_code == 404
    assert without.get(reverse("mfa_download_recovery_codes")).status_code == 404
