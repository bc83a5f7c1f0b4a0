"""A season set up from an empty site in Chromium, through the staff pages only: the first
organiser (made as ``createsuperuser`` makes one) logs in, creates an edition, gives it a
category, invites the evaluation partner to its team, builds a two-step form with a condition
and a step of files, previews it, chooses it for the category, opens the call once the checklist
is clear and makes the edition current; an entrant then submits an entry through that form. No
admin page is opened."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from entries.enums import EntryStatus
from entries.models import Entrant, EntrantMember, Entry
from entries.samples import sample_pdf
from prize.enums import EditionStatus, EntrantKind
from prize.models import Edition, User
from tests.browser.support import assert_accessible, log_in_with_password
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    log_in_with_password(page, email)


def local(moment) -> str:
    return timezone.localtime(moment, timezone.get_fixed_timezone(9 * 60)).strftime(
        "%Y-%m-%dT%H:%M")


def build_the_form(page):
    """From the forms page: a new form; a step with a choice and a field asked only for one of
    its options; a step of PDF files."""
    page.get_by_role("link", name="New form").click()
    page.get_by_label("Name").fill("Form for individuals")
    page.get_by_role("button", name="Make the form").click()
    page.get_by_role("heading", level=1, name="Build: Form for individuals").wait_for()
    page.get_by_role("link", name="Add a step").click()
    page.get_by_label("Title (English)", exact=True).fill("Details")
    page.get_by_role("button", name="Add the step").click()
    page.locator("#step-details").get_by_role("link", name="Add a field").click()
    page.get_by_label("Kind of answer").select_option("choice")
    page.get_by_label("Label (English)", exact=True).fill("Stage")
    page.get_by_label("Options (English)", exact=True).fill("pilot | Pilot\noperating | Operating")
    page.get_by_role("button", name="Add the field").click()
    page.locator("#step-details").get_by_role("link", name="Add a field").click()
    page.get_by_label("Label (English)", exact=True).fill("Operating since")
    page.get_by_label("Show only when").select_option("stage")
    page.get_by_label("has one of these options").fill("Operating")
    page.get_by_role("button", name="Add the field").click()
    page.get_by_text("Shown only when “Stage” is “Operating”.").wait_for()
    page.get_by_role("link", name="Add a step").click()
    page.get_by_label("Title (English)", exact=True).fill("Documents")
    page.get_by_label("Files to upload").check()
    page.get_by_label("At most this many files").fill("3")
    page.get_by_label("PDF", exact=True).check()
    page.get_by_role("button", name="Add the step").click()
    page.get_by_text("Kinds accepted: PDF.").wait_for()
    assert_accessible(page)


def test_an_edition_set_up_from_an_empty_site_takes_an_entry(page, live_server, tmp_path):
    opened: list[str] = []
    page.on("request", lambda request: opened.append(request.url))
    User.objects.create_superuser(email="founder@example.org", password=PASSWORD)
    now = timezone.now()

    # --- The first organiser creates the edition --------------------------------------------
    log_in(page, "founder@example.org")
    page.goto("/staff/")
    page.get_by_role("link", name="New edition").click()
    page.get_by_label("Name (English)", exact=True).fill("Smart City Prize")
    page.get_by_label("Short name (English)").fill("SCP27")
    page.get_by_label("Year").fill(str(now.year + 1))
    page.get_by_label("Time zone").select_option("Asia/Seoul")
    page.get_by_label("Call opens").fill(local(now - timedelta(days=1)))
    page.get_by_label("Call closes").fill(local(now + timedelta(days=30)))
    page.get_by_label("Contact e-mail").fill("prize@example.org")
    assert_accessible(page)
    page.get_by_role("button", name="Create the edition").click()
    edition = Edition.objects.get(short_name="SCP27")
    page.wait_for_url(f"**/staff/editions/{edition.slug}/")
    assert page.get_by_text("Add at least one category").is_visible()

    # --- A category, whose address and code come from its name -------------------------------
    page.get_by_role("region", name="Its pages").get_by_role(
        "link", name="Settings and categories").click()
    page.get_by_label("Name (English)", exact=True).last.fill("Leadership")
    page.locator("fieldset", has_text="New category").get_by_label("Individual").check()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("The edition's settings are saved.").wait_for()
    category = edition.categories.get()
    assert (category.slug, category.code) == ("leadership", "LE")

    # --- The team: the evaluation partner is invited ----------------------------------------
    page.goto(f"/staff/editions/{edition.slug}/")
    page.get_by_role("region", name="Its pages").get_by_role("link", name="Team").click()
    page.get_by_label("E-mail address").fill("partner@example.org")
    page.get_by_label("Role", exact=True).select_option("coordinator")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("The invitation is on its way to partner@example.org").wait_for()
    assert [m.to for m in mail.outbox if "/team/invitations/" in m.body] == [
        ["partner@example.org"]]

    # --- The application form, built, previewed and chosen ----------------------------------
    page.goto(f"/staff/editions/{edition.slug}/")
    page.get_by_role("region", name="Its pages").get_by_role(
        "link", name="Application forms").click()
    build_the_form(page)
    page.get_by_role("link", name="Preview and try").click()
    page.get_by_role("link", name="Details").click()
    page.get_by_role("radio", name="Operating").wait_for()
    page.goto(f"/entries/staff/{edition.slug}/forms/")
    page.get_by_label("Individual").select_option(label="Form for individuals")
    page.get_by_role("button", name="Save the choices").click()
    page.get_by_text("Saved: new entries use the forms chosen").wait_for()

    # --- The call opens once nothing needed is missing; the edition becomes current ---------
    page.goto(f"/staff/editions/{edition.slug}/")
    assert not page.get_by_text("Needed", exact=True).count()
    page.get_by_role("button", name="Open the call for entries").click()
    page.get_by_text("is now “Call for entries”").wait_for()
    page.get_by_role("button", name="Make it the current edition").click()
    page.get_by_text("is now the current edition").wait_for()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CALL_OPEN and edition.is_current
    assert not [url for url in opened if "/admin/" in url]

    # --- An entrant submits through the form ------------------------------------------------
    page.context.clear_cookies()
    person = User.objects.create_user(email="ana@example.org", password=PASSWORD, name="Ana")
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    entrant = Entrant.objects.create(name="Ana Lima", kind=EntrantKind.INDIVIDUAL,
                                     city="Recife", country="BR", contact_name="Ana Lima",
                                     contact_email=person.email)
    EntrantMember.objects.create(entrant=entrant, user=person, role="owner")
    log_in(page, "ana@example.org")
    page.goto("/entries/")
    page.get_by_role("button", name="Start an entry in Leadership").click()
    page.wait_for_url("**/entries/*/steps/*/")
    entry = Entry.objects.get(entrant=entrant)
    page.get_by_label("Project title").fill("Night buses that listen")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("radio", name="Operating").check()
    page.get_by_label("Operating since").fill("2021")
    page.get_by_role("button", name="Save and continue").click()
    report = tmp_path / "report.pdf"
    report.write_bytes(sample_pdf("Night buses", "What riders said."))
    page.get_by_label("Files to upload").set_input_files(str(report))
    page.get_by_role("button", name="Upload", exact=True).click()
    page.get_by_text("1 file added.").wait_for()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"**/entries/{entry.pk}/review/")
    page.get_by_role("button", name="Submit the entry").click()
    page.wait_for_url(f"**/entries/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert re.fullmatch(r"SCP27-LE-0001", entry.reference)
    assert entry.answers["stage"] == "operating"
