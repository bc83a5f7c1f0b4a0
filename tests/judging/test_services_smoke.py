"""A first pass through the judging services (detailed tests live beside each subject)."""

import pytest

from judging import services
from judging.enums import ReviewStatus
from judging.results import round_results
from judging.selectors import assignment_for_judge, judge_assignments

pytestmark = pytest.mark.django_db


def test_a_judge_scores_submits_and_results_appear(judging):
    judge = judging.users["judge"]
    assignment = judging.assignment()
    c1, c2, c3 = judging.criteria
    review, errors = services.review_save(assignment=assignment, by=judge,
                                          scores={c1.pk: "8", c2.pk: "11", c3.pk: ""},
                                          version=1)
    assert errors == {c2.pk: "Enter a whole number from 1 to 10."}
    assert review.version == 2
    review, errors = services.review_save(assignment=assignment, by=judge,
                                          scores={c2.pk: "6", c3.pk: "7"}, version=2)
    review = services.review_submit(assignment=assignment, by=judge)
    assert review.status == ReviewStatus.SUBMITTED
    assert services.review_submit(assignment=assignment, by=judge).version == review.version
    results = round_results(judging.round)
    [cat] = results.categories
    assert cat.results[judging.entry.pk].reviews == 1
    # (2*7/9 + 5/9 + 6/9) / 4 * 100
    assert cat.results[judging.entry.pk].mean == pytest.approx(100 * (14 + 5 + 6) / 36)


def test_conflicted_judge_sees_nothing_and_recusal_replaces(judging):
    conflicted = judging.users["conflicted_judge"]
    assert assignment_for_judge(conflicted, judging.round.pk, judging.entry.pk) is None
    judge = judging.users["judge"]
    assert len(judge_assignments(judge, judging.round)) == 3
    replacement = services.recuse(assignment=judging.assignment(), by=judge,
                                  reason="My former employer advised this city.")
    assert replacement is not None
    assert replacement.judge == judging.users["unassigned_judge"]
    assert assignment_for_judge(judge, judging.round.pk, judging.entry.pk) is None
