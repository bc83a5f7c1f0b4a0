"""Judges: invitations through the outbox, accepting them, profiles, and declared conflicts that
release assignments in rounds still running (with a replacement where a judge is free)."""

import pytest

from judging import services
from judging.enums import AssignmentSource, ConflictScope, RoundStatus
from judging.models import (
    Assignment,
    ConflictDeclaration,
    JudgeProfile,
    PanelMembership,
    Recusal,
    Round,
)
from judging.services import JudgingError
from prize.enums import Role
from prize.models import AuditEvent, Notification, RoleAssignment, User
from prize.outbox import render
from prize.sealing import unseal
from tests.factories import CategoryFactory, EditionFactory, EntryFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- invitations ----------------------------------------------------------------------------

def test_inviting_a_new_address_makes_an_account_without_password_and_sends_the_link(judging):
    coordinator = judging.users["coordinator"]

    membership = services.judge_invite(
        round=judging.round, category=judging.season.category, email=" Nadia.Haddad@Example.org ",
        by=coordinator, name="Nadia Haddad", capacity=5)

    user = User.objects.get(email="nadia.haddad@example.org")
    assert membership.judge == user and membership.capacity == 5
    assert membership.invited_by == coordinator and membership.accepted_at is None
    assert user.name == "Nadia Haddad" and not user.has_usable_password()
    assert RoleAssignment.objects.filter(user=user, edition=judging.season.edition,
                                         role=Role.JUDGE).exists()
    assert JudgeProfile.objects.filter(user=user).exists()
    [mail] = Notification.objects.all()
    assert (mail.template, mail.to_email, mail.recipient) == (
        "judging/invitation", "nadia.haddad@example.org", user)
    assert mail.key == f"judging-invitation:{membership.pk}"
    assert "accept_path" not in mail.context and membership.token not in str(mail.context)
    assert unseal(mail.sealed)["accept_path"] == f"/judging/invitations/{membership.token}/"
    assert mail.context["needs_password"] is True
    assert (mail.context["round_name"], mail.context["category_name"]) == (
        "Online screening", "Tech-InnovaCity")
    assert f"/judging/invitations/{membership.token}/" in render(mail, reveal=True).text
    assert membership.token not in render(mail).text  # what staff preview
    assert AuditEvent.objects.get(action="panel.invite").after == {
        "judge": "nadia.haddad@example.org", "category": "Tech-InnovaCity"}


def test_one_invitation_per_judge_and_round_whatever_the_number_of_panels(judging):
    """Two panels of one round: one e-mail; accepting it accepts both; a third panel added
    after the acceptance is accepted at once, with no e-mail."""
    coordinator = judging.users["coordinator"]
    edition = judging.season.edition
    second = CategoryFactory(edition=edition, code="HC", name="Human-CentriCity")
    third = CategoryFactory(edition=edition, code="LD", name="Leadership")

    first_panel = services.judge_invite(round=judging.round, category=judging.season.category,
                                        email="lena@example.org", by=coordinator)
    second_panel = services.judge_invite(round=judging.round, category=second,
                                         email="lena@example.org", by=coordinator)

    [invitation] = Notification.objects.filter(template="judging/invitation")
    assert unseal(invitation.sealed)["accept_path"] == (
        f"/judging/invitations/{first_panel.token}/")
    services.invitation_accept(membership=first_panel, user=first_panel.judge)
    first_panel.refresh_from_db()
    second_panel.refresh_from_db()
    assert first_panel.accepted_at and second_panel.accepted_at

    third_panel = services.judge_invite(round=judging.round, category=third,
                                        email="lena@example.org", by=coordinator)
    assert third_panel.accepted_at is not None
    assert Notification.objects.filter(template="judging/invitation").count() == 1
    # Another round is another invitation.
    later = Round.objects.create(edition=edition, name="Expert panel", number=2,
                                 opens_at=judging.round.opens_at,
                                 closes_at=judging.round.closes_at)
    services.judge_invite(round=later, category=second, email="lena@example.org",
                          by=coordinator)
    assert Notification.objects.filter(template="judging/invitation").count() == 2


