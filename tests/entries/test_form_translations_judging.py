"""A judge reading Korean scores an entry whose form reads in Korean: the labels, steps and
options in Korean, the answers as the entrant wrote them, in an open round and a blind one."""

import copy

import pytest
from django.urls import reverse

from tests.entries.test_form_translations import FORM, KO, speaks_korean
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("blind", [False, True])
def test_a_judge_reading_korean_sees_korean_labels_and_the_answers_as_written(
        judging, blind):  # noqa: F811
    entry = judging.entry
    entry.form.schema = copy.deepcopy(FORM)
    entry.form.save()
    entry.answers = {"title": "Smart crossings", "summary": "스마트 횡단보도를 설치했습니다.",
                     "sectors": ["mobility", "energy"], "budget_amount": "250000"}
    entry.save()
    judging.round.blind = blind
    judging.round.save()
    speaks_korean(judging.users["judge"])

    response = judging.client("judge").get(
        reverse("judging:review", args=[judging.round.pk, entry.pk]), **KO)

    page = response.content.decode()
    assert response.status_code == 200
    assert "사업 요약" in page and "Short summary" not in page
    assert "스마트 횡단보도를 설치했습니다." in page
    assert "교통" in page and "Energy" in page  # an option without Korean: its own label


def test_the_problems_of_an_assignment_are_worded_in_the_readers_language():
    from django.utils import translation

    from judging import assignment as algo
    from judging.services.assignments import problem_words

    problem = algo.Problem("conflict", "Judge 7 has a conflict of interest with entry 3: ...",
                           entry=3, judge=7, params={"reasons": [("city", "Seoul")]})
    messages = {
        "%(judge)s has a conflict of interest with %(entry)s: %(reasons)s.":
            "%(judge)s은(는) %(entry)s과(와) 이해충돌이 있습니다: %(reasons)s.",
        "same city (%(name)s)": "같은 도시(%(name)s)",
    }
    with translation.override("ko"):
        catalog = translation.trans_real.translation("ko")._catalog
        before = {key: catalog.get(key) for key in messages}
        try:
            for key, text in messages.items():
                catalog[key] = text
            korean = problem_words(problem, "SCP23-TI-0003", "Kim Judge")
        finally:
            for key, text in before.items():
                if text is None:
                    for part in catalog._catalogs:
                        part.pop(key, None)
                else:
                    catalog[key] = text
    english = problem_words(problem, "SCP23-TI-0003", "Kim Judge")

    assert korean == "Kim Judge은(는) SCP23-TI-0003과(와) 이해충돌이 있습니다: 같은 도시(Seoul)."
    assert english == ("Kim Judge has a conflict of interest with SCP23-TI-0003: "
                       "same city (Seoul).")
