"""The press list for staff: the confirmed winners as CSV and XLSX, before publication too."""

import csv
import io

import pytest
from openpyxl import load_workbook

from ceremony import services
from ceremony.models import Decision
from tests.ceremony.staff_support import ceremony_fixture, client_of, url  # noqa: F401
from tests.ceremony.test_services import decide_all

pytestmark = pytest.mark.django_db

HEADER = ["Category", "Award", "Tier", "Reference", "Project title", "Entrant", "City",
          "Country", "Citation"]


def test_csv_lists_the_confirmed_winners_in_tier_order(ceremony):
    decide_all(ceremony)
    gold = Decision.objects.get(award=ceremony.gold)
    services.decision_reopen(decision=gold, by=ceremony.users["coordinator"], reason="Check")
    services.decision_edit(decision=gold, by=ceremony.users["secretariat"],
                           citation="=HYPERLINK(\"http://evil\")")
    services.decision_confirm(decision=gold, by=ceremony.users["coordinator"])
    services.decision_reopen(decision=Decision.objects.get(award=ceremony.prize),
                             by=ceremony.users["coordinator"], reason="Check")

    response = client_of(ceremony, "coordinator").get(url(ceremony, "staff_press", "csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "-winners-" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADER
    first = ceremony.finalists[ceremony.categories[0].pk]
    assert [r[1] for r in rows[1:]] == ["Gold", "Silver", "Silver", "Special Mention"]
    assert rows[1][3:8] == [first[0].reference, first[0].title, first[0].entrant.name,
                           first[0].entrant.city, "South Korea"]
    assert rows[1][8] == "'=HYPERLINK(\"http://evil\")"  # never a formula
    assert rows[4][0] == "Special mention"


def test_xlsx(ceremony):
    decide_all(ceremony)
    response = client_of(ceremony, "secretariat").get(url(ceremony, "staff_press", "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 1 + 5
    assert rows[1][1] == "Gold" and rows[1][8] == "Valued."
