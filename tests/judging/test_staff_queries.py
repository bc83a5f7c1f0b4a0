"""The staff pages make the same number of queries with 5 entries as with 100 (data built with
bulk_create: entries, judges' assignments, submitted reviews and their scores)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from entries.enums import EntryStatus
from entries.models import Entrant, Entry
from judging.enums import ReviewStatus, RoundStatus
from judging.models import Assignment, PanelMembership, Review, RoundEntry, Score
from prize.enums import Role
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.factories import (
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    EntryFormFactory,
    RoleFactory,
    RoundFactory,
    RoundQuotaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JUDGES = 6
PER_ENTRY = 3


def build(edition, number: int, size: int, status=RoundStatus.OPEN):
    """A round of ``size`` entries in one category, 3 judges each, two thirds of the reviews
    submitted and one abstention."""
    category = CategoryFactory(edition=edition, code=f"C{number}", slug=f"c{number}",
                               name=f"Category {number}")
    form = EntryFormFactory(edition=edition)
    round = RoundFactory(edition=edition, number=number, status=status,
                         judges_per_entry=PER_ENTRY)
    RoundQuotaFactory(round=round, category=category, advance=max(1, size // 5))
    criteria = [CriterionFactory(round=round, category=category, name=name, weight=w)
                for name, w in (("Innovation", 2), ("Design", 1), ("Impact", 1))]
    entrants = Entrant.objects.bulk_create([
        Entrant(kind="city_government", name=f"City {number}-{i}", city=f"Town {i}",
                country="KR", contact_name="Contact", contact_email=f"c{number}-{i}@example.org")
        for i in range(size)])
    entries = Entry.objects.bulk_create([
        Entry(edition=edition, category=category, entrant=entrant, form=form,
              status=EntryStatus.ELIGIBLE, reference=f"Q{number}-{i:04d}", title=f"Entry {i}")
        for i, entrant in enumerate(entrants)])
    RoundEntry.objects.bulk_create([RoundEntry(round=round, entry=e) for e in entries])
    judges = [UserFactory(email=f"judge{number}-{j}@example.org") for j in range(JUDGES)]
    PanelMembership.objects.bulk_create([
        PanelMembership(round=round, category=category, judge=j) for j in judges])
    assignments = Assignment.objects.bulk_create([
        Assignment(round=round, entry=e, judge=judges[(i + k) % JUDGES])
        for i, e in enumerate(entries) for k in range(PER_ENTRY)])
    reviews = Review.objects.bulk_create([
        Review(assignment=a, status=ReviewStatus.SUBMITTED if n % 3 else ReviewStatus.DRAFT)
        for n, a in enumerate(assignments)])
    Review.objects.filter(pk=reviews[1].pk).update(status=ReviewStatus.ABSTAINED,
                                                   abstain_reason="I know them.")
    Score.objects.bulk_create([
        Score(review=r, criterion=c, value=Decimal(1 + (n * 7 + k * 3) % 10))
        for n, r in enumerate(reviews) for k, c in enumerate(criteria)])
    return round


@pytest.fixture
def rounds():
    edition = EditionFactory()
    small = build(edition, 1, 5)
    large = build(edition, 2, 100)
    coordinator = UserFactory(email="coordinator@example.org")
    RoleFactory(user=coordinator, edition=edition, role=Role.COORDINATOR)
    client = CommittingClient()
    client.force_login(coordinator, backend=BACKEND)
    return client, small, large


PAGES = [
    ("judging:staff_progress", ()),
    ("judging:staff_results", ()),
    ("judging:staff_assignments", ()),
    ("judging:staff_panels", ()),
    ("judging:staff_round", ()),
    ("judging:staff_export", ("csv",)),
    ("judging:staff_export", ("xlsx",)),
]


def read(client, url) -> bytes:
    """The whole answer, also of a streamed one (whose queries run as it is read)."""
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(("name", "extra"), PAGES)
def test_same_queries_with_5_and_100_entries(rounds, count_queries, name, extra):
    client, small, large = rounds
    counts = []
    for round in (small, large):
        url = reverse(name, args=[round.pk, *extra])
        read(client, url)  # warm the caches
        counts.append(count_queries(lambda url=url: read(client, url)))
    assert counts[0] == counts[1]


def test_shortlist_of_a_closed_round(rounds, count_queries):
    client, small, large = rounds
    counts = []
    for round in (small, large):
        type(round).objects.filter(pk=round.pk).update(status=RoundStatus.CLOSED)
        url = reverse("judging:staff_shortlist", args=[round.pk])
        assert client.get(url).status_code == 200
        counts.append(count_queries(lambda url=url: client.get(url)))
    assert counts[0] == counts[1]


def test_the_leaderboard_lists_every_entry(rounds):
    client, _small, large = rounds
    html = client.get(reverse("judging:staff_results", args=[large.pk])).content.decode()
    assert html.count("/results/") >= 100
    assert "Q2-0099" in html
