"""A judge who is a member (owner or collaborator) of an entrant is always conflicted with that
entrant's entries: never assigned, by hand or automatically, and the scoring page and every
review write are a 404 for them, in every round, whatever the round's conflict rules say. A
judge who joins an entrant after being assigned loses those entries to a free judge."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from entries.enums import MemberRole
from entries.models import Attachment, EntrantMember, Invitation
from judging import services
from judging.enums import AssignmentSource, RoundStatus
from judging.models import Assignment, Recusal, Review, Round
from judging.services import JudgingError
from prize.models import Notification
from tests.factories import EntrantMemberFactory
from tests.judging.test_judge_views import HTMX, entry_url, score_data, text
from tests.judging.test_staff_assignments import draft_without_assignments, pairs, url

pytestmark = pytest.mark.django_db

ROLES = [MemberRole.OWNER, MemberRole.COLLABORATOR]


def without_conflict_rules(round: Round) -> None:
    """No rule of the round's configuration would flag anything."""
    Round.objects.filter(pk=round.pk).update(conflict_same_organisation=False,
                                              conflict_same_city=False,
                                              conflict_same_country=False)
    round.refresh_from_db()


def member_already(judging, persona: str, role=MemberRole.COLLABORATOR) -> None:
    """``persona`` is a member of the season's entrant (recorded without any side effect, as
    data written before the judge's assignments were checked)."""
    EntrantMember.objects.bulk_create([EntrantMember(
        entrant=judging.season.entrant, user=judging.users[persona], role=role)])


# --- Assignment by hand and automatic --------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_member_cannot_be_added_by_hand(judging, role):
    without_conflict_rules(judging.round)
    EntrantMemberFactory(entrant=judging.season.entrant, user=judging.users["unassigned_judge"],
                         role=role)
    before = pairs(judging.round)

    response = judging.client("coordinator").post(url(judging), {
        "action": "add", "add-entry": judging.entry.reference,
        "add-judge": judging.users["unassigned_judge"].pk})

    assert response.status_code == 400
    assert ("Unassigned Judge has a conflict with SCP00-TI-0001: member of the entrant."
            in text(response))
    assert pairs(judging.round) == before


def test_a_member_cannot_take_an_entry_by_swap(judging):
    without_conflict_rules(judging.round)
    EntrantMemberFactory(entrant=judging.season.entrant, user=judging.users["unassigned_judge"])
    mine = judging.assignment("judge")

    response = judging.client("coordinator").post(url(judging), {
        "action": "swap", "swap-entry": judging.entry.reference,
        "swap-current": judging.users["judge"].pk,
        "swap-judge": judging.users["unassigned_judge"].pk})

    assert response.status_code == 400
    assert ("Unassigned Judge has a conflict with SCP00-TI-0001: member of the entrant."
            in text(response))
    assert Assignment.objects.filter(pk=mine.pk, judge=judging.users["judge"]).exists()


def test_the_member_of_another_entrant_may_be_added(judging):
    EntrantMemberFactory(entrant=judging.season.other_entrant,
                         user=judging.users["unassigned_judge"])

    services.assignment_add(round=judging.round, entry=judging.entry,
                            judge=judging.users["unassigned_judge"], by=None)

    assert Assignment.objects.filter(entry=judging.entry,
                                     judge=judging.users["unassigned_judge"]).exists()


@pytest.mark.parametrize("role", ROLES)
def test_automatic_assignment_never_gives_members_their_entrants_entries(judging, role):
    round = draft_without_assignments(judging)
    without_conflict_rules(round)
    # Two of the four judges may judge SCP00-TI-0001: the other two are the entrant's member
    # and the judge who declared a conflict.
    EntrantMemberFactory(entrant=judging.season.entrant, user=judging.users["unassigned_judge"],
                         role=role)

    response = judging.client("coordinator").post(url(judging), {"action": "run"}, follow=True)

    assert "8 assignments made: every entry has its judges." in text(response)
    on_entry = {judge for entry, judge in pairs(round) if entry == judging.entry.pk}
    assert on_entry == {judging.users["judge"].pk, judging.users["second_judge"].pk}
    assert "Problems None: every entry has its judges, no conflicts" in text(response)


def test_an_existing_member_pair_is_listed_as_a_problem(judging):
    without_conflict_rules(judging.round)
    member_already(judging, "judge")

    page = text(judging.client("coordinator").get(url(judging)))

    assert (f"{judging.users['judge']} has a conflict of interest with SCP00-TI-0001: member "
            "of the entrant." in page)


def test_a_replacement_is_never_a_member(judging):
    # The free judges of the panel for SCP00-TI-0001: unassigned_judge (a member) only.
    without_conflict_rules(judging.round)
    EntrantMemberFactory(entrant=judging.season.entrant, user=judging.users["unassigned_judge"])

    services.recuse(assignment=judging.assignment("judge"), by=judging.users["judge"],
                    reason="I reviewed this project for the city.")

    assert set(Assignment.objects.filter(round=judging.round, entry=judging.entry)
               .values_list("judge__email", flat=True)) == {"second_judge@example.org"}


