"""Assignment: the automatic run per panel (k judges per entry, conflicts by the round's rules,
shortfalls in words), manual add / remove / swap with the same checks, and one e-mail per
judge."""

import pytest

from judging import services
from judging.enums import AssignmentSource, ReviewStatus, RoundStatus
from judging.models import Assignment, AssignmentRun, PanelMembership, Review, Round, Score
from judging.services import JudgingError
from prize.models import AuditEvent, Notification
from tests.judging.builders import draft_panel
from tests.judging.conftest import make_judge

pytestmark = pytest.mark.django_db


def pairs(round: Round) -> set[tuple[int, int]]:
    return set(Assignment.objects.filter(round=round).values_list("entry_id", "judge_id"))


# --- automatic assignment -----------------------------------------------------------------

def test_every_entry_gets_k_judges_and_loads_are_even():
    panel = draft_panel(k=2)
    coordinator = panel.judges[0]

    run = services.assignment_run(round=panel.round, category=panel.category, by=coordinator)

    per_entry = {e.pk: 0 for e in panel.entries}
    per_judge = {j.pk: 0 for j in panel.judges}
    for entry_id, judge_id in pairs(panel.round):
        per_entry[entry_id] += 1
        per_judge[judge_id] += 1
    assert set(per_entry.values()) == {2} and set(per_judge.values()) == {2}
    assert (run.assigned, run.shortfalls, run.stats["loads"]) == (6, [], [2, 2])
    assert run.seed == f"{panel.round.pk}-{panel.category.pk}"
    assert set(Assignment.objects.values_list("source", flat=True)) == {
        AssignmentSource.AUTOMATIC}
    assert AuditEvent.objects.get(action="assignment.run").after == {
        "category": "Tech-InnovaCity", "seed": run.seed, "assigned": 6, "short": 0}


def test_the_same_seed_gives_the_same_assignment_and_a_run_replaces_the_last():
    panel = draft_panel(k=2, places=[(f"City {n}", "FR") for n in range(8)],
                        judges=[(f"Town {n}", "DE") for n in range(5)])

    services.assignment_run(round=panel.round, category=panel.category, by=None, seed="s1")
    first = pairs(panel.round)
    services.assignment_run(round=panel.round, category=panel.category, by=None, seed="other")
    services.assignment_run(round=panel.round, category=panel.category, by=None, seed="s1")

    assert pairs(panel.round) == first
    assert Assignment.objects.count() == 16
    assert list(AssignmentRun.objects.values_list("seed", flat=True)) == ["s1", "other", "s1"]


def test_a_panel_too_small_leaves_shortfalls_with_reasons():
    panel = draft_panel(k=3, judges=[("Berlin", "DE"), ("Tokyo", "JP")])

    run = services.assignment_run(round=panel.round, category=panel.category, by=None)

    assert run.assigned == 6
    assert run.shortfalls == [
        {"entry": e.pk, "reference": e.reference, "assigned": 2, "needed": 3,
         "reason": f"the panel has only 2 judges; {e.reference} needs 3"}
        for e in panel.entries
    ]


def test_conflicts_leave_an_entry_short_and_say_so():
    panel = draft_panel(k=3, judges=[("Lyon", "FR"), ("Tokyo", "JP"), ("Madrid", "ES")])

    run = services.assignment_run(round=panel.round, category=panel.category, by=None)

    lyon = panel.entries[0]
    [short] = run.shortfalls
    assert (short["entry"], short["assigned"]) == (lyon.pk, 2)
    assert short["reason"] == (f"only 2 of the 3 judges are free of conflicts with "
                               f"{lyon.reference} (conflicts: 1 same city)")


