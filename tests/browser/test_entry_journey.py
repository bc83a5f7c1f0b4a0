"""The whole entry journey in Chromium, through the pages only: a city official signs up,
confirms the address, fills in the entrant profile, starts a Human-CentriCity entry on the real
2023 form, works through the steps (one saved by autosave), leaves, logs in again, finds the
draft, adds a report, reviews and submits, and gets the receipt by e-mail; then the secretariat
finds the entry and marks it eligible, which the entrant hears of only on release."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from entries.enums import EntryStatus
from entries.forms_2023 import install_forms
from entries.models import Entrant, Entry, ScreeningReason
from entries.samples import sample_pdf
from prize.enums import EntrantKind, Role
from prize.models import AuditEvent, Notification, User
from tests.browser.support import ARTIFACTS, answer_code_step, assert_accessible
from tests.factories import PASSWORD, CategoryFactory, EditionFactory, RoleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "camila.restrepo@example.org"
TITLE = "Digital companions for older residents of Medellín"
SUMMARY = ("Volunteers and librarians teach residents over 65 to use phones for health "
           "appointments, pensions and video calls with family, in every district library.")
IMPLEMENTATION = ("Libraries in all sixteen districts host weekly two-hour sessions run by "
                  "trained volunteers, with loan phones for those who have none.")
PROJECT_KINDS = [EntrantKind.CITY_GOVERNMENT, EntrantKind.CORPORATION, EntrantKind.INSTITUTION]


@pytest.fixture
def season_2023(db):
    """An open call with the three 2023 categories and their real forms, and a secretariat."""
    edition = EditionFactory(name="Seoul Smart City Prize 2023", short_name="SSCP23",
                             slug="seoul-smart-city-prize-2023")
    CategoryFactory(edition=edition, code="TI", name="Tech-InnovaCity", slug="tech-innovacity",
                    order=0, allowed_entrant_kinds=PROJECT_KINDS)
    CategoryFactory(edition=edition, code="HC", name="Human-CentriCity",
                    slug="human-centricity", order=1, allowed_entrant_kinds=PROJECT_KINDS,
                    description="Projects that put digital inclusion first.")
    CategoryFactory(edition=edition, code="LD", name="Leadership", slug="leadership", order=2,
                    allowed_entrant_kinds=[EntrantKind.INDIVIDUAL])
    install_forms(edition)
    ScreeningReason.objects.create(edition=edition, decision="eligible",
                                   text="The entry meets every eligibility rule.")
    ScreeningReason.objects.create(edition=edition, decision="ineligible",
                                   text="The project is not implemented yet.")
    secretariat = UserFactory(email="secretariat@example.org", name="Min-ji Park")
    RoleFactory(user=secretariat, edition=edition, role=Role.SECRETARIAT)
    return edition


def watch_for_leave_warnings(page) -> list[str]:
    """Record any "you have unsaved changes" prompt (and leave anyway, as a person would)."""
    prompts = []

    def answer(dialog):
        prompts.append(f"{dialog.type}: {dialog.message}")
        dialog.accept()

    page.on("dialog", answer)
    return prompts


def log_in(page, email):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    # staff answer the code step of two-factor login; entrants go straight on
    page.wait_for_url(lambda url: "/dashboard/" in url or "/2fa/authenticate/" in url)
    if "/2fa/authenticate/" in page.url:
        answer_code_step(page, email)
    page.wait_for_url("**/dashboard/")


def save_and_continue(page, entry_pk, next_step):
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"**/entries/{entry_pk}/{next_step}/")


def sign_up_and_confirm(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Full name").fill("Camila Restrepo")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile(r"Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")

    (confirmation,) = [m for m in mail.outbox if m.to == [EMAIL]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", confirmation.body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/login/")


def fill_the_profile(page):
    """Reached from "Start an entry": the profile first, then back to the category."""
    page.get_by_role("heading", name="Who enters?").wait_for()
    assert page.get_by_text("Before you start an entry, tell us who enters").is_visible()
    assert_accessible(page)
    page.get_by_label("City government").focus()
    page.keyboard.press("Space")
    page.get_by_label("Name of the organisation, or your own name").fill("City of Medellín")
    page.get_by_label("City", exact=True).fill("Medellín")
    page.get_by_label("Country").select_option(label="Colombia")
    page.get_by_label("We are a member of WeGO").check()
    page.get_by_label("Contact person").fill("Camila Restrepo")
    page.get_by_label("Contact e-mail").fill(EMAIL)
    page.get_by_label("Phone").fill("+57 4 385 5555")
    page.get_by_label("Website").fill("https://www.medellin.gov.co")
    page.get_by_role("button", name="Save and continue").click()


def fill_overview(page):
    assert_accessible(page)
    page.get_by_label("Project title").fill(TITLE)
    assert page.locator("#field-summary-help").inner_text() == (
        "What the project does, for whom, and what changed. If the project wins, this summary "
        "is published on its page. At most 150 words.")
    summary = page.get_by_label("Short summary")
    summary.press_sequentially(SUMMARY)  # typed key by key: the counter follows
    assert page.locator("#field-summary-count .word-count-visible").inner_text() == \
        f"{len(SUMMARY.split())} / 150 words"
    for sector in ["Welfare", "Governance"]:
        page.get_by_label(sector, exact=True).check()
    page.get_by_label("Older people").focus()
    page.keyboard.press("Space")
    page.get_by_label("In full operation").check()
    page.get_by_label("Start date").fill("2021-03-15")


def test_an_entrant_enters_human_centricity_and_the_secretariat_screens_it(
    page, browser, live_server, season_2023, tmp_path, request
):
    edition = season_2023
    prompts = watch_for_leave_warnings(page)

    # --- Sign up, confirm the address, log in -------------------------------------------------
    sign_up_and_confirm(page, live_server)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    user = User.objects.get(email=EMAIL)

    # --- The entrant dashboard, the profile, the category ------------------------------------
    page.get_by_role("link", name="Go to your entries").click()
    page.wait_for_url("**/entries/")
    page.get_by_role("link", name="Start an entry in Human-CentriCity").click()
    page.wait_for_url("**/entries/profile/?next=*")
    fill_the_profile(page)

    hc = edition.categories.get(code="HC")
    page.wait_for_url(f"**/entries/start/{hc.pk}/")
    entrant = Entrant.objects.get(members__user=user)
    assert (entrant.kind, entrant.country.code, entrant.region, entrant.wego_member) == (
        EntrantKind.CITY_GOVERNMENT, "CO", "americas", True)
    assert page.get_by_text("Your entrant profile is saved.").is_visible()
    page.get_by_role("button", name="Start the entry").click()
    page.wait_for_url("**/entries/*/steps/overview/")
    entry = Entry.objects.get(entrant=entrant)
    assert (entry.category, entry.form.slug, entry.status) == (hc, "hc-city", EntryStatus.DRAFT)

    # --- The steps, "Save and continue" on each ----------------------------------------------
    fill_overview(page)
    save_and_continue(page, entry.pk, "steps/city")
    entry.refresh_from_db()
    assert (entry.title, entry.answers["sectors"], entry.answers["target_groups"]) == (
        TITLE, ["welfare", "governance"], ["elderly"])
    steps = page.get_by_role("navigation", name="Steps of the application form").get_by_role(
        "listitem")
    assert [steps.nth(i).locator(".badge").inner_text().strip() for i in (0, 1)] == [
        "Complete", "Incomplete"]
    page.get_by_label("Population of the city").fill("2612958")
    page.get_by_label("Department responsible for the project").fill(
        "Secretariat of Social Inclusion")
    save_and_continue(page, entry.pk, "steps/problem")
    page.get_by_label("The problem the project solves").fill(
        "Four in ten residents over 65 could not book a health appointment online.")
    page.get_by_label("How the problem was identified, and how citizens took part").fill(
        "Neighbourhood assemblies and a survey of 3,000 older residents.")
    save_and_continue(page, entry.pk, "steps/design")
    page.get_by_label("Project design").fill("Peer learning in libraries, close to home.")
    page.get_by_label("Technology used and why it fits the problem").fill(
        "Ordinary Android phones with a simplified launcher, so nothing new must be bought.")
    save_and_continue(page, entry.pk, "steps/budget")
    page.get_by_label("Total budget").fill("1850000000")
    page.get_by_label("Currency").select_option(label="Korean won (KRW)")
    page.get_by_label("Currency").select_option(label="US dollar (USD)")  # changed their mind
    page.get_by_label("Total budget").fill("480000")
    page.get_by_label("Funding sources").fill("City budget and a national digital-skills fund.")
    page.get_by_label("Organisation and staffing").fill(
        "Four coordinators and 220 volunteers.")
    save_and_continue(page, entry.pk, "steps/implementation")

    # --- Autosave while typing, then leave ---------------------------------------------------
    implementation = page.get_by_label("How the project was implemented")
    implementation.fill(IMPLEMENTATION)
    implementation.press("Tab")
    page.locator("#save-status").get_by_text("Saved at").wait_for()
    assert_accessible(page)
    entry.refresh_from_db()
    assert (entry.current_step, entry.answers["implementation"]) == (
        "implementation", IMPLEMENTATION)
    assert (entry.answers["budget_amount"], entry.answers["budget_currency"]) == ("480000", "USD")

    page.get_by_role("button", name=re.compile("Account")).click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/en/")  # the home page, in the visitor's language
    assert page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Log in").is_visible()

    # --- Back again: log in, find the draft, carry on ----------------------------------------
    log_in(page, EMAIL)
    page.get_by_role("link", name="Go to your entries").click()
    page.wait_for_url("**/entries/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    cells = row.get_by_role("cell")  # the title is the row's header
    assert [cells.nth(0).inner_text(), cells.nth(1).inner_text()] == ["Human-CentriCity", "Draft"]
    assert "3 things to complete" in row.inner_text()
    row.get_by_role("link", name=f"Continue {TITLE}").click()
    page.wait_for_url(f"**/entries/{entry.pk}/steps/implementation/")
    assert page.get_by_label("How the project was implemented").input_value() == IMPLEMENTATION

    save_and_continue(page, entry.pk, "steps/learning")
    page.get_by_label("How the project is monitored and evaluated").fill(
        "Monthly attendance records and a yearly skills survey with the university.")
    save_and_continue(page, entry.pk, "steps/impact")
    page.get_by_label("Outcomes and impact").fill(
        "12,400 residents trained; online bookings by residents over 65 doubled.")
    page.get_by_label("Indicator, row 1").fill("Residents over 65 booking online")
    page.get_by_label("Baseline (before the project), row 1").fill("18%")
    page.get_by_label("Result (latest measure), row 1").fill("41%")
    save_and_continue(page, entry.pk, "steps/partners")
    page.get_by_label("Links").fill("https://www.medellin.gov.co/companions")
    save_and_continue(page, entry.pk, "attachments")

    # --- A report as an attachment ------------------------------------------------------------
    report = tmp_path / "evaluation-report-2022.pdf"
    report.write_bytes(sample_pdf("Digital companions: evaluation report 2022",
                                  "What older residents learned, district by district."))
    assert_accessible(page)
    page.get_by_label("Files to upload").set_input_files(str(report))
    page.get_by_role("button", name="Upload", exact=True).click()
    page.get_by_text("1 file added.").wait_for()
    assert page.get_by_role("link", name="evaluation-report-2022.pdf").is_visible()
    assert entry.attachments.get().original_name == "evaluation-report-2022.pdf"
    page.get_by_role("button", name="Save and continue").click()

    # --- Review and submit --------------------------------------------------------------------
    page.wait_for_url(f"**/entries/{entry.pk}/review/")
    assert page.get_by_text("Everything required is filled in.").is_visible()
    assert page.get_by_role("link", name="evaluation-report-2022.pdf").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit the entry").click()

    page.wait_for_url(f"**/entries/{entry.pk}/")
    entry.refresh_from_db()
    assert (entry.status, entry.reference) == (EntryStatus.SUBMITTED, "SSCP23-HC-0001")
    assert page.get_by_text(
        "Thank you: your entry is submitted. Its reference is SSCP23-HC-0001.").is_visible()
    facts = page.get_by_role("complementary").filter(has_text="About this entry")
    assert "SSCP23-HC-0001" in facts.inner_text()

    receipts = Notification.objects.filter(template="entries/receipt")
    assert [(n.recipient, n.status) for n in receipts] == [(user, "sent")]
    (receipt,) = [m for m in mail.outbox if m.subject.startswith("Entry received")]
    assert receipt.to == [EMAIL]
    assert receipt.subject == f"Entry received: SSCP23-HC-0001 · {TITLE}"
    assert "Reference: SSCP23-HC-0001" in receipt.body
    assert prompts == []  # no "unsaved changes" warning anywhere on the way
    sent_before_screening = len(mail.outbox)

    # --- The secretariat, in another browser ---------------------------------------------------
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    staff = context.new_page()
    errors = []
    staff.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        staff.goto("/")
        log_in(staff, "secretariat@example.org")
        staff.get_by_role("link", name="Staff", exact=True).click()
        staff.get_by_role("link", name=re.compile("^Entries")).click()
        staff.wait_for_url(live_server.url + reverse(
            "entries:staff_list", kwargs={"edition_slug": edition.slug}))
        assert staff.get_by_text("1 entry", exact=True).is_visible()
        staff.get_by_role("link", name="SSCP23-HC-0001").click()

        staff.wait_for_url(f"**/entries/staff/{edition.slug}/entries/{entry.pk}/")
        staff.get_by_role("heading", name=TITLE).wait_for()
        assert_accessible(staff)
        staff.get_by_label("Eligible", exact=True).check()
        staff.get_by_label("Templated reason").select_option(
            label="The entry meets every eligibility rule.")
        staff.get_by_label("Reason in your own words").fill(
            "Implemented since 2021 and open to every older resident.")
        staff.get_by_role("button", name="Record the decision").click()

        staff.get_by_text("SSCP23-HC-0001 is marked eligible.").wait_for()
        assert staff.locator(".page-header .status-badge").inner_text() == "Eligible"
        decisions = staff.get_by_role("table").filter(has_text="Sent to entrant")
        assert "not yet" in decisions.inner_text()
        assert_accessible(staff)
        assert errors == [], f"JavaScript errors on the page: {errors}"
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        staff.screenshot(path=str(ARTIFACTS / f"{request.node.name}-staff.png"), full_page=True)
        raise
    finally:
        context.close()

    entry.refresh_from_db()
    assert entry.status == EntryStatus.ELIGIBLE
    (event,) = AuditEvent.objects.filter(action="entry.screen", target_id=str(entry.pk))
    assert (event.actor.email, event.before, event.after) == (
        "secretariat@example.org", {"status": "submitted"}, {"status": "eligible"})
    assert event.note.startswith("The entry meets every eligibility rule.")
    # held until the secretariat releases decisions
    assert not Notification.objects.filter(template="entries/screening").exists()
    assert len(mail.outbox) == sent_before_screening
