"""A judge's review: autosave (partial, invalid values reported not stored, empty clears,
stale versions refused), submit, reopen, abstain, and recusal with a replacement."""

from datetime import timedelta

import pytest
from django.utils import timezone

from judging import services
from judging.enums import AssignmentSource, ConflictScope, ReviewStatus, RoundStatus
from judging.models import Assignment, ConflictDeclaration, Criterion, Recusal, Review, Round
from judging.selectors import assignment_for_judge
from judging.services import JudgingError, StaleReview
from prize.models import AuditEvent, Notification
from tests.factories import CriterionFactory, RoundFactory

pytestmark = pytest.mark.django_db

NOT_A_SCORE = "Enter a whole number from 1 to 10."


def save(judging, scores=None, persona="judge", assignment=None, **kwargs):
    return services.review_save(assignment=assignment or judging.assignment(),
                                by=judging.users[persona], scores=scores, **kwargs)


def stored(judging) -> dict[str, str]:
    review = Review.objects.filter(assignment=judging.assignment()).first()
    if review is None:
        return {}
    return {s.criterion.name: str(s.value) for s in review.scores.select_related("criterion")}


def refused(action) -> list[str]:
    with pytest.raises(JudgingError) as caught:
        action()
    return caught.value.messages


# --- saving ---------------------------------------------------------------------------------

def test_partial_saves_keep_what_was_typed(judging):
    innovation, design, _impact = judging.criteria

    review, errors = save(judging, {innovation.pk: "8"}, version=1)
    assert (errors, review.version, stored(judging)) == ({}, 2, {"Innovation": "8.00"})

    review, errors = save(judging, {design.pk: " 6 "}, private_comment="Check the budget.",
                          feedback="Clear problem statement.", version=2)

    assert (errors, review.version) == ({}, 3)
    assert stored(judging) == {"Innovation": "8.00", "Design": "6.00"}
    assert (review.private_comment, review.feedback) == ("Check the budget.",
                                                         "Clear problem statement.")
    assert review.status == ReviewStatus.DRAFT


@pytest.mark.parametrize("typed", ["11", "0", "-1", "abc", "7.5", "Infinity", "NaN", "1,5"])
def test_a_value_off_the_scale_is_reported_and_not_stored(judging, typed):
    innovation, design, _impact = judging.criteria

    review, errors = save(judging, {innovation.pk: typed, design.pk: "4"})

    assert errors == {innovation.pk: NOT_A_SCORE}
    assert stored(judging) == {"Design": "4.00"}


def test_an_empty_value_clears_a_score(judging):
    innovation, design, _impact = judging.criteria
    save(judging, {innovation.pk: "8", design.pk: "5"})

    review, errors = save(judging, {innovation.pk: "", design.pk: "5"}, version=2)

    assert errors == {} and review.version == 3
    assert stored(judging) == {"Design": "5.00"}


def test_saving_nothing_new_keeps_the_version(judging):
    innovation = judging.criteria[0]
    save(judging, {innovation.pk: "8"})

    review, _errors = save(judging, {innovation.pk: "8", judging.criteria[1].pk: ""},
                           private_comment="", version=2)

    assert review.version == 2


def test_a_stale_version_is_refused_and_nothing_is_stored(judging):
    innovation, design, _impact = judging.criteria
    save(judging, {innovation.pk: "8"}, version=1)

    with pytest.raises(StaleReview) as caught:
        save(judging, {design.pk: "3"}, version=1)

    assert caught.value.messages == ["This review was changed in another window or tab. Reload "
                                     "to see the latest version; what you typed is still here."]
    assert stored(judging) == {"Innovation": "8.00"}


def test_a_criterion_of_another_round_is_refused_with_the_whole_save(judging):
    other = RoundFactory(edition=judging.season.edition, number=2)
    elsewhere = CriterionFactory(round=other, category=judging.season.category)

    assert refused(lambda: save(judging, {judging.criteria[0].pk: "8", elsewhere.pk: "5"})) == [
        "That criterion is not part of this round and category."]
    assert stored(judging) == {}


