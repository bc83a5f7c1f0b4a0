"""The audit log filtered by day and exported as CSV: the same events the page shows, in UTC,
formulas neutralised, nothing another edition's staff may not read, never a credential."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from prize.models import AuditEvent

pytestmark = pytest.mark.django_db


def event_on(day: int, *, action="edition.update", edition=None, target_repr="Settings",
             note=""):
    return AuditEvent.objects.create(at=datetime(2023, 9, day, 12, tzinfo=UTC),
                                     actor_repr="system", edition=edition, action=action,
                                     target_repr=target_repr, note=note)


def rows_of(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_the_log_is_filtered_by_day(client_for, edition):
    for day in (24, 25, 26):
        event_on(day, edition=edition, target_repr=f"Day {day}")
    client = client_for("superuser")

    page = client.get(reverse("staff_audit"), {"from": "2023-09-25", "to": "2023-09-25"})

    html = page.content.decode()
    assert "Day 25" in html and "Day 24" not in html and "Day 26" not in html
    assert 'value="2023-09-25"' in html  # the filter is kept in the form
    # A day that does not read as one filters nothing rather than failing.
    assert client.get(reverse("staff_audit"), {"from": "25/09/2023"}).status_code == 200


def test_the_csv_holds_the_filtered_events_with_formulas_neutralised(client_for, edition):
    event_on(25, edition=edition, target_repr="=HYPERLINK(\"http://evil\")", note="+1")
    event_on(26, edition=edition, target_repr="Not wanted")

    response = client_for("superuser").get(reverse("staff_audit"),
                                           {"format": "csv", "to": "2023-09-25"})

    assert response["Content-Type"].startswith("text/csv")
    header, *rows = rows_of(response)
    assert header[:3] == ["When (UTC)", "Who", "Action"]
    assert [(r[0], r[2], r[3], r[7]) for r in rows] == [
        ("2023-09-25 12:00:00", "edition.update", "'=HYPERLINK(\"http://evil\")", "'+1")]


def test_the_csv_follows_who_may_read_the_log(client_for, edition):
    from tests.factories import EditionFactory

    other = EditionFactory(slug="elsewhere", is_current=False)
    event_on(25, edition=edition, target_repr="Ours")
    event_on(25, edition=other, target_repr="Theirs")

    rows = rows_of(client_for("secretariat").get(reverse("staff_audit"), {"format": "csv"}))

    assert [r[3] for r in rows[1:]] == ["Ours"]
    assert client_for("entrant").get(reverse("staff_audit"), {"format": "csv"}).status_code \
        == 404
