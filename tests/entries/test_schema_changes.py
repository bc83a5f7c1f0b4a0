"""Changing a form that entries were made with: every change that keeps the answers readable
and the submitted entries complete is allowed; anything else is refused with what to do."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entries import schema as form_schema
from entries.schema_changes import problems

BASE = {
    "title_field": "title",
    "steps": [
        {
            "key": "basics",
            "title": "The project",
            "fields": [
                {
                    "key": "title",
                    "type": "text",
                    "label": "Project title",
                    "required": True,
                    "max_length": 200,
                },
                {"key": "summary", "type": "textarea", "label": "Short summary", "max_words": 50},
                {
                    "key": "stage",
                    "type": "choice",
                    "label": "Stage",
                    "choices": [["pilot", "Pilot"], ["operating", "Operating"]],
                },
                {"key": "city", "type": "text", "label": "City", "identifying": True},
                {
                    "key": "indicators",
                    "type": "table",
                    "label": "Indicators",
                    "columns": [["indicator", "Indicator"], ["result", "Result"]],
                },
                {
                    "key": "cost",
                    "type": "money",
                    "label": "Cost",
                    "currencies": [["KRW", "Korean won"], ["USD", "US dollar"]],
                    "show_if": {"field": "stage", "in": ["pilot", "operating"]},
                },
                {
                    "key": "operator",
                    "type": "text",
                    "label": "Operator",
                    "required": True,
                    "show_if": {"field": "stage", "in": ["operating"]},
                },
            ],
        },
        {
            "key": "files",
            "title": "Files",
            "kind": "attachments",
            "max_files": 5,
            "min_files": 1,
            "types": ["pdf", "image"],
        },
    ],
}


def changed(edit) -> dict:
    new = copy.deepcopy(BASE)
    edit(new)
    return new


def fields(schema, step=0):
    return schema["steps"][step]["fields"]


def field(schema, key):
    return next(f for step in schema["steps"] for f in step.get("fields", ()) if f["key"] == key)


def files_step(schema):
    return next(step for step in schema["steps"] if step["key"] == "files")


SAFE = {
    "reword a label and help": lambda s: field(s, "summary").update(
        label="Summary", help="Briefly."
    ),
    "raise a limit": lambda s: field(s, "title").update(max_length=300),
    "add an optional field": lambda s: fields(s).append(
        {"key": "site", "type": "url", "label": "Website"}
    ),
    "add an option": lambda s: field(s, "stage")["choices"].append(["planned", "Planned"]),
    "reword an option": lambda s: field(s, "stage")["choices"][0].__setitem__(1, "A pilot"),
    "add a column at the end": lambda s: field(s, "indicators")["columns"].append(
        ["baseline", "Base"]
    ),
    "move a field": lambda s: fields(s).insert(0, fields(s).pop(1)),
    "hide one more answer from blind rounds": lambda s: field(s, "summary").update(
        identifying=True
    ),
    "make a required field optional": lambda s: field(s, "title").update(required=False),
    "allow more files": lambda s: s["steps"][1].update(max_files=10),
    "add an optional step": lambda s: s["steps"].insert(
        1,
        {
            "key": "more",
            "title": "More",
            "fields": [{"key": "notes", "type": "textarea", "label": "Notes"}],
        },
    ),
    "add a currency": lambda s: field(s, "cost")["currencies"].append(["EUR", "Euro"]),
    "add a condition to a field": lambda s: field(s, "city").update(
        show_if={"field": "stage", "in": ["pilot"]}
    ),
    "change the condition of an optional field": lambda s: field(s, "cost").update(
        show_if={"field": "stage", "in": ["pilot"]}
    ),
    "accept more kinds of file": lambda s: files_step(s).update(
        types=[*files_step(s).get("types", form_schema.FILE_KINDS), "office"]
    ),
    "accept every kind of file": lambda s: files_step(s).pop("types", None),
}

REFUSED = {
    "remove a field": (lambda s: fields(s).pop(1), "Keep the field “Short summary”"),
    "remove a step": (lambda s: s["steps"].pop(1), "Keep the step “Files”"),
    "change a type": (lambda s: field(s, "summary").update(type="text"), "same kind of answer"),
    "require an optional answer": (
        lambda s: field(s, "summary").update(required=True),
        "Leave “Short summary” (The project) optional",
    ),
    "lower a limit": (
        lambda s: field(s, "summary").update(max_words=20),
        "Keep the limit of “Short summary”",
    ),
    "add a limit": (lambda s: field(s, "stage").update(max_length=10), "Keep the limit of “Stage”"),
    "remove an option": (
        lambda s: field(s, "stage")["choices"].pop(0),
        "answers already chose pilot",
    ),
    "add a required field": (
        lambda s: fields(s).append(
            {"key": "budget", "type": "number", "label": "Budget", "required": True}
        ),
        "Make the new field “Budget” (The project) optional",
    ),
    "publish an answer": (
        lambda s: field(s, "summary").update(public=True),
        "Leave “Short summary” (The project) private",
    ),
    "reveal an answer to blind rounds": (
        lambda s: field(s, "city").update(identifying=False),
        "Keep “City” (The project) hidden",
    ),
    "require more files": (
        lambda s: s["steps"][1].update(min_files=2),
        "Keep the number of files required on “Files”",
    ),
    "allow fewer files": (
        lambda s: s["steps"][1].update(max_files=2),
        "Keep the file limits of “Files”",
    ),
    "reorder table columns": (
        lambda s: field(s, "indicators")["columns"].reverse(),
        "Keep the columns of “Indicators”",
    ),
    "remove a currency": (
        lambda s: field(s, "cost")["currencies"].pop(1),
        "Keep the currencies of “Cost” (The project): answers may already be in USD",
    ),
    "remove the condition of a required field": (
        lambda s: field(s, "operator").pop("show_if"),
        "Keep the condition of “Operator” (The project)",
    ),
    "change the condition of a required field": (
        lambda s: field(s, "operator").update(show_if={"field": "stage", "in": ["pilot"]}),
        "Keep the condition of “Operator” (The project)",
    ),
    "accept fewer kinds of file": (
        lambda s: files_step(s).update(types=["pdf"]),
        "Keep the kinds of file “Files” accepts (JPEG, PNG)",
    ),
    "change the title field": (
        lambda s: s.update(title_field="summary"),
        "Keep the same field as the entries' title.",
    ),
}


@pytest.mark.parametrize("name", sorted(SAFE))
def test_a_change_that_keeps_every_answer_readable_is_allowed(name):
    assert problems(BASE, changed(SAFE[name])) == []


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_change_that_would_break_answers_is_refused_with_what_to_do(name):
    edit, message = REFUSED[name]

    found = problems(BASE, changed(edit))

    assert found, name
    assert any(message in text for text in found), found


def test_a_schema_the_platform_cannot_read_is_refused_before_comparing():
    with pytest.raises(form_schema.SchemaError):
        problems(BASE, {"steps": [{"key": "a"}, {"key": "a"}]})


ANSWERS = st.fixed_dictionaries(
    {
        "title": st.text(min_size=1, max_size=200).filter(str.strip),
        "summary": st.lists(st.sampled_from(["word", "city", "data"]), max_size=50).map(" ".join),
        "stage": st.sampled_from(["", "pilot", "operating"]),
        "city": st.text(max_size=30),
    }
)


@settings(max_examples=60, deadline=None)
@given(answers=ANSWERS, edits=st.lists(st.sampled_from(sorted(SAFE)), max_size=4, unique=True))
def test_answers_that_satisfied_the_form_still_do_after_any_allowed_change(answers, edits):
    new = copy.deepcopy(BASE)
    for name in edits:
        SAFE[name](new)
    assert problems(BASE, new) == []
    before, after = form_schema.Schema.parse(BASE), form_schema.Schema.parse(new)
    if not form_schema.missing(before, answers):
        assert form_schema.missing(after, answers) == []
