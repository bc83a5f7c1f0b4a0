"""The form builder: a new form, and each change to a form's steps and fields from the staff
pages. Every save is read by ``Schema.parse`` first, a form with entries takes only the changes
that keep them readable, a second organiser's save over a change they have not seen is refused,
and every change is audited."""

import pytest
from django.urls import reverse

from entries import builder
from entries.models import EntryForm
from entries.schema import Schema
from prize.models import AuditEvent
from tests.factories import TEST_FORM_SCHEMA, EditionFactory, EntryFormFactory

pytestmark = pytest.mark.django_db


def url(season, name, form=None, **keys):
    args = [season.edition.slug] + ([form.pk] if form is not None else [])
    return reverse(f"entries:{name}", args=[*args, *keys.values()])


@pytest.fixture
def blank(season):
    """A form without entries, as "New form" makes it."""
    return builder.form_new(edition=season.edition, name="Form for cities",
                            by=season.users["secretariat"])


def post(client, target, form, data):
    form.refresh_from_db()
    return client.post(target, {"version": builder.version(form.schema), **data})


def field_data(**data):
    return {"type": "text", "label": "A question", **data}


# --- New form ------------------------------------------------------------------------------------


def test_a_new_form_starts_with_its_title_field_and_opens_in_the_builder(season):
    staff = season.client("secretariat")
    forms_page = staff.get(reverse("entries:staff_forms", args=[season.edition.slug]))
    assert url(season, "staff_form_new") in forms_page.content.decode()

    response = staff.post(url(season, "staff_form_new"), {"name": "Form for cities"})

    form = EntryForm.objects.get(edition=season.edition, name="Form for cities")
    assert response.status_code == 302
    assert response["Location"] == url(season, "staff_form_build", form)
    parsed = Schema.parse(form.schema)
    assert [s.title for s in parsed.steps] == ["The project"]
    title = parsed.fields_by_key[parsed.title_field]
    assert (title.label, title.type, title.required) == ("Project title", "text", True)
    assert AuditEvent.objects.filter(action="form.change", target_id=str(form.pk)).count() == 1
    page = staff.get(url(season, "staff_form_build", form)).content.decode()
    assert "Build: Form for cities" in page and "Project title" in page


@pytest.mark.parametrize("name, message", [
    ("", "This field is required."),
    ("x" * 10_000, "Ensure this value has at most 200 characters (it has 10000)."),
])
def test_a_new_form_needs_a_name_it_can_store(season, name, message):
    staff = season.client("secretariat")
    before = EntryForm.objects.count()

    response = staff.post(url(season, "staff_form_new"), {"name": name})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert EntryForm.objects.count() == before


# --- Steps ---------------------------------------------------------------------------------------


def test_steps_are_added_with_keys_from_their_titles_that_never_change(season, blank):
    staff = season.client("secretariat")
    add = url(season, "staff_form_step_add", blank)

    post(staff, add, blank, {"title": "Impact", "kind": "fields"})
    post(staff, add, blank, {"title": "Impact", "kind": "fields"})
    response = post(staff, add, blank, {
        "title": "Supporting files", "kind": "attachments", "max_files": "3", "min_files": "1",
        "max_mb": "10", "types": ["pdf", "png"], "blind_variant": "on", "identifying": "on"})
    assert response.status_code == 302
    blank.refresh_from_db()
    steps = blank.schema["steps"]
    assert [s["key"] for s in steps] == ["the_project", "impact", "impact_2", "supporting_files"]
    files = steps[-1]
    assert {k: files.get(k) for k in ("kind", "max_files", "min_files", "max_mb", "types",
                                       "blind_variant", "identifying")} == {
        "kind": "attachments", "max_files": 3, "min_files": 1, "max_mb": 10,
        "types": ["pdf", "png"], "blind_variant": True, "identifying": True}

    post(staff, url(season, "staff_form_step", blank, step_key="impact"), blank,
         {"title": "Impact on the city", "intro": "Tell us.", "kind": "fields"})
    blank.refresh_from_db()
    assert blank.schema["steps"][1] == {"key": "impact", "title": "Impact on the city",
                                        "intro": "Tell us.", "fields": []}


