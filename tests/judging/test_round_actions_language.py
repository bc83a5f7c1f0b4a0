"""A round's page offers opening, closing and reopening it in the reader's language: the
buttons and what each does read in Korean on a Korean page, in English on an English one."""

import pytest
from django.urls import reverse

from judging.enums import RoundStatus
from judging.models import Round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "status", "button"), [
    ("en", RoundStatus.DRAFT, "Open the round"),
    ("en", RoundStatus.OPEN, "Close the round"),
    ("ko", RoundStatus.DRAFT, "심사 단계 시작"),
    ("ko", RoundStatus.OPEN, "심사 단계 마감"),
])
def test_the_status_buttons_follow_the_pages_language(judging, language, status, button):
    Round.objects.filter(pk=judging.round.pk).update(status=status)
    coordinator = judging.users["coordinator"]
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    page = judging.client("coordinator").get(
        reverse("judging:staff_round", args=[judging.round.pk]),
        HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"{button}…</summary>" in page
