"""Deadline reminders: e-mails to the members of entrants holding drafts, 7 days and 1 day
before their own deadline, each sent once however often the hourly task runs."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from entries.enums import EntryStatus, MemberRole
from entries.models import Extension
from entries.reminders import due_reminder, send_due_reminders
from entries.tasks import send_deadline_reminders
from prize.models import Notification
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    EntrantFactory,
    EntrantMemberFactory,
    EntryFactory,
    EntryFormUseFactory,
)

CLOSES = datetime(2031, 6, 30, 9, 0, tzinfo=UTC)  # 18:00 in Seoul, 11:00 in Madrid
DAY, HOUR = timedelta(days=1), timedelta(hours=1)


class Call:
    def __init__(self, closes=CLOSES):
        self.edition = EditionFactory(name="Smart City Prize 2031", call_closes_at=closes,
                                      call_opens_at=closes - 90 * DAY, time_zone="Asia/Seoul")
        self.category = CategoryFactory(edition=self.edition, name="Tech-InnovaCity")
        self.form = EntryFormUseFactory(category=self.category).form
        self.entrant = EntrantFactory(name="City of Busan")
        self.owner = EntrantMemberFactory(
            entrant=self.entrant, user__email="owner@example.org", user__name="Ji-ho Park",
            user__time_zone="Europe/Madrid").user
        self.collaborator = EntrantMemberFactory(
            entrant=self.entrant, role=MemberRole.COLLABORATOR,
            user__email="collaborator@example.org").user
        self.draft = self.entry(self.entrant, answers={"title": "Smart crossings <b>now</b>"})

    def entry(self, entrant, **kwargs):
        answers = kwargs.pop("answers", {"title": "Another draft"})
        return EntryFactory(edition=self.edition, category=self.category, entrant=entrant,
                            form=self.form, answers=answers, title=answers.get("title", ""),
                            **kwargs)


@pytest.fixture
def call(db):
    return Call()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the reminders at a given moment; e-mails land in ``mail.outbox``."""

    def run(at):
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders(now=at)

    return run


def recipients():
    return sorted(to for message in mail.outbox for to in message.to)


def test_nothing_is_sent_seven_days_and_one_hour_before(call, run):
    assert run(CLOSES - 7 * DAY - HOUR) == 0
    assert mail.outbox == []


def test_seven_days_before_every_member_gets_one_reminder(call, run):
    assert run(CLOSES - 6 * DAY - 23 * HOUR) == 2

    assert recipients() == ["collaborator@example.org", "owner@example.org"]
    owner_mail = next(m for m in mail.outbox if m.to == ["owner@example.org"])
    assert owner_mail.subject == ("Reminder: submit your entry to Smart City Prize 2031 by "
                                  "30 June 2031, 18:00 (Asia/Seoul)")
    body = owner_mail.body
    assert "City of Busan has a draft entry to Smart City Prize 2031" in body
    assert "Deadline: 30 June 2031, 18:00 (Asia/Seoul)" in body
    assert "Your time: 30 June 2031, 11:00 (Europe/Madrid)" in body
    assert "* Smart crossings <b>now</b> (Tech-InnovaCity)" in body
    assert "Still missing: Short summary, Sectors, Budget" in body
    assert f"{settings.SITE_URL}{call.draft.get_absolute_url()}" in body
    html = owner_mail.alternatives[0][0]
    assert "Smart crossings &lt;b&gt;now&lt;/b&gt;" in html
    assert "<b>now</b>" not in html
    collaborator_mail = next(m for m in mail.outbox if m.to == ["collaborator@example.org"])
    assert "Your time" not in collaborator_mail.body  # no time zone of their own


def test_running_again_sends_nothing_twice(call, run):
    run(CLOSES - 6 * DAY - 23 * HOUR)
    mail.outbox.clear()

    assert run(CLOSES - 6 * DAY - 23 * HOUR) == 0
    assert run(CLOSES - 6 * DAY - 22 * HOUR) == 0
    assert run(CLOSES - 2 * DAY) == 0
    assert mail.outbox == []
    assert Notification.objects.filter(template="entries/reminder").count() == 2


def test_an_entrant_with_only_submitted_entries_gets_nothing(call, run):
    call.draft.status = EntryStatus.SUBMITTED
    call.draft.reference = "SCP-TI-0001"
    call.draft.save()
    withdrawn = call.entry(call.entrant, status=EntryStatus.WITHDRAWN)
    assert withdrawn.status == EntryStatus.WITHDRAWN

    assert run(CLOSES - 6 * DAY) == 0
    assert run(CLOSES - 12 * HOUR) == 0
    assert mail.outbox == []