def test_an_existing_account_is_invited_to_sign_in(judging):
    user = judging.users["other_entrant"]

    membership = services.judge_invite(round=judging.round, category=judging.season.category,
                                       email="OTHER@example.org", by=None)

    assert membership.judge == user
    assert user.has_usable_password()
    assert Notification.objects.get().context["needs_password"] is False
    assert User.objects.filter(email__iexact="other@example.org").count() == 1


def test_inviting_again_sends_nothing_but_resending_does(judging):
    category = judging.season.category
    first = services.judge_invite(round=judging.round, category=category,
                                  email="nadia@example.org", by=None, capacity=5)

    again = services.judge_invite(round=judging.round, category=category,
                                  email="nadia@example.org", by=None, capacity=None)
    assert again.pk == first.pk and again.capacity is None
    assert Notification.objects.count() == 1

    services.judge_invite(round=judging.round, category=category, email="nadia@example.org",
                          by=None, resend=True)
    mails = list(Notification.objects.order_by("pk"))
    assert len(mails) == 2
    assert unseal(mails[1].sealed)["accept_path"] == unseal(mails[0].sealed)["accept_path"]
    assert PanelMembership.objects.filter(judge__email="nadia@example.org").count() == 1
    assert AuditEvent.objects.filter(action="panel.invite").count() == 1


def test_a_category_of_another_edition_is_refused(judging):
    stranger = CategoryFactory(edition=EditionFactory(is_current=False))

    with pytest.raises(JudgingError) as caught:
        services.judge_invite(round=judging.round, category=stranger, email="x@example.org",
                              by=None)

    assert caught.value.messages == ["That category belongs to another edition."]
    assert not User.objects.filter(email="x@example.org").exists()


def test_accepting_is_done_once_by_the_invited_judge(judging):
    membership = services.judge_invite(round=judging.round, category=judging.season.category,
                                       email="nadia@example.org", by=None)
    user = membership.judge

    accepted = services.invitation_accept(membership=membership, user=user)
    again = services.invitation_accept(membership=membership, user=user)

    assert accepted.accepted_at is not None and again.accepted_at == accepted.accepted_at
    assert AuditEvent.objects.filter(action="panel.accept").count() == 1
    with pytest.raises(JudgingError) as caught:
        services.invitation_accept(membership=membership, user=judging.users["judge"])
    assert caught.value.messages == ["This invitation was sent to another e-mail address."]


# --- declared conflicts -----------------------------------------------------------------------

SCOPES = {
    ConflictScope.ORGANISATION: lambda j: {"entrant": j.entry.entrant},
    ConflictScope.CITY: lambda j: {"city": " seoul ", "country": "KR"},
    ConflictScope.COUNTRY: lambda j: {"country": "KR"},
    ConflictScope.ENTRY: lambda j: {"entry": j.entry},
}


@pytest.mark.parametrize("scope", list(SCOPES))
def test_a_declared_conflict_releases_the_entry_and_a_free_judge_replaces(judging, scope):
    judge, free = judging.users["judge"], judging.users["unassigned_judge"]

    declaration = services.conflict_declare(
        judge=judge, round_or_edition=judging.round, scope=scope,
        reason="I advised this city in 2022.", by=judge, **SCOPES[scope](judging))

    assert declaration.edition == judging.season.edition
    assert not Assignment.objects.filter(round=judging.round, judge=judge,
                                         entry=judging.entry).exists()
    assert set(Assignment.objects.filter(round=judging.round, judge=judge)
               .values_list("entry_id", flat=True)) == {judging.entries[1].pk,
                                                         judging.entries[2].pk}
    recusal = Recusal.objects.get()
    assert (recusal.judge, recusal.entry) == (judge, judging.entry)
    assert recusal.reason.startswith("Declared conflict: I advised this city in 2022. (")
    replacement = Assignment.objects.get(round=judging.round, entry=judging.entry,
                                         source=AssignmentSource.REPLACEMENT)
    assert replacement.judge == free and replacement.notified_at is not None
    [mail] = Notification.objects.all()
    assert (mail.template, mail.to_email, mail.context["replacement"]) == (
        "judging/assigned", free.email, True)


