"""Links and codes that open an account reach their owner and no one else.

Each test is one way a staff member (the secretariat or a coordinator of any edition) could try
to read or set another account's credentials, or act as another user: through the outbox list,
a message's preview and its stored context, "send again", the audit log, the admin, the logs,
or a judge's invitation. Each one tries and must fail, while the owner's link keeps working.
"""

import json
import logging
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from entries.services import invitation_send
from judging.services import judge_invite
from prize import outbox, sealing
from prize.enums import NotificationStatus, Role
from prize.models import Notification, User
from prize.tasks import deliver_notification
from tests.entries.conftest import BACKEND
from tests.factories import PASSWORD, EditionFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service as if its transaction committed: its e-mails leave."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


NEW_PASSWORD = "someone-elses-new-passphrase"


def links(body: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", body)


def link_in(body: str, path_part: str) -> str:
    matching = [link for link in links(body) if path_part in link]
    assert matching, f"no link with {path_part!r} in:\n{body}"
    return matching[0]


def secret_parts(link: str) -> list[str]:
    """The parts of a link that grant access: its last path segments, long and random."""
    path = link.split("://", 1)[1].split("/", 1)[1]
    return [part for part in re.split(r"[/-]", path) if len(part) >= 16]


def row_text(row: Notification) -> str:
    """Every stored value of a message except the sealed one, as a staff member with the whole
    row in hand (an export, the admin, a database view) would read it."""
    row.refresh_from_db()
    values = {
        f.attname: getattr(row, f.attname)
        for f in Notification._meta.concrete_fields
        if f.name != "sealed"
    }
    return json.dumps(values, default=str)


def staff_pages_text(client, row: Notification) -> str:
    """Everything a staff member's client can read about a message."""
    pages = [
        client.get(reverse("staff_outbox")),
        client.get(reverse("staff_outbox"), {"q": row.to_email}),
        client.get(reverse("staff_outbox_detail", args=[row.pk])),
        client.get(reverse("staff_audit")),
    ]
    return "\n".join(page.content.decode() for page in pages)


def client_of(user: User):
    from tests.conftest import CommittingClient

    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    return client


def request_password_reset(email: str) -> Notification:
    from tests.conftest import CommittingClient

    CommittingClient().post(reverse("account_reset_password"), {"email": email})
    return Notification.objects.filter(to_email=email).latest("pk")


# --- The outbox and its preview -------------------------------------------------------------


def test_a_password_reset_link_is_never_shown_to_the_secretariat(season):
    entrant = season.users["entrant"]
    secretariat = season.client("secretariat")

    row = request_password_reset(entrant.email)

    link = link_in(mail.outbox[-1].body, "/accounts/password/reset/key/")
    html = mail.outbox[-1].alternatives[0][0]
    assert link in html  # the owner's e-mail has the link, in both parts
    assert row.carries_credential
    detail = secretariat.get(reverse("staff_outbox_detail", args=[row.pk]))
    assert detail.status_code == 200
    page = staff_pages_text(secretariat, row)
    assert entrant.email in page  # staff see that it was sent, and to whom
    assert "only the recipient" in page
    for part in secret_parts(link):
        assert part not in page
        assert part not in row_text(row)
    assert row.status == NotificationStatus.SENT
    assert row.sealed == ""  # wiped once the message has left


def test_the_reset_link_still_works_for_its_owner(season):
    entrant = season.users["entrant"]
    request_password_reset(entrant.email)
    link = link_in(mail.outbox[-1].body, "/accounts/password/reset/key/")

    from tests.conftest import CommittingClient

    owner = CommittingClient()
    form_page = owner.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = owner.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    entrant.refresh_from_db()
    assert entrant.check_password(NEW_PASSWORD)


def test_an_email_confirmation_link_is_never_shown_even_to_a_superuser(season):
    from tests.conftest import CommittingClient

    CommittingClient().post(
        reverse("account_signup"),
        {
            "name": "New Person",
            "email": "newcomer@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    row = Notification.objects.get(to_email="newcomer@example.org")
    link = link_in(mail.outbox[-1].body, "/accounts/confirm-email/")

    superuser = season.client("superuser")
    page = staff_pages_text(superuser, row)
    admin_page = superuser.get(reverse("admin:prize_notification_change", args=[row.pk]))

    assert admin_page.status_code == 200
    assert "newcomer@example.org" in page
    for part in secret_parts(link):
        assert part not in page
        assert part not in admin_page.content.decode()
        assert part not in row_text(row)


def test_a_waiting_message_keeps_its_link_sealed_until_it_is_sent(season, settings):
    """A message the worker has not sent yet (broker down, or held) holds its link encrypted:
    not in the context, not in the preview, not in the admin."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    entrant = season.users["entrant"]
    later = timezone.now() + timezone.timedelta(hours=1)
    row = outbox.notify(
        entrant,
        "account/password_reset_key",
        {"email": entrant.email},
        send_after=later,
        secrets={"password_reset_url": "https://prize.example/reset/SECRETKEY123456789"},
    )

    secretariat = season.client("secretariat")
    superuser = season.client("superuser")
    preview = secretariat.get(reverse("staff_outbox_detail", args=[row.pk])).content.decode()
    admin_page = superuser.get(reverse("admin:prize_notification_change", args=[row.pk]))

    assert row.sealed and "SECRETKEY" not in row.sealed
    assert "SECRETKEY" not in preview
    assert "only the recipient sees it" in preview
    assert "SECRETKEY" not in admin_page.content.decode()
    assert "SECRETKEY" not in row_text(row)
    assert sealing.unseal(row.sealed)["password_reset_url"].endswith("SECRETKEY123456789")


def test_a_sealed_value_cannot_also_be_plain(season):
    with pytest.raises(ValueError):
        outbox.notify("a@example.org", "test/hello", {"link": "x"}, secrets={"link": "y"})


def test_a_tampered_seal_fails_the_message_instead_of_sending_it(season):
    row = outbox.notify(
        season.users["entrant"],
        "account/password_reset_key",
        {"email": "entrant@example.org"},
        send_after=timezone.now() + timezone.timedelta(hours=1),
        secrets={"password_reset_url": "https://prize.example/reset/abc"},
    )
    Notification.objects.filter(pk=row.pk).update(
        sealed=row.sealed[:-6] + "AAAAAA", send_after=None
    )

    deliver_notification.delay(row.pk)

    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert "personal link" in row.last_error
    assert mail.outbox == []


def test_a_message_sealed_before_a_key_rotation_is_still_sent(season, settings):
    row = outbox.notify(
        season.users["entrant"],
        "account/password_reset_key",
        {"email": "entrant@example.org"},
        send_after=timezone.now() + timezone.timedelta(hours=1),
        secrets={"password_reset_url": "https://prize.example/reset/abcdef"},
    )
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" + "x" * 20
    Notification.objects.filter(pk=row.pk).update(send_after=None)

    deliver_notification.delay(row.pk)

    assert "https://prize.example/reset/abcdef" in mail.outbox[-1].body


# --- Send again -----------------------------------------------------------------------------


def test_a_failed_message_with_a_link_cannot_be_sent_again_by_staff(season):
    row = outbox.notify(
        season.users["entrant"],
        "account/password_reset_key",
        {"email": "entrant@example.org"},
        send_after=timezone.now() + timezone.timedelta(hours=1),
        secrets={"password_reset_url": "https://prize.example/reset/abc"},
    )
    outbox._fail(row, "SMTP 550: mailbox unavailable")
    secretariat = season.client("secretariat")

    page = secretariat.get(reverse("staff_outbox_detail", args=[row.pk])).content.decode()
    response = secretariat.post(reverse("staff_outbox_resend", args=[row.pk]), follow=True)

    assert "Send again" not in page
    assert "Ask the person to request a new one" in response.content.decode()
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert row.sealed == ""
    assert mail.outbox == []


# --- Invitations ------------------------------------------------------------------------------


def test_a_judge_invitation_link_reaches_only_the_judge(judging, committed):
    secretariat_user = judging.users["secretariat"]
    with committed():
        membership = judge_invite(
            round=judging.round,
            category=judging.season.category,
            email="new.judge@example.org",
            by=secretariat_user,
            name="New Judge",
        )
    row = Notification.objects.get(to_email="new.judge@example.org", template="judging/invitation")
    link = link_in(mail.outbox[-1].body, "/judging/invitations/")

    page = staff_pages_text(judging.client("secretariat"), row)

    assert membership.token in link
    assert "new.judge@example.org" in page
    assert membership.token not in page
    assert membership.token not in row_text(row)
    assert row.edition_id == judging.round.edition_id


def test_a_collaborator_invitation_link_is_not_shown_to_staff(season, committed):
    with committed():
        invitation = invitation_send(
            entrant=season.entrant,
            email="colleague@example.org",
            by=season.users["entrant"],
            edition=season.edition,
        )
    row = Notification.objects.get(to_email="colleague@example.org")

    page = staff_pages_text(season.client("secretariat"), row)

    assert invitation.token in mail.outbox[-1].body
    assert "colleague@example.org" in page
    assert invitation.token not in page
    assert invitation.token not in row_text(row)


def test_inviting_an_existing_account_as_judge_never_lets_the_link_set_its_password(judging):
    """The secretariat invites an entrant's address: the link only asks them to sign in."""
    entrant = judging.season.users["entrant"]
    membership = judge_invite(
        round=judging.round,
        category=judging.season.category,
        email=entrant.email,
        by=judging.users["secretariat"],
    )
    from tests.conftest import CommittingClient

    anyone = CommittingClient()
    url = reverse("judging:invitation", args=[membership.token])
    page = anyone.get(url)
    anyone.post(url, {"name": "Taken Over", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert page.status_code == 200
    assert 'name="password1"' not in page.content.decode()
    entrant.refresh_from_db()
    assert entrant.check_password(PASSWORD)
    assert "_auth_user_id" not in anyone.session


def test_a_superuser_without_a_password_cannot_get_one_through_a_judge_invitation(judging):
    root = judging.users["superuser"]
    root.set_unusable_password()
    root.save()
    membership = judge_invite(
        round=judging.round,
        category=judging.season.category,
        email=root.email,
        by=judging.users["secretariat"],
    )
    from tests.conftest import CommittingClient

    anyone = CommittingClient()
    url = reverse("judging:invitation", args=[membership.token])
    page = anyone.get(url)
    anyone.post(url, {"name": "Root", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert 'name="password1"' not in page.content.decode()
    root.refresh_from_db()
    assert not root.has_usable_password()
    assert "_auth_user_id" not in anyone.session


# --- Who reads which messages -----------------------------------------------------------------


def test_the_secretariat_of_one_edition_does_not_read_anothers_messages(season):
    other_edition = EditionFactory(is_current=False, slug="another-prize")
    other_person = UserFactory(email="elsewhere@example.org")
    RoleFactory(user=other_person, edition=other_edition, role=Role.ENTRANT)
    theirs = outbox.notify(other_person, "test/hello", {"message": "theirs"}, edition=other_edition)
    account = outbox.notify(other_person, "test/hello", {"message": "account"})
    ours = outbox.notify(
        season.users["entrant"], "test/hello", {"message": "ours"}, edition=season.edition
    )
    secretariat = season.client("secretariat")

    listing = secretariat.get(reverse("staff_outbox"))
    shown = {row.pk for row in listing.context["page"].object_list}

    assert ours.pk in shown
    assert theirs.pk not in shown and account.pk not in shown
    assert "elsewhere@example.org" not in listing.content.decode()
    assert sum(count for _v, _l, count in listing.context["status_counts"]) == len(shown)
    for row in (theirs, account):
        assert secretariat.get(reverse("staff_outbox_detail", args=[row.pk])).status_code == 404
        assert secretariat.post(reverse("staff_outbox_resend", args=[row.pk])).status_code == 404


def test_the_secretariat_sees_account_messages_of_its_people_but_not_of_a_superuser(season):
    entrant_reset = request_password_reset(season.users["entrant"].email)
    root_reset = request_password_reset(season.users["superuser"].email)
    stranger = UserFactory(email="stranger@example.org")
    stranger_reset = request_password_reset(stranger.email)
    secretariat = season.client("secretariat")
    superuser = season.client("superuser")

    shown = {r.pk for r in secretariat.get(reverse("staff_outbox")).context["page"].object_list}
    everything = {r.pk for r in superuser.get(reverse("staff_outbox")).context["page"].object_list}

    assert entrant_reset.pk in shown
    assert root_reset.pk not in shown and stranger_reset.pk not in shown
    assert {entrant_reset.pk, root_reset.pk, stranger_reset.pk} <= everything
    assert secretariat.get(reverse("staff_outbox_detail", args=[root_reset.pk])).status_code == 404


def test_a_coordinator_reads_no_messages(season):
    outbox.notify(season.users["entrant"], "test/hello", {"message": "x"}, edition=season.edition)

    response = season.client("coordinator").get(reverse("staff_outbox"))

    assert response.status_code == 404


# --- The admin, the audit log, the logs --------------------------------------------------------


@pytest.mark.parametrize("persona", ["secretariat", "coordinator"])
def test_staff_roles_cannot_reach_the_admin_or_anyones_password(season, persona):
    client = season.client(persona)
    root = season.users["superuser"]

    pages = [
        client.get(reverse("admin:index")),
        client.get(reverse("admin:prize_user_change", args=[root.pk])),
        client.post(
            reverse("admin:auth_user_password_change", args=[root.pk]),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ),
        client.get(reverse("admin:prize_notification_changelist")),
    ]

    assert all(page.status_code == 302 and "/admin/login/" in page["Location"] for page in pages)
    root.refresh_from_db()
    assert not root.check_password(NEW_PASSWORD)


def test_no_link_or_code_is_written_to_the_logs_or_the_audit_log(season, caplog, committed):
    caplog.set_level(logging.DEBUG)
    request_password_reset(season.users["entrant"].email)
    with committed():
        invitation = invitation_send(
            entrant=season.entrant,
            email="colleague@example.org",
            by=season.users["entrant"],
            edition=season.edition,
        )
    secrets = secret_parts(link_in(mail.outbox[0].body, "/accounts/password/reset/key/"))
    secrets.append(invitation.token)

    audit = season.client("superuser").get(reverse("staff_audit")).content.decode()

    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in audit


def test_the_outbox_page_shows_that_a_message_carries_a_link(season):
    row = request_password_reset(season.users["entrant"].email)
    secretariat = season.client("secretariat")

    detail = secretariat.get(reverse("staff_outbox_detail", args=[row.pk])).content.decode()

    assert "This message carries a personal link" in detail
    assert "password_reset_url" in detail  # the name of the hidden value, not the value


@override_settings(SECRET_KEY="a-different-key-for-this-test-" + "y" * 30)
def test_the_seal_does_not_depend_on_one_fixed_key():
    first = sealing.seal({"link": "https://prize.example/x"})

    assert sealing.unseal(first) == {"link": "https://prize.example/x"}
    assert "prize.example" not in first


def test_a_logged_in_staff_member_cannot_open_someone_elses_confirmation(season):
    """The confirmation link works only with its key: staff, who never see it, get nowhere."""
    from tests.conftest import CommittingClient

    CommittingClient().post(
        reverse("account_signup"),
        {
            "name": "New Person",
            "email": "newcomer@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    secretariat = client_of(season.users["secretariat"])

    guess = secretariat.post("/accounts/confirm-email/not-the-key/")

    from allauth.account.models import EmailAddress

    assert guess.status_code in (200, 302, 404)
    assert not EmailAddress.objects.get(email="newcomer@example.org").verified


@pytest.mark.django_db(transaction=True)
def test_links_stored_before_sealing_are_removed_by_the_migration():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("prize", "0003_outbox_edition_sealed")])
    old = executor.loader.project_state([("prize", "0003_outbox_edition_sealed")]).apps
    OldNotification = old.get_model("prize", "Notification")
    reset = OldNotification.objects.create(
        to_email="a@example.org",
        template="account/password_reset_key",
        key="old-reset",
        context={
            "email": "a@example.org",
            "password_reset_url": "https://x/reset/KEY123",
            "key": "KEY123",
        },
    )
    invite = OldNotification.objects.create(
        to_email="b@example.org",
        template="judging/invitation",
        key="old-invite",
        context={"round_name": "Round 1", "accept_path": "/judging/invitations/TOKEN456/"},
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    reset_row = Notification.objects.get(pk=reset.pk)
    invite_row = Notification.objects.get(pk=invite.pk)
    assert reset_row.context == {"email": "a@example.org"}
    assert invite_row.context == {"round_name": "Round 1"}
    assert reset_row.carries_credential and invite_row.carries_credential


def test_the_html_preview_of_a_message_hides_the_link_and_allows_only_inline_styles(season):
    row = request_password_reset(season.users["entrant"].email)
    link = link_in(mail.outbox[-1].body, "/accounts/password/reset/key/")
    secretariat = season.client("secretariat")

    detail = secretariat.get(reverse("staff_outbox_detail", args=[row.pk])).content.decode()
    frame = secretariat.get(reverse("staff_outbox_html", args=[row.pk]))
    other = season.client("coordinator").get(reverse("staff_outbox_html", args=[row.pk]))

    assert reverse("staff_outbox_html", args=[row.pk]) in detail
    assert frame.status_code == 200
    html = frame.content.decode()
    assert "only the recipient sees it" in html
    for part in secret_parts(link):
        assert part not in html
    policy = frame["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy
    assert "script-src 'none'" in policy
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    assert other.status_code == 404