@pytest.mark.parametrize(("rule", "judge"), [
    ("conflict_same_organisation", ("Berlin", "DE", "City of Lyon")),
    ("conflict_same_city", ("Lyon", "FR")),
    ("conflict_same_country", ("Paris", "FR")),
])
@pytest.mark.parametrize("on", [True, False])
def test_the_rounds_conflict_rules_decide_who_is_never_assigned(rule, judge, on):
    flags = {"conflict_same_organisation": False, "conflict_same_city": False,
             "conflict_same_country": False, rule: on}
    panel = draft_panel(k=3, judges=[judge, ("Tokyo", "JP"), ("Madrid", "ES")], **flags)

    services.assignment_run(round=panel.round, category=panel.category, by=None)

    lyon, local = panel.entries[0], panel.judges[0]
    assert ((lyon.pk, local.pk) in pairs(panel.round)) is not on
    assert Assignment.objects.filter(judge=local).count() == (2 if on else 3)


def test_automatic_assignment_only_before_the_round_opens(judging):
    with pytest.raises(JudgingError) as caught:
        services.assignment_run(round=judging.round, category=judging.season.category, by=None)

    assert caught.value.messages == ["Automatic assignment runs before the round opens; once "
                                     "it is open, adjust assignments by hand."]


def test_a_run_needs_entries_and_judges():
    empty = draft_panel(places=())
    with pytest.raises(JudgingError) as caught:
        services.assignment_run(round=empty.round, category=empty.category, by=None)
    assert caught.value.messages == ["Tech-InnovaCity has no entries in this round."]

    alone = draft_panel(judges=())
    with pytest.raises(JudgingError) as caught:
        services.assignment_run(round=alone.round, category=alone.category, by=None)
    assert caught.value.messages == ["Invite judges to the Tech-InnovaCity panel first."]


# --- by hand ----------------------------------------------------------------------------------

def test_a_coordinator_adds_a_free_judge(judging):
    coordinator, free = judging.users["coordinator"], judging.users["unassigned_judge"]

    assignment = services.assignment_add(round=judging.round, entry=judging.entry, judge=free,
                                         by=coordinator)

    assert (assignment.source, assignment.created_by) == (AssignmentSource.MANUAL, coordinator)
    assert AuditEvent.objects.get(action="assignment.add").after == {
        "entry": "SCP00-TI-0001", "judge": free.email, "source": AssignmentSource.MANUAL}


def refusal(judging, persona, entry=None, **kwargs):
    with pytest.raises(JudgingError) as caught:
        services.assignment_add(round=judging.round, entry=entry or judging.entry,
                                judge=judging.users[persona], by=None, **kwargs)
    return caught.value.messages


def test_adding_a_conflicted_judge_is_refused_with_the_reasons(judging):
    Round.objects.filter(pk=judging.round.pk).update(conflict_same_city=True)
    judging.round.refresh_from_db()
    free = judging.users["unassigned_judge"]
    free.judge_profile.city, free.judge_profile.country = "Seoul", "KR"
    free.judge_profile.save()

    assert refusal(judging, "conflicted_judge") == [
        "Conflicted Judge has a conflict with SCP00-TI-0001: declared: I advised the city on "
        "this project."]
    assert refusal(judging, "unassigned_judge") == [
        "Unassigned Judge has a conflict with SCP00-TI-0001: same city (Seoul)."]
    assert not Assignment.objects.filter(entry=judging.entry, judge=free).exists()


def test_adding_checks_panel_duplicates_capacity_and_the_round(judging):
    outsider = make_judge(judging.season.edition, "outsider@example.org")
    judging.users["outsider"] = outsider
    judge = judging.users["judge"]

    assert refusal(judging, "outsider") == [
        "Outsider is not on the Tech-InnovaCity panel of this round."]
    assert refusal(judging, "judge") == [f"{judge} already judges SCP00-TI-0001."]
    assert refusal(judging, "unassigned_judge", entry=judging.season.draft) == [
        f"#{judging.season.draft.pk} is not in this round."]
    PanelMembership.objects.filter(judge=judging.users["unassigned_judge"]).update(capacity=1)
    services.assignment_add(round=judging.round, entry=judging.entries[0],
                            judge=judging.users["unassigned_judge"], by=None)
    assert refusal(judging, "unassigned_judge", entry=judging.entries[1]) == [
        "Unassigned Judge already has 1 entry, their limit."]
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.CLOSED)
    assert refusal(judging, "unassigned_judge", entry=judging.entries[2]) == [
        "Online screening is closed: assignments can no longer change."]


