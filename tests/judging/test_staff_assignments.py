"""Panels (invitations, declared conflicts) and assignments: the automatic run and its report,
manual add / remove / swap with the same checks, problems, and telling judges once."""

import re

import pytest
from django.urls import reverse

from judging.enums import AssignmentSource, RoundStatus
from judging.models import Assignment, AssignmentRun, PanelMembership, Round
from prize.models import Notification, User
from tests.judging.test_staff_results import text

pytestmark = pytest.mark.django_db


def url(judging):
    return reverse("judging:staff_assignments", args=[judging.round.pk]) + \
        f"?category={judging.season.category.pk}"


def draft_without_assignments(judging) -> Round:
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.DRAFT)
    Assignment.objects.filter(round=judging.round).delete()
    judging.round.refresh_from_db()
    return judging.round


def pairs(round) -> set[tuple[int, int]]:
    return set(Assignment.objects.filter(round=round).values_list("entry_id", "judge_id"))


# --- Automatic assignment ------------------------------------------------------------------------


def test_a_run_gives_every_entry_its_judges_and_no_conflicted_pair(judging):
    round = draft_without_assignments(judging)
    client = judging.client("coordinator")
    response = client.post(url(judging), {"action": "run", "run-seed": ""}, follow=True)
    assert "8 assignments made: every entry has its judges." in text(response.content.decode())
    per_entry = {}
    for entry_id, judge_id in pairs(round):
        per_entry.setdefault(entry_id, set()).add(judge_id)
    assert sorted(per_entry) == sorted(e.pk for e in judging.entries)
    assert all(len(judges) == 2 for judges in per_entry.values())
    assert judging.users["conflicted_judge"].pk not in per_entry[judging.entry.pk]
    assert set(Assignment.objects.filter(round=round).values_list("source", flat=True)) == {
        AssignmentSource.AUTOMATIC}
    run = AssignmentRun.objects.get(round=round)
    assert run.seed == f"{round.pk}-{judging.season.category.pk}"
    page = text(response.content.decode())
    assert f"Seed {run.seed} Assignments made 8 Entries per judge from 2 to 2" in page
    assert "Every entry got all its judges." in page
    assert "Problems None: every entry has its judges, no conflicts, loads are even." in page


def test_the_same_seed_gives_the_same_assignment(judging):
    round = draft_without_assignments(judging)
    client = judging.client("coordinator")
    client.post(url(judging), {"action": "run", "run-seed": "lottery-7"})
    first = pairs(round)
    client.post(url(judging), {"action": "run", "run-seed": "lottery-7"})
    assert pairs(round) == first
    assert AssignmentRun.objects.filter(round=round, seed="lottery-7").count() == 2


def test_a_short_entry_is_reported_with_its_reason(judging):
    round = draft_without_assignments(judging)
    Round.objects.filter(pk=round.pk).update(judges_per_entry=4)
    response = judging.client("coordinator").post(url(judging), {"action": "run"}, follow=True)
    page = text(response.content.decode())
    assert "15 assignments made; 1 entry is short of judges (see the report)." in page
    assert ("SCP00-TI-0001: 3 of 4 judges, because only 3 of the 4 judges are free of "
            "conflicts with SCP00-TI-0001") in page
    assert "SCP00-TI-0001 has 3 judges; it needs 4." in page


def test_automatic_assignment_is_refused_once_open(judging):
    before = pairs(judging.round)
    response = judging.client("coordinator").post(url(judging), {"action": "run"})
    assert response.status_code == 400
    assert ("Automatic assignment runs before the round opens; once it is open, adjust "
            "assignments by hand.") in text(response.content.decode())
    assert pairs(judging.round) == before


# --- By hand -------------------------------------------------------------------------------------