def test_declaring_before_a_round_is_assigned_keeps_the_judge_away(judging):
    judge = judging.users["judge"]
    Assignment.objects.filter(round=judging.round).delete()
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.DRAFT)
    judging.round.refresh_from_db()

    services.conflict_declare(judge=judge, round_or_edition=judging.season.edition,
                              scope=ConflictScope.ENTRY, entry=judging.entries[1],
                              reason="My team ran the pilot.", by=judge)
    services.assignment_run(round=judging.round, category=judging.season.category, by=None)

    assert not Recusal.objects.exists()
    assert not Assignment.objects.filter(judge=judge, entry=judging.entries[1]).exists()
    assert Assignment.objects.filter(entry=judging.entries[1]).count() == 2


def test_a_conflict_declared_after_the_round_closed_leaves_its_assignments(judging):
    judge = judging.users["judge"]
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.CLOSED)

    services.conflict_declare(judge=judge, round_or_edition=judging.season.edition,
                              scope=ConflictScope.ENTRY, entry=judging.entry,
                              reason="Found out late.", by=judge)

    assert Assignment.objects.filter(judge=judge, entry=judging.entry).exists()
    assert not Recusal.objects.exists()


@pytest.mark.parametrize(("scope", "reason", "target", "error"), [
    (ConflictScope.ENTRY, "  ", {}, "Say briefly why there is a conflict."),
    ("family", "My cousin.", {}, "Choose what the conflict is with."),
    (ConflictScope.CITY, "I live there.", {"city": "  "}, "Name what the conflict is with."),
    (ConflictScope.ORGANISATION, "I work there.", {}, "Name what the conflict is with."),
    (ConflictScope.ENTRY, "Mine.", {"entry": "other"}, "That entry is not part of this edition."),
])
def test_a_conflict_needs_a_reason_and_a_target(judging, scope, reason, target, error):
    if target.get("entry") == "other":
        target = {"entry": EntryFactory(edition=EditionFactory(is_current=False),
                                        submitted=True)}
    judge = judging.users["judge"]

    with pytest.raises(JudgingError) as caught:
        services.conflict_declare(judge=judge, round_or_edition=judging.round, scope=scope,
                                  reason=reason, by=judge, **target)

    assert caught.value.messages == [error]
    assert not ConflictDeclaration.objects.filter(judge=judge).exists()


def test_moving_to_an_entrants_city_releases_its_entry(judging):
    judge = judging.users["judge"]

    services.judge_profile_update(user=judge, data={"city": "Seoul", "country": "KR"}, by=judge)

    assert not Assignment.objects.filter(judge=judge, entry=judging.entry).exists()
    assert Recusal.objects.get().reason.startswith("Conflict found after a profile change (")
    assert Assignment.objects.get(entry=judging.entry, source=AssignmentSource.REPLACEMENT
                                  ).judge == judging.users["unassigned_judge"]
    event = AuditEvent.objects.get(action="judge.profile")
    assert (event.before, event.after) == ({"city": "Berlin", "country": "DE"},
                                           {"city": "Seoul", "country": "KR"})


def test_a_profile_change_without_conflict_keeps_every_assignment(judging):
    judge = judging.users["judge"]

    services.judge_profile_update(user=judge, data={"bio": "Urbanist.", "city": "Berlin"},
                                  by=judge)

    assert Assignment.objects.filter(judge=judge).count() == 3
    assert AuditEvent.objects.get(action="judge.profile").after == {"bio": "Urbanist."}


def test_a_new_judge_gets_a_profile_on_first_update():
    user = UserFactory()

    profile = services.judge_profile_update(user=user, data={"expertise": ["Energy"]}, by=user)

    assert JudgeProfile.objects.get(user=user) == profile and profile.expertise == ["Energy"]
