"""The lists people act on, at phone and laptop widths, in Chromium.

At 320 and 375 px every row of the entrant's and the judge's dashboards, the staff entries list,
a round's assignments, progress, results and shortlist, and the ceremony's awards, winners and
invitations keeps its status and its actions in view: the page never scrolls sideways, nothing
visible reaches past the window's right edge unless it sits in a scrolling box one can reach
with the keyboard, and each row's links and buttons are inside the window. The tables stay
tables for screen readers, with their column names. At 1280 px no staff table hides a column
and no filter label is cut, and axe-core passes (a scrolling box must take the focus). The
application form's steps fold into one line on a phone and are all shown on a laptop, also
after autosave has replaced them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremony import services as ceremony_services
from ceremony.models import Invitation, token_digest
from entries.models import Entry
from judging.enums import RoundStatus
from judging.models import Round
from tests.browser.support import (
    OVERFLOW,
    PAST_THE_EDGE,
    assert_accessible,
    log_in_with_password,
)
from tests.ceremony import invitation_support
from tests.ceremony.conftest import final  # noqa: F401 (fixtures, by name)
from tests.ceremony.invitation_support import GOOD_REPLY
from tests.entries.conftest import season  # noqa: F401
from tests.judging.conftest import judging  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ceremony_fixture, invited = invitation_support.ceremony_fixture, invitation_support.invited

PHONES = (320, 375)

# Long but real names, the kind that widen a table.
LONG_ENTRANT = "Metropolitan Government of the Special Self-Governing City of Sejong"
LONG_TITLE = ("Citizen-led retrofitting of public housing blocks with district heating, "
              "rooftop solar and a neighbourhood energy co-operative")

# Each row's links, buttons, checkboxes and disclosure toggles that are outside the window.
ROW_ACTIONS_OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  let rows = 0;
  for (const row of document.querySelectorAll('main table.table-cards > tbody > tr')) {
    rows += 1;
    for (const el of row.querySelectorAll('a, button, summary, input:not([type=hidden])')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;  // in a closed form
      if (box.left < 0 || box.right > width + 1) out.push((el.innerText || el.id).trim());
    }
  }
  return {rows, out};
}"""

# At 1280 px: a scrolling box wider inside than outside hides part of its table; a cell or a
# label whose content is wider than the cell or label itself is cut.
CLIPPED = """() => {
  const out = [];
  for (const box of document.querySelectorAll('main .table-responsive')) {
    if (box.scrollWidth > box.clientWidth + 1) out.push('table ' + box.getAttribute('aria-label')
        + ' ' + box.scrollWidth + '>' + box.clientWidth);
  }
  for (const el of document.querySelectorAll('main th, main td, main label')) {
    if (el.clientWidth === 0 || el.classList.contains('visually-hidden')) continue;
    if (getComputedStyle(el).position === 'absolute') continue;  // visually hidden
    if (el.scrollWidth > el.clientWidth + 1) out.push(el.tagName + ' ' + el.innerText.trim());
  }
  return out;
}"""


def log_in(page, email):
    log_in_with_password(page, email)


def fits_a_phone(page, path, *, rows):
    """``path`` at 320 and 375 px: no sideways scrolling, nothing past the edge, every row a
    card whose actions are in view, axe-core content, the table still a table with its column
    names."""
    for width in PHONES:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        assert page.evaluate(OVERFLOW) <= 0, (path, width)
        assert page.evaluate(PAST_THE_EDGE) == [], (path, width)
        found = page.evaluate(ROW_ACTIONS_OUTSIDE)
        assert found["out"] == [], (path, width, found)
        assert found["rows"] >= rows, (path, width, found)
    assert_accessible(page)
    # For screen readers the cards are still rows of a table with named columns.
    table = page.get_by_role("table").first
    assert table.get_by_role("row").count() >= 2
    names = [h.strip() for h in table.get_by_role("columnheader").all_inner_texts()]
    assert len(names) >= 2, names


