"""The result e-mails page: how many go to whom, previews rendered with a real recipient's data
without writing anything, sending now or from a later moment, the mailings made."""

import datetime as dt

import pytest
from django.utils import timezone

from ceremony import services
from ceremony.models import ResultMailing
from prize.models import Notification
from tests.ceremony.staff_support import ceremony_fixture, client_of, url  # noqa: F401
from tests.ceremony.test_services import decide_all

pytestmark = pytest.mark.django_db


def post(final, data, follow=False):
    return client_of(final, "secretariat").post(url(final, "staff_emails"), data, follow=follow)


def test_counts_and_previews_write_nothing(ceremony):
    decide_all(ceremony)

    response = client_of(ceremony, "coordinator").get(url(ceremony, "staff_emails"))

    html = response.content.decode()
    # 9 entries, one person each: 5 winners (4 tiered, 1 mention), 3 finalists, 1 not selected
    assert "9 entries" in html and "9 people" in html and "9 result e-mails" in html
    assert "(Winner: 5, Finalist: 3, Not selected: 1, Ineligible: 0)" in html
    assert "Congratulations: your entry" in html  # the winner's preview, text part
    assert "was one of the finalists of" in html
    assert "Valued." in html  # a real citation
    assert "finalist1@example.org" in html
    assert Notification.objects.count() == 0
    assert "The secretariat sends the result e-mails." in html  # coordinators see, do not send


def test_sending_before_the_publication_is_scheduled_is_refused(ceremony):
    response = post(ceremony, {"kinds": ["winner"], "when": "now"})
    assert response.status_code == 400
    assert "Schedule the publication first" in response.content.decode()
    assert not ResultMailing.objects.exists()


def test_send_now_once_published_and_later_for_the_others(ceremony):
    decide_all(ceremony)
    services.publication_schedule(edition=ceremony.edition, at=None,
                                  by=ceremony.users["secretariat"])

    response = post(ceremony, {"kinds": ["winner", "finalist"], "when": "now"}, follow=True)

    assert "The result e-mails are being written to the outbox" in response.content.decode()
    assert Notification.objects.filter(template="ceremony/result").count() == 8
    assert ResultMailing.objects.get(kinds=["winner", "finalist"]).written == 8

    later = timezone.localtime(timezone.now() + dt.timedelta(days=1), ceremony.edition.tz)
    response = post(ceremony, {"kinds": ["not_selected"], "when": "later",
                               "send_after": later.strftime("%Y-%m-%dT%H:%M")}, follow=True)
    assert "once the results are public and the moment has come" in response.content.decode()
    assert Notification.objects.count() == 8
    mailing = ResultMailing.objects.get(kinds=["not_selected"])
    assert mailing.send_after == later.replace(second=0, microsecond=0)
    html = response.content.decode()
    assert "waiting" in html
    assert "Winner, Finalist" in html


@pytest.mark.parametrize(("data", "message"), [
    ({"when": "now"}, "Choose which results to send."),
    ({"kinds": ["winner", "prize"], "when": "now"}, "Select a valid choice"),
    ({"kinds": ["winner"], "when": "later"}, "Enter the moment to send from."),
    ({"kinds": ["winner"], "when": "later", "send_after": "tomorrow"}, "Enter a date and time"),
    ({"kinds": ["winner"], "when": "later", "send_after": "2001-01-01T00:00"},
     "That moment has passed"),
    ({"kinds": ["winner"], "when": "soon"}, "Select a valid choice"),
])
def test_bad_input_is_a_form_error(ceremony, data, message):
    decide_all(ceremony)
    services.publication_schedule(edition=ceremony.edition, at=None,
                                  by=ceremony.users["secretariat"])
    response = post(ceremony, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResultMailing.objects.exists()


def test_the_html_preview_is_its_own_frameable_response(ceremony):
    decide_all(ceremony)
    winner = ceremony.finalists[ceremony.categories[0].pk][0]
    client = client_of(ceremony, "coordinator")

    page = client.get(url(ceremony, "staff_emails")).content.decode()
    frame = url(ceremony, "staff_email_preview", winner.pk)
    assert f'src="{frame}"' in page
    response = client.get(frame)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Congratulations: your entry" in html and "Valued." in html
    assert 'style="' in html
    policy = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "frame-ancestors 'self'" in policy
    assert "default-src 'none'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"]
    assert Notification.objects.count() == 0
    # the page itself keeps the site's policy
    main = client.get(url(ceremony, "staff_emails"))
    assert "'unsafe-inline'" not in main["Content-Security-Policy"]
    assert main["X-Frame-Options"] == "DENY"


def test_a_preview_of_another_editions_entry_is_404(ceremony):
    from tests.factories import EditionFactory, EntryFactory

    other = EntryFactory(edition=EditionFactory(slug="elsewhere", is_current=False),
                         submitted=True, status="eligible", reference="ELSE-9")
    response = client_of(ceremony, "secretariat").get(
        url(ceremony, "staff_email_preview", other.pk))
    assert response.status_code == 404
