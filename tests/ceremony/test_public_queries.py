"""The winners page, a winner's page, the finalists and the entrant's dashboard make as many
queries with 100 winners as with 5."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremony.enums import AwardKind, AwardPool, DecisionStatus
from ceremony.models import Award, Decision, Publication
from entries.enums import EntryStatus
from entries.models import Attachment
from judging.enums import ReviewStatus, RoundStatus
from judging.models import Review, Score
from prize.enums import Role
from prize.models import Organisation
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.factories import (
    AssignmentFactory,
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    EntrantFactory,
    EntrantMemberFactory,
    EntryFactory,
    EntryFormFactory,
    RoleFactory,
    RoundEntryFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def season(size: int):
    """A published edition whose ``size`` winners (one entrant's entries, each with a picture
    and a judge's review) share one award, plus a special mention chosen with two partners."""
    edition = EditionFactory(is_current=False)
    category = CategoryFactory(edition=edition)
    form = EntryFormFactory(edition=edition)
    round = RoundFactory(edition=edition, number=3, status=RoundStatus.FINALISED)
    criterion = CriterionFactory(round=round, category=category)
    judge = UserFactory()
    RoleFactory(user=judge, edition=edition, role=Role.JUDGE)
    staff = [UserFactory(), UserFactory()]
    for user in staff:
        RoleFactory(user=user, edition=edition, role=Role.SECRETARIAT)
    entrant = EntrantFactory()
    member = EntrantMemberFactory(entrant=entrant)
    award = Award.objects.create(edition=edition, name="Grand prize", tier="Gold",
                                 category=category, winners=size)
    mention = Award.objects.create(edition=edition, name="Partners' mention",
                                   kind=AwardKind.SPECIAL_MENTION, pool=AwardPool.ELIGIBLE)
    mention.partners.set([Organisation.objects.create(edition=edition, name=n, role="partner")
                          for n in ("GGGI", "IMD")])
    entries = []
    for n in range(size):
        entry = EntryFactory(edition=edition, category=category, form=form, entrant=entrant,
                             status=EntryStatus.ELIGIBLE, submitted=True,
                             reference=f"{edition.short_name}-W-{n:04d}", title=f"Winner {n}")
        RoundEntryFactory(round=round, entry=entry)
        review = Review.objects.create(
            assignment=AssignmentFactory(round=round, entry=entry, judge=judge),
            status=ReviewStatus.SUBMITTED, feedback=f"Feedback {n}")
        Score.objects.create(review=review, criterion=criterion, value=8)
        Attachment.objects.create(entry=entry, file=f"x/{n}.jpg", original_name="p.jpg",
                                  content_type="image/jpeg", size=1, sha256=f"{n:064d}")
        entries.append(entry)
    now = timezone.now()
    Decision.objects.bulk_create(
        Decision(award=mention if n == 0 else award, entry=entry,
                 status=DecisionStatus.CONFIRMED, citation=f"Citation {n}",
                 proposed_by=staff[0], confirmed_by=staff[1], confirmed_at=now)
        for n, entry in enumerate([entries[0], *entries])
    )
    Publication.objects.create(edition=edition, published_at=now - timedelta(minutes=1),
                               show_scores=True)
    return edition, entries, member.user


def same_count(count_queries, url_of, *, login=False):
    counts = []
    for size in (5, 100):
        edition, entries, user = season(size)
        client = CommittingClient()
        if login:
            client.force_login(user, backend=BACKEND)
        url = url_of(edition, entries)
        assert client.get(url).status_code == 200  # sessions and caches warm
        counts.append(count_queries(lambda c=client, u=url: c.get(u)))
        page = client.get(url).content.decode()
        yield size, page
    assert counts[0] == counts[1], counts


def test_the_winners_page(count_queries):
    for size, page in same_count(count_queries,
                                 lambda e, _: reverse("ceremony:winners", args=[e.slug])):
        assert page.count('class="card h-100 winner-card"') == size + 1


def test_a_winners_page(count_queries):
    for _size, page in same_count(
        count_queries,
        lambda e, entries: reverse("ceremony:winner", args=[e.slug, entries[0].reference]),
    ):
        assert "Citation 0" in page and "Partners&#x27; mention" in page


def test_the_finalists_page(count_queries):
    for size, page in same_count(count_queries,
                                 lambda e, _: reverse("ceremony:finalists", args=[e.slug])):
        assert page.count('class="finalist-item"') == size


def test_the_entrants_dashboard(count_queries):
    for size, page in same_count(count_queries, lambda e, _: reverse("entries:dashboard"),
                                 login=True):
        assert page.count(">Winner</span>") == size
        assert page.count("8.0 out of 10") == size
