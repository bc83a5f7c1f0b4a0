"""Judging's groups for group messages: judges by round, panel and progress (with the round and
its closing as merge fields), entrants by round reached; and the messages panel on the judge's
dashboard."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from judging.enums import ReviewStatus
from judging.models import Review
from prize import messaging
from tests.factories import RoundEntryFactory, RoundFactory

pytestmark = pytest.mark.django_db

JUDGES = "judging.judges"


def emails(judging, key=JUDGES, **filters):
    return sorted(r.user.email for r in messaging.recipients_for(
        judging.season.edition, key, filters))


def test_judges_by_round_panel_and_progress(judging):
    users = judging.users
    round = judging.round
    everyone = ["conflicted_judge@example.org", "judge@example.org",
                "second_judge@example.org", "unassigned_judge@example.org"]
    assert emails(judging) == everyone
    assert emails(judging, round=str(round.pk), panel=str(judging.season.category.pk)) == everyone
    assert emails(judging, progress="not_started") == ["conflicted_judge@example.org",
                                                       "judge@example.org",
                                                       "second_judge@example.org"]
    # the judge finishes one review of three, the second judge all four
    Review.objects.create(assignment=judging.assignment("judge"), status=ReviewStatus.SUBMITTED)
    for entry in judging.entries:
        Review.objects.create(assignment=judging.assignment("second_judge", entry),
                              status=ReviewStatus.SUBMITTED)
    assert emails(judging, progress="in_progress") == ["judge@example.org"]
    assert emails(judging, progress="done") == ["second_judge@example.org"]
    assert emails(judging, progress="not_started") == ["conflicted_judge@example.org"]
    assert users["unassigned_judge"].email not in emails(judging, progress="not_started")
    # another round's id, or nonsense, reaches nobody rather than everybody
    other = RoundFactory(number=7, edition__is_current=False)
    assert emails(judging, round=str(other.pk)) == []
    assert emails(judging, progress="sleeping") == []


def test_a_judges_message_fills_the_round_and_its_closing(judging):
    season = judging.season
    message = messaging.draft_save(
        edition=season.edition, by=season.users["secretariat"], audience=JUDGES,
        filters={"progress": "not_started"}, subject="{{ round }} closes {{ deadline }}",
        body="Hello {{ name }}, please start: {{ dashboard_link }}")
    chosen = next(r for r in messaging.recipients_of(message)
                  if r.user == judging.users["judge"])
    subject, body = messaging.personal_copy(message, chosen)
    closes = judging.round.closes_at.astimezone(season.edition.tz)
    assert subject.startswith("Online screening closes ")
    assert f"{closes:%H:%M} ({season.edition.time_zone})" in subject
    assert body == f"Hello {judging.users['judge'].get_short_name()}, please start: " \
        f"{settings.SITE_URL}/dashboard/"


def test_entrants_by_round_reached(judging):
    second = RoundFactory(edition=judging.season.edition, number=2, name="Shortlist")
    RoundEntryFactory(round=second, entry=judging.entry)
    reached = messaging.recipients_for(judging.season.edition, "judging.round_reached",
                                       {"round": str(second.pk)})
    assert [r.user.email for r in reached] == ["entrant@example.org"]
    assert reached[0].values["round"] == "Shortlist"
    assert reached[0].values["entry_reference"] == judging.entry.reference
    assert messaging.recipients_for(judging.season.edition, "judging.round_reached", {}) == []


def test_the_judge_reads_messages_on_their_dashboard(judging):
    season = judging.season
    message = messaging.draft_save(
        edition=season.edition, by=season.users["secretariat"], audience=JUDGES, filters={},
        subject="Panel briefing", body="See you on Monday, {{ name }}.")
    messaging.send_now(message=message, by=season.users["secretariat"])
    page = judging.client("judge").get(reverse("judging:dashboard")).content.decode()
    assert "Messages from the organisers" in page and "Panel briefing" in page
    assert reverse("messaging:mine_detail", args=[message.pk]) in page
    entrant_page = season.client("entrant").get(reverse("entries:dashboard")).content.decode()
    assert "Panel briefing" not in entrant_page


def test_the_judges_dashboard_makes_the_same_queries_with_1_or_many_messages(
        judging, count_queries):
    season, judge = judging.season, judging.client("judge")

    def send(n):
        for i in range(n):
            message = messaging.draft_save(
                edition=season.edition, by=season.users["secretariat"], audience=JUDGES,
                filters={}, subject=f"Briefing {i}", body="For {{ name }}")
            messaging.send_now(message=message, by=season.users["secretariat"])

    send(1)
    one = count_queries(lambda: judge.get(reverse("judging:dashboard")))
    send(12)
    page = judge.get(reverse("judging:dashboard")).content.decode()
    assert "Briefing 11" in page and "Briefing 0" not in page  # the latest five
    assert count_queries(lambda: judge.get(reverse("judging:dashboard"))) == one
