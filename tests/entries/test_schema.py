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
