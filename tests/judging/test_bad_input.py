"""What a judge or a coordinator sees when the input is bad: a clear message, what they typed
still on the page, nothing stored, never an error page. (tests/test_fuzz.py throws everything
at every page; these pin down the messages.)"""

import pytest
from django.urls import reverse

from judging.models import Criterion, JudgeProfile, PanelMembership, Review
from tests.judging.test_judge_views import HTMX, entry_url, score_data, text
from tests.judging.test_staff_rounds import config, make_draft, overview

pytestmark = pytest.mark.django_db


# --- The judge -----------------------------------------------------------------------------------


def test_an_autosave_with_a_comment_over_the_cap_says_so_and_stores_nothing(judging, settings):
    settings.TEXT_MAX_LENGTH = 100
    client = judging.client("judge")

    response = client.post(entry_url("review_save", judging),
                           score_data(judging, ["7"], feedback="f" * 101), **HTMX)

    assert response.status_code == 400
    assert ("Not saved: The feedback for the entrant is too long: 101 characters, at most 100. "
            "Nothing was saved; what you typed is still here.") in text(response)
    assert not Review.objects.filter(assignment=judging.assignment()).exists()


def test_a_plain_save_over_the_cap_shows_the_page_with_what_was_typed(judging, settings):
    settings.TEXT_MAX_LENGTH = 100
    response = judging.client("judge").post(
        entry_url("review_save", judging),
        score_data(judging, ["7"], private_comment="c" * 101, feedback="Clear plan."))

    assert response.status_code == 400
    assert "The comment for the secretariat is too long: 101 characters" in text(response)
    assert "c" * 101 in response.content.decode() and "Clear plan." in text(response)


def test_control_characters_never_reach_a_review(judging):
    judging.client("judge").post(
        entry_url("review_save", judging),
        score_data(judging, ["7"], private_comment="Solid\x00 plan\x1b.", feedback="Well\x0bdone"),
        **HTMX)

    review = Review.objects.get(assignment=judging.assignment())
    assert (review.private_comment, review.feedback) == ("Solid plan.", "Well\ndone")


@pytest.mark.parametrize("value", ["1e400", "99999999999999999999999", "-1", "NaN", "7\x00"])
def test_a_score_off_the_scale_is_refused_under_its_criterion(judging, value):
    response = judging.client("judge").post(entry_url("review_save", judging),
                                            score_data(judging, [value]), **HTMX)

    assert response.status_code == 200
    expected = "" if value == "7\x00" else "Enter a whole number from 1 to 10."
    assert expected in text(response)
    stored = list(Review.objects.filter(assignment=judging.assignment())
                  .values_list("scores__value", flat=True))
    assert stored == ([7] if value == "7\x00" else [None])


def test_expertise_is_a_short_list_of_short_items(judging):
    client = judging.client("judge")

    too_many = client.post(reverse("judging:profile"), {
        "expertise": "\n".join(f"Field {n}" for n in range(31)), "organisation": "UI",
        "city": "Berlin", "country": "DE", "bio": ""})
    too_long = client.post(reverse("judging:profile"), {
        "expertise": "Energy\n" + "x" * 101, "organisation": "UI", "city": "Berlin",
        "country": "DE", "bio": ""})

    assert "Name at most 30 fields (there are 31)." in text(too_many)
    assert "Shorten each field to 100 characters: “xxxxxxxx" in text(too_long)
    assert JudgeProfile.objects.get(user=judging.users["judge"]).expertise == [
        "Urban development"]


# --- Staff numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "message"), [
    ("judges_per_entry", "51", "Ensure this value is less than or equal to 50."),
    ("number", "99999999999999999999", "Ensure this value is less than or equal to 99."),
    ("reminder_hours", "24, 99999",
     "Remind at most 2160 hours (90 days) before closing, not 99999."),
    ("disagreement_threshold", "1000", "Ensure this value is less than or equal to 100."),
])
def test_round_numbers_stay_within_sensible_bounds(judging, field, value, message):
    round = make_draft(judging)

    response = judging.client("coordinator").post(overview(judging),
                                                  config(round, **{field: value}))

    assert response.status_code == 400
    assert message in text(response)
    round.refresh_from_db()
    assert round.judges_per_entry == 2


def test_a_criterion_scale_and_weight_stay_within_bounds(judging):
    round = make_draft(judging)
    category = judging.season.category

    response = judging.client("coordinator").post(
        reverse("judging:staff_criteria", args=[round.pk]),
        {"action": "save", "category": category.pk, f"new-{category.pk}-name": "Reach",
         f"new-{category.pk}-weight": "1000", f"new-{category.pk}-scale_min": "0",
         f"new-{category.pk}-scale_max": "32767", f"new-{category.pk}-order": "1"})

    assert response.status_code == 400
    page = text(response)
    assert "Ensure this value is less than or equal to 100." in page
    assert not Criterion.objects.filter(round=round, name="Reach").exists()


def test_an_invitation_capacity_is_bounded(judging):
    category = judging.season.category

    response = judging.client("secretariat").post(
        reverse("judging:staff_panels", args=[judging.round.pk]),
        {"action": "invite", "category": category.pk,
         f"invite-{category.pk}-email": "ana@example.org",
         f"invite-{category.pk}-capacity": "99999999999999999999"})

    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 10000." in text(response)
    assert not PanelMembership.objects.filter(judge__email="ana@example.org").exists()


@pytest.mark.parametrize(("name", "data"), [
    ("staff_assignments", {"action": "remove", "assignment": "99999999999999999999"}),
    ("staff_assignments", {"action": "remove", "assignment": "a\x00b"}),
    ("staff_panels", {"action": "resend", "membership": "9" * 5000}),
    ("staff_criteria", {"action": "delete", "criterion": "²"}),
])
def test_a_posted_id_that_names_nothing_is_not_found(judging, name, data):
    response = judging.client("coordinator").post(
        reverse(f"judging:{name}", args=[judging.round.pk]),
        {"category": judging.season.category.pk, **data})

    assert response.status_code == 404
