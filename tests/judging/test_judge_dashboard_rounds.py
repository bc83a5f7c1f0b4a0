"""The judge's dashboard over several rounds and editions: the same queries whatever the number
of rounds, each edition's declared conflicts applied to its own rounds only, and a blind round's
titles hidden by a redaction of the title's answer."""

import pytest
from django.urls import reverse

from entries import redaction
from entries.schema import Schema
from judging.enums import ConflictScope, ReviewStatus, RoundStatus
from judging.models import Assignment, ConflictDeclaration, Review
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    EntrantFactory,
    EntryFactory,
    EntryFormFactory,
    RoleFactory,
    RoundEntryFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def judge_client(judge) -> CommittingClient:
    client = CommittingClient()
    client.force_login(judge, backend=BACKEND)
    return client


def assign(judge, round, *, entrant=None, title="Smart crossings", status=None):
    edition = round.edition
    form = EntryFormFactory(edition=edition)
    n = Assignment.objects.filter(round__edition=edition).count()
    entry = EntryFactory(edition=edition, category=CategoryFactory(edition=edition), form=form,
                         entrant=entrant or EntrantFactory(city=f"City {n}", country="BR"),
                         status="eligible", title=title,
                         answers={"title": title, "summary": "A pilot."},
                         reference=f"{edition.short_name}-R{round.number}-{n:03d}")
    RoundEntryFactory(round=round, entry=entry)
    assignment = Assignment.objects.create(round=round, entry=entry, judge=judge)
    if status:
        Review.objects.create(assignment=assignment, status=status)
    return entry


def judge_of(*editions):
    judge = UserFactory()
    for edition in editions:
        RoleFactory(user=judge, edition=edition, role="judge")
    return judge


def test_three_rounds_in_two_editions_cost_the_queries_of_one(count_queries):
    older, newer = EditionFactory(is_current=False, year=2022), EditionFactory(year=2023)
    judge = judge_of(older, newer)
    first = RoundFactory(edition=newer, number=1, status=RoundStatus.OPEN)
    assign(judge, first, status=ReviewStatus.SUBMITTED)
    assign(judge, first)
    client, url = judge_client(judge), reverse("judging:dashboard")
    client.get(url)
    one = count_queries(lambda: client.get(url))

    closed = RoundFactory(edition=newer, number=2, status=RoundStatus.CLOSED, name="Final jury")
    past = RoundFactory(edition=older, number=1, status=RoundStatus.FINALISED, name="Past round")
    listed = [(round, assign(judge, round, status=ReviewStatus.SUBMITTED))
              for round in (closed, past) for _ in range(3)]
    client.get(url)
    assert count_queries(lambda: client.get(url)) == one
    page = client.get(url).content.decode()
    assert page.count('class="card shadow-sm mb-4 judge-round"') == 3
    assert "Final jury" in page and "Past round" in page
    assert page.count("-R2-") == 3 * 2  # each entry's reference, and in its button's name
    for round, entry in listed:  # each entry's button opens its scoring page in its round
        assert f'href="{reverse("judging:review", args=[round.pk, entry.pk])}">View' in page


def test_a_conflict_declared_in_one_edition_leaves_the_other_editions_rounds_alone():
    older, newer = EditionFactory(is_current=False, year=2022), EditionFactory(year=2023)
    judge = judge_of(older, newer)
    entrant = EntrantFactory(name="Lyon Mobility Agency", city="Lyon", country="FR")
    past = RoundFactory(edition=older, number=1, status=RoundStatus.FINALISED)
    current = RoundFactory(edition=newer, number=1, status=RoundStatus.OPEN)
    old_entry = assign(judge, past, entrant=entrant)
    new_entry = assign(judge, current, entrant=entrant)
    ConflictDeclaration.objects.create(edition=newer, judge=judge,
                                       scope=ConflictScope.ORGANISATION, entrant=entrant,
                                       reason="I advised them.")
    page = judge_client(judge).get(reverse("judging:dashboard")).content.decode()
    assert old_entry.reference in page
    assert new_entry.reference not in page


def test_a_blind_round_hides_a_title_whose_answer_holds_a_redacted_passage(count_queries):
    edition = EditionFactory()
    judge = judge_of(edition)
    round = RoundFactory(edition=edition, number=1, status=RoundStatus.OPEN, blind=True)
    # The listed title is cut short; the passage staff hid is in the title's answer only.
    first = assign(judge, round, title="Smart crossings")
    client, url = judge_client(judge), reverse("judging:dashboard")

    def hide_in_answer(entry):
        entry.answers = {**entry.answers, "title": "Smart crossings of Lyon"}
        entry.save()
        redaction.redaction_add(entry=entry, schema=Schema.parse(entry.form.schema),
                                text="Lyon", field_key="", by=None)

    hide_in_answer(first)
    client.get(url)
    one = count_queries(lambda: client.get(url))
    page = client.get(url).content.decode()
    assert first.reference in page and "Smart crossings" not in page

    others = [assign(judge, round, title=f"Smart crossings {n}") for n in range(3)]
    shown = client.get(url).content.decode()
    assert all(f"Smart crossings {n}" in shown for n in range(3))
    for entry in others:
        hide_in_answer(entry)
    assert count_queries(lambda: client.get(url)) == one
    page = client.get(url).content.decode()
    assert "Smart crossings" not in page
    assert all(entry.reference in page for entry in [first, *others])
