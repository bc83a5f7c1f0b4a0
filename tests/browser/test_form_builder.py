"""The form builder in Chromium: from the forms page, the secretariat makes a new form with a
step of questions (a choice, and a field shown only for one of its options) and a step of files,
moves a step with the keyboard alone (the focus stays on the move buttons and the move is
announced), and previews the form; no admin page is opened, axe-core finds nothing and nothing
scrolls sideways at 320 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from entries import builder
from entries import schema as form_schema
from entries.models import EntryForm
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.entries.conftest import (
    season,  # noqa: F401 (the fixture, by name)
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    log_in_as(page, live_server, user)


def step_order(page) -> list[str]:
    return page.eval_on_selector_all("#builder .builder-step",
                                     "items => items.map(i => i.dataset.builderKey)")


def test_a_form_is_built_moved_with_the_keyboard_and_previewed(page, live_server,
                                                               season):  # noqa: F811
    opened: list[str] = []
    page.on("request", lambda request: opened.append(request.url))
    log_in(page, live_server, season.users["secretariat"])

    page.goto(reverse("entries:staff_forms", args=[season.edition.slug]))
    page.get_by_role("link", name="New form").click()
    page.get_by_label("Name").fill("Form for cities")
    page.get_by_role("button", name="Make the form").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Build: Form for cities"
    assert_accessible(page)

    # A step of questions: a choice, and a field asked only for one of its options.
    page.get_by_role("link", name="Add a step").click()
    page.get_by_label("Title (English)", exact=True).fill("Details")
    page.get_by_role("button", name="Add the step").click()
    page.locator("#step-details").get_by_role("link", name="Add a field").click()
    page.get_by_label("Kind of answer").select_option("choice")
    assert page.get_by_label("Options (English)", exact=True).is_visible()
    assert page.get_by_label("At most this many characters").is_hidden()  # not a text's option
    page.get_by_label("Label (English)", exact=True).fill("Stage")
    page.get_by_label("Label (한국어)", exact=True).fill("단계")
    page.get_by_label("Options (English)", exact=True).fill("pilot | Pilot\noperating | Operating")
    page.get_by_role("button", name="Add the field").click()
    page.locator("#step-details").get_by_role("link", name="Add a field").click()
    page.get_by_label("Label (English)", exact=True).fill("Operating since")
    page.get_by_label("Show only when").select_option("stage")
    page.get_by_label("has one of these options").fill("Operating")
    assert_accessible(page)
    page.get_by_role("button", name="Add the field").click()
    assert page.get_by_text("Shown only when “Stage” is “Operating”.").is_visible()

    # A step of files.
    page.get_by_role("link", name="Add a step").click()
    page.get_by_label("Title (English)", exact=True).fill("Documents")
    page.get_by_label("Files to upload").check()
    page.get_by_label("At most this many files").fill("3")
    page.get_by_label("PDF", exact=True).check()
    page.get_by_role("button", name="Add the step").click()
    assert step_order(page) == ["the_project", "details", "documents"]
    assert page.get_by_text("Kinds accepted: PDF.").is_visible()

    # Move "Details" up with the keyboard alone: htmx swaps the list, the focus stays.
    page.locator("#move-up-step-details").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#builder .builder-step')"
                           ".dataset.builderKey === 'details'")
    assert step_order(page) == ["details", "the_project", "documents"]
    page.wait_for_function("() => document.activeElement.id === 'move-down-step-details'")
    assert page.locator("#builder-announce").inner_text() == "Moved: Details, now 1 of 3"
    page.keyboard.press("Enter")  # and down again, from the same button
    page.wait_for_function("() => document.activeElement.id === 'move-down-step-details'"
                           " && document.querySelector('#builder .builder-step')"
                           ".dataset.builderKey === 'the_project'")
    assert step_order(page) == ["the_project", "details", "documents"]
    page.wait_for_timeout(400)  # the buttons' colour transition (Bootstrap's) has ended
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate(OVERFLOW) <= 0
    page.set_viewport_size({"width": 1280, "height": 900})

    form = EntryForm.objects.get(edition=season.edition, name="Form for cities")
    parsed = form_schema.Schema.parse(form.schema)
    assert [s.key for s in parsed.steps] == ["the_project", "details", "documents"]
    assert parsed.step("documents").max_files == 3

    # The preview: every step, and the condition where the platform reads conditions.
    page.get_by_role("link", name="Preview and try").click()
    page.get_by_role("link", name="Details").click()
    assert page.get_by_role("radio", name="Operating").is_visible()
    if "operating_since" in {f.key for f in parsed.step("details").fields} and hasattr(
            form_schema, "CONDITION_TYPES"):
        since = page.locator("#wrap-operating_since")
        expect(since).to_be_hidden()
        page.get_by_role("radio", name="Operating").check()
        expect(since).to_be_visible()
        page.get_by_role("radio", name="Pilot").check()
        expect(since).to_be_hidden()
    page.get_by_role("link", name="Documents").click()
    assert page.get_by_text("Entrants upload their files on this step.").is_visible()
    assert_accessible(page)
    assert not [url for url in opened if "/admin/" in url]


@pytest.fixture
def built(season):  # noqa: F811
    """A form of two steps, the first with three fields."""
    form = builder.form_new(edition=season.edition, name="Form for cities",
                            by=season.users["secretariat"])
    schema = form.schema
    schema["steps"][0]["fields"] += [
        {"key": "stage", "type": "choice", "label": "Stage",
         "choices": [["pilot", "Pilot"], ["operating", "Operating"]]},
        {"key": "summary", "type": "textarea", "label": "Summary", "max_words": 100}]
    schema["steps"].append({"key": "impact", "title": "Impact", "fields": []})
    form.schema = schema
    form.save()
    return form


def fields_order(page) -> list[str]:
    items = page.locator("#step-the_project .builder-field")
    return [items.nth(n).get_attribute("data-builder-key") for n in range(items.count())]


def test_without_scripts_up_and_down_reload_the_page(browser, live_server,
                                                     season, built):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, live_server, season.users["secretariat"])
        page.goto(reverse("entries:staff_form_build", args=[season.edition.slug, built.pk]))

        page.locator("#move-down-field-stage").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**#field-stage")

        assert fields_order(page) == ["project_title", "summary", "stage"]
        assert page.get_by_text("Moved: Stage, now 3 of 3").is_visible()
        # every option shows without scripts, each group under its legend
        page.locator("#field-summary").get_by_role("link", name="Change").click()
        assert page.get_by_label("At most this many words").input_value() == "100"
        assert page.get_by_label("Options (English)", exact=True).is_visible()
    finally:
        context.close()


def test_the_builder_and_a_field_fit_a_320_px_screen(page, live_server,
                                                     season, built):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 700})
    log_in(page, live_server, season.users["secretariat"])
    page.goto(reverse("entries:staff_form_build", args=[season.edition.slug, built.pk]))
    page.get_by_text("The form as JSON (read only)").click()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)

    page.locator("#field-summary").get_by_role("link", name="Change").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Change the field “Summary”"
    assert page.get_by_label("Options (English)", exact=True).is_hidden()  # a long text has none
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)


def test_a_field_is_dragged_to_its_new_place(page, live_server, season, built):  # noqa: F811
    log_in(page, live_server, season.users["secretariat"])
    page.goto(reverse("entries:staff_form_build", args=[season.edition.slug, built.pk]))

    page.drag_and_drop("#field-summary", "#field-project_title")

    page.wait_for_function("() => document.querySelector('#step-the_project .builder-field')"
                           ".dataset.builderKey === 'summary'")
    assert fields_order(page) == ["summary", "project_title", "stage"]
    assert page.locator("#builder-announce").inner_text() == "Moved: Summary, now 1 of 3"
    built.refresh_from_db()
    assert [f["key"] for f in built.schema["steps"][0]["fields"]] == [
        "summary", "project_title", "stage"]
