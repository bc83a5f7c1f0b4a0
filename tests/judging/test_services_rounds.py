"""Rounds: status changes by the table, what opening needs, the shortlist, and which entries a
round takes (round 1: the eligible; round N+1: those advanced from round N)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from entries.enums import EntryStatus
from judging import services
from judging.enums import RoundStatus
from judging.models import Assignment, Criterion, Round, RoundEntry
from judging.services import JudgingError
from prize.models import AuditEvent, Notification
from tests.factories import CategoryFactory, CriterionFactory, RoundFactory, RoundQuotaFactory
from tests.judging.builders import draft_panel, place_entry

pytestmark = pytest.mark.django_db

DRAFT, OPEN, CLOSED, FINALISED = (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED,
                                  RoundStatus.FINALISED)


def set_status(round: Round, status: str) -> Round:
    Round.objects.filter(pk=round.pk).update(status=status)
    round.refresh_from_db()
    return round


# --- status changes ---------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "target", "error"), [
    (DRAFT, OPEN, None),
    (DRAFT, CLOSED, "A round that is draft cannot become closed."),
    (DRAFT, FINALISED, "Finalise a round from its shortlist page."),
    (OPEN, CLOSED, None),
    (OPEN, DRAFT, "A round that is open cannot become draft."),
    (OPEN, FINALISED, "Finalise a round from its shortlist page."),
    (CLOSED, OPEN, None),
    (CLOSED, DRAFT, "A round that is closed cannot become draft."),
    (CLOSED, FINALISED, "Finalise a round from its shortlist page."),
    (FINALISED, OPEN, "A round that is finalised cannot become open."),
    (FINALISED, CLOSED, "A round that is finalised cannot become closed."),
    (FINALISED, DRAFT, "A round that is finalised cannot become draft."),
])
def test_round_status_changes_follow_the_table(judging, start, target, error):
    round = set_status(judging.round, start)
    by = judging.users["coordinator"]

    if error is None:
        services.round_set_status(round=round, status=target, by=by)
        assert Round.objects.get(pk=round.pk).status == target
        event = AuditEvent.objects.get(action=f"round.{target}")
        assert (event.before, event.after) == ({"status": start}, {"status": target})
    else:
        with pytest.raises(JudgingError) as caught:
            services.round_set_status(round=round, status=target, by=by)
        assert caught.value.messages == [error]
        assert Round.objects.get(pk=round.pk).status == start


def test_the_same_status_again_changes_nothing(judging):
    services.round_set_status(round=judging.round, status=OPEN, by=None)

    assert not AuditEvent.objects.filter(action__startswith="round.").exists()


def test_open_close_and_reopen(judging):
    by = judging.users["coordinator"]
    round = services.round_set_status(round=judging.round, status=CLOSED, by=by)
    assert not services.scoring_open(round)

    round = services.round_set_status(round=round, status=OPEN, by=by)

    assert services.scoring_open(round)
    assert list(AuditEvent.objects.filter(action__startswith="round.").order_by("pk")
                .values_list("action", flat=True)) == ["round.closed", "round.open"]


def test_opening_tells_each_judge_once_about_all_their_entries(judging):
    round = set_status(judging.round, DRAFT)

    services.round_set_status(round=round, status=OPEN, by=judging.users["coordinator"])

    sent = {n.to_email: n.context["count"]
            for n in Notification.objects.filter(template="judging/assigned")}
    assert sent == {"judge@example.org": 3, "second_judge@example.org": 4,
                    "conflicted_judge@example.org": 1}
    assert not Assignment.objects.filter(round=round, notified_at=None).exists()


def test_opening_needs_entries_criteria_for_every_category_and_assignments():
    panel = draft_panel(criteria=0)
    round, by = panel.round, None
    RoundEntry.objects.filter(round=round).delete()

    def refusal():
        with pytest.raises(JudgingError) as caught:
            services.round_set_status(round=round, status=OPEN, by=by)
        return caught.value.messages

    assert refusal() == ["The round has no entries yet: take its entries first."]
    services.round_take_entries(round=round, by=by)
    other = CategoryFactory(edition=panel.edition, name="Human-CentriCity", code="HC")
    place_entry(panel.edition, other, "Lima", "PE", n=9)
    services.round_take_entries(round=round, by=by)
    assert refusal() == ["Add criteria for Tech-InnovaCity, Human-CentriCity before opening "
                         "the round."]
    CriterionFactory(round=round, category=panel.category)
    CriterionFactory(round=round, category=other)
    assert refusal() == ["Assign judges before opening the round."]
    services.assignment_run(round=round, category=panel.category, by=by)
    Round.objects.filter(pk=round.pk).update(closes_at=timezone.now() - timedelta(minutes=1),
                                             opens_at=timezone.now() - timedelta(days=1))
    round.refresh_from_db()
    assert refusal() == ["The closing time has passed: move it later first."]
    Round.objects.filter(pk=round.pk).update(closes_at=timezone.now() + timedelta(days=1))

    services.round_set_status(round=round, status=OPEN, by=by)

    assert Round.objects.get(pk=round.pk).status == OPEN


def test_configuration_changes_only_while_draft(judging):
    by = judging.users["coordinator"]
    round, category = judging.round, judging.season.category
    message = ["Online screening is open: its configuration can only change while it is a "
               "draft."]

    for change in (
        lambda: services.round_update(round=round, data={"judges_per_entry": 3}, by=by),
        lambda: services.criterion_save(round=round, category=category, by=by,
                                        data={"name": "Reach"}),
        lambda: services.criterion_delete(criterion=judging.criteria[0], by=by),
        lambda: services.quota_set(round=round, category=category, advance=3, by=by),
        lambda: services.round_take_entries(round=round, by=by),
    ):
        with pytest.raises(JudgingError) as caught:
            change()
        assert caught.value.messages == message
    assert Criterion.objects.filter(round=round).count() == 3


def test_quota_is_set_changed_and_never_negative():
    panel = draft_panel()
    round, category = panel.round, panel.category

    services.quota_set(round=round, category=category, advance=2, by=None)
    services.quota_set(round=round, category=category, advance=1, by=None)
    with pytest.raises(JudgingError) as caught:
        services.quota_set(round=round, category=category, advance=-1, by=None)

    assert caught.value.messages == ["The number of entries that advance cannot be negative."]
    assert round.quotas.get().advance == 1
    assert [e.after for e in AuditEvent.objects.filter(action="round.quota").order_by("pk")] == [
        {"TI": 2}, {"TI": 1}]


# --- the shortlist ---------------------------------------------------------------------------

def test_finalising_needs_a_closed_round(judging):
    with pytest.raises(JudgingError) as caught:
        services.round_finalise(round=judging.round, entry_ids=[], by=None)

    assert caught.value.messages == ["Close the round before finalising its shortlist."]


@pytest.mark.parametrize(("chosen", "error"), [
    ([0], ["Tech-InnovaCity: 1 chosen, 2 advance."]),
    ([0, 1, 2], ["Tech-InnovaCity: 3 chosen, 2 advance."]),
    ([], ["Tech-InnovaCity: 0 chosen, 2 advance."]),
])
def test_finalising_takes_exactly_the_quota(judging, chosen, error):
    round = set_status(judging.round, CLOSED)

    with pytest.raises(JudgingError) as caught:
        services.round_finalise(round=round, entry_ids=[judging.entries[i].pk for i in chosen],
                                by=None)

    assert caught.value.messages == error
    assert Round.objects.get(pk=round.pk).status == CLOSED


def test_only_entries_of_the_round_can_advance(judging):
    round = set_status(judging.round, CLOSED)

    with pytest.raises(JudgingError) as caught:
        services.round_finalise(round=round, entry_ids=[judging.entries[0].pk,
                                                        judging.season.draft.pk], by=None)

    assert caught.value.messages == ["Only entries of this round can advance."]


def test_a_category_without_quota_cannot_be_finalised():
    panel = draft_panel()
    round = set_status(panel.round, CLOSED)

    with pytest.raises(JudgingError) as caught:
        services.round_finalise(round=round, entry_ids=[], by=None)

    assert caught.value.messages == ["Tech-InnovaCity has no quota."]


def test_a_quota_above_the_category_size_takes_every_entry():
    panel = draft_panel(quota=10)
    round = set_status(panel.round, CLOSED)

    services.round_finalise(round=round, entry_ids=[e.pk for e in panel.entries], by=None)

    assert round.round_entries.filter(advanced=True).count() == 3


def test_finalising_fixes_the_shortlist_for_good(judging):
    by = judging.users["coordinator"]
    round = set_status(judging.round, CLOSED)
    chosen = [judging.entries[1].pk, judging.entries[3].pk]

    round = services.round_finalise(round=round, entry_ids=chosen, by=by,
                                    note="Tie decided by vote.")

    assert set(round.round_entries.filter(advanced=True).values_list("entry_id", flat=True)) == (
        set(chosen))
    event = AuditEvent.objects.get(action="round.finalised")
    assert event.after == {"status": FINALISED, "advanced": sorted(chosen)}
    assert event.note == "Tie decided by vote."
    with pytest.raises(JudgingError):
        services.round_set_status(round=round, status=OPEN, by=by)
    with pytest.raises(JudgingError):
        services.round_finalise(round=round, entry_ids=chosen, by=by)
    with pytest.raises(JudgingError) as caught:
        services.judge_invite(round=round, category=judging.season.category,
                              email="late@example.org", by=by)
    assert caught.value.messages == ["Online screening is finalised."]


# --- which entries a round takes --------------------------------------------------------------

def test_round_one_takes_the_eligible_entries_only():
    panel = draft_panel(places=())
    edition, category, round = panel.edition, panel.category, panel.round
    eligible = [place_entry(edition, category, city, "FR", n=n)
                for n, city in enumerate(["Lyon", "Paris"], start=1)]
    for n, status in enumerate([EntryStatus.INELIGIBLE, EntryStatus.SUBMITTED,
                                EntryStatus.DRAFT, EntryStatus.WITHDRAWN], start=3):
        place_entry(edition, category, "Nice", "FR", status=status, n=n)

    assert services.round_take_entries(round=round, by=None) == 2

    assert set(round.round_entries.values_list("entry_id", flat=True)) == {e.pk for e in eligible}


def test_taking_entries_again_follows_screening_and_drops_their_assignments():
    panel = draft_panel()
    round = panel.round
    services.assignment_run(round=round, category=panel.category, by=None)
    dropped = panel.entries[0]
    dropped.status = EntryStatus.INELIGIBLE
    dropped.save()
    late = place_entry(panel.edition, panel.category, "Oslo", "NO", n=8)

    assert services.round_take_entries(round=round, by=None) == 3

    assert set(round.round_entries.values_list("entry_id", flat=True)) == {
        panel.entries[1].pk, panel.entries[2].pk, late.pk}
    assert not Assignment.objects.filter(round=round, entry=dropped).exists()
    assert AuditEvent.objects.get(action="round.take_entries").after == {
        "added": 1, "removed": 1, "total": 3}


def test_round_two_waits_for_round_one_to_be_finalised(judging):
    second = RoundFactory(edition=judging.season.edition, number=2, name="Expert panel")

    with pytest.raises(JudgingError) as caught:
        services.round_take_entries(round=second, by=None)

    assert caught.value.messages == ["Online screening is not finalised yet: its shortlist "
                                     "decides who enters Expert panel."]
    assert not second.round_entries.exists()


def test_round_two_takes_the_entries_advanced_from_round_one(judging):
    first = set_status(judging.round, CLOSED)
    advanced = [judging.entries[0], judging.entries[2]]
    services.round_finalise(round=first, entry_ids=[e.pk for e in advanced], by=None)
    second = RoundFactory(edition=judging.season.edition, number=2, name="Expert panel")
    RoundQuotaFactory(round=second, category=judging.season.category, advance=1)

    assert services.round_take_entries(round=second, by=None) == 2
    assert set(second.round_entries.values_list("entry_id", flat=True)) == {
        e.pk for e in advanced}

    advanced[1].status = EntryStatus.WITHDRAWN
    advanced[1].save()
    assert services.round_take_entries(round=second, by=None) == 1
    assert list(second.round_entries.values_list("entry_id", flat=True)) == [advanced[0].pk]
