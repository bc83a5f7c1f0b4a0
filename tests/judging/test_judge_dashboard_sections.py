"""A round's section of the judge's dashboard is drawn once and kept while what it shows is the
same; every change of what it shows (a review's status, the round closing, a title a blind
round hides, a conflict, a name, the language, the viewer's time zone, a filter) is drawn
afresh, never the kept one."""

import copy

import pytest
from django.urls import reverse

from entries import redaction
from entries.schema import Schema
from judging.enums import ConflictScope, RoundStatus
from judging.models import ConflictDeclaration
from judging.services.reviews import review_reopen, review_save, review_submit
from judging.views.judge.dashboard import forget

pytestmark = pytest.mark.django_db

SECTION = "judging/judge/_dashboard_section.html"
URL = reverse("judging:dashboard")


@pytest.fixture(autouse=True)
def nothing_kept():
    forget()
    yield
    forget()


def drawn(response) -> int:
    """How many sections the response drew (rather than took from what the process keeps)."""
    return sum(1 for t in response.templates if t.name == SECTION)


def visit(judging, **extra):
    response = judging.client("judge").get(URL, **extra)
    assert response.status_code == 200
    return response, response.content.decode()


def submit(judging, entry):
    assignment = judging.assignment("judge", entry)
    review_save(assignment=assignment, by=judging.users["judge"],
                scores={c.pk: 7 for c in judging.criteria})
    review_submit(assignment=judging.assignment("judge", entry), by=judging.users["judge"])


def test_an_unchanged_section_is_not_drawn_again(judging):
    first, page = visit(judging)
    assert drawn(first) == 1
    again, same = visit(judging)
    assert drawn(again) == 0
    assert all(entry.reference in same for entry in judging.entries[:3])
    assert same.count("<tr>") == page.count("<tr>") == 4  # the header and three entries


def test_a_submitted_review_and_its_reopening_are_shown_at_once(judging):
    _response, page = visit(judging)
    assert "0 of 3 scored" in page
    submit(judging, judging.entry)
    response, page = visit(judging)
    assert drawn(response) == 1
    assert "1 of 3 scored" in page
    assert 'status-submitted">Submitted</span>' in page
    review_reopen(assignment=judging.assignment("judge", judging.entry),
                  by=judging.users["judge"])
    _response, page = visit(judging)
    assert "0 of 3 scored" in page and 'status-submitted' not in page
    assert 'status-in_progress">In progress</span>' in page


def test_a_round_that_closes_offers_to_view_not_to_score(judging):
    _response, page = visit(judging)
    assert page.count(">Score<span") == 3
    judging.round.status = RoundStatus.CLOSED
    judging.round.save()
    _response, page = visit(judging)
    assert page.count(">Score<span") == 0 and page.count(">View<span") == 3
    assert "This round takes no more scores" in page


def test_a_title_a_blind_round_comes_to_hide_is_hidden_at_once(judging):
    judging.round.blind = True
    judging.round.save()
    entry = judging.entries[1]
    entry.title = "Smart crossings for Lyon"
    entry.answers = {**entry.answers, "title": entry.title}
    entry.save()
    _response, page = visit(judging)
    assert "Smart crossings for Lyon</div>" in page
    redaction.redaction_add(entry=entry, schema=Schema.parse(entry.form.schema),
                            text="Lyon", field_key="", by=None)
    _response, page = visit(judging)
    assert entry.reference in page
    assert "Smart crossings for Lyon" not in page


def test_an_entry_the_judge_declares_a_conflict_with_leaves_the_list(judging):
    entry = judging.entries[2]
    _response, page = visit(judging)
    assert entry.reference in page
    ConflictDeclaration.objects.create(
        edition=judging.round.edition, judge=judging.users["judge"],
        scope=ConflictScope.ENTRY, entry=entry, reason="My former client.")
    _response, page = visit(judging)
    assert entry.reference not in page and "0 of 2 scored" in page


def test_a_renamed_round_and_category_are_shown_at_once(judging):
    visit(judging)
    judging.round.name = "First reading"
    judging.round.save()
    category = judging.entry.category
    category.name = "Green mobility"
    category.save()
    _response, page = visit(judging)
    assert "First reading" in page and "Green mobility" in page


def test_each_language_and_time_zone_has_its_own_section(judging):
    _response, english = visit(judging)
    judge = judging.users["judge"]
    judge.language = "ko"
    judge.save()
    response, korean = visit(judging)
    assert drawn(response) == 1
    assert "시작 전" in korean and "시작 전" not in english
    client = judging.client("judge")
    client.cookies["tz"] = "America/Sao_Paulo"
    response = client.get(URL)
    assert drawn(response) == 1
    assert "(America/Sao_Paulo)" in response.content.decode()
    assert "(America/Sao_Paulo)" not in english


def test_a_filter_draws_the_rows_it_keeps(judging):
    submit(judging, judging.entry)
    _response, page = visit(judging)
    response, submitted = visit(judging, data={"status": "submitted"})
    assert drawn(response) == 1
    assert judging.entry.reference in submitted
    assert judging.entries[1].reference in page and judging.entries[1].reference not in submitted


def test_a_form_that_comes_to_mark_its_title_identifying_hides_the_titles_at_once(judging):
    judging.round.blind = True
    judging.round.save()
    title = judging.entries[1].title
    _response, page = visit(judging)
    assert f"{title}</div>" in page
    form = judging.entry.form
    schema = copy.deepcopy(form.schema)
    for step in schema["steps"]:
        for field in step.get("fields", []):
            if field["key"] == schema["title_field"]:
                field["identifying"] = True
    form.schema = schema
    form.save()
    _response, page = visit(judging)
    assert title not in page
    assert all(entry.reference in page for entry in judging.entries[:3])
    form.schema = {"steps": "not a list"}  # a form that cannot be read hides them too
    form.save()
    _response, page = visit(judging)
    assert title not in page and judging.entries[1].reference in page
