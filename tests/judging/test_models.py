"""The database keeps the judging configuration sane, whatever writes it."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from judging.enums import ConflictScope, ReviewStatus
from judging.models import Assignment, ConflictDeclaration, Criterion, Review, Round
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_one(season):
    edition = season.edition
    return Round.objects.create(edition=edition, number=1, name="Round 1: online screening",
                                opens_at=edition.call_closes_at,
                                closes_at=edition.call_closes_at + timedelta(days=7))


def refused(**kwargs):
    model = kwargs.pop("model")
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**kwargs)


def test_a_round_closes_after_it_opens_and_numbers_are_unique(round_one):
    refused(model=Round, edition=round_one.edition, number=2, name="Backwards",
            opens_at=round_one.closes_at, closes_at=round_one.opens_at)
    refused(model=Round, edition=round_one.edition, number=1, name="Again",
            opens_at=round_one.opens_at, closes_at=round_one.closes_at)
    assert round_one.tie_break == ["normalised", "median", "reviews"]


def test_a_criterion_needs_a_real_scale_and_no_negative_weight(round_one):
    category = CategoryFactory(edition=round_one.edition)
    refused(model=Criterion, round=round_one, category=category, name="Impact",
            scale_min=10, scale_max=1)
    refused(model=Criterion, round=round_one, category=category, name="Design", weight=-1)
    Criterion.objects.create(round=round_one, category=category, name="Impact", weight=2)


def test_a_conflict_names_what_it_is_with(season):
    judge = UserFactory()
    refused(model=ConflictDeclaration, edition=season.edition, judge=judge,
            scope=ConflictScope.ORGANISATION, reason="I advise them")
    refused(model=ConflictDeclaration, edition=season.edition, judge=judge,
            scope=ConflictScope.CITY, reason="My home town")
    ConflictDeclaration.objects.create(edition=season.edition, judge=judge,
                                       scope=ConflictScope.ENTRY, entry=season.entry,
                                       reason="I wrote a letter of support")


def test_abstaining_needs_a_reason_and_a_judge_is_assigned_once(round_one, season):
    judge = season.users["judge"]
    assignment = Assignment.objects.create(round=round_one, entry=season.entry, judge=judge)
    refused(model=Assignment, round=round_one, entry=season.entry, judge=judge)
    refused(model=Review, assignment=assignment, status=ReviewStatus.ABSTAINED)
    Review.objects.create(assignment=assignment, status=ReviewStatus.ABSTAINED,
                          abstain_reason="Outside my expertise")
