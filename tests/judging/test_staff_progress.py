"""The progress page: overall, per category and per judge; reminders now go only to judges
with unfinished reviews; the schedule; entries short of judges."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from judging import services
from judging.enums import RoundStatus
from judging.models import PanelMembership, Round
from prize.models import Notification
from tests.judging.test_staff_results import submit, text

pytestmark = pytest.mark.django_db


def url(judging):
    return reverse("judging:staff_progress", args=[judging.round.pk])


def reminded() -> list[str]:
    return sorted(Notification.objects.filter(template="judging/reminder")
                  .values_list("to_email", flat=True))


def test_progress_overall_per_category_and_per_judge(judging):
    for entry, value in zip(judging.entries[:3], [8, 6, 5], strict=True):
        submit(judging, "judge", entry, value)
    services.review_save(assignment=judging.assignment("second_judge"),
                         by=judging.users["second_judge"],
                         scores={judging.criteria[0].pk: "4"})
    html = judging.client("coordinator").get(url(judging)).content.decode()
    page = text(html)
    assert "Overall 3 of 8 reviews finished 37%" in page
    assert ('role="progressbar" aria-label="Reviews finished in the round" aria-valuenow="37"'
            in html)
    assert "Tech-InnovaCity 4 37% · 3 of 8" in page
    rows = [text(r) for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S)]
    judge = judging.users["judge"]
    assert any(r.startswith(f"{judge.name} judge@example.org 3 3 0 0 0 100%") for r in rows)
    assert any(r.startswith("Second Judge second_judge@example.org 4 0 0 1 3 0%") for r in rows)
    assert "2 judges have unfinished reviews." in page


def test_reminders_go_only_to_judges_with_unfinished_reviews(judging):
    for entry, value in zip(judging.entries[:3], [8, 6, 5], strict=True):
        submit(judging, "judge", entry, value)
    response = judging.client("coordinator").post(url(judging), {"action": "remind"},
                                                  follow=True)
    assert "A reminder was sent to 2 judges." in text(response.content.decode())
    assert reminded() == ["conflicted_judge@example.org", "second_judge@example.org"]
    context = Notification.objects.get(to_email="second_judge@example.org").context
    assert (context["left"], context["assigned"]) == (4, 4)


def test_remind_one_judge(judging):
    response = judging.client("secretariat").post(url(judging), {
        "action": "remind", "judge": judging.users["second_judge"].pk}, follow=True)
    assert "A reminder was sent to 1 judge." in text(response.content.decode())
    assert reminded() == ["second_judge@example.org"]


def test_nobody_to_remind(judging):
    for persona, entries in [("judge", judging.entries[:3]), ("second_judge", judging.entries),
                             ("conflicted_judge", judging.entries[3:])]:
        for entry in entries:
            submit(judging, persona, entry, 5)
    response = judging.client("coordinator").post(url(judging), {"action": "remind"},
                                                  follow=True)
    assert "Nobody was reminded: no judge has unfinished reviews." in text(
        response.content.decode())
    assert reminded() == []


def test_no_reminders_once_closed(judging):
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.CLOSED)
    client = judging.client("coordinator")
    page = text(client.get(url(judging)).content.decode())
    assert "Send reminders now" not in page
    response = client.post(url(judging), {"action": "remind"}, follow=True)
    assert "Reminders go out only while the round is open." in text(response.content.decode())
    assert reminded() == []


def test_schedule_and_entries_short_of_judges(judging):
    Round.objects.filter(pk=judging.round.pk).update(
        closes_at=datetime(2030, 6, 30, 9, 0, tzinfo=UTC), reminder_hours=[24, 72])
    # Nobody else on the panel is free to replace the judge who recuses.
    PanelMembership.objects.filter(judge__in=[judging.users["unassigned_judge"],
                                              judging.users["conflicted_judge"]]).delete()
    replacement = services.recuse(assignment=judging.assignment("judge", judging.entries[1]),
                                  by=judging.users["judge"], reason="A former colleague leads it.")
    assert replacement is None
    page = text(judging.client("coordinator").get(url(judging)).content.decode())
    assert ("Automatic reminders 72 hours before closing: 27 June 2030, 18:00 (Asia/Seoul) "
            "24 hours before closing: 29 June 2030, 18:00 (Asia/Seoul)") in page
    assert ("Each entry needs 2 judges; these have fewer (for example after a recusal with no "
            "free judge). SCP00-TI-0002 “Smart crossings for Seoul” (Tech-InnovaCity): "
            "1 judge") in page
    assert "SCP00-TI-0001 “" not in page
