"""The prize's own texts in English and Korean: typed side by side by the staff, shown in the
reader's language (else the other), and what is missing listed on the edition's Translations
page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from prize.forms import EditionForm, OrganisationFormSet
from prize.models import Category, Edition, Organisation
from tests.factories import CategoryFactory, MilestoneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_to_start_with():
    """Texts made by factories go in the English column (a request in Korean earlier in the
    process may have left Korean active)."""
    with translation.override("en"):
        yield


@pytest.fixture
def secretariat(client_for):
    return client_for("secretariat")


def edition_post(edition, **changes):
    data = {
        "edition-name": edition.name_en, "edition-short_name": edition.short_name_en,
        "edition-slug": edition.slug, "edition-year": edition.year,
        "edition-tagline": "", "edition-about": "", "edition-how_to_enter": "",
        "edition-time_zone": edition.time_zone,
        "edition-call_opens_at": "2023-03-01T09:00", "edition-call_closes_at": "2023-06-30T18:00",
        "edition-ceremony_at": "2023-09-25T15:00",
        "edition-ceremony_venue": edition.ceremony_venue_en or "", "edition-contact_email": "",
        "categories-TOTAL_FORMS": "0", "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0", "categories-MAX_NUM_FORMS": "1000",
    }
    data.update({f"edition-{key}": value for key, value in changes.items()})
    return data


def input_tag(page: str, name: str) -> str:
    match = re.search(rf'<(?:input|textarea)[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert match, f"no input {name}"
    return match.group(0)


def test_the_settings_page_shows_each_text_in_english_and_korean_side_by_side(
        secretariat, edition):
    page = secretariat.get(reverse("staff_edition_settings", args=[edition.slug])).content.decode()

    assert 'lang="en"' in input_tag(page, "edition-tagline")
    assert 'lang="ko"' in input_tag(page, "edition-tagline_ko")
    assert re.search(r'<label\s+for="id_edition-tagline_ko"', page)
    assert "Tagline (Korean)" in page and "Tagline (English)" in page
    pair = page[page.index('id="pair-id_edition-tagline"'):]
    # the two languages in one row, each half of it from 768 px
    assert pair.index('name="edition-tagline"') < pair.index('name="edition-tagline_ko"') \
        < pair.index('name="edition-about"')
    assert "col-md-6" in pair[:pair.index('name="edition-tagline_ko"')]


def test_each_language_is_saved_in_its_own_column_and_korean_is_optional(secretariat, edition):
    url = reverse("staff_edition_settings", args=[edition.slug])

    response = secretariat.post(url, edition_post(
        edition, tagline="Cities that put people first", tagline_ko="사람을 먼저 생각하는 도시",
        name_ko="서울 스마트시티 어워드 2023"))

    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.tagline_en == "Cities that put people first"
    assert edition.tagline_ko == "사람을 먼저 생각하는 도시"
    assert edition.name_ko == "서울 스마트시티 어워드 2023"
    assert edition.about_ko in ("", None)


def test_the_english_name_is_required_and_the_korean_one_is_not(secretariat, edition):
    url = reverse("staff_edition_settings", args=[edition.slug])

    response = secretariat.post(url, edition_post(edition, name="", name_ko="어워드"))

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert "name_ko" not in response.context["form"].errors
    edition.refresh_from_db()
    assert edition.name_ko in ("", None)


def test_a_korean_member_of_staff_editing_the_english_box_changes_the_english_text(edition):
    with translation.override("ko"):
        form = EditionForm(instance=edition, prefix="edition")
        assert form.initial["name"] == edition.name_en
        data = {key.removeprefix("edition-"): value
                for key, value in edition_post(edition, name="New English name",
                                               name_ko="새 이름").items()
                if key.startswith("edition-")}
        form = EditionForm({f"edition-{k}": v for k, v in data.items()}, instance=edition,
                           prefix="edition")
        assert form.is_valid(), form.errors
        form.save()
    edition.refresh_from_db()
    assert (edition.name_en, edition.name_ko) == ("New English name", "새 이름")


def test_over_long_korean_gets_the_form_error_not_a_server_error(secretariat, edition):
    url = reverse("staff_edition_settings", args=[edition.slug])

    response = secretariat.post(url, edition_post(edition, tagline_ko="가" * 301,
                                                  about_ko="한\x00국어"))

    assert response.status_code == 200
    assert response.context["form"].errors["tagline_ko"] == [
        "Ensure this value has at most 300 characters (it has 301)."]
    edition.refresh_from_db()
    assert edition.tagline_ko in ("", None)


def test_a_korean_name_is_unique_among_an_editions_organisations(edition):
    OrganisationFactory(edition=edition, name="Seoul Metropolitan Government",
                        name_ko="서울특별시")
    data = {
        "organisations-TOTAL_FORMS": "2", "organisations-INITIAL_FORMS": "1",
        "organisations-MIN_NUM_FORMS": "0", "organisations-MAX_NUM_FORMS": "1000",
    }
    first = Organisation.objects.get(edition=edition)
    data.update({"organisations-0-id": str(first.pk), "organisations-0-name": first.name_en,
                 "organisations-0-name_ko": "서울특별시", "organisations-0-role": "organiser",
                 "organisations-0-order": "0",
                 "organisations-1-name": "WeGO", "organisations-1-name_ko": "서울특별시",
                 "organisations-1-role": "organiser", "organisations-1-order": "1"})

    formset = OrganisationFormSet(data, instance=edition, prefix="organisations")

    assert not formset.is_valid()
    assert formset.forms[1].errors["name_ko"] == [
        "Choose another: “서울특별시” is already used here."]


def test_a_korean_reader_sees_korean_and_the_english_text_where_korean_is_missing(
        edition, client):
    edition.tagline_en, edition.tagline_ko = "Cities for people", "사람을 위한 도시"
    edition.about_en, edition.about_ko = "About the prize in English.", ""
    edition.save()
    category = CategoryFactory(edition=edition, name="Tech-InnovaCity", name_ko="테크 이노바시티")
    other = CategoryFactory(edition=edition, name="Leadership")

    with translation.override("ko"):
        assert Category.objects.get(pk=category.pk).name == "테크 이노바시티"
        assert Category.objects.get(pk=other.pk).name == "Leadership"
        url = reverse("edition_home", args=[edition.slug])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ko", follow=True).content.decode()

    assert "사람을 위한 도시" in page
    assert "Cities for people" not in page
    assert "About the prize in English." in page
    with translation.override("en"):
        assert Edition.objects.get(pk=edition.pk).tagline == "Cities for people"


# --- The Translations page ----------------------------------------------------------------


def test_the_translations_page_lists_each_text_lacking_korean_with_where_to_edit_it(
        secretariat, edition):
    edition.tagline_en, edition.tagline_ko = "Cities for people", "사람을 위한 도시"
    edition.about_en = "About the prize."
    edition.save()
    CategoryFactory(edition=edition, name="Leadership", name_ko="리더십", description="Leaders.")
    MilestoneFactory(edition=edition, title="Call opens")
    OrganisationFactory(edition=edition, name="WeGO", name_ko="세계스마트지속가능도시기구")

    page = secretariat.get(reverse("overview:translations", args=[edition.slug]))

    assert page.status_code == 200
    report = page.context["report"]
    missing = {(row.source.key, gap.field, tuple(gap.missing))
               for row in report.rows for gap in row.gaps}
    assert ("prize.edition", "about", ("ko",)) in missing
    assert ("prize.categories", "description", ("ko",)) in missing
    assert ("prize.timeline", "title", ("ko",)) in missing
    assert not any(key == "prize.organisations" for key, _f, _m in missing)
    assert not any(field == "tagline" for _k, field, _m in missing)
    html = page.content.decode()
    assert "texts lack a version in Korean" in html
    assert reverse("staff_edition_timeline", args=[edition.slug]) in html
    assert report.counts["ko"] == sum(1 for _k, _f, langs in missing if "ko" in langs)


def test_the_editions_staff_page_says_how_many_texts_lack_korean(secretariat, edition):
    MilestoneFactory(edition=edition, title="Call opens")

    page = secretariat.get(reverse("staff_edition", args=[edition.slug])).content.decode()

    link = reverse("overview:translations", args=[edition.slug])
    assert f'<a href="{link}">Translations</a>' in page
    text = re.sub(r"\s+", " ", page[page.index(link):page.index(link) + 400])
    count = len([1 for f in ("name", "short_name", "ceremony_venue") if getattr(edition, f)]) + 1
    assert f"{count} texts lack a version in Korean" in text


@pytest.mark.parametrize("persona, status", [
    ("secretariat", 200), ("coordinator", 200), ("superuser", 200),
    ("judge", 404), ("entrant", 404)])
def test_only_the_editions_staff_see_its_translations(client_for, edition, persona, status):
    response = client_for(persona).get(reverse("overview:translations", args=[edition.slug]))

    assert response.status_code == status


def test_another_editions_secretariat_does_not_see_them(make_persona, client, edition):
    from tests.factories import EditionFactory

    other = EditionFactory(is_current=False)
    client.force_login(make_persona("secretariat", in_edition=other))

    response = client.get(reverse("overview:translations", args=[edition.slug]))

    assert response.status_code == 404


def test_a_visitor_is_asked_to_log_in(client, edition):
    response = client.get(reverse("overview:translations", args=[edition.slug]))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_translations_page_reads_a_fixed_number_of_queries(secretariat, edition,
                                                               count_queries):
    url = reverse("overview:translations", args=[edition.slug])
    CategoryFactory(edition=edition, description="One")
    MilestoneFactory(edition=edition)

    def load():
        assert secretariat.get(url).status_code == 200

    load()
    few = count_queries(load)
    for n in range(20):
        CategoryFactory(edition=edition, description=f"Category {n}")
        MilestoneFactory(edition=edition)
        OrganisationFactory(edition=edition, description="Partner")
    assert count_queries(load) == few


def test_the_admin_shows_each_text_in_both_languages(client_for, edition):
    admin = client_for("superuser")

    page = admin.get(reverse("admin:prize_edition_change", args=[edition.pk])).content.decode()

    assert 'name="name_en"' in page and 'name="name_ko"' in page
    assert 'name="tagline_ko"' in page and 'name="organisations-__prefix__-name_ko"' in page
