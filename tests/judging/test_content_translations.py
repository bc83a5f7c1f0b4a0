"""Judging's texts in English and Korean: rounds and criteria typed side by side, judges reading
them in their language, the invitation e-mail in the judge's language, and figures that do not
depend on the reader's language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from judging import services
from judging.models import Criterion, Round
from judging.results import round_results, scoring_criteria
from prize.models import Notification, User
from prize.outbox import render
from tests.judging.test_staff_rounds import config, make_draft, overview

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_to_start_with():
    with translation.override("en"):
        yield


def test_a_criterion_is_typed_in_both_languages_and_saved_in_each(judging):
    round = make_draft(judging)
    category = judging.season.category
    client = judging.client("coordinator")
    target = reverse("judging:staff_criteria", args=[round.pk])
    page = client.get(target).content.decode()
    prefix = f"new-{category.pk}"
    assert re.search(rf'name="{prefix}-guidance_ko"[^>]*lang="ko"|lang="ko"[^>]*'
                     rf'name="{prefix}-guidance_ko"', page)
    assert f'id="pair-id_{prefix}-name"' in page

    response = client.post(target, {
        "action": "save", "category": category.pk, f"{prefix}-name": "Reach",
        f"{prefix}-name_ko": "확산성", f"{prefix}-guidance": "How far it can spread.",
        f"{prefix}-guidance_ko": "얼마나 널리 확산될 수 있는지 봅니다.",
        f"{prefix}-weight": "1", f"{prefix}-scale_min": "1", f"{prefix}-scale_max": "10",
        f"{prefix}-order": "9"})

    assert response.status_code == 302
    criterion = Criterion.objects.get(round=round, name_en="Reach")
    assert criterion.name_ko == "확산성"
    assert criterion.guidance_ko == "얼마나 널리 확산될 수 있는지 봅니다."
    with translation.override("ko"):
        assert Criterion.objects.get(pk=criterion.pk).name == "확산성"


def test_a_round_is_named_in_both_languages(judging):
    round = make_draft(judging)

    response = judging.client("coordinator").post(overview(judging), config(
        round, name="Online screening", name_ko="온라인 심사"))

    assert response.status_code == 302
    round.refresh_from_db()
    assert (round.name_en, round.name_ko) == ("Online screening", "온라인 심사")


def test_the_korean_name_of_a_criterion_taken_in_its_category_is_a_form_error(judging):
    round = make_draft(judging)
    category = judging.season.category
    existing = Criterion.objects.filter(round=round, category=category).first()
    Criterion.objects.filter(pk=existing.pk).update(name_ko="영향")
    prefix = f"new-{category.pk}"

    response = judging.client("coordinator").post(
        reverse("judging:staff_criteria", args=[round.pk]),
        {"action": "save", "category": category.pk, f"{prefix}-name": "Reach",
         f"{prefix}-name_ko": "영향", f"{prefix}-weight": "1", f"{prefix}-scale_min": "1",
         f"{prefix}-scale_max": "10", f"{prefix}-order": "9"})

    assert response.status_code == 400
    assert "Choose another: “영향” is already used here." in response.content.decode()


def test_the_figures_name_criteria_the_same_whatever_the_readers_language(judging):
    criteria = list(Criterion.objects.filter(round=judging.round))
    for criterion in criteria:
        Criterion.objects.filter(pk=criterion.pk).update(name_ko=f"기준 {criterion.pk}")
    criteria = list(Criterion.objects.filter(round=judging.round))

    in_english = [c.name for c in scoring_criteria(criteria)]
    with translation.override("ko"):
        in_korean = [c.name for c in scoring_criteria(criteria)]
        results = round_results(judging.round)

    assert in_korean == in_english == [c.name_en for c in criteria]
    assert results is not None


def test_the_invitation_names_the_round_and_category_in_the_judges_language(judging):
    category = judging.season.category
    category.name_ko = "테크 이노바시티"
    category.save()
    Round.objects.filter(pk=judging.round.pk).update(name_ko="온라인 심사")
    judging.round.refresh_from_db()
    User.objects.create_user(email="minji@example.org", password=None, language="ko")

    with translation.override("en"):  # the coordinator works in English
        services.judge_invite(round=judging.round, category=category,
                              email="minji@example.org", by=judging.users["coordinator"])
        services.judge_invite(round=judging.round, category=category,
                              email="ana@example.org", by=judging.users["coordinator"])

    korean = Notification.objects.get(to_email="minji@example.org")
    assert (korean.context["round_name"], korean.context["category_name"]) == (
        "온라인 심사", "테크 이노바시티")
    assert "테크 이노바시티" in render(korean).text
    english = Notification.objects.get(to_email="ana@example.org")
    assert english.context["category_name"] == category.name_en
