"""Short marks and badges beside a figure or a name ("진출", "동점", "의견 불일치", a status)
stay on one line and inside their cell on Korean pages, at 320 and 1280 px: Korean's
``word-break: keep-all`` must not let a narrow table cell break a two-syllable word in two or
push it past the cell's edge."""

import pytest
from django.urls import reverse

from entries.models import Entry
from judging.enums import RoundStatus
from judging.models import Round
from tests.browser.support import log_in_with_password
from tests.browser.test_narrow_widths import LONG_ENTRANT, LONG_TITLE
from tests.entries.conftest import season  # noqa: F401
from tests.judging.conftest import judging  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every visible mark or badge drawn on more than one line, or reaching past its cell, as the
# page is and with its cell squeezed to the narrowest the table allows (a long name elsewhere in
# the row does that on a real page).
BROKEN_MARKS = """() => {
  const out = [];
  const check = (el, how) => {
    const rects = el.getClientRects();
    const lines = new Set([...rects].map(r => Math.round(r.top)));
    const cell = el.closest('td, th');
    const past = cell && el.getBoundingClientRect().right > cell.getBoundingClientRect().right + 1;
    if (lines.size > 1 || past) {
      out.push(el.textContent.trim() + ' ' + how + (past ? ', past its cell' : ''));
    }
  };
  for (const el of document.querySelectorAll('.mark, .badge, .status-badge')) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    // a mark is one unit: it may move to the next line whole, never break inside
    if (getComputedStyle(el).whiteSpace !== 'nowrap') out.push(el.textContent.trim() + ' may wrap');
    check(el, 'as shown');
    const cell = el.closest('td, th');
    if (!cell || getComputedStyle(cell).display !== 'table-cell') continue;
    const saved = cell.style.width;
    cell.style.width = '1px';
    check(el, 'in a narrow cell');
    cell.style.width = saved;
  }
  return out;
}"""


def test_marks_stay_whole_in_korean(judging, page):  # noqa: F811
    for persona in ("coordinator", "secretariat", "entrant", "judge"):
        user = judging.users[persona]
        user.language = "ko"
        user.save(update_fields=["language"])
    round = judging.round
    # Long but real names, the kind that squeeze a leaderboard's other columns.
    Entry.objects.filter(edition=judging.season.edition).update(title=LONG_TITLE)
    judging.season.entrant.name = LONG_ENTRANT
    judging.season.entrant.save(update_fields=["name"])
    log_in_with_password(page, "coordinator@example.org")
    paths = [reverse("judging:staff_results", args=[round.pk]),
             reverse("judging:staff_assignments", args=[round.pk]),
             reverse("judging:staff_progress", args=[round.pk]),
             reverse("judging:staff_rounds", args=[judging.season.edition.slug])]
    seen = 0
    for path in paths:
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            assert page.evaluate("document.documentElement.lang") == "ko"
            seen += page.locator(".mark, .badge, .status-badge").count()
            assert page.evaluate(BROKEN_MARKS) == [], (path, width)
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.CLOSED)
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(reverse("judging:staff_shortlist", args=[round.pk]))
        seen += page.locator(".mark, .badge, .status-badge").count()
        assert page.evaluate(BROKEN_MARKS) == [], ("shortlist", width)
    assert seen > 0
