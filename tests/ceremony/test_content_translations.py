"""The ceremony's texts in English and Korean: awards and the programme typed side by side,
each language kept in its own column whoever types it, and the result e-mail written in the
recipient's language."""

import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from ceremony import services
from ceremony.models import Award, Presenter
from prize.models import Notification
from tests.ceremony.programme_support import (  # noqa: F401 (fixtures, by name)
    ceremony_fixture,
    evening_fixture,
)
from tests.ceremony.staff_support import client_of, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_to_start_with():
    with translation.override("en"):
        yield


def award_data(final, **changes):
    data = {"name": "Bronze", "kind": "category", "category": final.categories[0].pk,
            "tier": "Bronze", "order": "3", "winners": "2", "pool": "finalists",
            "description": "Third tier."}
    data.update(changes)
    return data


def test_an_award_is_named_in_both_languages_side_by_side(ceremony):
    client = client_of(ceremony, "secretariat")
    page = client.get(url(ceremony, "staff_awards")).content.decode()
    assert re.search(r'<input[^>]*name="name_ko"[^>]*lang="ko"|<input[^>]*lang="ko"[^>]*'
                     r'name="name_ko"', page)
    assert 'id="pair-id_name"' in page and 'id="pair-id_description"' in page

    response = client.post(url(ceremony, "staff_awards"), award_data(
        ceremony, name_ko="동상", tier_ko="동상", description_ko="세 번째 등급입니다."))

    assert response.status_code == 302
    award = Award.objects.get(name_en="Bronze")
    assert (award.name_ko, award.tier_ko, award.description_ko) == (
        "동상", "동상", "세 번째 등급입니다.")
    with translation.override("ko"):
        assert str(award) == "동상 (동상)"


def test_a_korean_award_name_taken_in_the_edition_is_a_form_error(ceremony):
    Award.objects.filter(pk=ceremony.gold.pk).update(name_ko="금상")
    client = client_of(ceremony, "secretariat")

    response = client.post(url(ceremony, "staff_awards"), award_data(ceremony, name_ko="금상"))

    assert response.status_code == 400
    assert "Choose another: “금상” is already used here." in response.content.decode()
    assert not Award.objects.filter(name_en="Bronze").exists()


def test_a_korean_member_of_staff_changes_the_english_name_in_the_english_box(ceremony):
    client = client_of(ceremony, "secretariat")
    user = ceremony.users["secretariat"]
    user.language = "ko"
    user.save(update_fields=["language"])
    target = url(ceremony, "staff_award", ceremony.gold.pk)

    response = client.post(target, award_data(ceremony, name="Gold Prize", tier="Gold",
                                               name_ko="대상", order="1", winners="1"),
                           HTTP_ACCEPT_LANGUAGE="ko")

    assert response.status_code == 302
    ceremony.gold.refresh_from_db()
    assert (ceremony.gold.name_en, ceremony.gold.name_ko) == ("Gold Prize", "대상")


def test_over_long_korean_description_is_a_form_error(ceremony):
    response = client_of(ceremony, "secretariat").post(
        url(ceremony, "staff_awards"), award_data(ceremony, description_ko="가" * 5001))

    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()


def test_a_programme_item_and_a_presenter_keep_each_language(evening):
    client = client_of(evening, "secretariat")
    target = url(evening, "staff_programme_item", evening.speech.pk)

    response = client.post(target, {"action": "save", "starts": "15:12", "duration": "12",
                                    "title": "Keynote speech", "title_ko": "기조연설",
                                    "description": "", "description_ko": "시장 기조연설",
                                    "kind": "speech"})

    assert response.status_code == 302
    evening.speech.refresh_from_db()
    assert (evening.speech.title_en, evening.speech.title_ko) == ("Keynote speech", "기조연설")
    assert evening.speech.description_ko == "시장 기조연설"
    form = client.get(target).content.decode()
    assert 'value="기조연설"' in form and 'lang="ko"' in form

    presenter = Presenter.objects.filter(edition=evening.edition).first()
    response = client.post(url(evening, "staff_presenter", presenter.pk), {
        "action": "save", "name": presenter.name, "title": "Mayor", "title_ko": "시장",
        "organisation": "Seoul", "organisation_ko": "서울특별시", "bio": "", "bio_ko": "",
        "order": "0"})
    assert response.status_code == 302
    presenter.refresh_from_db()
    assert (presenter.title_en, presenter.title_ko, presenter.organisation_ko) == (
        "Mayor", "시장", "서울특별시")