def test_adding_a_conflicted_judge_shows_the_conflict_and_stores_nothing(judging):
    before = pairs(judging.round)
    response = judging.client("coordinator").post(url(judging), {
        "action": "add", "add-entry": judging.entry.reference,
        "add-judge": judging.users["conflicted_judge"].pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert ("Conflicted Judge has a conflict with SCP00-TI-0001: declared: I advised the city "
            "on this project.") in text(html)
    assert f'value="{judging.entry.reference}"' in html
    assert pairs(judging.round) == before


def test_add_remove_and_swap(judging):
    client = judging.client("secretariat")
    unassigned = judging.users["unassigned_judge"]
    response = client.post(url(judging), {"action": "add",
                                          "add-entry": judging.entry.reference.lower(),
                                          "add-judge": unassigned.pk}, follow=True)
    assert "Unassigned Judge now judges SCP00-TI-0001." in text(response.content.decode())
    added = Assignment.objects.get(round=judging.round, entry=judging.entry, judge=unassigned)
    assert (added.source, added.created_by) == (AssignmentSource.MANUAL,
                                                judging.users["secretariat"])
    assert "Unassigned Judge · By hand · Not started" in text(response.content.decode())

    client.post(url(judging), {"action": "remove", "assignment": added.pk})
    assert not Assignment.objects.filter(pk=added.pk).exists()

    mine = judging.assignment("judge", judging.entries[1])
    response = client.post(url(judging), {"action": "swap",
                                          "swap-entry": judging.entries[1].reference,
                                          "swap-current": judging.users["judge"].pk,
                                          "swap-judge": unassigned.pk}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert not Assignment.objects.filter(pk=mine.pk).exists()
    assert Assignment.objects.filter(round=judging.round, entry=judging.entries[1],
                                     judge=unassigned).exists()


def test_swapping_to_a_conflicted_judge_keeps_the_assignment(judging):
    mine = judging.assignment("judge")
    response = judging.client("coordinator").post(url(judging), {
        "action": "swap", "swap-entry": judging.entry.reference,
        "swap-current": judging.users["judge"].pk,
        "swap-judge": judging.users["conflicted_judge"].pk})
    assert response.status_code == 400
    assert "Conflicted Judge has a conflict with SCP00-TI-0001" in text(
        response.content.decode())
    assert Assignment.objects.filter(pk=mine.pk, judge=judging.users["judge"]).exists()


def test_problems_are_listed(judging):
    judging.assignment("second_judge").delete()
    page = text(judging.client("coordinator").get(url(judging)).content.decode())
    assert "SCP00-TI-0001 has 1 judge; it needs 2." in page
    assert "Judges' loads range from 0 to 3 entries" in page


# --- Telling judges ------------------------------------------------------------------------------


def test_judges_are_told_once_one_email_each(judging):
    client = judging.client("coordinator")
    page = text(client.get(url(judging)).content.decode())
    assert "8 assignments have not been announced to their judges yet." in page
    response = client.post(url(judging), {"action": "notify"}, follow=True)
    assert "3 judges were told (one e-mail each)." in text(response.content.decode())
    told = Notification.objects.filter(template="judging/assigned")
    assert sorted(told.values_list("to_email", flat=True)) == [
        "conflicted_judge@example.org", "judge@example.org", "second_judge@example.org"]
    assert told.get(to_email="second_judge@example.org").context["count"] == 4
    response = client.post(url(judging), {"action": "notify"}, follow=True)
    assert "There were no new assignments to tell judges about." in text(
        response.content.decode())
    assert Notification.objects.filter(template="judging/assigned").count() == 3


# --- Panels --------------------------------------------------------------------------------------


def panels(judging):
    return reverse("judging:staff_panels", args=[judging.round.pk])


def test_panel_lists_members_and_their_conflicts(judging):
    PanelMembership.objects.filter(judge=judging.users["second_judge"]).update(capacity=6)
    html = judging.client("coordinator").get(panels(judging)).content.decode()
    rows = [text(r) for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S)]
    assert ("Second Judge second_judge@example.org Urban development Tokyo Lab Tokyo, Japan "
            "Not accepted yet Resend invitation second_judge@example.org 6 4") in rows
    assert ("Conflicted Judge An entrant organisation: City of Seoul I advised the city on "
            "this project.") in " ".join(rows)


def test_invite_a_judge_and_resend(judging):
    category = judging.season.category
    client = judging.client("secretariat")
    response = client.post(panels(judging), {
        "action": "invite", "category": category.pk, f"invite-{category.pk}-email":
            "Ana.Lopez@Example.org", f"invite-{category.pk}-name": "Ana López",
        f"invite-{category.pk}-capacity": "12"}, follow=True)
    assert "ana.lopez@example.org was invited to the Tech-InnovaCity panel." in text(
        response.content.decode())
    member = PanelMembership.objects.get(round=judging.round, judge__email="ana.lopez@example.org")
    assert (member.capacity, member.judge.name) == (12, "Ana López")
    assert not User.objects.get(email="ana.lopez@example.org").has_usable_password()
    assert Notification.objects.filter(template="judging/invitation").count() == 1
    response = client.post(panels(judging), {"action": "resend", "membership": member.pk},
                           follow=True)
    assert "The invitation was sent again to ana.lopez@example.org." in text(
        response.content.decode())
    assert Notification.objects.filter(template="judging/invitation",
                                       to_email="ana.lopez@example.org").count() == 2


def test_an_invalid_invitation_keeps_what_was_typed(judging):
    category = judging.season.category
    response = judging.client("secretariat").post(panels(judging), {
        "action": "invite", "category": category.pk,
        f"invite-{category.pk}-email": "not-an-address", f"invite-{category.pk}-name": "Ana"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_invite-{category.pk}-email_error">Enter a valid email address.</div>' in html
    assert 'value="not-an-address"' in html
    assert not Notification.objects.filter(template="judging/invitation").exists()


def test_a_reference_not_in_the_panel_or_a_judge_not_on_the_entry_is_explained(judging):
    client = judging.client("coordinator")
    before = pairs(judging.round)
    response = client.post(url(judging), {"action": "add", "add-entry": "SCP00-XX-9999",
                                          "add-judge": judging.users["unassigned_judge"].pk})
    assert response.status_code == 400
    assert ("Type the reference of an entry of this panel, e.g. SCP00-TI-0001 (none has "
            "SCP00-XX-9999).") in text(response.content.decode())
    response = client.post(url(judging), {
        "action": "swap", "swap-entry": judging.entries[3].reference,
        "swap-current": judging.users["judge"].pk,
        "swap-judge": judging.users["unassigned_judge"].pk})
    assert response.status_code == 400
    judge = judging.users["judge"]
    assert (f"Choose a judge of SCP00-TI-0004 as the judge who leaves: {judge} does not judge "
            "it.") in text(response.content.decode())
    assert pairs(judging.round) == before


def test_the_table_pages_through_the_panel_and_finds_entries(judging, monkeypatch):
    from judging.views.staff import assignments as view

    monkeypatch.setattr(view, "ROWS_PER_PAGE", 2)
    client = judging.client("coordinator")
    first = text(client.get(url(judging)).content.decode())
    assert "SCP00-TI-0001" in first and "SCP00-TI-0002" in first
    assert "SCP00-TI-0003" not in first
    assert "Page 1 of 2" in first
    second = text(client.get(url(judging) + "&page=2").content.decode())
    assert "SCP00-TI-0003" in second and "SCP00-TI-0001 " not in second

    found = text(client.get(url(judging) + "&q=nairobi").content.decode())
    assert "SCP00-TI-0003" in found and "SCP00-TI-0002" not in found

    Assignment.objects.filter(round=judging.round, entry=judging.entries[2]).delete()
    short = text(client.get(url(judging) + "&short=1").content.decode())
    assert "1 entry" in short
    assert "SCP00-TI-0003" in short and "SCP00-TI-0002" not in short
