"""The edition's team, run from the staff pages: the secretariat invites people by e-mail with a
role, the invited person accepts through a personal link, roles change and end, every change is
audited, and the edition always keeps a secretariat member."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from prize.enums import Role
from prize.models import AuditEvent, Notification, RoleAssignment, User
from prize.team_models import TeamInvitation
from tests.conftest import CommittingClient
from tests.factories import EditionFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def team_url(edition):
    return reverse("staff_team", args=[edition.slug])


def logged_in(user) -> CommittingClient:
    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    return client


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/team/invitations/[A-Za-z0-9_-]+/)", message.body)[1]


@pytest.fixture
def secretariat(edition):
    user = UserFactory(email="head@example.org", name="Head of Secretariat")
    RoleFactory(user=user, edition=edition, role=Role.SECRETARIAT)
    return user


@pytest.fixture
def staff(secretariat):
    return logged_in(secretariat)


def invite(staff, edition, email="partner@example.org", role=Role.COORDINATOR, **extra):
    return staff.post(team_url(edition), {"email": email, "role": role, "name": "", **extra})


def test_an_invited_newcomer_chooses_a_password_and_joins_with_the_role(edition, staff,
                                                                        secretariat):
    response = invite(staff, edition, name="Kim Partner")

    assert response.status_code == 302
    assert "The invitation is on its way to partner@example.org" in staff.get(
        response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.to == ["partner@example.org"]
    path = link_in(message)
    row = Notification.objects.get(template="prize/team_invitation")
    assert path not in str(row.context)  # the link is sealed: no staff page can show it
    newcomer = CommittingClient()
    form = newcomer.get(path)
    assert "Choose a password to accept" in form.content.decode()

    accepted = newcomer.post(path, {"name": "Kim Partner", "password1": "a-long-passphrase-9",
                                    "password2": "a-long-passphrase-9"})

    assert accepted.status_code == 302 and accepted["Location"] == reverse("staff_index")
    user = User.objects.get(email="partner@example.org")
    assert user.has_role(edition, Role.COORDINATOR)
    assert EmailAddress.objects.get(user=user).verified
    assert newcomer.get(reverse("staff_index")).status_code == 200
    assert list(AuditEvent.objects.filter(action__startswith="team.").order_by("pk")
                .values_list("action", flat=True)) == ["team.invite", "team.accept"]


def test_someone_with_an_account_logs_in_first_and_only_they_can_accept(edition, staff):
    known = UserFactory(email="known@example.org")
    invite(staff, edition, email="known@example.org", role=Role.SECRETARIAT)
    path = link_in(mail.outbox[0])

    anonymous = CommittingClient().get(path).content.decode()
    assert "Log in to accept" in anonymous
    stranger = logged_in(UserFactory(email="stranger@example.org"))
    assert "This invitation was sent to known@example.org" in stranger.get(path).content.decode()
    stranger.post(path)
    assert not RoleAssignment.objects.filter(edition=edition, role=Role.SECRETARIAT,
                                             user__email="stranger@example.org").exists()

    owner = logged_in(known)
    assert owner.post(path).status_code == 302
    assert known.has_role(edition, Role.SECRETARIAT)
    assert "You accepted this invitation" in owner.get(path).content.decode()


def test_sending_again_gives_a_new_link_and_the_old_one_stops_working(edition, staff):
    invite(staff, edition)
    old = link_in(mail.outbox[0])
    invitation = TeamInvitation.objects.get()

    staff.post(reverse("staff_team_invitation", args=[edition.slug, invitation.pk]),
               {"action": "resend"})

    new = link_in(mail.outbox[1])
    assert new != old
    assert CommittingClient().get(old).status_code == 404
    assert CommittingClient().get(new).status_code == 200


def test_a_withdrawn_invitation_no_longer_opens(edition, staff):
    invite(staff, edition)
    path = link_in(mail.outbox[0])
    invitation = TeamInvitation.objects.get()

    staff.post(reverse("staff_team_invitation", args=[edition.slug, invitation.pk]),
               {"action": "cancel"})

    assert CommittingClient().get(path).status_code == 404
    assert AuditEvent.objects.filter(action="team.cancel").count() == 1


def test_inviting_the_same_person_twice_sends_one_open_invitation(edition, staff):
    invite(staff, edition)
    invite(staff, edition, role=Role.SECRETARIAT)

    invitation = TeamInvitation.objects.get()
    assert invitation.role == Role.SECRETARIAT
    assert len(mail.outbox) == 2  # the second replaces the first link
    assert CommittingClient().get(link_in(mail.outbox[0])).status_code == 404


def test_a_member_already_in_the_team_is_refused_with_what_to_do(edition, staff, secretariat):
    response = invite(staff, edition, email="HEAD@example.org")

    assert response.status_code == 400
    assert "already in the team as Secretariat staff: change their role in the list instead" \
        in response.content.decode()


def test_roles_change_and_end_but_the_last_secretariat_member_stays(edition, staff,
                                                                    secretariat):
    partner = UserFactory(email="partner@example.org")
    RoleFactory(user=partner, edition=edition, role=Role.COORDINATOR)
    member_url = reverse("staff_team_member", args=[edition.slug, secretariat.pk])

    refused = staff.post(member_url, {"action": "role", "role": Role.COORDINATOR}, follow=True)
    assert "Make someone else a secretariat member first" in refused.content.decode()
    assert secretariat.has_role(edition, Role.SECRETARIAT)

    staff.post(reverse("staff_team_member", args=[edition.slug, partner.pk]),
               {"action": "role", "role": Role.SECRETARIAT})
    partner = User.objects.get(pk=partner.pk)
    assert partner.roles_in(edition) == [Role.SECRETARIAT]

    staff.post(reverse("staff_team_member", args=[edition.slug, partner.pk]),
               {"action": "remove"})
    assert User.objects.get(pk=partner.pk).roles_in(edition) == []
    actions = list(AuditEvent.objects.filter(action__startswith="role.")
                   .values_list("action", flat=True))
    assert actions.count("role.revoke") == 2 and actions.count("role.grant") == 1


@pytest.mark.parametrize("persona, reads, changes", [
    ("anonymous", 302, 302), ("entrant", 404, 404), ("judge", 404, 404),
    ("coordinator", 200, 404), ("secretariat", 200, 302), ("superuser", 200, 302),
])
def test_who_reads_and_who_changes_the_team(edition, client_for, persona, reads, changes):
    client = client_for(persona)

    page = client.get(team_url(edition))
    posted = invite(client, edition, email="new@example.org")

    assert page.status_code == reads
    assert posted.status_code == changes
    if reads == 200:
        content = page.content.decode()
        assert ("Send the invitation" in content) == (changes == 302)
    assert TeamInvitation.objects.exists() == (changes == 302 and persona != "anonymous")


def test_the_secretariat_of_another_edition_sees_nothing(edition):
    other = UserFactory()
    RoleFactory(user=other, edition=EditionFactory(is_current=False), role=Role.SECRETARIAT)
    client = logged_in(other)

    assert client.get(team_url(edition)).status_code == 404
    assert invite(client, edition).status_code == 404


@pytest.mark.parametrize("data, message", [
    ({"email": ""}, "Type the e-mail address of the person to invite."),
    ({"email": "not an address"}, "Type a whole e-mail address"),
    ({"email": "x" * 300 + "@example.org"}, "at most 254 characters"),
    ({"email": "ok@example.org", "role": "judge"}, "Choose one of the roles."),
    ({"email": "ok@example.org", "role": "superuser"}, "Choose one of the roles."),
])
def test_bad_input_gets_a_message_on_the_form_on_every_database(edition, staff, data, message):
    response = staff.post(team_url(edition), {"role": Role.COORDINATOR, "name": "", **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TeamInvitation.objects.exists()


def test_a_nul_byte_in_the_address_is_dropped_not_stored(edition, staff):
    response = invite(staff, edition, email="kim\x00@example.org")

    assert response.status_code == 302
    assert TeamInvitation.objects.get().user.email == "kim@example.org"


def test_the_team_page_reads_a_fixed_number_of_queries(edition, staff, count_queries):
    def load():
        assert staff.get(team_url(edition)).status_code == 200

    load()
    few = count_queries(load)
    for n in range(15):
        user = UserFactory()
        RoleFactory(user=user, edition=edition,
                    role=Role.COORDINATOR if n % 2 else Role.SECRETARIAT)
        invite(staff, edition, email=f"invited{n}@example.org")
    assert count_queries(load) == few
