"""Staff pages that show dates and values, in Chromium: the statistics page's date labels never
overlap and stay inside the chart, from 320 px to 1280 px, over a long call; the audit log with
its changes in words fits a phone; both pass axe-core."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from entries import services as entry_services
from entries.enums import EntryStatus
from prize.enums import Role
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.entries.conftest import (
    season,  # noqa: F401 (the fixture, by name)
)
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    EntryFactory,
    EntryFormFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each visible date label of each chart: overlapping its neighbour, or outside its chart.
AXIS_PROBLEMS = """() => {
  const out = [];
  let shown = 0;
  for (const svg of document.querySelectorAll('svg.stats-svg')) {
    const frame = svg.getBoundingClientRect();
    for (const group of svg.querySelectorAll('g[class^="stats-dates-"]')) {
      if (getComputedStyle(group).display === 'none') continue;
      const boxes = [...group.querySelectorAll('text')].map(t => t.getBoundingClientRect());
      shown += boxes.length;
      boxes.forEach((box, i) => {
        if (box.left < frame.left - 1 || box.right > frame.right + 1) out.push('outside ' + i);
        if (i && boxes[i - 1].right > box.left) out.push('overlap ' + i);
      });
    }
  }
  return {shown, out};
}"""


def log_in(page, live_server, user):
    log_in_as(page, live_server, user)


@pytest.mark.parametrize("opens, closes", [
    (datetime(2021, 12, 31, 15, tzinfo=UTC), datetime(2023, 12, 31, 9, tzinfo=UTC)),
    (datetime(2023, 2, 28, 15, tzinfo=UTC), datetime(2023, 5, 31, 9, tzinfo=UTC)),
])
def test_date_labels_fit_from_phone_to_laptop(page, live_server, opens, closes):
    edition = EditionFactory(slug="call", call_opens_at=opens, call_closes_at=closes)
    category = CategoryFactory(edition=edition)
    form = EntryFormFactory(edition=edition)
    for n, moment in enumerate([opens.replace(hour=23), closes.replace(hour=1)]):
        EntryFactory(edition=edition, category=category, form=form, submitted=True,
                     submitted_at=moment, reference=f"C-{n:04d}")
    staff = UserFactory()
    RoleFactory(user=staff, edition=edition, role=Role.SECRETARIAT)
    log_in(page, live_server, staff)

    for width in (320, 375, 768, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(reverse("entries:staff_stats", args=[edition.slug]))
        result = page.evaluate(AXIS_PROBLEMS)
        assert result["out"] == [], (width, result)
        assert result["shown"] >= 4, (width, result)  # at least two labels under each chart
        assert page.evaluate(OVERFLOW) <= 0, width
    assert_accessible(page)


def test_the_audit_log_in_words_fits_a_phone(page, live_server, season):  # noqa: F811
    entry_services.screening_decide(entry=season.entry, decision=EntryStatus.ELIGIBLE,
                                    reason="All criteria met. " * 12,
                                    by=season.users["secretariat"])
    log_in(page, live_server, season.users["secretariat"])

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(reverse("staff_audit"))

    assert page.get_by_text("Submitted").first.is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