# --- The scoring page and every review write ------------------------------------------------


@pytest.mark.parametrize("status", [RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.FINALISED])
def test_a_member_does_not_see_the_entry_in_any_round(judging, status):
    Round.objects.filter(pk=judging.round.pk).update(status=status)
    without_conflict_rules(judging.round)
    member_already(judging, "judge", MemberRole.OWNER)
    attachment = Attachment.objects.create(
        entry=judging.entry, file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        original_name="plan.pdf", content_type="application/pdf", size=13)
    client = judging.client("judge")

    assert client.get(entry_url("review", judging)).status_code == 404
    assert client.get(entry_url("review_attachment", judging, pk=attachment.pk)).status_code \
        == 404
    dashboard = text(client.get(reverse("judging:dashboard")))
    assert "SCP00-TI-0001" not in dashboard
    assert "SCP00-TI-0002" in dashboard
    assert client.get(entry_url("review", judging, judging.entries[1])).status_code == 200


def test_a_member_cannot_save_or_submit_a_review(judging):
    without_conflict_rules(judging.round)
    member_already(judging, "judge")
    client = judging.client("judge")
    data = score_data(judging, ["4", "3", "5"], private_comment="Strong plan.")

    autosave = client.post(entry_url("review_save", judging), data, **HTMX)
    save = client.post(entry_url("review_save", judging), data)
    submit = client.post(entry_url("review_submit", judging), data)
    abstain = client.post(entry_url("review_abstain", judging), {"abstain-reason": "No time."})

    assert [r.status_code for r in (autosave, save, submit, abstain)] == [404, 404, 404, 404]
    assert not Review.objects.filter(assignment=judging.assignment("judge")).exists()
    with pytest.raises(JudgingError, match="You have a conflict with this entry."):
        services.review_save(assignment=judging.assignment("judge"), by=judging.users["judge"],
                             scores={judging.criteria[0].pk: "4"})
    with pytest.raises(JudgingError, match="You have a conflict with this entry."):
        services.review_submit(assignment=judging.assignment("judge"),
                               by=judging.users["judge"])


# --- Joining an entrant after being assigned ------------------------------------------------


def accept_invitation(judging, persona: str) -> None:
    invitation = Invitation.objects.create(entrant=judging.season.entrant,
                                           email=judging.users[persona].email,
                                           invited_by=judging.users["entrant"])
    response = judging.client(persona).post(
        reverse("entries:invitation_accept", args=[invitation.token]), follow=True)
    assert "Welcome: you now work on the entries of City of Seoul." in text(response)


def test_joining_the_entrant_mid_round_hands_its_entry_to_a_free_judge(judging):
    without_conflict_rules(judging.round)
    client = judging.client("judge")
    client.post(entry_url("review_save", judging), score_data(judging, ["4"]), **HTMX)
    assert Review.objects.filter(assignment__judge=judging.users["judge"],
                                 assignment__entry=judging.entry).exists()

    accept_invitation(judging, "judge")

    assert client.get(entry_url("review", judging)).status_code == 404
    judges = dict(Assignment.objects.filter(round=judging.round, entry=judging.entry)
                  .values_list("judge__email", "source"))
    assert judges == {"second_judge@example.org": AssignmentSource.AUTOMATIC,
                      "unassigned_judge@example.org": AssignmentSource.REPLACEMENT}
    recusal = Recusal.objects.get(entry=judging.entry, judge=judging.users["judge"])
    assert recusal.reason == "Conflict found on joining an entrant (member of the entrant)"
    told = Notification.objects.get(template="judging/assigned")
    assert (told.to_email, told.context["replacement"]) == ("unassigned_judge@example.org", True)
    # The judge's other entries stay theirs.
    assert set(Assignment.objects.filter(judge=judging.users["judge"])
               .values_list("entry__reference", flat=True)) == {"SCP00-TI-0002",
                                                                "SCP00-TI-0003"}


def test_joining_the_entrant_before_the_round_opens_reassigns_without_email(judging):
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.DRAFT)
    without_conflict_rules(judging.round)

    accept_invitation(judging, "judge")

    assert set(Assignment.objects.filter(round=judging.round, entry=judging.entry)
               .values_list("judge__email", flat=True)) == {"second_judge@example.org",
                                                            "unassigned_judge@example.org"}
    assert not Notification.objects.filter(template="judging/assigned").exists()


def test_joining_an_entrant_leaves_closed_rounds_as_they_were(judging):
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.CLOSED)

    accept_invitation(judging, "judge")

    assert judging.assignment("judge") is not None
    assert not Recusal.objects.exists()
    assert judging.client("judge").get(entry_url("review", judging)).status_code == 404
