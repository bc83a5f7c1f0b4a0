"""A judge's whole round in Chromium, through the pages only: invited by e-mail to a panel (a new
account), they open the link, choose a password and land on their judging page; declare a
conflict with the organisation of one of their entries (which leaves their list); score an entry
without pressing Save (the autosave keeps it over a reload) and submit it; score and submit a
second; recuse from a third with a reason; and watch the progress bar move."""

import re
import time

import pytest
from django.core import mail
from django.db import OperationalError

from entries.enums import EntryStatus
from judging import services
from judging.enums import ConflictScope, ReviewStatus, RoundStatus
from judging.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    PanelMembership,
    Recusal,
    Review,
)
from judging.scoring import Criterion as Scored
from judging.scoring import weighted_total
from prize.enums import Role
from tests.browser.support import assert_accessible
from tests.factories import (
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    EntrantFactory,
    EntryFactory,
    EntryFormFactory,
    JudgeProfileFactory,
    RoleFactory,
    RoundEntryFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "amina.diallo@example.org"
PASSWORD = "seven-lanterns-over-dakar"
CITIES = [("Lyon", "FR"), ("Nairobi", "KE"), ("Quito", "EC"), ("Medellín", "CO")]


@pytest.fixture
def open_round(db):
    """Round 1 of a season, open, with three criteria, four entries and a second judge on the
    panel who is free to take over an entry."""
    edition = EditionFactory(name="Seoul Smart City Prize 2023", short_name="SSCP23")
    category = CategoryFactory(edition=edition, code="TI", name="Tech-InnovaCity")
    form = EntryFormFactory(edition=edition)
    round = RoundFactory(edition=edition, number=1, name="Online screening",
                         status=RoundStatus.OPEN, judges_per_entry=2)
    for order, (name, weight) in enumerate([("Innovation", 2), ("Design", 1), ("Impact", 1)]):
        CriterionFactory(round=round, category=category, name=name, weight=weight,
                         order=order, guidance=f"How strong the {name.lower()} is.")
    entries = []
    for n, (city, country) in enumerate(CITIES, start=1):
        entrant = EntrantFactory(name=f"City of {city}", city=city, country=country)
        answers = {"title": f"Safer crossings in {city}",
                   "summary": f"Sensors at crossings in {city}.", "sectors": ["mobility"],
                   "budget_amount": "120000", "links": []}
        entry = EntryFactory(edition=edition, category=category, entrant=entrant, form=form,
                             answers=answers, title=answers["title"],
                             status=EntryStatus.ELIGIBLE, reference=f"SSCP23-TI-{n:04d}")
        RoundEntryFactory(round=round, entry=entry)
        entries.append(entry)
    coordinator = UserFactory(email="coordinator@example.org", name="Ji-woo Han")
    RoleFactory(user=coordinator, edition=edition, role=Role.COORDINATOR)
    colleague = UserFactory(email="kenji@example.org", name="Kenji Sato")
    RoleFactory(user=colleague, edition=edition, role=Role.JUDGE)
    JudgeProfileFactory(user=colleague, city="Tokyo", country="JP", organisation="Tokyo Lab")
    services.judge_invite(round=round, category=category, email=colleague.email,
                          by=coordinator)
    return round, entries, coordinator


def progress(page) -> tuple[str, str, str]:
    bar = page.get_by_role("progressbar")
    return (bar.get_attribute("aria-valuenow"), bar.get_attribute("aria-valuemax"),
            bar.get_attribute("aria-valuetext"))


def stored(assignment) -> tuple[dict, str]:
    review = Review.objects.filter(assignment=assignment).first()
    if review is None:
        return {}, ""
    return ({s.criterion.name: int(s.value) for s in review.scores.select_related("criterion")},
            review.private_comment)


def eventually(condition, timeout=10.0):
    """Wait for the autosave to reach the database (it runs after typing stops)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except OperationalError:  # SQLite: the live server is writing that table right now
            pass
        assert time.monotonic() < deadline, "the autosave did not store what was typed"
        time.sleep(0.1)


def type_scores(page, values):
    for name, value in values.items():
        box = page.get_by_label(re.compile(rf"^\d\. {name}"))
        box.click()
        page.keyboard.type(value)


def test_a_judge_accepts_declares_a_conflict_scores_two_entries_and_recuses_from_a_third(
    page, live_server, open_round
):
    round, entries, coordinator = open_round
    category = entries[0].category

    # --- Invited by e-mail (a new account) ---------------------------------------------------
    membership = services.judge_invite(round=round, category=category, email=EMAIL,
                                       by=coordinator, name="Amina")
    judge = membership.judge
    for entry in entries:
        Assignment.objects.create(round=round, entry=entry, judge=judge)
    (invitation,) = [m for m in mail.outbox if m.to == [EMAIL]]
    assert invitation.subject == \
        "Ji-woo Han invites you to judge Tech-InnovaCity in Seoul Smart City Prize 2023"
    link = re.search(r"https?://\S+/judging/invitations/\S+/", invitation.body).group(0)

    # --- The link: choose a password, land on the dashboard ---------------------------------
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    page.get_by_role("heading", name="Choose a password to accept").wait_for()
    page.get_by_label("Your full name").fill("Amina Diallo")
    page.get_by_label("Choose a password", exact=True).fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Set the password and accept").click()
    page.wait_for_url(f"{live_server.url}/judging/")
    assert page.get_by_text(
        "Welcome to the Tech-InnovaCity panel of Online screening.").is_visible()
    assert progress(page) == ("0", "4", "0 of 4 scored")
    assert page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Judging").get_attribute("aria-current") == "page"
    assert_accessible(page)
    membership.refresh_from_db()
    assert membership.accepted_at is not None

    # --- A conflict with the organisation of one of the entries -----------------------------
    lyon = entries[0]
    assert page.get_by_role("row").filter(has_text=lyon.reference).count() == 1
    page.get_by_role("link", name="Declare a conflict of interest").click()
    page.wait_for_url("**/judging/conflicts/")
    page.get_by_label("An entrant organisation").check()
    page.get_by_label("Organisation", exact=True).select_option(label="City of Lyon")
    page.get_by_label("Reason").fill("I advised the City of Lyon on this project in 2021.")
    page.get_by_role("button", name="Declare the conflict").click()
    page.get_by_text("1 entry it covers was taken off your list.").wait_for()
    assert page.get_by_text("The organisation City of Lyon").is_visible()
    page.get_by_role("link", name="Your judging").first.click()
    page.wait_for_url(f"{live_server.url}/judging/")
    assert page.get_by_role("row").filter(has_text=lyon.reference).count() == 0
    assert progress(page) == ("0", "3", "0 of 3 scored")

    # --- The first entry: autosave, reload, submit ------------------------------------------
    rows = page.get_by_role("table").get_by_role("row")
    first_ref = rows.nth(1).get_by_role("rowheader").inner_text().split("\n")[0]
    rows.nth(1).get_by_role("link", name=f"Score {first_ref}").click()
    page.wait_for_url("**/judging/rounds/*/entries/*/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(first_ref)
    assert page.get_by_text("How strong the innovation is.").is_visible()
    assert_accessible(page)
    total = page.locator("#running-total")
    assert total.inner_text() == "shown once every required criterion is scored"
    type_scores(page, {"Innovation": "8", "Design": "6", "Impact": "7"})
    # The running total, as the results will count it.
    first = Assignment.objects.get(judge=judge, entry__reference=first_ref)
    criteria = [Scored(name=c.name, weight=float(c.weight), scale_min=float(c.scale_min),
                       scale_max=float(c.scale_max), required=c.required)
                for c in Criterion.objects.filter(round=first.round,
                                                  category=first.entry.category)]
    expected = weighted_total({"Innovation": 8, "Design": 6, "Impact": 7}, criteria)
    assert total.inner_text() == f"{expected:.1f} / 100"
    page.get_by_label("Comment for the secretariat").fill("Clear evidence of need.")
    page.locator("#save-status").get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    eventually(lambda: stored(first) == ({"Innovation": 8, "Design": 6, "Impact": 7},
                                         "Clear evidence of need."))

    page.reload()
    assert [page.get_by_label(re.compile(rf"^\d\. {n}")).input_value()
            for n in ("Innovation", "Design", "Impact")] == ["8", "6", "7"]
    assert page.get_by_label("Comment for the secretariat").input_value() == \
        "Clear evidence of need."
    page.get_by_role("button", name="Submit the review").click()
    page.get_by_text(f"Your review of {first_ref} is submitted.").wait_for()
    assert page.get_by_role("button", name="Reopen").is_visible()
    assert page.get_by_text("8 out of 10").is_visible()

    page.get_by_role("link", name="Your judging").first.click()
    page.wait_for_url(f"{live_server.url}/judging/")
    assert progress(page) == ("1", "3", "1 of 3 scored")

    # --- The second entry -------------------------------------------------------------------
    second_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Score"))
    second_ref = second_row.first.get_by_role("rowheader").inner_text().split("\n")[0]
    second_row.first.get_by_role("link", name=f"Score {second_ref}").click()
    page.wait_for_url("**/judging/rounds/*/entries/*/")
    type_scores(page, {"Innovation": "5", "Design": "5", "Impact": "4"})
    page.locator("#save-status").get_by_text(re.compile(r"Saved at")).wait_for()
    second = Assignment.objects.get(judge=judge, entry__reference=second_ref)
    eventually(lambda: stored(second)[0] == {"Innovation": 5, "Design": 5, "Impact": 4})
    page.get_by_role("button", name="Submit the review").click()
    page.get_by_text(f"Your review of {second_ref} is submitted.").wait_for()
    page.get_by_role("link", name="Your judging").first.click()
    page.wait_for_url(f"{live_server.url}/judging/")
    assert progress(page) == ("2", "3", "2 of 3 scored")

    # --- The third: a conflict found while reading ------------------------------------------
    third_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Score"))
    third_ref = third_row.first.get_by_role("rowheader").inner_text().split("\n")[0]
    third_row.first.get_by_role("link", name=f"Score {third_ref}").click()
    page.wait_for_url("**/judging/rounds/*/entries/*/")
    page.get_by_text("I have a conflict with this entry").click()
    page.get_by_label("What is the conflict?").fill("My sister leads this project.")
    page.get_by_role("button", name="Recuse myself").click()
    page.wait_for_url(f"{live_server.url}/judging/")
    assert page.get_by_text(
        f"You no longer judge {third_ref}. Another judge of the panel takes it over."
    ).is_visible()
    assert page.get_by_text("Kenji").count() == 0
    assert progress(page) == ("2", "2", "2 of 2 scored")
    assert_accessible(page)

    # --- What was stored ----------------------------------------------------------------------
    assert sorted(Review.objects.filter(assignment__judge=judge).values_list(
        "assignment__entry__reference", "status")) == sorted([
            (first_ref, ReviewStatus.SUBMITTED), (second_ref, ReviewStatus.SUBMITTED)])
    assert sorted(Recusal.objects.values_list("entry__reference", "reason")) == sorted([
        (lyon.reference, "Declared conflict: I advised the City of Lyon on this project in "
                         "2021. (declared: I advised the City of Lyon on this project in 2021.)"),
        (third_ref, "My sister leads this project."),
    ])
    assert list(ConflictDeclaration.objects.filter(judge=judge).order_by("declared_at")
                .values_list("scope", flat=True)) == [ConflictScope.ORGANISATION,
                                                      ConflictScope.ENTRY]
    colleague = PanelMembership.objects.get(judge__email="kenji@example.org").judge
    assert set(Assignment.objects.filter(judge=colleague).values_list(
        "entry__reference", flat=True)) == {lyon.reference, third_ref}