def test_removing_an_assignment_keeps_its_scores_in_the_audit(judging):
    judge = judging.users["judge"]
    assignment = judging.assignment()
    services.review_save(assignment=assignment, by=judge, scores={judging.criteria[0].pk: 7})

    services.assignment_remove(assignment=assignment, by=judging.users["coordinator"],
                               reason="Too many entries.")

    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert not Review.objects.exists() and not Score.objects.exists()
    event = AuditEvent.objects.get(action="assignment.remove")
    assert event.before == {"entry": "SCP00-TI-0001", "judge": "judge@example.org",
                            "review": ReviewStatus.DRAFT, "scores": {"Innovation": "7.00"}}
    assert event.note == "Too many entries."


def test_assignments_of_a_closed_round_stay(judging):
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.FINALISED)

    with pytest.raises(JudgingError) as caught:
        services.assignment_remove(assignment=judging.assignment(), by=None)

    assert caught.value.messages == [
        "Online screening is finalised: assignments can no longer change."]
    assert Assignment.objects.filter(pk=judging.assignment().pk).exists()


def test_swapping_gives_the_entry_to_another_judge(judging):
    free = judging.users["unassigned_judge"]
    assignment = judging.assignment("judge", judging.entries[1])

    swapped = services.assignment_swap(assignment=assignment, judge=free, by=None)

    assert (swapped.entry, swapped.judge) == (judging.entries[1], free)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_a_refused_swap_changes_nothing(judging):
    assignment = judging.assignment()
    pk = assignment.pk

    with pytest.raises(JudgingError):
        services.assignment_swap(assignment=assignment, judge=judging.users["conflicted_judge"],
                                 by=None)

    assert Assignment.objects.filter(pk=pk, judge=judging.users["judge"]).exists()
    assert not AuditEvent.objects.filter(action="assignment.remove").exists()


def test_problems_name_entries_and_judges(judging):
    Assignment.objects.create(round=judging.round, entry=judging.entry,
                              judge=judging.users["conflicted_judge"])

    problems = services.assignment_problems(judging.round, judging.season.category)

    assert [(p.code, p.message) for p in problems[:2]] == [
        ("conflict", "Conflicted Judge has a conflict of interest with SCP00-TI-0001: "
                     "declared conflict."),
        ("too_many_judges", "SCP00-TI-0001 has 3 judges; it needs 2."),
    ]


# --- telling judges ---------------------------------------------------------------------------

def test_each_judge_gets_one_email_listing_their_new_assignments(judging):
    told = services.assignments_notify(round=judging.round, by=None)

    assert told == 3
    mails = {n.to_email: n.context for n in Notification.objects.all()}
    assert {email: c["count"] for email, c in mails.items()} == {
        "judge@example.org": 3, "second_judge@example.org": 4,
        "conflicted_judge@example.org": 1}
    assert mails["judge@example.org"]["categories"] == ["Tech-InnovaCity"]
    assert mails["judge@example.org"]["dashboard_path"] == "/judging/"

    assert services.assignments_notify(round=judging.round, by=None) == 0
    services.assignment_add(round=judging.round, entry=judging.entry,
                            judge=judging.users["unassigned_judge"], by=None)
    assert services.assignments_notify(round=judging.round, by=None) == 1
    latest = Notification.objects.order_by("-pk").first()
    assert (latest.to_email, latest.context["count"]) == ("unassigned_judge@example.org", 1)
    assert Notification.objects.count() == 4


def test_a_round_that_is_not_open_tells_nobody():
    panel = draft_panel()
    services.assignment_run(round=panel.round, category=panel.category, by=None)

    assert services.assignments_notify(round=panel.round, by=None) == 0
    assert not Notification.objects.exists()
