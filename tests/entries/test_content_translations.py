"""The templated screening reasons in English and Korean: typed side by side, each language
kept in its own column whoever types it, offered to the staff in their language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from entries.models import ScreeningReason

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_to_start_with():
    with translation.override("en"):
        yield


def test_a_reason_is_written_in_both_languages_side_by_side(season):
    client = season.client("secretariat")
    url = reverse("entries:staff_reasons", args=[season.edition.slug])
    page = client.get(url).content.decode()
    assert re.search(r'<input[^>]*name="text_ko"[^>]*lang="ko"|<input[^>]*lang="ko"[^>]*'
                     r'name="text_ko"', page)
    assert 'id="pair-id_text"' in page

    client.post(url, {"decision": "ineligible", "text": "Not implemented yet.",
                      "text_ko": "  아직   시행되지 않은 사업 ", "order": "1"})

    reason = ScreeningReason.objects.get(edition=season.edition)
    assert (reason.text_en, reason.text_ko) == ("Not implemented yet.", "아직 시행되지 않은 사업")
    form = client.get(reverse("entries:staff_reason", args=[season.edition.slug, reason.pk]))
    assert 'value="아직 시행되지 않은 사업"' in form.content.decode()


def test_a_korean_member_of_staff_changes_the_english_text_in_the_english_box(season):
    reason = ScreeningReason.objects.create(edition=season.edition, decision="ineligible",
                                            text="Duplicate entry", text_ko="중복 응모작")
    user = season.users["secretariat"]
    user.language = "ko"
    user.save(update_fields=["language"])

    season.client("secretariat").post(
        reverse("entries:staff_reason", args=[season.edition.slug, reason.pk]),
        {"decision": "ineligible", "text": "Duplicate entries", "text_ko": "중복 응모작",
         "order": "0"}, HTTP_ACCEPT_LANGUAGE="ko")

    reason.refresh_from_db()
    assert (reason.text_en, reason.text_ko) == ("Duplicate entries", "중복 응모작")
    with translation.override("ko"):
        assert ScreeningReason.objects.get(pk=reason.pk).text == "중복 응모작"


def test_an_over_long_korean_reason_is_a_form_error(season):
    response = season.client("secretariat").post(
        reverse("entries:staff_reasons", args=[season.edition.slug]),
        {"decision": "ineligible", "text": "Too long", "text_ko": "가" * 301, "order": "0"})

    assert response.status_code == 400
    assert "Shorten the reason to 300 characters (it has 301)." in response.content.decode()
    assert not ScreeningReason.objects.exists()


def test_an_entrant_whose_language_is_korean_gets_a_receipt_naming_the_category_in_korean(
        season, django_capture_on_commit_callbacks):
    from entries import services
    from prize.models import Notification

    owner = season.users["entrant"]
    owner.language = "ko"
    owner.save(update_fields=["language"])
    season.category.name_ko = "테크 이노바시티"
    season.category.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.entry_submit(entry=season.draft, by=owner)  # submitted from an English page

    receipt = Notification.objects.get(template="entries/receipt", recipient=owner)
    assert receipt.language == "ko"
    assert receipt.context["category"] == "테크 이노바시티"
