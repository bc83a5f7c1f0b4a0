"""Times on staff pages name their zone, and give the viewer's own time beside the edition's."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from prize import outbox
from prize.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MOMENT = datetime(2023, 9, 25, 6, 0, tzinfo=UTC)  # 15:00 in Seoul, 08:00 in Paris


def test_the_outbox_gives_the_editions_time_and_the_viewers(client_for, edition):
    outbox.notify(UserFactory(email="ada@example.org"), "test/hello", {"message": "Hi"},
                  edition=edition, send_after=MOMENT)
    Notification.objects.filter(to_email="ada@example.org").update(created_at=MOMENT)
    client = client_for("superuser")
    client.cookies["tz"] = "Europe/Paris"

    html = client.get(reverse("staff_outbox")).content.decode()

    assert ('25 Sep 2023, 15:00 <span class="tz-name">(Asia/Seoul)</span></time>'
            '<span class="viewer-time"> — your time: 25 Sep 2023, 08:00 (Europe/Paris)</span>'
            ) in html


def test_a_message_of_no_edition_names_the_zone_it_is_shown_in(client_for):
    outbox.notify(UserFactory(email="bob@example.org"), "test/hello", {"message": "Hi"})
    Notification.objects.filter(to_email="bob@example.org").update(created_at=MOMENT)
    client = client_for("superuser")
    client.cookies["tz"] = "Europe/Paris"
    row = Notification.objects.get(to_email="bob@example.org")

    html = client.get(reverse("staff_outbox_detail", args=[row.pk])).content.decode()

    assert '25 Sep 2023, 08:00:00 <span class="tz-name">(Europe/Paris)</span>' in html
