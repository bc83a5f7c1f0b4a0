"""The application-form engine: what each field type accepts, and what stops submission."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entries import schema
from tests.factories import COMPLETE_ANSWERS, TEST_FORM_SCHEMA

FORM = schema.Schema.parse(TEST_FORM_SCHEMA)


def field(**overrides):
    base = {"key": "f", "type": "text", "label": "Answer"}
    return schema._parse_field({**base, **overrides}, "step")


def test_a_complete_answer_set_has_no_problems():
    assert schema.missing(FORM, COMPLETE_ANSWERS) == []
    assert schema.complete_steps(FORM, COMPLETE_ANSWERS) == {"basics", "budget"}


def test_missing_answers_name_the_field_and_its_step():
    problems = schema.missing(FORM, {"title": "Only a title"})

    assert [(p.step, p.field, p.message) for p in problems] == [
        ("basics", "summary", "Short summary is required."),
        ("basics", "sectors", "Sectors is required."),
        ("budget", "budget_amount", "Budget is required."),
    ]


@pytest.mark.parametrize(
    ("definition", "value", "message"),
    [
        ({"max_length": 5}, "too long", "Answer is too long: 8 characters, at most 5."),
        ({"type": "textarea", "max_words": 3}, "one two three four",
         "Answer has 4 words; the limit is 3."),
        ({"type": "number"}, "lots", "Answer: enter a number, such as 250000."),
        ({"type": "number", "min": 0}, "-5", "Answer must be at least 0."),
        ({"type": "email"}, "not-an-address",
         "Answer: enter an e-mail address such as name@example.org."),
        ({"type": "url"}, "javascript:alert(1)",
         "Answer: enter a web address starting with https://."),
        ({"type": "date"}, "31/12/2023", "Answer: enter a date as YYYY-MM-DD."),
        ({"type": "choice", "choices": [["a", "A"]]}, "b", "Answer: choose one of the options."),
        ({"type": "multichoice", "choices": [["a", "A"]]}, ["a", "z"],
         "Answer: choose among the options given."),
        ({"type": "urls", "max_items": 1}, ["https://a.example", "https://b.example"],
         "Answer: at most 1 items (2 given)."),
        ({"type": "text"}, ["a", "list"], "Answer has a value of the wrong kind."),
        ({"type": "table", "columns": [["k", "K"], ["v", "V"]]}, [{"k": "x", "v": ""}],
         "Answer: fill every column of each row you start."),
    ],
)
def test_each_kind_of_bad_input_gets_its_message(definition, value, message):
    assert schema.field_errors(field(**definition), value, required=False) == [message]


def test_html_is_kept_as_typed_and_counted_as_words():
    typed = "<script>alert('x')</script> and more"

    cleaned = schema.clean_answers(FORM, FORM.step("basics"), {"summary": typed})

    assert cleaned == {"summary": typed}
    assert schema.field_errors(FORM.fields_by_key["summary"], typed, required=True) == []


def test_clean_answers_keeps_only_the_steps_own_fields():
    cleaned = schema.clean_answers(
        FORM, FORM.step("budget"),
        {"budget_amount": " 1,000 ", "title": "smuggled", "links": "https://a.example\n\n"},
    )

    assert cleaned == {"budget_amount": "1,000", "links": ["https://a.example"]}


def test_diff_lists_changed_answers_in_form_order():
    after = {**COMPLETE_ANSWERS, "budget_amount": "300000", "title": "New title"}

    assert schema.diff(FORM, COMPLETE_ANSWERS, after) == [
        ("Project title", "Smart crossings for Seoul", "New title"),
        ("Budget", "250000", "300000"),
    ]


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {"steps": []},
        {"steps": [{"key": "a", "fields": [{"key": "x", "type": "colour"}]}]},
        {"steps": [{"key": "a", "fields": [{"key": "title", "type": "text"}]},
                   {"key": "a", "fields": []}]},
        {"title_field": "name", "steps": [{"key": "a", "fields": [{"key": "t", "type": "text"}]}]},
        {"steps": [{"key": "a", "fields": [{"key": "title", "type": "choice"}]}]},
    ],
)
def test_a_broken_form_definition_is_refused(broken):
    with pytest.raises(schema.SchemaError):
        schema.Schema.parse(broken)


@given(st.text(max_size=400))
def test_any_text_is_accepted_as_a_draft_and_round_trips(text):
    cleaned = schema.clean_answers(FORM, FORM.step("basics"), {"summary": text})

    assert cleaned["summary"] == text.replace("\r\n", "\n").strip()
    words = schema.count_words(cleaned["summary"])
    errors = schema.field_errors(FORM.fields_by_key["summary"], cleaned["summary"],
                                 required=False)
    assert (words > 50) == bool(errors)


# --- Blind judging -----------------------------------------------------------------------------


def with_steps(*changes) -> dict:
    """TEST_FORM_SCHEMA with ``changes`` (step index, extra keys) applied."""
    steps = [dict(step) for step in TEST_FORM_SCHEMA["steps"]]
    for index, extra in changes:
        steps[index].update(extra)
    return {**TEST_FORM_SCHEMA, "steps": steps}


def test_an_attachments_step_may_ask_for_anonymised_versions():
    parsed = schema.Schema.parse(with_steps((2, {"blind_variant": True})))

    assert parsed.step("attachments").blind_variant is True
    assert parsed.step("basics").blind_variant is False
    assert parsed.blind_marks is True


def test_only_an_attachments_step_asks_for_anonymised_versions():
    with pytest.raises(schema.SchemaError, match="Only an attachments step takes blind_variant"):
        schema.Schema.parse(with_steps((0, {"blind_variant": True})))


def test_a_form_is_made_for_blind_judging_when_it_marks_what_names_the_entrant():
    marked_field = with_steps((1, {"fields": [
        {**TEST_FORM_SCHEMA["steps"][1]["fields"][0]},
        {**TEST_FORM_SCHEMA["steps"][1]["fields"][1], "identifying": True}]}))

    assert FORM.blind_marks is False
    assert schema.Schema.parse(marked_field).blind_marks is True
    assert schema.Schema.parse(with_steps((1, {"identifying": True}))).blind_marks is True


@pytest.mark.parametrize("slug", ["ti-city", "hc-organisation", "ld-individual"])
def test_the_2023_forms_hide_titles_links_and_ask_for_anonymised_files(slug):
    from entries.forms_2023 import forms_2023

    parsed = schema.Schema.parse({s: f for s, _name, f in forms_2023()}[slug])

    assert parsed.fields_by_key["title"].identifying
    assert parsed.fields_by_key["links"].identifying
    assert parsed.steps[-1].blind_variant
    assert not parsed.fields_by_key["summary"].identifying
