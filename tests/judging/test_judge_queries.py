"""The judge's pages make as many queries with 100 assigned entries as with 5."""

import pytest
from django.urls import reverse

from judging.enums import ReviewStatus, RoundStatus
from judging.models import Assignment, Review, Score
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.factories import (
    CategoryFactory,
    CriterionFactory,
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


def build(size: int, *, blind: bool):
    """A judge with ``size`` entries of an open round (a third submitted, a third started)."""
    edition = EditionFactory(is_current=False)
    categories = [CategoryFactory(edition=edition), CategoryFactory(edition=edition)]
    form = EntryFormFactory(edition=edition)
    round = RoundFactory(edition=edition, status=RoundStatus.OPEN, blind=blind)
    criteria = {c.pk: [CriterionFactory(round=round, category=c) for _ in range(3)]
                for c in categories}
    judge = UserFactory()
    RoleFactory(user=judge, edition=edition, role="judge")
    entries = []
    for n in range(size):
        category = categories[n % 2]
        entry = EntryFactory(edition=edition, category=category, form=form,
                             entrant=EntrantFactory(city=f"City {n}", country="BR"),
                             status="eligible",
                             reference=f"{edition.short_name}-Q-{n:04d}")
        RoundEntryFactory(round=round, entry=entry)
        assignment = Assignment.objects.create(round=round, entry=entry, judge=judge)
        if n % 3:
            review = Review.objects.create(
                assignment=assignment,
                status=ReviewStatus.SUBMITTED if n % 3 == 1 else ReviewStatus.DRAFT)
            Score.objects.bulk_create(Score(review=review, criterion=c, value=5)
                                      for c in criteria[category.pk])
        entries.append(entry)
    client = CommittingClient()
    client.force_login(judge, backend=BACKEND)
    return client, round, entries


@pytest.mark.parametrize("blind", [False, True])
def test_the_dashboard(count_queries, blind):
    counts = []
    for size in (5, 100):
        client, _round, _entries = build(size, blind=blind)
        url = reverse("judging:dashboard")
        client.get(url)  # sessions and caches warm
        counts.append(count_queries(lambda c=client, u=url: c.get(u)))
        assert client.get(url).content.decode().count("-Q-0") >= size
    assert counts[0] == counts[1]


@pytest.mark.parametrize("blind", [False, True])
def test_the_scoring_page(count_queries, blind):
    counts = []
    for size in (5, 100):
        client, round, entries = build(size, blind=blind)
        url = reverse("judging:review", args=[round.pk, entries[1].pk])
        client.get(url)
        counts.append(count_queries(lambda c=client, u=url: c.get(u)))
        assert client.get(url).status_code == 200
    assert counts[0] == counts[1]


def test_save_and_next(count_queries):
    counts = []
    for size in (5, 100):
        client, round, entries = build(size, blind=False)
        url = reverse("judging:review_save", args=[round.pk, entries[0].pk])
        data = {"version": 1, "action": "next"}
        counts.append(count_queries(lambda c=client, u=url, d=data: c.post(u, d)))
    assert counts[0] == counts[1]