def test_a_step_with_fields_does_not_become_a_files_step(season, blank):
    staff = season.client("secretariat")

    response = post(staff, url(season, "staff_form_step", blank, step_key="the_project"), blank,
                    {"title": "The project", "kind": "attachments"})

    assert response.status_code == 400
    assert "before making it a files step" in response.content.decode()


def test_removing_a_step_asks_first_and_keeps_the_title_field(season, blank):
    staff = season.client("secretariat")
    post(staff, url(season, "staff_form_step_add", blank), blank,
         {"title": "Impact", "kind": "fields"})
    remove = url(season, "staff_form_step_remove", blank, step_key="impact")

    asked = staff.get(remove)
    removed = post(staff, remove, blank, {})
    refused = post(staff, url(season, "staff_form_step_remove", blank, step_key="the_project"),
                   blank, {})

    assert "Remove the step “Impact”?" in asked.content.decode()
    assert removed.status_code == 302
    assert refused.status_code == 400
    assert "This step holds the title field" in refused.content.decode()
    blank.refresh_from_db()
    assert [s["key"] for s in blank.schema["steps"]] == ["the_project"]


# --- Fields --------------------------------------------------------------------------------------


def test_fields_take_the_options_of_their_type_and_a_condition(season, blank):
    staff = season.client("secretariat")
    add = url(season, "staff_form_field_add", blank, step_key="the_project")

    post(staff, add, blank, field_data(type="choice", label="Kind of city",
                                       choices="metro | Metropolis\nSmall town"))
    response = post(staff, add, blank, field_data(
        type="textarea", label="Districts", max_words="200", max_length="2000",
        min="5", help="Name them.", required="on", identifying="on",
        show_if_field="kind_of_city", show_if_values="Metropolis"))

    assert response.status_code == 302
    blank.refresh_from_db()
    fields = blank.schema["steps"][0]["fields"]
    assert fields[1] == {"key": "kind_of_city", "type": "choice", "label": "Kind of city",
                         "choices": [["metro", "Metropolis"], ["small_town", "Small town"]]}
    assert fields[2] == {"key": "districts", "type": "textarea", "label": "Districts",
                         "help": "Name them.", "required": True, "identifying": True,
                         "max_length": 2000, "max_words": 200,
                         "show_if": {"field": "kind_of_city", "in": ["metro"]}}
    page = staff.get(url(season, "staff_form_build", blank)).content.decode()
    assert "Shown only when “Kind of city” is “Metropolis”." in page


def test_changing_a_field_keeps_its_key_and_drops_options_of_its_old_type(season, blank):
    staff = season.client("secretariat")
    post(staff, url(season, "staff_form_field_add", blank, step_key="the_project"), blank,
         field_data(type="number", label="Budget", min="0", max="1000000.5"))
    target = url(season, "staff_form_field", blank, field_key="budget")
    assert 'value="1000000.5"' in staff.get(target).content.decode()

    post(staff, target, blank, field_data(type="multichoice", label="Budget band",
                                          choices="low | Low\nhigh | High", max_items="1",
                                          public="on"))

    blank.refresh_from_db()
    assert blank.schema["steps"][0]["fields"][1] == {
        "key": "budget", "type": "multichoice", "label": "Budget band", "public": True,
        "choices": [["low", "Low"], ["high", "High"]], "max_items": 1}


def test_removing_a_field_that_another_depends_on_is_refused_then_allowed(season, blank):
    staff = season.client("secretariat")
    add = url(season, "staff_form_field_add", blank, step_key="the_project")
    post(staff, add, blank, field_data(type="choice", label="Kind", choices="A\nB"))
    post(staff, add, blank, field_data(label="Why A", show_if_field="kind",
                                       show_if_values="a"))

    refused = post(staff, url(season, "staff_form_field_remove", blank, field_key="kind"),
                   blank, {})
    post(staff, url(season, "staff_form_field_remove", blank, field_key="why_a"), blank, {})
    removed = post(staff, url(season, "staff_form_field_remove", blank, field_key="kind"),
                   blank, {})

    assert refused.status_code == 400
    assert "“Why A” depend on this field" in refused.content.decode()
    assert removed.status_code == 302
    blank.refresh_from_db()
    assert [f["key"] for f in blank.schema["steps"][0]["fields"]] == ["project_title"]


