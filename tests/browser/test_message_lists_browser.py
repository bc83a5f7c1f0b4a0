"""In Chromium: a sent message's recipients as a staff list on a 320 px phone: the secretariat
filters them by delivery state with the filter form, the rows left are the failed ones, the
download links carry the filter, nothing scrolls sideways and axe-core passes."""

import pytest
from django.urls import reverse

from prize import messaging
from prize.enums import NotificationStatus
from prize.message_models import MessageRecipient
from prize.models import Notification
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.factories import EntrantMemberFactory, EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_recipients_filter_on_a_phone(page, live_server, season):  # noqa: F811
    for n in range(2):
        member = EntrantMemberFactory(user__email=f"city{n}@example.org")
        EntryFactory(edition=season.edition, category=season.category, entrant=member.entrant,
                     form=season.entry.form, submitted=True)
    message = messaging.draft_save(edition=season.edition, by=season.users["secretariat"],
                                   audience="entries.entrants", filters={},
                                   subject="Hello {{ name }}", body="News.")
    message = messaging.send_now(message=message, by=season.users["secretariat"])
    failed = MessageRecipient.objects.filter(message=message,
                                             user__email="city1@example.org").get()
    Notification.objects.filter(pk=failed.notification_id).update(
        status=NotificationStatus.FAILED)

    log_in_as(page, live_server, season.users["secretariat"])
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(reverse("messaging:staff_message", args=[season.edition.slug, message.pk]))
    assert page.get_by_role("table").get_by_role("row").count() == 4  # a heading and 3 people
    page.get_by_label("Delivery", exact=True).select_option("failed")
    page.get_by_role("button", name="Apply").click()

    rows = page.get_by_role("table").get_by_role("row")
    assert rows.count() == 2 and "city1@example.org" in rows.nth(1).inner_text()
    csv_link = page.get_by_role("link", name="Download CSV")
    assert "delivery=failed" in csv_link.get_attribute("href")
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
