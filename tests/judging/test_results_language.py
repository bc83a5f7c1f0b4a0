"""A round's results explain their figures in the reader's language: the scoring module's
English sentences (marked for the catalogue) are translated where the pages read them, with the
round's threshold and ranking rule, a criterion named in the reader's language too."""

import pytest
from django.utils import translation

from judging import scoring
from judging.results import round_results
from judging.scoring.ranking import KEY_WORDS
from tests.judging.test_results import full_round  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_explanations_read_in_korean(full_round, korean_catalogue):  # noqa: F811
    korean_catalogue(scoring.EXPLANATIONS["mean"],
                     "이 응모작에 대한 심사위원 가중 합계의 평균입니다.")
    korean_catalogue(scoring.EXPLANATIONS["disagreement"],
                     "심사위원 합계의 표준편차가 {threshold}점을 넘으면 표시합니다.")
    korean_catalogue(scoring.EXPLANATIONS["rank"],
                     "{chain} 순으로 정렬하며, 모두 같으면 같은 순위입니다.")
    korean_catalogue(KEY_WORDS["median"], "중앙값 합계")
    korean_catalogue("the mean score on “%(criterion)s”", "“%(criterion)s” 평균 점수")
    korean_catalogue("%(chain)s, then %(next)s", "%(chain)s, 다음으로 %(next)s")
    round = full_round.round
    criterion = full_round.criteria[0]
    criterion.name_ko = "혁신성"
    criterion.save()
    round.disagreement_threshold = 12.5
    round.rank_by = "median"
    round.tie_break = [f"criterion:{criterion.name_en}"]
    round.save()

    with translation.override("ko"):
        results = round_results(round)

    explanations = results.explanations
    assert explanations["mean"] == "이 응모작에 대한 심사위원 가중 합계의 평균입니다."
    assert explanations["disagreement"] == "심사위원 합계의 표준편차가 12.5점을 넘으면 표시합니다."
    rule = "중앙값 합계, 다음으로 “혁신성” 평균 점수 순으로 정렬하며, 모두 같으면 같은 순위입니다."
    assert explanations["rank"] == rule
    assert [cat.ranking.explanation for cat in results.categories] == [rule]


def test_in_english_they_read_as_the_scoring_module_writes_them(full_round):  # noqa: F811
    round = full_round.round
    round.rank_by = "normalised"
    round.tie_break = ["median", "reviews"]
    round.save()
    results = round_results(round)
    assert results.explanations["rank"] == scoring.explain_tie_break(
        ("normalised", "median", "reviews"))
    assert results.explanations["alpha"] == scoring.EXPLANATIONS["alpha"]