def test_the_title_field_can_be_another_short_text_only(season, blank):
    staff = season.client("secretariat")
    add = url(season, "staff_form_field_add", blank, step_key="the_project")
    post(staff, add, blank, field_data(label="Name of the project"))
    post(staff, add, blank, field_data(type="number", label="Budget"))
    title = url(season, "staff_form_title", blank)

    chosen = post(staff, title, blank, {"title_field": "name_of_the_project"})
    refused = post(staff, title, blank, {"title_field": "budget"})

    assert chosen.status_code == 302
    assert refused.status_code == 400
    assert "Choose a short text field of the form as its title." in refused.content.decode()
    blank.refresh_from_db()
    assert blank.schema["title_field"] == "name_of_the_project"
    page = staff.get(url(season, "staff_form_build", blank)).content.decode()
    assert url(season, "staff_form_field_remove", blank, field_key="project_title") in page


# --- Moving --------------------------------------------------------------------------------------


def test_steps_and_fields_move_up_down_and_to_a_position(season, blank):
    staff = season.client("secretariat")
    for title in ("Impact", "Team"):
        post(staff, url(season, "staff_form_step_add", blank), blank,
             {"title": title, "kind": "fields"})
    for label in ("One", "Two"):
        post(staff, url(season, "staff_form_field_add", blank, step_key="the_project"), blank,
             field_data(label=label))
    move = url(season, "staff_form_move", blank)

    down = post(staff, move, blank, {"kind": "step", "key": "the_project", "direction": "down"})
    post(staff, move, blank, {"kind": "field", "key": "two", "direction": "up"})
    dragged = post(staff, move, blank, {"kind": "step", "key": "team", "position": "0"},)
    swapped = staff.post(move, {"version": "stale", "kind": "step", "key": "team",
                                "direction": "down"}, HTTP_HX_REQUEST="true")

    assert down.status_code == 302 and dragged.status_code == 302
    blank.refresh_from_db()
    assert [s["key"] for s in blank.schema["steps"]] == ["team", "impact", "the_project"]
    assert [f["key"] for f in blank.schema["steps"][2]["fields"]] == [
        "project_title", "two", "one"]
    # htmx gets the builder back with the refusal in it (a swap, not an error page)
    assert swapped.status_code == 200
    assert "Someone changed this form after you opened it" in swapped.content.decode()