@pytest.mark.parametrize(("change", "message"), [
    ({"status": RoundStatus.CLOSED}, "Online screening is closed: scores can no longer change."),
    ({"status": RoundStatus.FINALISED},
     "Online screening is closed: scores can no longer change."),
    ({"closes_at": timezone.now() - timedelta(minutes=1),
      "opens_at": timezone.now() - timedelta(days=2)},
     "Online screening is closed: scores can no longer change."),
    ({"opens_at": timezone.now() + timedelta(hours=1)}, "Online screening has not started yet."),
])
def test_scores_change_only_while_the_round_is_open(judging, change, message):
    Round.objects.filter(pk=judging.round.pk).update(**change)

    assert refused(lambda: save(judging, {judging.criteria[0].pk: "8"})) == [message]
    assert refused(lambda: services.review_submit(assignment=judging.assignment(),
                                                  by=judging.users["judge"])) == [message]
    assert stored(judging) == {}


def test_only_the_assigned_judge_without_conflict_may_save(judging):
    criterion = judging.criteria[0].pk
    conflicted = Assignment.objects.create(round=judging.round, entry=judging.entry,
                                           judge=judging.users["conflicted_judge"])

    assert refused(lambda: save(judging, {criterion: "8"}, persona="unassigned_judge")) == [
        "This entry is not assigned to you."]
    assert refused(lambda: save(judging, {criterion: "8"}, persona="conflicted_judge",
                                assignment=conflicted)) == ["You have a conflict with this entry."]
    gone = judging.assignment()
    Assignment.objects.filter(pk=gone.pk).delete()
    assert refused(lambda: save(judging, {criterion: "8"}, assignment=gone)) == [
        "This entry is no longer assigned to you."]


# --- submit, reopen, abstain ------------------------------------------------------------------

def score_all(judging, values=("8", "6", "7")):
    save(judging, {c.pk: v for c, v in zip(judging.criteria, values, strict=True)})


def test_submitting_needs_every_required_criterion(judging):
    save(judging, {judging.criteria[0].pk: "8"})

    assert refused(lambda: services.review_submit(assignment=judging.assignment(),
                                                  by=judging.users["judge"])) == [
        "Score every required criterion first: Design, Impact."]
    assert Review.objects.get().status == ReviewStatus.DRAFT


def test_an_optional_criterion_may_stay_empty(judging):
    Criterion.objects.filter(pk=judging.criteria[2].pk).update(required=False)
    save(judging, {judging.criteria[0].pk: "8", judging.criteria[1].pk: "6"})

    review = services.review_submit(assignment=judging.assignment(), by=judging.users["judge"])

    assert review.status == ReviewStatus.SUBMITTED


def test_submitting_locks_the_review_and_twice_changes_nothing(judging):
    judge = judging.users["judge"]
    score_all(judging)

    first = services.review_submit(assignment=judging.assignment(), by=judge)
    second = services.review_submit(assignment=judging.assignment(), by=judge)

    assert first.status == second.status == ReviewStatus.SUBMITTED
    assert second.version == first.version == 3
    assert second.submitted_at == first.submitted_at is not None
    assert AuditEvent.objects.get(action="review.submit").after == {
        "scores": {"Innovation": "8.00", "Design": "6.00", "Impact": "7.00"}}
    assert refused(lambda: save(judging, {judging.criteria[0].pk: "2"})) == [
        "This review is submitted: reopen it to change it."]


def test_reopening_unlocks_until_the_round_closes(judging):
    judge = judging.users["judge"]
    score_all(judging)
    services.review_submit(assignment=judging.assignment(), by=judge)

    review = services.review_reopen(assignment=judging.assignment(), by=judge)

    assert (review.status, review.submitted_at, review.version) == (ReviewStatus.DRAFT, None, 4)
    assert services.review_reopen(assignment=judging.assignment(), by=judge).version == 4
    save(judging, {judging.criteria[0].pk: "9"}, version=4)
    assert stored(judging)["Innovation"] == "9.00"
    services.review_submit(assignment=judging.assignment(), by=judge)
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.CLOSED)
    assert refused(lambda: services.review_reopen(assignment=judging.assignment(), by=judge)) == [
        "Online screening is closed: scores can no longer change."]
    assert Review.objects.get().status == ReviewStatus.SUBMITTED


