"""Money, country and city answers, fields shown only under a condition, and the kinds of file
an attachments step takes: the form definition, the checks, the entrant's form, and what
staff, judges and the public see."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ceremony.showcase import public_answers
from entries import attachments as files
from entries import schema as form_schema
from entries.enums import EntryStatus
from entries.presentation import answer_sections
from tests.entries.test_attachments import png_bytes
from tests.entries.test_copies import text_of
from tests.entries.test_entrant_steps import errors_of
from tests.factories import EntryFactory, EntryFormFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title_field": "title",
    "steps": [
        {"key": "about", "title": "About", "fields": [
            {"key": "title", "type": "text", "label": "Project title", "required": True},
            {"key": "stage", "type": "choice", "label": "Stage",
             "choices": [["pilot", "Pilot"], ["operating", "Operating"]]},
            {"key": "cost", "type": "money", "label": "Cost", "required": True, "min": 0,
             "max": 1_000_000_000, "show_if": {"field": "stage", "in": ["operating"]},
             "public": True},
            {"key": "country", "type": "country", "label": "Country"},
            {"key": "city", "type": "city", "label": "City"},
            {"key": "abroad", "type": "text", "label": "Why abroad?", "required": True,
             "show_if": {"field": "country", "in": ["FR", "JP"]}},
        ]},
        {"key": "more", "title": "More", "fields": [
            {"key": "partnered", "type": "boolean", "label": "With partners"},
            {"key": "partners", "type": "textarea", "label": "Partners", "required": True,
             "show_if": {"field": "partnered", "in": ["yes"]}, "public": True},
            {"key": "sectors", "type": "multichoice", "label": "Sectors",
             "choices": [["mobility", "Mobility"], ["energy", "Energy"]]},
            {"key": "grid", "type": "text", "label": "Grid operator",
             "show_if": {"field": "sectors", "in": ["energy"]}},
            {"key": "lessons", "type": "textarea", "label": "Lessons of the pilot",
             "show_if": {"field": "stage", "in": ["pilot"]}},
        ]},
        {"key": "files", "title": "Files", "kind": "attachments", "types": ["pdf", "image"]},
    ],
}

ANSWERS = {"title": "Smart crossings", "stage": "pilot", "country": "KR", "city": "Seoul"}


def parse(form=FORM):
    return form_schema.Schema.parse(form)


def with_field(**extra):
    return {"title_field": "title", "steps": [{"key": "a", "title": "A", "fields": [
        {"key": "title", "type": "text", "label": "Title"},
        {"key": "stage", "type": "choice", "label": "Stage", "choices": [["pilot", "Pilot"]]},
        {"key": "x", "label": "X", **extra},
        {"key": "later", "type": "boolean", "label": "Later"},
    ]}]}


def problems(answers, form=FORM):
    return [(p.field, p.message) for p in form_schema.missing(parse(form), answers)]


# --- The form definition --------------------------------------------------------------------------


def test_a_money_field_offers_the_default_currencies_unless_the_form_names_its_own():
    schema = parse()
    assert schema.fields_by_key["cost"].currencies == form_schema.DEFAULT_CURRENCIES
    assert "KRW" in schema.fields_by_key["cost"].currency_codes
    own = parse(with_field(type="money", currencies=[["KRW", "Korean won"], ["USD", "Dollar"]]))
    assert own.fields_by_key["x"].currency_codes == {"KRW", "USD"}


def test_a_city_field_is_limited_to_120_characters_unless_the_form_says_otherwise():
    assert parse().fields_by_key["city"].max_length == 120
    assert parse(with_field(type="city", max_length=60)).fields_by_key["x"].max_length == 60


@pytest.mark.parametrize(("condition", "message"), [
    ({"field": "nowhere", "in": ["a"]}, "depends on 'nowhere', which is not a field of the form"),
    ({"field": "x", "in": ["a"]}, "Field 'x' cannot depend on itself."),
    ({"field": "later", "in": ["yes"]}, "which comes later in the form"),
    ({"field": "title", "in": ["a"]}, "a text field: a condition depends on a choice"),
    ({"field": "stage", "in": []}, 'needs "in": a list of at least one value'),
    ({"field": "stage"}, 'needs "in"'),
    ({"in": ["pilot"]}, 'needs "field"'),
    ("stage", 'needs "field"'),
])
def test_a_condition_the_platform_cannot_follow_is_refused_with_the_reason(condition, message):
    with pytest.raises(form_schema.SchemaError, match=re.escape(message)):
        parse(with_field(type="text", show_if=condition))


@pytest.mark.parametrize("currencies", [[["KRW", "Won"], ["KRW", "Won"]], [["KRW"]], "KRW"])
def test_currencies_that_cannot_be_read_are_refused(currencies):
    with pytest.raises(form_schema.SchemaError):
        parse(with_field(type="money", currencies=currencies))


def test_an_attachments_step_names_the_kinds_of_file_it_takes():
    schema = parse()
    assert schema.step("files").file_kinds == ("pdf", "png", "jpeg")
    every = {**FORM, "steps": [*FORM["steps"][:-1], {"key": "files", "kind": "attachments"}]}
    assert parse(every).step("files").file_kinds == tuple(k.key for k in files.KINDS)
    office = {**FORM, "steps": [*FORM["steps"][:-1],
                                {"key": "files", "kind": "attachments", "types": ["office"]}]}
    assert parse(office).step("files").file_kinds == ("docx", "xlsx")


@pytest.mark.parametrize(("step", "message"), [
    ({"key": "files", "kind": "attachments", "types": ["pdf", "video"]},
     "unknown kind of file 'video'"),
    ({"key": "files", "kind": "attachments", "types": []}, "a list of kinds of file"),
    ({"key": "files", "kind": "attachments", "types": "pdf"}, "a list of kinds of file"),
    ({"key": "files", "types": ["pdf"], "fields": []}, "Only an attachments step takes types"),
])
def test_unknown_kinds_of_file_are_refused(step, message):
    with pytest.raises(form_schema.SchemaError, match=re.escape(message)):
        parse({**FORM, "steps": [*FORM["steps"][:-1], step]})


def test_the_kinds_of_file_a_form_may_name_are_those_the_upload_check_knows():
    assert set(form_schema.FILE_KINDS) == {kind.key for kind in files.KINDS}


# --- Checks ---------------------------------------------------------------------------------------


def test_complete_answers_of_every_new_kind_pass():
    answers = {**ANSWERS, "stage": "operating", "cost": {"amount": "250,000", "currency": "KRW"},
               "city": "서울특별시 종로구"}
    assert problems(answers) == []


@pytest.mark.parametrize(("cost", "message"), [
    ({"amount": "", "currency": "KRW"}, "Cost is required."),
    ({"amount": "1e400", "currency": "KRW"}, "Cost: enter an amount, such as 250000."),
    ({"amount": "9" * 400, "currency": "KRW"}, "Cost: enter an amount, such as 250000."),
    ({"amount": "NaN", "currency": "KRW"}, "Cost: enter an amount, such as 250000."),
    ({"amount": "이십만", "currency": "KRW"}, "Cost: enter an amount, such as 250000."),
    ({"amount": "-5", "currency": "KRW"}, "Cost must be at least 0."),
    ({"amount": "2000000000", "currency": "KRW"}, "Cost must be at most 1,000,000,000."),
    ({"amount": "100", "currency": "XYZ"}, "Cost: choose a currency from the list."),
    ({"amount": "100"}, "Cost: choose a currency from the list."),
    ("250000", "Cost has a value of the wrong kind."),
    (["250000"], "Cost has a value of the wrong kind."),
    ({"amount": ["1"], "currency": "KRW"}, "Cost has a value of the wrong kind."),
])
def test_a_money_answer_is_checked_like_a_number_with_a_known_currency(cost, message):
    answers = {**ANSWERS, "stage": "operating", "cost": cost}
    assert problems(answers) == [("cost", message)]


@pytest.mark.parametrize(("country", "message"), [
    ("XX", "Country: choose a country from the list."),
    ("Korea", "Country: choose a country from the list."),
    ({"code": "KR"}, "Country has a value of the wrong kind."),
    (["KR"], "Country has a value of the wrong kind."),
])
def test_a_country_answer_is_a_known_code(country, message):
    assert problems({**ANSWERS, "country": country}) == [("country", message)]


def test_a_city_longer_than_its_limit_is_flagged_and_a_dict_is_the_wrong_kind():
    assert problems({**ANSWERS, "city": "가" * 121}) == [
        ("city", "City is too long: 121 characters, at most 120.")]
    assert problems({**ANSWERS, "city": {"name": "Seoul"}}) == [
        ("city", "City has a value of the wrong kind.")]


def test_a_nul_or_an_oversized_money_answer_cannot_even_be_saved_in_a_draft():
    cost = parse().fields_by_key["cost"]
    assert form_schema.limit_errors(cost, {"amount": "1\x00", "currency": "KRW"}) == [
        "Cost holds a character that cannot be stored (NUL)."]
    assert form_schema.limit_errors(cost, {"amount": "9" * 30_000, "currency": "KRW"}) == [
        "Cost is too long: at most 20000 characters."]
    assert form_schema.limit_errors(cost, {"amount": "1", "currency": "KRW"}) == []


# --- Conditions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("answers", "key", "shown"), [
    ({"stage": "operating"}, "cost", True),
    ({"stage": "pilot"}, "cost", False),
    ({}, "cost", False),
    ({"country": "FR"}, "abroad", True),
    ({"country": "KR"}, "abroad", False),
    ({"partnered": True}, "partners", True),
    ({"partnered": False}, "partners", False),
    ({}, "partners", False),
    ({"sectors": ["mobility", "energy"]}, "grid", True),
    ({"sectors": ["mobility"]}, "grid", False),
    ({"sectors": "energy"}, "grid", False),
    ({"stage": ["operating"]}, "cost", False),
])
def test_a_field_is_shown_only_when_the_other_answer_is_one_of_its_values(answers, key, shown):
    schema = parse()
    assert schema.visible(schema.fields_by_key[key], answers) is shown


def test_a_condition_on_a_hidden_field_hides_its_field_too():
    form = with_field(type="choice", choices=[["a", "A"]], show_if={"field": "stage",
                                                                     "in": ["pilot"]})
    form["steps"][0]["fields"].append({"key": "y", "type": "text", "label": "Y",
                                       "show_if": {"field": "x", "in": ["a"]}})
    schema = parse(form)
    y = schema.fields_by_key["y"]
    assert schema.visible(y, {"stage": "pilot", "x": "a"})
    assert not schema.visible(y, {"stage": "", "x": "a"})


def test_a_hidden_field_is_neither_required_nor_checked_nor_counted():
    schema = parse()
    hidden = {**ANSWERS, "stage": "pilot", "cost": {"amount": "lots", "currency": "??"},
              "partnered": False}
    assert form_schema.missing(schema, hidden) == []
    assert form_schema.step_errors(schema.step("about"), hidden) == {}
    assert form_schema.complete_steps(schema, hidden) == {"about", "more"}

    shown = {**hidden, "stage": "operating", "partnered": True}
    assert problems(shown) == [("cost", "Cost: enter an amount, such as 250000."),
                               ("cost", "Cost: choose a currency from the list."),
                               ("partners", "Partners is required.")]
    assert form_schema.complete_steps(schema, shown) == set()


def test_changes_to_an_answer_hidden_before_and_after_are_left_out_of_the_differences():
    schema = parse()
    before = {**ANSWERS, "cost": {"amount": "1", "currency": "KRW"}}
    assert form_schema.diff(schema, before, {**before, "cost": {"amount": "2",
                                                                "currency": "KRW"}}) == []
    after = {**before, "stage": "operating", "cost": {"amount": "2", "currency": "KRW"}}
    assert [label for label, _old, _new in form_schema.diff(schema, before, after)] == [
        "Stage", "Cost"]


# --- The entrant's form ---------------------------------------------------------------------------


@pytest.fixture
def entry(season):
    form = EntryFormFactory(edition=season.edition, schema=FORM)
    return EntryFactory(edition=season.edition, category=season.category,
                        entrant=season.entrant, form=form, answers=dict(ANSWERS),
                        title="Smart crossings", current_step="about")


def step_url(entry, step="about"):
    return reverse("entries:step", args=[entry.pk, step])


def save(client, entry, data, step="about"):
    body = {"title": "Smart crossings", "stage": "pilot", "country": "KR", "city": "Seoul",
            "abroad": "", "cost-amount": "", "cost-currency": "KRW", **data,
            "action": "save", "version": entry.version}
    return client.post(step_url(entry, step), body)


def test_the_step_shows_an_amount_and_a_currency_a_country_list_and_a_city(entry, entrant,
                                                                         django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        response = entrant.get(step_url(entry))

    page = response.content.decode()
    assert response.status_code == 200
    fieldset = re.search(r'<fieldset id="field-cost".*?</fieldset>', page, re.S)[0]
    assert re.search(r"<legend[^>]*>Cost <span class=\"required-mark\">\(required\)", fieldset)
    assert '<label class="form-label small mb-1" for="field-cost-amount">Amount</label>' in fieldset
    assert re.search(r'<input type="text" inputmode="decimal"[^>]*name="cost-amount"', fieldset)
    assert '<label class="form-label small mb-1" for="field-cost-currency">Currency</label>' \
        in fieldset
    assert '<option value="KRW">KRW – Korean won</option>' in fieldset
    assert "An amount from 0 to 1,000,000,000." in page
    assert re.search(r'<select name="country"[^>]*autocomplete="country"', page)
    assert '<option value="KR" selected>South Korea</option>' in page
    assert re.search(r'<input type="text" name="city" value="Seoul"[^>]*'
                     r'autocomplete="address-level2"', page)
    assert 'data-max-length="120"' in page
    assert "5 / 120 characters" in page


def test_a_conditional_field_carries_its_condition_and_a_note_for_readers_without_scripts(
        entry, entrant):
    page = entrant.get(step_url(entry)).content.decode()

    wrap = re.search(r'<div class="step-field mb-4" id="wrap-cost"[^>]*>', page)[0]
    assert 'data-show-if="stage"' in wrap
    assert 'data-show-type="choice"' in wrap
    assert 'data-show-values="[&quot;operating&quot;]"' in wrap
    assert "hidden" not in wrap.replace("data-msg-hidden", "")  # shown until a script hides it
    assert "Only if “Stage” is Operating." in page
    assert "Only if “Country” is France or Japan." in page
    more = entrant.get(step_url(entry, "more")).content.decode()
    assert "Only if “With partners” is Yes." in more
    assert "Only if “Sectors” is Energy." in more


@pytest.mark.parametrize(("stage", "shown"), [("pilot", "true"), ("operating", "false")])
def test_a_condition_on_another_steps_answer_is_decided_by_the_stored_answers(entry, entrant,
                                                                             stage, shown):
    entry.answers = {**ANSWERS, "stage": stage}
    entry.save()

    page = entrant.get(step_url(entry, "more")).content.decode()

    wrap = re.search(r'<div class="step-field mb-4" id="wrap-lessons"[^>]*>', page)[0]
    assert f'data-shown="{shown}"' in wrap
    assert "Only if “Stage” is Pilot." in page


def test_an_amount_and_its_currency_are_saved_as_typed(entry, entrant):
    response = save(entrant, entry, {"stage": "operating", "cost-amount": " 250,000 ",
                                     "cost-currency": "USD"})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.answers["cost"] == {"amount": "250,000", "currency": "USD"}
    assert entry.answers["country"] == "KR"


def test_bad_money_and_country_answers_are_kept_and_flagged_under_their_fields(entry, entrant):
    save(entrant, entry, {"stage": "operating", "cost-amount": "1e400", "cost-currency": "XXX",
                          "country": "XX"})

    entry.refresh_from_db()
    assert entry.answers["cost"] == {"amount": "1e400", "currency": "XXX"}
    page = entrant.get(step_url(entry))
    assert errors_of(page.content, "cost") == ["Cost: enter an amount, such as 250000.",
                                               "Cost: choose a currency from the list."]
    assert errors_of(page.content, "country") == ["Country: choose a country from the list."]
    text = page.content.decode()
    assert 'value="1e400"' in text
    assert '<option value="XXX" selected>XXX – XXX</option>' in text


def test_a_nul_in_an_amount_is_removed(entry, entrant):
    save(entrant, entry, {"stage": "operating", "cost-amount": "12\x0034"})

    entry.refresh_from_db()
    assert entry.answers["cost"] == {"amount": "1234", "currency": "KRW"}


def test_a_huge_amount_is_refused_and_what_was_typed_stays_in_the_form(entry, entrant):
    response = save(entrant, entry, {"stage": "operating", "cost-amount": "9" * 20_001})

    assert response.status_code == 422
    assert errors_of(response.content, "cost")[-1] == (
        "Cost is too long: at most 20000 characters.")
    assert re.search(rf'name="cost-amount" id="field-cost-amount" value="{"9" * 20_001}"',
                     response.content.decode())
    entry.refresh_from_db()
    assert "cost" not in entry.answers


def test_submission_ignores_a_hidden_required_field_and_keeps_its_answer(entry, entrant):
    entry.answers = {**ANSWERS, "stage": "pilot", "partnered": False,
                     "cost": {"amount": "draft value", "currency": "KRW"}}
    entry.save()

    response = entrant.post(reverse("entries:submit", args=[entry.pk]))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.answers["cost"] == {"amount": "draft value", "currency": "KRW"}


def test_the_review_page_counts_a_shown_required_field_among_the_things_to_fix(entry, entrant):
    entry.answers = {**ANSWERS, "stage": "operating"}
    entry.save()

    page = entrant.get(reverse("entries:review", args=[entry.pk])).content.decode()

    assert "About: Cost is required." in page
    assert "Partners is required" not in page


# --- What others see ------------------------------------------------------------------------------


def test_staff_and_judges_see_neither_hidden_answers_nor_their_labels(entry, season):
    entry.answers = {**ANSWERS, "cost": {"amount": "5", "currency": "KRW"}, "country": "FR",
                     "abroad": "Our sister city.", "partnered": False, "partners": "Secret Co"}
    entry.save()

    sections = answer_sections(entry, [])

    shown = {a["field"].key: a for s in sections if s["kind"] == "fields" for a in s["answers"]}
    assert "cost" not in shown and "partners" not in shown
    assert shown["country"]["value"] == "France"
    assert shown["abroad"]["value"] == "Our sister city."
    page = season.client("secretariat").get(
        reverse("entries:staff_entry", args=[season.edition.slug, entry.pk])).content.decode()
    assert "Secret Co" not in page and "Partners" not in page
    assert "France" in page


def test_a_shown_money_answer_reads_with_its_currency(entry):
    entry.answers = {**ANSWERS, "stage": "operating",
                     "cost": {"amount": "250,000", "currency": "KRW"}}

    sections = answer_sections(entry, [])

    cost = next(a for a in sections[0]["answers"] if a["field"].key == "cost")
    assert cost["value"] == "250,000 KRW"


def test_the_public_page_leaves_out_a_public_answer_hidden_by_its_condition(entry):
    entry.answers = {**ANSWERS, "cost": {"amount": "5", "currency": "KRW"},
                     "partnered": True, "partners": "Seoul Metro"}

    shown = [(a["field"].key, a["value"]) for a in public_answers(entry)]

    assert shown == [("partners", "Seoul Metro")]


def test_the_pdf_copy_leaves_out_hidden_answers_and_reads_money_and_countries(entry, season):
    entry.answers = {**ANSWERS, "stage": "operating", "country": "KR",
                     "cost": {"amount": "250,000", "currency": "KRW"},
                     "partnered": False, "partners": "Secret Co", "city": "서울"}
    entry.save()

    response = season.client("entrant").get(reverse("entries:entry_copy", args=[entry.pk]))

    assert response.status_code == 200
    text = text_of(response.content)
    assert "250,000 KRW" in text
    assert "South Korea" in text
    assert "서울" in text
    assert "Secret Co" not in text and "Partners" not in text


# --- Kinds of file --------------------------------------------------------------------------------


def test_an_upload_of_a_kind_the_step_does_not_take_is_refused_naming_the_kinds_allowed(
        entry, entrant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    docx = SimpleUploadedFile("plan.docx", b"PK\x03\x04 not really")
    with pytest.raises(files.FileRefused) as caught:
        files.attachment_add(entry=entry, uploaded_file=docx, by=entry.entrant.members.first().user)
    assert caught.value.messages == [
        "This step does not take a Word document. Accepted: PDF, PNG or JPEG."]

    png = files.attachment_add(entry=entry, uploaded_file=SimpleUploadedFile(
        "map.png", png_bytes()), by=entry.entrant.members.first().user)
    assert png.content_type == "image/png"


def test_a_file_named_for_one_kind_but_of_a_refused_kind_says_so():
    with pytest.raises(files.FileRefused) as caught:
        files.check_file(SimpleUploadedFile("map.pdf", png_bytes()), max_bytes=10**6,
                         kinds=("pdf",))
    assert caught.value.messages == [
        "This file is not a PDF (it looks like a PNG image). This step does not take a PNG "
        "image. Accepted: PDF."]


def test_the_upload_page_names_only_the_kinds_the_step_takes(entry, entrant):
    page = entrant.get(reverse("entries:attachments", args=[entry.pk])).content.decode()

    assert "PDF, PNG or JPEG; up to 20 MB each" in page
    assert 'accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"' in page


@pytest.mark.parametrize(("stage", "flagged"), [("operating", True), ("pilot", False)])
def test_a_refused_save_flags_a_field_whose_condition_is_on_another_step(season, entrant,
                                                                         stage, flagged):
    form = EntryFormFactory(edition=season.edition, slug="cross", schema={
        "title_field": "title", "steps": [
            {"key": "about", "title": "About", "fields": [
                {"key": "title", "type": "text", "label": "Project title"},
                {"key": "stage", "type": "choice", "label": "Stage",
                 "choices": [["pilot", "Pilot"], ["operating", "Operating"]]}]},
            {"key": "money", "title": "Money", "fields": [
                {"key": "budget", "type": "number", "label": "Budget", "max": 10,
                 "show_if": {"field": "stage", "in": ["operating"]}}]}]})
    entry = EntryFactory(edition=season.edition, category=season.category,
                         entrant=season.entrant, form=form,
                         answers={"title": "Buses", "stage": stage})

    # A save refused (made from an older version: a second tab saved since) shows the form
    # again with what was typed, checked against the other steps' answers too.
    response = entrant.post(step_url(entry, "money"), {"budget": "999", "action": "save",
                                                        "version": entry.version - 1})

    assert "saved elsewhere" in response.content.decode()
    assert bool(errors_of(response.content, "budget")) == flagged