def test_the_ceremonys_description_in_korean(evening):
    client = client_of(evening, "secretariat")
    target = url(evening, "staff_ceremony_details")
    page = client.get(target).content.decode()
    assert 'name="description_ko"' in page

    data = {"ceremony_at": evening.edition.local(evening.edition.ceremony_at).strftime(
        "%Y-%m-%dT%H:%M"), "venue": "DDP", "address": "281 Eulji-ro", "address_ko": "을지로 281",
        "map_url": "", "description": "The evening.", "description_ko": "시상식 저녁입니다.",
        "invite": "finalists", "reply_by": "", "max_guests": "2"}
    response = client.post(target, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    from ceremony.models import Ceremony

    details = Ceremony.objects.get(edition=evening.edition)
    assert (details.description_en, details.description_ko) == (
        "The evening.", "시상식 저녁입니다.")
    assert details.address_ko == "을지로 281"


def test_the_result_email_names_the_category_and_award_in_the_recipients_language(
        final, django_capture_on_commit_callbacks):
    from tests.ceremony.test_services import decide_all

    first = final.categories[0]
    first.name_ko = "테크 이노바시티"
    first.save()
    Award.objects.filter(pk=final.gold.pk).update(name_ko="금상")
    decisions = decide_all(final)
    gold = next(d for d in decisions if d.award_id == final.gold.pk)
    type(gold).objects.filter(pk=gold.pk).update(citation_ko="심사위원단이 높이 평가했습니다.")
    korean = gold.entry.entrant.members.first().user
    korean.language = "ko"
    korean.save(update_fields=["language"])
    moment = timezone.now() + timezone.timedelta(hours=1)
    services.publication_schedule(edition=final.edition, at=moment, by=final.users["secretariat"])
    services.publications_due(moment + timezone.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.results_mailing_create(edition=final.edition, by=final.users["secretariat"],
                                        kinds=["winner"])
        services.results_mail_due(moment + timezone.timedelta(seconds=2))

    sent = Notification.objects.get(template="ceremony/result", recipient=korean)
    assert sent.language == "ko"
    assert sent.context["category"] == "테크 이노바시티"
    assert sent.context["awards"][0]["name"] == "금상"
    body = next(m.body for m in mail.outbox if m.to == [korean.email])
    assert "금상" in body and "심사위원단이 높이 평가했습니다." in body
    others = [m.body for m in mail.outbox if m.to != [korean.email]]
    assert others and all("금상" not in b for b in others)
    english = Notification.objects.filter(template="ceremony/result").exclude(
        recipient=korean).first()
    assert english.context["category"] in (first.name_en, final.categories[1].name_en)


def test_a_citation_is_written_in_both_languages_and_moves_with_its_decision(ceremony):
    from tests.ceremony.test_staff_decisions import post, top

    second = top(ceremony)[1]
    decision = services.decision_propose(award=ceremony.silver, entry=second,
                                         by=ceremony.users["secretariat"], citation="Old.")
    page = client_of(ceremony, "secretariat").get(url(ceremony, "staff_decisions"))
    assert re.search(r'name="citation_ko"[^>]*lang="ko"|lang="ko"[^>]*name="citation_ko"',
                     page.content.decode())

    post(ceremony, "secretariat", {"action": "edit", "decision": decision.pk,
                                   "citation": "New words.", "citation_ko": "새 선정 사유입니다.",
                                   "reason": ""})
    decision.refresh_from_db()
    assert (decision.citation_en, decision.citation_ko) == ("New words.", "새 선정 사유입니다.")

    post(ceremony, "secretariat", {"action": "move", "decision": decision.pk,
                                   "award": ceremony.gold.pk, "reason": "Promoted by vote."})
    moved = type(decision).objects.get(entry=second)
    assert (moved.award_id, moved.citation_en, moved.citation_ko) == (
        ceremony.gold.pk, "New words.", "새 선정 사유입니다.")