def test_abstaining_needs_a_reason_and_can_be_undone(judging):
    judge = judging.users["judge"]
    assignment = judging.assignment()
    save(judging, {judging.criteria[0].pk: "8"})

    assert refused(lambda: services.review_abstain(assignment=assignment, by=judge,
                                                   reason="  ")) == [
        "Say briefly why you abstain."]
    review = services.review_abstain(assignment=assignment, by=judge,
                                     reason="Outside my expertise.")
    assert (review.status, review.abstain_reason) == (ReviewStatus.ABSTAINED,
                                                      "Outside my expertise.")
    assert refused(lambda: services.review_submit(assignment=assignment, by=judge)) == [
        "You abstained from this entry: reopen it to score it."]

    review = services.review_reopen(assignment=assignment, by=judge)
    assert (review.status, review.abstain_reason) == (ReviewStatus.DRAFT, "")
    assert stored(judging) == {"Innovation": "8.00"}


def test_a_submitted_review_is_reopened_before_abstaining(judging):
    judge = judging.users["judge"]
    score_all(judging)
    services.review_submit(assignment=judging.assignment(), by=judge)

    assert refused(lambda: services.review_abstain(assignment=judging.assignment(), by=judge,
                                                   reason="Changed my mind.")) == [
        "This review is submitted: reopen it first."]


# --- recusal ----------------------------------------------------------------------------------

def test_recusal_records_the_conflict_and_a_free_judge_replaces(judging):
    judge, free = judging.users["judge"], judging.users["unassigned_judge"]
    save(judging, {judging.criteria[0].pk: "8"})

    replacement = services.recuse(assignment=judging.assignment(), by=judge,
                                  reason="I advised this city last year.")

    assert (replacement.judge, replacement.entry) == (free, judging.entry)
    assert replacement.source == AssignmentSource.REPLACEMENT
    declaration = ConflictDeclaration.objects.get(judge=judge)
    assert (declaration.scope, declaration.entry) == (ConflictScope.ENTRY, judging.entry)
    assert Recusal.objects.get().reason == "I advised this city last year."
    assert not Review.objects.exists()
    assert assignment_for_judge(judge, judging.round.pk, judging.entry.pk) is None
    assert set(Assignment.objects.filter(entry=judging.entry).values_list(
        "judge__email", flat=True)) == {"second_judge@example.org",
                                        "unassigned_judge@example.org"}
    [mail] = Notification.objects.all()
    assert (mail.to_email, mail.context["replacement"]) == (free.email, True)


def test_nobody_free_leaves_the_entry_short_and_says_so(judging):
    judge = judging.users["judge"]
    ConflictDeclaration.objects.create(
        edition=judging.season.edition, judge=judging.users["unassigned_judge"],
        scope=ConflictScope.ENTRY, entry=judging.entry, reason="My former student.")

    assert services.recuse(assignment=judging.assignment(), by=judge, reason="Conflict.") is None

    assert set(Assignment.objects.filter(entry=judging.entry).values_list(
        "judge__email", flat=True)) == {"second_judge@example.org"}
    event = AuditEvent.objects.get(action="assignment.unfilled")
    assert event.after == {"entry": "SCP00-TI-0001"}
    assert not Notification.objects.exists()


def test_recusal_needs_a_reason_an_own_assignment_and_an_open_round(judging):
    judge = judging.users["judge"]
    assignment = judging.assignment()

    assert refused(lambda: services.recuse(assignment=assignment, by=judge, reason=" ")) == [
        "Say briefly what the conflict is."]
    assert refused(lambda: services.recuse(assignment=assignment,
                                           by=judging.users["second_judge"],
                                           reason="Not mine.")) == [
        "This entry is not assigned to you."]
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.CLOSED)
    assert refused(lambda: services.recuse(assignment=assignment, by=judge,
                                           reason="Conflict.")) == [
        "Online screening is closed: scores can no longer change."]
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert not ConflictDeclaration.objects.filter(judge=judge).exists()