def test_a_move_through_htmx_returns_the_builder_with_the_news(season, blank):
    staff = season.client("secretariat")
    post(staff, url(season, "staff_form_step_add", blank), blank,
         {"title": "Impact", "kind": "fields"})
    blank.refresh_from_db()

    response = staff.post(url(season, "staff_form_move", blank), {
        "version": builder.version(blank.schema), "kind": "step", "key": "impact",
        "direction": "up"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Moved: Impact, now 1 of 2" in page
    assert page.index('id="step-impact"') < page.index('id="step-the_project"')


# --- What is refused -----------------------------------------------------------------------------


def test_a_schema_the_platform_cannot_read_is_never_stored(season, blank):
    def unreadable(schema):
        schema["steps"][0]["fields"].append({"key": "x", "type": "choice", "label": "X"})
        return schema, "broken"

    with pytest.raises(builder.BuilderError, match="could not read the form"):
        builder.change_save(form=blank, edition=season.edition,
                            read=builder.version(blank.schema), change=unreadable,
                            by=season.users["secretariat"])
    blank.refresh_from_db()
    assert blank.schema == builder.starting_schema()


def test_a_form_the_platform_cannot_read_is_shown_and_refuses_changes(season):
    staff = season.client("secretariat")
    broken = EntryFormFactory(edition=season.edition, slug="broken", schema={"steps": "x"})

    page = staff.get(url(season, "staff_form_build", broken))
    added = post(staff, url(season, "staff_form_step_add", broken), broken,
                 {"title": "Impact", "kind": "fields"})

    assert page.status_code == 200
    assert "The platform cannot read this form as it is" in page.content.decode()
    assert added.status_code == 400
    assert "The builder cannot change this form as it is" in added.content.decode()
    broken.refresh_from_db()
    assert broken.schema == {"steps": "x"}


def test_a_condition_on_a_later_field_is_refused(season, blank):
    staff = season.client("secretariat")
    add = url(season, "staff_form_field_add", blank, step_key="the_project")
    post(staff, add, blank, field_data(label="Later"))
    post(staff, add, blank, field_data(type="choice", label="Kind", choices="A\nB"))

    on_page = post(staff, url(season, "staff_form_field", blank, field_key="later"), blank,
                   field_data(label="Later", show_if_field="kind", show_if_values="a"))

    def later(schema):
        schema["steps"][0]["fields"][1]["show_if"] = {"field": "kind", "in": ["a"]}
        return schema, "condition"

    blank.refresh_from_db()
    with pytest.raises(builder.BuilderError, match="can only depend on a field with options"):
        builder.change_save(form=blank, edition=season.edition,
                            read=builder.version(blank.schema), change=later,
                            by=season.users["secretariat"])
    assert on_page.status_code == 400
    assert "Select a valid choice. kind is not one of the available choices." \
        in on_page.content.decode()
    # Moving the choice below the field that depends on it is refused too.
    post(staff, url(season, "staff_form_field_add", blank, step_key="the_project"), blank,
         field_data(label="After", show_if_field="kind", show_if_values="B"))
    moved = post(staff, url(season, "staff_form_move", blank),
                 blank, {"kind": "field", "key": "after", "direction": "up"})
    assert moved.status_code == 400
    assert "“After” can only depend on a field with options above it." in moved.content.decode()


@pytest.mark.parametrize("data, message", [
    (field_data(label="x" * 10_000),
     "Ensure this value has at most 500 characters (it has 10000)."),
    (field_data(type="choice", choices="a | One\na | Two"),
     "“a” is there twice: give each line its own value."),
    (field_data(type="choice", choices=""), "Give at least one line."),
    (field_data(type="script"), "Select a valid choice. script is not one of the available"),
    (field_data(type="number", min="10", max="1"), "Make it no more than the largest."),
    (field_data(max_length="9" * 40), "Ensure this value is less than or equal to"),
])
def test_hostile_field_input_is_refused_on_the_form_with_what_was_typed(season, blank, data,
                                                                        message):
    staff = season.client("secretariat")
    before = dict(blank.schema)

    response = post(staff, url(season, "staff_form_field_add", blank, step_key="the_project"),
                    blank, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'name="label"' in page and 'name="version"' in page
    blank.refresh_from_db()
    assert blank.schema == before


def test_nul_never_reaches_the_form(season, blank):
    staff = season.client("secretariat")
    add = url(season, "staff_form_field_add", blank, step_key="the_project")

    post(staff, add, blank, field_data(label="a\x00b", choices="x\x00"))
    blank.refresh_from_db()

    def smuggled(schema):
        schema["steps"][0]["title"] = "The\x00project"
        return schema, "nul"

    with pytest.raises(builder.BuilderError, match="NUL"):
        builder.change_save(form=blank, edition=season.edition,
                            read=builder.version(blank.schema), change=smuggled,
                            by=season.users["secretariat"])
    blank.refresh_from_db()
    assert blank.schema["steps"][0]["fields"][1]["label"] == "ab"
    assert blank.schema["steps"][0]["title"] == "The project"


def test_two_fields_with_the_same_label_get_different_keys(season, blank):
    staff = season.client("secretariat")
    add = url(season, "staff_form_field_add", blank, step_key="the_project")

    post(staff, add, blank, field_data(label="Project title"))
    post(staff, add, blank, field_data(label="Version"))  # a name the entrant's form posts

    blank.refresh_from_db()
    keys = [f["key"] for f in blank.schema["steps"][0]["fields"]]
    assert keys == ["project_title", "project_title_2", "version_2"]
    Schema.parse(blank.schema)


def test_a_form_with_entries_refuses_unsafe_changes_and_offers_a_copy(season):
    staff = season.client("secretariat")
    form = season.entry.form
    target = url(season, "staff_form_field", form, field_key="links")

    refused = post(staff, target, form, field_data(type="urls", label="Links",
                                                   required="on", max_items="3"))
    reworded = post(staff, target, form, field_data(type="urls", label="Web links",
                                                    max_items="5"))

    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Leave “Links” (Budget) optional" in page
    assert "Make a copy of the form for new entries" in page
    assert 'value="Links"' in page and 'name="required" class="checkboxinput form-check-input"' \
        in page
    assert reworded.status_code == 302
    form.refresh_from_db()
    assert form.schema["steps"][1]["fields"][1] == {"key": "links", "type": "urls",
                                                    "label": "Web links", "max_items": 5}

    copied = staff.post(url(season, "staff_form_build_copy", form))
    copy = EntryForm.objects.get(edition=season.edition, name=f"Copy of {form.name}")
    assert copied["Location"] == url(season, "staff_form_build", copy)
    removed = post(staff, url(season, "staff_form_field_remove", copy, field_key="links"), copy,
                   {})
    assert removed.status_code == 302


def test_a_second_organiser_is_told_instead_of_losing_the_first_change(season, blank):
    first, second = season.client("secretariat"), season.client("superuser")
    read = builder.version(blank.schema)
    target = url(season, "staff_form_field", blank, field_key="project_title")

    saved = first.post(target, {"version": read, **field_data(label="Name of the project")})
    refused = second.post(target, {"version": read, **field_data(label="Title")})

    page = refused.content.decode()
    assert saved.status_code == 302
    assert refused.status_code == 400
    assert "Someone changed this form after you opened it" in page
    assert 'value="Title"' in page  # what the second typed is kept
    blank.refresh_from_db()
    assert blank.schema["steps"][0]["fields"][0]["label"] == "Name of the project"
    assert f'value="{builder.version(blank.schema)}"' in page  # saving again applies it


def test_every_change_is_audited_with_its_description(season, blank):
    staff = season.client("secretariat")

    post(staff, url(season, "staff_form_step_add", blank), blank,
         {"title": "Impact", "kind": "fields"})

    event = AuditEvent.objects.filter(action="form.change").latest("pk")
    assert (event.note, event.actor, event.target_id) == (
        "Step added: Impact", season.users["secretariat"], str(blank.pk))


# --- Who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, reads, opens, changes", [
    ("anonymous", 302, 302, 302), ("entrant", 404, 404, 404), ("other_entrant", 404, 404, 404),
    ("judge", 404, 404, 404), ("coordinator", 200, 404, 404), ("secretariat", 200, 200, 302),
    ("superuser", 200, 200, 302),
])
def test_who_reads_and_who_builds(season, blank, persona, reads, opens, changes):
    client = season.client(persona)
    version = builder.version(blank.schema)

    page = client.get(url(season, "staff_form_build", blank))
    assert page.status_code == reads
    assert client.get(url(season, "staff_form_step_add", blank)).status_code == opens
    assert client.get(url(season, "staff_form_new")).status_code == opens
    assert client.post(url(season, "staff_form_step_add", blank), {
        "version": version, "title": "Impact", "kind": "fields"}).status_code == changes
    if reads == 200:
        html = page.content.decode()
        assert ("Add a field" in html) is (changes == 302)
        assert ("move-up-field" in html) is (changes == 302)
        assert "Project title" in html


def test_another_editions_form_and_unknown_keys_are_404(season, blank):
    staff = season.client("secretariat")
    foreign = EntryFormFactory(edition=EditionFactory(is_current=False), schema=TEST_FORM_SCHEMA)

    for target in (url(season, "staff_form_build", foreign),
                   url(season, "staff_form_step", foreign, step_key="basics"),
                   url(season, "staff_form_field", foreign, field_key="title"),
                   url(season, "staff_form_step", blank, step_key="nope\x00"),
                   url(season, "staff_form_field", blank, field_key="basics"),
                   url(season, "staff_form_field_add", blank, step_key="missing")):
        assert staff.get(target).status_code == 404
    assert staff.post(url(season, "staff_form_move", foreign),
                      {"kind": "step", "key": "basics", "direction": "up"}).status_code == 404


def test_the_builder_reads_a_fixed_number_of_queries(season, blank, count_queries):
    staff = season.client("secretariat")
    target = url(season, "staff_form_build", blank)

    def load():
        assert staff.get(target).status_code == 200

    load()
    few = count_queries(load)
    for n in range(10):
        post(staff, url(season, "staff_form_step_add", blank), blank,
             {"title": f"Step {n}", "kind": "fields"})
        post(staff, url(season, "staff_form_field_add", blank, step_key=f"step_{n}"), blank,
             field_data(label=f"Question {n}"))
    assert count_queries(load) == few