def fits_a_laptop(page, path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(path)
    assert page.evaluate(CLIPPED) == [], path
    assert page.evaluate(OVERFLOW) <= 0, path
    assert_accessible(page)


def test_judging_lists_fit_phones_and_laptops(judging, page):  # noqa: F811
    entries, round = judging.season, judging.round
    Entry.objects.filter(pk=entries.entry.pk).update(title=LONG_TITLE)
    entries.entrant.name = LONG_ENTRANT
    entries.entrant.save(update_fields=["name"])

    log_in(page, "entrant@example.org")
    fits_a_phone(page, reverse("entries:dashboard"), rows=2)
    # The status and the way on stay beside each other in the entry's card.
    card = page.get_by_role("row").filter(has_text=LONG_TITLE)
    assert card.get_by_text("Submitted").first.is_visible()

    log_in(page, "judge@example.org")
    fits_a_phone(page, reverse("judging:dashboard"), rows=3)
    assert page.get_by_role("link", name="Score SCP00-TI-0001").is_visible()

    # The secretariat's list has a column more: the boxes to screen several entries at once.
    log_in(page, "secretariat@example.org")
    staff_list = reverse("entries:staff_list", args=[entries.edition.slug])
    fits_a_phone(page, staff_list, rows=4)
    assert page.get_by_role("checkbox", name="Select SCP00-TI-0002").is_visible()
    fits_a_laptop(page, staff_list)

    log_in(page, "coordinator@example.org")
    staff_pages = [
        staff_list,
        reverse("judging:staff_assignments", args=[round.pk]),
        reverse("judging:staff_progress", args=[round.pk]),
        reverse("judging:staff_results", args=[round.pk]),
    ]
    for path in staff_pages:
        fits_a_phone(page, path, rows=2)
        fits_a_laptop(page, path)
    assert page.get_by_role("region", name="Leaderboard of Tech-InnovaCity").is_visible()
    # The round's other staff pages hide no column on a laptop either.
    for path in (reverse("judging:staff_rounds", args=[entries.edition.slug]),
                 reverse("judging:staff_round", args=[round.pk]),
                 reverse("judging:staff_criteria", args=[round.pk]),
                 reverse("judging:staff_panels", args=[round.pk]),
                 reverse("judging:staff_result_entry", args=[round.pk, entries.entry.pk])):
        fits_a_laptop(page, path)

    Round.objects.filter(pk=round.pk).update(status=RoundStatus.CLOSED)
    shortlist = reverse("judging:staff_shortlist", args=[round.pk])
    fits_a_phone(page, shortlist, rows=4)
    assert page.get_by_role("checkbox", name="SCP00-TI-0002 advances").is_visible()
    fits_a_laptop(page, shortlist)


def test_ceremony_lists_fit_phones_and_laptops(invited, page):
    evening = invited
    edition = evening.edition
    secretariat = evening.users["secretariat"]
    first = evening.categories[0]
    gold = evening.finalists[first.pk][0]
    ceremony_services.decision_propose(award=evening.gold, entry=gold, by=secretariat)
    ceremony_services.decision_propose(award=evening.silver,
                                       entry=evening.finalists[first.pk][1], by=secretariat)
    for number, entry in enumerate(evening.all_finalists[:3]):
        Invitation.objects.create(edition=edition, entry=entry,
                                  token_digest=token_digest(f"narrow-token-{number}"))
    ceremony_services.reply_save(invitation=Invitation.objects.get(entry=gold),
                                 data=dict(GOOD_REPLY), by=None, at=timezone.now())
    gold.entrant.name = LONG_ENTRANT
    gold.entrant.save(update_fields=["name"])

    log_in(page, "coordinator@example.org")
    for name, rows in (("staff_awards", 2), ("staff_decisions", 4),
                       ("staff_invitations", 3)):
        path = reverse(f"ceremony:{name}", args=[edition.slug])
        fits_a_phone(page, path, rows=rows)
        fits_a_laptop(page, path)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(reverse("ceremony:staff_decisions", args=[edition.slug]))
    confirm = page.get_by_role("button", name=f"Confirm {gold.reference} · Gold")
    assert confirm.is_visible()
    box = confirm.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375


def test_the_steps_fold_on_a_phone_and_stay_open_through_autosave(season, page):  # noqa: F811
    Entry.objects.filter(pk=season.draft.pk).update(answers={})
    log_in(page, "entrant@example.org")
    page.set_viewport_size({"width": 375, "height": 800})
    step = reverse("entries:step", args=[season.draft.pk, "budget"])
    page.goto(step)
    steps = page.get_by_role("navigation", name="Steps of the application form")
    toggle = steps.locator("summary")
    assert toggle.inner_text().split("\n")[0] == "Step 2 of 3: Budget · Incomplete"
    assert not steps.get_by_role("link", name="1. The project").is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)

    toggle.click()
    budget = steps.get_by_role("listitem").filter(has_text="2. Budget")
    assert budget.get_by_role("link").get_attribute("aria-current") == "step"
    assert budget.locator(".badge").inner_text().strip() == "Incomplete"
    assert steps.get_by_role("link", name="Review and submit").is_visible()
    assert_accessible(page)

    # Autosave replaces the list (out of band) with each step's new state; it stays open.
    page.locator("input[name=budget_amount]").fill("250000")
    page.locator("#save-status").get_by_text("Saved at").wait_for()
    budget.locator(".badge", has_text="Complete").wait_for()
    assert steps.locator("details").evaluate("details => details.open")
    assert toggle.inner_text().split("\n")[0] == "Step 2 of 3: Budget · Complete"

    # Folded again by the entrant, it stays folded through the next save.
    toggle.click()
    version = page.locator("#entry-version").input_value()
    page.locator("input[name=budget_amount]").fill("260000")
    page.wait_for_function("v => document.querySelector('#entry-version').value !== v", arg=version)
    assert not steps.locator("details").evaluate("details => details.open")

    # On a laptop every step is listed beside the form, with no line to open.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(step)
    assert not toggle.is_visible()
    for name in ("1. The project", "2. Budget", "3. Attachments", "Review and submit"):
        assert steps.get_by_role("link", name=name).is_visible(), name
    assert_accessible(page)
