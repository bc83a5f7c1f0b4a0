"""The score export: one row per criterion score, an abstention as one row with its reason,
CSV and XLSX, and no cell a spreadsheet would run as a formula."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entries.models import Entry
from judging import services
from judging.models import Review
from prize.models import User
from tests.judging.test_staff_results import submit

pytestmark = pytest.mark.django_db

SUBMITTED = datetime(2030, 2, 1, 3, 4, tzinfo=UTC)  # 12:04 in Seoul


@pytest.fixture
def exported(judging):
    Entry.objects.filter(pk=judging.entry.pk).update(title='=HYPERLINK("http://x.test","Win")')
    submit(judging, "judge", judging.entry, 8, comment="Private.", feedback="Public.")
    services.review_abstain(assignment=judging.assignment("second_judge"),
                            by=judging.users["second_judge"], reason="@once: I know them.")
    Review.objects.update(submitted_at=SUBMITTED)
    User.objects.filter(pk=judging.users["judge"].pk).update(name="Aiko Tanaka")
    return judging


def download(judging, fmt):
    return judging.client("secretariat").get(
        reverse("judging:staff_export", args=[judging.round.pk, fmt]))


def test_csv_has_every_score(exported, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2030, 2, 3, 16, 0, tzinfo=UTC))
    response = download(exported, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == \
        f'attachment; filename="{exported.season.edition.short_name}-round-1-scores-2030-02-04.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    title = '\'=HYPERLINK("http://x.test","Win")'
    head = ["Online screening", "Tech-InnovaCity", "SCP00-TI-0001", title, "City of Seoul"]
    judge = head + ["Aiko Tanaka", "judge@example.org", "Submitted"]
    assert rows == [
        ["Round", "Category", "Entry reference", "Entry title", "Entrant", "Judge",
         "Judge e-mail", "Review status", "Criterion", "Weight", "Scale", "Score",
         "Weighted total of the review (out of 100)", "Submitted (Asia/Seoul)",
         "Reason for abstaining"],
        judge + ["Innovation", "2", "1-10", "8", "77.78", "2030-02-01 12:04", ""],
        judge + ["Design", "1", "1-10", "8", "77.78", "2030-02-01 12:04", ""],
        judge + ["Impact", "1", "1-10", "8", "77.78", "2030-02-01 12:04", ""],
        head + ["Second Judge", "second_judge@example.org", "Abstained", "", "", "", "", "",
                "2030-02-01 12:04", "'@once: I know them."],
    ]


def test_xlsx_opens_and_runs_no_formula(exported):
    from openpyxl import load_workbook

    response = download(exported, "xlsx")
    assert response["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 5
    assert values[0][0] == "Round"
    by_criterion = {row[8]: row for row in values[1:]}
    assert by_criterion["Innovation"][3] == '\'=HYPERLINK("http://x.test","Win")'
    assert by_criterion["Innovation"][9:13] == [2, "1-10", 8, 77.78]
    assert by_criterion["Innovation"][13] == datetime(2030, 2, 1, 12, 4)
    assert by_criterion[None][14] == "'@once: I know them."
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_drafts_are_exported_with_their_status(judging):
    services.review_save(assignment=judging.assignment("judge"), by=judging.users["judge"],
                         scores={judging.criteria[0].pk: "3"})
    body = b"".join(download(judging, "csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert [r[7:13] for r in rows[1:]] == [["In progress", "Innovation", "2", "1-10", "3", ""]]
