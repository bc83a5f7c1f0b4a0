"""Reminders to judges with unfinished reviews: sent now by a coordinator, or on schedule at
the round's hours before closing (once per reminder, the most urgent only, only while the round
is open)."""

from datetime import UTC, datetime, timedelta

import pytest

from judging import services
from judging.enums import RoundStatus
from judging.models import Round
from prize.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

CLOSES = datetime(2030, 9, 1, 9, 0, tzinfo=UTC)


def finish_judges_reviews(judging):
    """The judge submits two of their entries and abstains from the third."""
    judge = judging.users["judge"]
    for entry in judging.entries[:2]:
        assignment = judging.assignment("judge", entry)
        services.review_save(assignment=assignment, by=judge,
                             scores={c.pk: "7" for c in judging.criteria})
        services.review_submit(assignment=assignment, by=judge)
    services.review_abstain(assignment=judging.assignment("judge", judging.entries[2]),
                            by=judge, reason="Outside my expertise.")


def reminded() -> dict[str, tuple[int, int]]:
    return {n.to_email: (n.context["left"], n.context["assigned"])
            for n in Notification.objects.filter(template="judging/reminder")}


def test_only_judges_with_unfinished_reviews_are_reminded(judging):
    finish_judges_reviews(judging)
    services.review_save(assignment=judging.assignment("second_judge"),
                         by=judging.users["second_judge"], scores={judging.criteria[0].pk: "5"})

    sent = services.reminders_send(round=judging.round, by=judging.users["coordinator"])

    assert sent == 2
    assert reminded() == {"second_judge@example.org": (4, 4),
                          "conflicted_judge@example.org": (1, 1)}
    mail = Notification.objects.get(to_email="second_judge@example.org")
    assert (mail.context["round_name"], mail.context["dashboard_path"]) == (
        "Online screening", "/judging/")
    assert AuditEvent.objects.get(action="round.remind").after == {"judges": 2}


def test_reminding_chosen_judges_now_and_again(judging):
    second = judging.users["second_judge"]

    assert services.reminders_send(round=judging.round, judge_ids=[second.pk]) == 1
    assert services.reminders_send(round=judging.round, judge_ids=[second.pk]) == 1

    assert list(Notification.objects.values_list("to_email", flat=True)) == [
        second.email, second.email]


def test_a_round_that_is_not_open_reminds_nobody(judging):
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.CLOSED)
    judging.round.refresh_from_db()

    assert services.reminders_send(round=judging.round) == 0
    assert services.send_due_reminders(judging.round.closes_at - timedelta(hours=1)) == 0
    assert not Notification.objects.exists()


@pytest.fixture
def scheduled(judging):
    """The round closes at CLOSES; reminders 72 and 24 hours before."""
    Round.objects.filter(pk=judging.round.pk).update(
        opens_at=datetime.now(UTC) - timedelta(days=1), closes_at=CLOSES,
        reminder_hours=[72, 24])
    return judging


def labels() -> list[str]:
    return sorted(key.split(":")[2] for key in Notification.objects.values_list("key", flat=True))


def test_each_scheduled_reminder_is_sent_once_when_due(scheduled):
    finish_judges_reviews(scheduled)

    assert services.send_due_reminders(CLOSES - timedelta(hours=80)) == 0
    assert services.send_due_reminders(CLOSES - timedelta(hours=70)) == 2
    assert services.send_due_reminders(CLOSES - timedelta(hours=60)) == 0
    assert services.send_due_reminders(CLOSES - timedelta(hours=20)) == 2
    assert services.send_due_reminders(CLOSES - timedelta(hours=1)) == 0

    assert labels() == ["24h", "24h", "72h", "72h"]
    assert set(reminded()) == {"second_judge@example.org", "conflicted_judge@example.org"}
    assert not AuditEvent.objects.filter(action="round.remind").exists()


def test_only_the_most_urgent_due_reminder_is_sent(scheduled):
    assert services.send_due_reminders(CLOSES - timedelta(hours=20)) == 3

    assert labels() == ["24h", "24h", "24h"]


def test_no_scheduled_reminder_before_the_round_opens_or_after_it_closes(scheduled):
    Round.objects.filter(pk=scheduled.round.pk).update(opens_at=CLOSES - timedelta(hours=10))

    assert services.send_due_reminders(CLOSES - timedelta(hours=20)) == 0
    assert services.send_due_reminders(CLOSES) == 0
    assert services.send_due_reminders(CLOSES + timedelta(hours=1)) == 0
    assert not Notification.objects.exists()
    assert services.send_due_reminders(CLOSES - timedelta(hours=5)) == 3
