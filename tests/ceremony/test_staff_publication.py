"""The publication page: what blocks publication, scheduling at a moment typed in the edition's
time zone (shown with the countdown and who scheduled it), publishing now, cancelling,
unpublishing with a reason, and the publication's options."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from ceremony import selectors, services
from ceremony.models import Publication
from prize.models import AuditEvent
from tests.ceremony.staff_support import ceremony_fixture, client_of, url  # noqa: F401
from tests.ceremony.test_services import decide_all, propose_ranking

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def post(final, data, persona="secretariat", follow=False):
    return client_of(final, persona).post(url(final, "staff_publication"), data, follow=follow)


def next_year():
    return timezone.now().year + 1


def test_scheduling_with_unconfirmed_decisions_is_refused_with_the_problems(ceremony):
    propose_ranking(ceremony)

    response = post(ceremony, {"action": "schedule", "at": f"{next_year()}-09-25T19:00"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "4 decisions are not confirmed by a second person." in html
    assert "Special Mention has 0 of its 1 winners." in html
    assert selectors.publication_of(ceremony.edition) is None \
        or selectors.publication_of(ceremony.edition).scheduled_at is None


def test_the_checklist_shows_what_blocks_publication(ceremony):
    html = client_of(ceremony, "coordinator").get(url(ceremony, "staff_publication")) \
        .content.decode()
    assert "What still blocks publication:" in html
    assert "Gold (Gold) has 0 of its 1 winners." in html
    assert "0 of 5 winners decided" in html
    assert 'value="schedule"' not in html  # coordinators do not publish


def test_schedule_in_the_editions_time_zone_then_cancel(ceremony):
    ceremony.edition.time_zone = "Asia/Seoul"
    ceremony.edition.save()
    decide_all(ceremony)
    year = next_year()

    response = post(ceremony, {"action": "schedule", "at": f"{year}-09-25T19:00"}, follow=True)

    publication = Publication.objects.get(edition=ceremony.edition)
    assert publication.scheduled_at == dt.datetime(year, 9, 25, 19, 0, tzinfo=SEOUL)
    assert publication.scheduled_by == ceremony.users["secretariat"]
    assert publication.published_at is None
    html = response.content.decode()
    assert f"The results will be published on 25 September {year}, 19:00 (Asia/Seoul)." in html
    assert f"25 September {year}, 19:00" in html
    assert "(Asia/Seoul)" in html
    assert "In " in html and "Scheduled by" in html

    post(ceremony, {"action": "cancel"})
    publication.refresh_from_db()
    assert publication.scheduled_at is None
    assert AuditEvent.objects.filter(action="results.unschedule").count() == 1


def test_the_viewers_time_zone_is_shown_too(ceremony):
    ceremony.edition.time_zone = "Asia/Seoul"
    ceremony.edition.save()
    decide_all(ceremony)
    services.publication_schedule(
        edition=ceremony.edition, by=ceremony.users["secretariat"],
        at=dt.datetime(next_year(), 9, 25, 19, 0, tzinfo=SEOUL))
    viewer = ceremony.users["coordinator"]
    viewer.time_zone = "Europe/Paris"
    viewer.save()

    html = client_of(ceremony, "coordinator").get(url(ceremony, "staff_publication")) \
        .content.decode()

    assert "19:00 <span class=\"tz-name\">(Asia/Seoul)</span>" in html
    assert "12:00 (Europe/Paris)" in html


@pytest.mark.parametrize(("at", "message"), [
    ("25/09/2030 7pm", "Enter a date and time, e.g. 2023-09-25 19:00."),
    ("2030-02-30T19:00", "Enter a date and time"),
    ("2001-09-25T19:00", "That moment has passed."),
    ("", "Enter the moment of publication."),
    ("9" * 400, "Enter a date and time"),
])
def test_a_bad_moment_is_a_form_error(ceremony, at, message):
    decide_all(ceremony)
    response = post(ceremony, {"action": "schedule", "at": at})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Publication.objects.filter(scheduled_at__isnull=False).exists()


def test_publish_now_then_unpublish_with_a_reason(ceremony):
    decide_all(ceremony)

    response = post(ceremony, {"action": "publish_now"}, follow=True)

    assert selectors.results_public(ceremony.edition)
    assert "The results are published." in response.content.decode()
    assert "The results are public since" in response.content.decode()

    response = post(ceremony, {"action": "unpublish", "reason": " "})
    assert response.status_code == 400
    assert "Say why the results are taken back." in response.content.decode()
    assert selectors.results_public(ceremony.edition)

    post(ceremony, {"action": "unpublish", "reason": "Wrong winner named."})
    assert not selectors.results_public(ceremony.edition)
    assert AuditEvent.objects.get(action="results.unpublish").note == "Wrong winner named."


def test_publish_now_is_refused_while_something_blocks(ceremony):
    response = post(ceremony, {"action": "publish_now"})
    assert response.status_code == 400
    assert "has 0 of its 1 winners" in response.content.decode()
    assert not selectors.results_public(ceremony.edition)


def test_the_options(ceremony):
    response = post(ceremony, {
        "action": "options", "show_scores": "on",
        "signatories_text": "Oh Se-hoon | Mayor of Seoul\n\n  Park Jung-ho|Secretary General, "
                            "WeGO  \n이순신",
    }, follow=True)
    assert "The publication&#x27;s options are saved." in response.content.decode()
    publication = Publication.objects.get(edition=ceremony.edition)
    assert publication.show_scores and not publication.finalist_certificates
    assert publication.signatories == [
        {"name": "Oh Se-hoon", "title": "Mayor of Seoul"},
        {"name": "Park Jung-ho", "title": "Secretary General, WeGO"},
        {"name": "이순신", "title": ""},
    ]
    html = client_of(ceremony, "secretariat").get(url(ceremony, "staff_publication")) \
        .content.decode()
    assert "Park Jung-ho | Secretary General, WeGO" in html
    assert AuditEvent.objects.filter(action="results.options").count() == 1


@pytest.mark.parametrize("text", [" | A title without a name", "\n".join(["A | B"] * 7),
                                  "x" * 300])
def test_bad_signatories_are_a_form_error(ceremony, text):
    response = post(ceremony, {"action": "options", "signatories_text": text})
    assert response.status_code == 400
    assert not Publication.objects.exclude(signatories=[]).exists()
