"""E-mails go out in the recipient's language, whoever's action queued them: the outbox row
keeps the recipient's language and the message (subject, text, HTML) is written in it, dates
included (prize/formats/ko: "2023년 9월 25일 …")."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from entries import services as entry_services
from judging import services as judging_services
from judging.enums import RoundStatus
from prize.models import Notification
from prize.outbox import render
from tests.factories import (
    AssignmentFactory,
    EditionFactory,
    EntrantMemberFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SEOUL_3PM = datetime(2030, 9, 25, 6, 0, tzinfo=UTC)  # 15:00 in Seoul, a Wednesday
KOREAN_MOMENT = re.compile(r"2030년 9월 25일 \(수(요일)?\) 오후 3:00")


def test_an_entrant_told_by_a_staff_action_reads_it_in_their_language():
    edition = EditionFactory(time_zone="Asia/Seoul")
    korean = EntrantMemberFactory(user=UserFactory(language="ko")).entrant
    english = EntrantMemberFactory(user=UserFactory(language="en")).entrant
    staff = UserFactory(language="en")

    with translation.override("en"):  # the secretariat works in English
        for entrant in (korean, english):
            entry_services.extension_grant(edition=edition, entrant=entrant,
                                           deadline=SEOUL_3PM, reason="Flood", by=staff)

    to_korean = Notification.objects.get(template="entries/extension",
                                         recipient=korean.members.get().user)
    to_english = Notification.objects.get(template="entries/extension",
                                          recipient=english.members.get().user)
    assert to_korean.language == "ko" and to_english.language == "en"
    korean_mail, english_mail = render(to_korean), render(to_english)
    assert KOREAN_MOMENT.search(korean_mail.text)
    assert KOREAN_MOMENT.search(korean_mail.html)
    assert '<html lang="ko">' in korean_mail.html
    assert "25 September 2030, 15:00 (Asia/Seoul)" in english_mail.text
    assert '<html lang="en">' in english_mail.html


def test_a_judge_reads_their_assignments_in_their_language():
    edition = EditionFactory(time_zone="Asia/Seoul")
    round = RoundFactory(edition=edition, status=RoundStatus.OPEN, closes_at=SEOUL_3PM)
    judge = UserFactory(language="ko", time_zone="")
    AssignmentFactory(round=round, judge=judge)

    with translation.override("en"):
        judging_services.assignments_notify(round=round, by=None)

    notification = Notification.objects.get(template="judging/assigned", recipient=judge)
    assert notification.language == "ko"
    mail = render(notification)
    assert KOREAN_MOMENT.search(mail.text) and KOREAN_MOMENT.search(mail.html)
    assert '<html lang="ko">' in mail.html


def test_a_password_reset_asked_from_an_english_page_goes_out_in_korean(client):
    user = UserFactory(email="jiwoo@example.org", language="ko")

    client.post(reverse("account_reset_password"), {"email": user.email},
                HTTP_ACCEPT_LANGUAGE="en")

    notification = Notification.objects.get(recipient=user,
                                            template__startswith="account/password_reset")
    assert notification.language == "ko"
    mail = render(notification)
    assert '<html lang="ko">' in mail.html


def test_a_visitor_who_signs_up_in_korean_gets_a_korean_account(client):
    client.post(reverse("set_language"), {"language": "ko", "next": reverse("account_signup")})

    client.post(reverse("account_signup"), {
        "name": "Kim Ji-woo", "email": "new@example.org",
        "password1": "a long enough password 42", "password2": "a long enough password 42",
    })

    notification = Notification.objects.get(to_email="new@example.org")
    assert notification.recipient.language == "ko"
    assert notification.language == "ko"


def test_a_moment_in_a_korean_message_written_later_still_reads_korean():
    """The outbox writes the message when it sends it, under the recipient's language,
    whatever language the worker runs in."""
    user = UserFactory(language="ko")
    edition = EditionFactory(time_zone="Asia/Seoul")
    member = EntrantMemberFactory(user=user)
    with translation.override("en"):
        entry_services.extension_grant(edition=edition, entrant=member.entrant,
                                       deadline=SEOUL_3PM, reason="Flood", by=UserFactory())

    with translation.override("en"):
        mail = render(Notification.objects.get(recipient=user))

    assert KOREAN_MOMENT.search(mail.text)
