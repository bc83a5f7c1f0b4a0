"""A coordinator, in Chromium and through the pages only, finds the round from the staff area,
runs automatic assignment for its panel, reads the report, and opens the results; every page
passes axe-core."""

import re

import pytest

from judging.enums import RoundStatus
from judging.models import Assignment, AssignmentRun, Round
from tests.browser.support import assert_accessible, log_in_with_password
from tests.entries.conftest import season  # noqa: F401 (fixtures, by name)
from tests.judging.conftest import judging  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft_round(judging):  # noqa: F811
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.DRAFT)
    Assignment.objects.filter(round=judging.round).delete()
    return judging


def test_coordinator_runs_assignment_and_opens_results(draft_round, page):
    season_round = draft_round
    log_in_with_password(page, "coordinator@example.org")  # with the code step

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
    page.get_by_role("link", name=re.compile(r"^Judging SCP")).click()
    page.get_by_role("link", name="Online screening").click()
    page.get_by_role("navigation", name="Round pages").get_by_role(
        "link", name="Assignments").click()
    page.wait_for_url(f"**/judging/staff/rounds/{season_round.round.pk}/assignments/")
    assert_accessible(page)

    page.get_by_label("Seed").fill("demo-2023")
    page.get_by_role("button", name="Run automatic assignment").click()
    page.get_by_text("8 assignments made: every entry has its judges.").wait_for()
    report = page.get_by_role("region", name="Latest automatic assignment")
    assert "demo-2023" in report.inner_text()
    assert "Every entry got all its judges." in report.inner_text()
    assert AssignmentRun.objects.get(round=season_round.round).seed == "demo-2023"
    assert Assignment.objects.filter(round=season_round.round).count() == 8
    assert not Assignment.objects.filter(round=season_round.round, entry=season_round.entry,
                                         judge=season_round.users["conflicted_judge"]).exists()
    assert_accessible(page)

    page.get_by_role("navigation", name="Round pages").get_by_role("link", name="Results").click()
    page.get_by_role("heading", name=re.compile("^How each figure is computed")).wait_for()
    assert page.get_by_role("row").count() == 5  # the header and four entries
    assert_accessible(page)