def test_each_entrant_hears_only_of_its_own_drafts(call, run):
    other = EntrantFactory(name="Lyon Lab", country="FR", city="Lyon")
    EntrantMemberFactory(entrant=other, user__email="lyon@example.org")
    call.entry(other, answers={"title": "Lyon air sensors"})
    call.entry(call.entrant, answers={"title": "Second Busan draft"})

    assert run(CLOSES - 3 * DAY) == 3

    busan = next(m for m in mail.outbox if m.to == ["owner@example.org"]).body
    lyon = next(m for m in mail.outbox if m.to == ["lyon@example.org"]).body
    assert "City of Busan has 2 draft entries" in busan
    assert "Second Busan draft" in busan and "Lyon air sensors" not in busan
    assert "Lyon Lab has a draft entry" in lyon
    assert "Smart crossings" not in lyon


def test_one_day_before_comes_the_last_reminder(call, run):
    run(CLOSES - 6 * DAY - 23 * HOUR)
    mail.outbox.clear()

    assert run(CLOSES - DAY - HOUR) == 0
    assert run(CLOSES - 23 * HOUR) == 2
    assert recipients() == ["collaborator@example.org", "owner@example.org"]
    assert {m.subject for m in mail.outbox} == {
        "Last day: submit your entry to Smart City Prize 2031 by 30 June 2031, 18:00 "
        "(Asia/Seoul)"}
    mail.outbox.clear()
    assert run(CLOSES - HOUR) == 0
    assert run(CLOSES) == 0
    assert run(CLOSES + HOUR) == 0
    assert mail.outbox == []


def test_a_draft_started_in_the_last_day_gets_only_the_last_reminder(call, run):
    assert run(CLOSES - 20 * HOUR) == 2
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Last day"}
    assert run(CLOSES - 19 * HOUR) == 0


def test_an_extension_moves_the_reminders(call, run):
    extended = CLOSES + 5 * DAY
    Extension.objects.create(edition=call.edition, entrant=call.entrant, deadline=extended,
                             reason="Documents delayed by the city council")
    other = EntrantFactory(name="Lyon Lab", country="FR", city="Lyon")
    EntrantMemberFactory(entrant=other, user__email="lyon@example.org")
    call.entry(other)

    assert run(CLOSES - 6 * DAY - 23 * HOUR) == 1  # only Lyon: Busan has five days more
    assert recipients() == ["lyon@example.org"]
    mail.outbox.clear()

    assert run(extended - 7 * DAY - HOUR) == 0
    assert run(extended - 6 * DAY - 23 * HOUR) == 2
    assert recipients() == ["collaborator@example.org", "owner@example.org"]
    body = mail.outbox[0].body
    assert "Deadline: 5 July 2031, 18:00 (Asia/Seoul)" in body
    assert "This is the later deadline of the extension you were granted." in body
    mail.outbox.clear()

    # the call has closed for everyone else; Busan still hears of its last day
    assert run(extended - DAY - HOUR) == 0
    assert run(extended - 23 * HOUR) == 2
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Last day"}


def test_editions_in_preparation_send_nothing(call, run):
    call.edition.status = "draft"
    call.edition.save()

    assert run(CLOSES - 2 * DAY) == 0


@pytest.mark.parametrize(("before", "expected"), [
    (8 * DAY, None), (7 * DAY, "7d"), (2 * DAY, "7d"), (DAY, "1d"), (timedelta(seconds=1), "1d"),
    (timedelta(0), None), (-HOUR, None)])
def test_which_reminder_is_due(before, expected):
    assert due_reminder(CLOSES, CLOSES - before) == expected


def test_the_hourly_beat_task_sends_the_reminders(db, django_capture_on_commit_callbacks):
    Call(closes=timezone.now() + 6 * DAY + 23 * HOUR)
    schedule = settings.CELERY_BEAT_SCHEDULE["entries-deadline-reminders"]
    assert schedule["task"] == send_deadline_reminders.name
    assert schedule["schedule"] == HOUR

    with django_capture_on_commit_callbacks(execute=True):
        result = send_deadline_reminders.delay()

    assert result.get() == 2
    assert recipients() == ["collaborator@example.org", "owner@example.org"]


def test_a_run_makes_the_same_number_of_queries_with_1_and_20_entrants(call, run,
                                                                       count_queries):
    at = CLOSES - 3 * DAY
    run(at)
    with_one = count_queries(lambda: run(at))
    for n in range(19):
        entrant = EntrantFactory(name=f"City {n}")
        EntrantMemberFactory(entrant=entrant)
        call.entry(entrant)
        call.entry(entrant)
    assert run(at) == 19
    with_twenty = count_queries(lambda: run(at))

    assert with_twenty == with_one
