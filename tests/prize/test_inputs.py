"""Input that never breaks a page (prize/inputs.py): control characters removed, query
parameters read within bounds, ids in paths no longer than an id, text fields capped, staff
numbers bounded, and a category in use refused with a message instead of an error page."""

import html
import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from prize.forms import CategoryForm, EditionForm, ProfileForm
from prize.inputs import clean_query_dict, clean_text, clean_value, int_param, text_param
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.factories import EntryFactory
from tests.test_fuzz import forms_of

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# --- The helpers --------------------------------------------------------------------------------


def test_control_characters_nobody_means_are_removed_and_line_breaks_kept():
    assert clean_text("a\x00b\x01c\x1b[0m\x7fd") == "abc[0md"
    assert clean_text("one\x0btwo\x0cthree") == "one\ntwo\nthree"
    assert clean_text("tab\tline\nreturn\r\n😀 日本語") == "tab\tline\nreturn\r\n😀 日本語"
    assert clean_value({"k\x00": ["a\x00", {"b": "c\x07"}], "n": 3}) == {
        "k": ["a", {"b": "c"}], "n": 3}


def test_a_query_dict_is_cleaned_keys_and_values():
    data = QueryDict("q=a%00b&q=c&x%00y=1&page=2")

    cleaned = clean_query_dict(data)

    assert cleaned.getlist("q") == ["ab", "c"]
    assert cleaned["xy"] == "1" and cleaned["page"] == "2"
    untouched = QueryDict("q=plain")
    assert clean_query_dict(untouched) is untouched


@pytest.mark.parametrize(("raw", "expected"), [
    ("42", 42), (" 7 ", 7), ("", None), ("0", None), ("-1", None), ("abc", None),
    ("1e400", None), ("²", None), ("٣", None), ("99999999999999999999", None),
    ("9" * 100_000, None), ("999999999999999999", 999999999999999999),
])
def test_an_id_parameter_is_a_whole_number_within_an_ids_range(raw, expected):
    assert int_param({"edition": raw}, "edition") == expected


def test_a_number_parameter_takes_its_own_bounds():
    assert int_param({"n": "-5"}, "n", minimum=-10, maximum=10) == -5
    assert int_param({"n": "11"}, "n", minimum=-10, maximum=10) is None


def test_a_text_parameter_is_cleaned_collapsed_and_cut():
    assert text_param({"q": "  smart \x00 city\n"}, "q") == "smart city"
    assert text_param({"q": "x" * 100_000}, "q") == "x" * 200
    assert text_param({}, "q") == ""


# --- Forms ----------------------------------------------------------------------------------------


def test_a_text_field_without_a_limit_takes_the_platforms_cap(edition, settings):
    form = EditionForm(instance=edition)

    assert form.fields["about"].max_length == settings.TEXT_MAX_LENGTH
    assert form.fields["name"].max_length == 200  # the column's own
    assert 'maxlength="20000"' in str(form["about"])


def test_text_over_the_cap_gets_a_form_error(edition, settings):
    settings.TEXT_MAX_LENGTH = 50
    form = CategoryForm(data={"name": "Tech", "slug": "tech", "code": "TI",
                              "description": "d" * 51, "allowed_entrant_kinds": ["corporation"],
                              "finalist_quota": 1, "winner_quota": 1, "order": 0})

    assert form.errors["description"] == [
        "Ensure this value has at most 50 characters (it has 51)."]


def test_staff_numbers_stay_within_sensible_bounds():
    form = CategoryForm(data={"name": "Tech", "slug": "tech", "code": "TI",
                              "allowed_entrant_kinds": ["corporation"],
                              "finalist_quota": "99999999999999999999999", "winner_quota": -1,
                              "order": 0})

    assert form.errors["finalist_quota"] == [
        "Ensure this value is less than or equal to 10000."]
    assert form.errors["winner_quota"] == ["Ensure this value is greater than or equal to 0."]


def test_a_form_given_a_null_character_directly_says_so():
    form = ProfileForm(data={"name": "a\x00b", "time_zone": "", "language": "en"})

    assert form.errors["name"] == ["Null characters are not allowed."]


# --- Pages ----------------------------------------------------------------------------------------


def test_filters_with_absurd_values_show_the_page(client_for):
    client = client_for("superuser")

    audit = client.get(reverse("staff_audit"), {"edition": "99999999999999999999",
                                                "q": "x" * 100_000, "action": "a\x00b"})
    outbox = client.get(reverse("staff_outbox"), {"q": "9" * 100_000, "page": "-1",
                                                   "template": "\x00"})

    assert (audit.status_code, outbox.status_code) == (200, 200)
    assert 'value="' + "x" * 200 + '"' in audit.content.decode()


@pytest.mark.parametrize("path", [
    "/staff/outbox/99999999999999999999/",
    "/entries/99999999999999999999/",
    "/judging/rounds/1/entries/99999999999999999999/",
    "/entries/invitations/a%00b/",
    "/judging/invitations/" + "a" * 500 + "/",
])
def test_an_id_or_token_no_row_could_have_is_not_found(client_for, path):
    assert client_for("superuser").get(path).status_code == 404


def test_deleting_a_category_that_entries_use_says_why_and_saves_nothing(season):  # noqa: F811
    edition, category = season.edition, season.category
    EntryFactory(edition=edition, category=category, entrant=season.entrant)
    client = season.client("secretariat")
    url = reverse("staff_edition_settings", args=[edition.slug])
    page = client.get(url)
    assert page.status_code == 200
    form = next(f for f in forms_of(page.content.decode(), url) if "edition-name" in f.names)
    data = form.baseline()
    data["edition-name"] = ["Renamed"]
    data["categories-0-DELETE"] = ["on"]

    response = client.post(url, data)

    assert response.status_code == 200
    assert ("“Tech-InnovaCity” cannot be deleted: it has 3 entries. Nothing was deleted. Keep "
            "the category (rename it, or change who may enter it) instead of deleting it."
            in text(response))
    edition.refresh_from_db()
    category.refresh_from_db()
    assert edition.name != "Renamed"
