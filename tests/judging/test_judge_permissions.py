"""Who may open the judge's pages: every URL × every persona of the ``judging`` fixture. An entry's
scoring page, its file and its actions exist only for the judge it is assigned to (404 for
everyone else, anonymous included; the autosave answers an anonymous visitor 401 so the page can
say the session expired). The dashboard-level pages send anonymous visitors to log in.

And what a judge cannot score through the HTTP endpoints, with nothing stored."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from judging.enums import RoundStatus
from judging.models import Assignment, Review, Score
from tests.factories import CriterionFactory, RoundEntryFactory, RoundFactory
from tests.judging.conftest import JUDGING_PERSONAS
from tests.judging.test_judge_views import HTMX, attach, entry_url, score_data, text

pytestmark = pytest.mark.django_db

LOGIN = "login"
DASHBOARD_PAGES = ["dashboard", "conflicts", "profile"]
JUDGES = {"judge", "unassigned_judge", "conflicted_judge"}
ENTRY_POSTS = {
    "review_save": lambda j: score_data(j, ["7"]),
    "review_submit": lambda j: score_data(j, ["7", "7", "7"]),
    "review_reopen": lambda j: {},
    "review_abstain": lambda j: {"abstain-reason": "Outside my field."},
    "review_recuse": lambda j: {"recuse-reason": "I know them."},
}
OUTCOME = {  # what the assigned judge gets from each action
    "review_save": 200, "review_submit": 302, "review_reopen": 302, "review_abstain": 302,
    "review_recuse": 302,
}


@pytest.fixture
def conflicted_assignment(judging):
    """The conflicted judge is assigned the entry they declared a conflict with (for example
    before they declared it): the conflict alone must hide it."""
    return Assignment.objects.create(round=judging.round, entry=judging.entry,
                                     judge=judging.users["conflicted_judge"])


def expected_dashboard(persona):
    if persona == "anonymous":
        return LOGIN
    return 200 if persona in JUDGES else 404


@pytest.mark.parametrize("persona", JUDGING_PERSONAS)
@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_dashboard_pages(judging, persona, name):
    response = judging.client(persona).get(reverse(f"judging:{name}"))

    expected = expected_dashboard(persona)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", JUDGING_PERSONAS)
def test_the_scoring_page(judging, conflicted_assignment, persona):
    response = judging.client(persona).get(entry_url("review", judging))
    assert response.status_code == (200 if persona == "judge" else 404)


@pytest.mark.parametrize("persona", JUDGING_PERSONAS)
def test_the_entrys_file(judging, conflicted_assignment, persona):
    attachment = attach(judging.entry, "Plan.pdf")
    response = judging.client(persona).get(
        entry_url("review_attachment", judging, pk=attachment.pk))
    assert response.status_code == (200 if persona == "judge" else 404)


@pytest.mark.parametrize("persona", JUDGING_PERSONAS)
@pytest.mark.parametrize("name", sorted(ENTRY_POSTS))
def test_the_entrys_actions(judging, conflicted_assignment, persona, name):
    if name == "review_reopen":
        judging.client("judge").post(entry_url("review_submit", judging),
                                     score_data(judging, ["7", "7", "7"]))
    before = (Score.objects.count(), Review.objects.count(), Assignment.objects.count())
    extra = HTMX if name == "review_save" else {}

    response = judging.client(persona).post(entry_url(name, judging),
                                            ENTRY_POSTS[name](judging), **extra)

    if persona == "judge":
        assert response.status_code == OUTCOME[name]
    elif persona == "anonymous" and name == "review_save":
        assert response.status_code == 401
        assert "Not saved: your session has expired." in text(response)
        assert f"next=%2Fjudging%2Frounds%2F{judging.round.pk}" in response.content.decode()
    else:
        assert response.status_code == 404
    if persona != "judge":
        assert (Score.objects.count(), Review.objects.count(),
                Assignment.objects.count()) == before


@pytest.mark.parametrize("name", ["review_save", "review_submit", "review_recuse"])
def test_actions_answer_only_post(judging, name):
    assert judging.client("judge").get(entry_url(name, judging)).status_code == 405


def test_an_entry_of_the_round_not_assigned_to_the_judge_does_not_exist(judging):
    response = judging.client("judge").get(entry_url("review", judging, judging.entries[3]))
    assert response.status_code == 404


def test_the_same_entry_under_another_round_does_not_exist(judging):
    other = RoundFactory(edition=judging.season.edition, number=2, status=RoundStatus.OPEN)
    RoundEntryFactory(round=other, entry=judging.entry)
    url = reverse("judging:review", kwargs={"round_id": other.pk, "entry_id": judging.entry.pk})
    assert judging.client("judge").get(url).status_code == 404


def test_a_round_not_yet_open_hides_its_assignments(judging):
    judging.round.status = RoundStatus.DRAFT
    judging.round.save()
    assert judging.client("judge").get(entry_url("review", judging)).status_code == 404


# --- What cannot be scored (through the endpoints; nothing stored) ------------------------------


def nothing_stored():
    return not Score.objects.exists()


def test_a_judge_cannot_score_an_entry_not_assigned_to_them(judging):
    others = judging.client("unassigned_judge").post(
        entry_url("review_save", judging), score_data(judging, ["7"]), **HTMX)
    not_mine = judging.client("judge").post(
        entry_url("review_save", judging, judging.entries[3]), score_data(judging, ["7"]))
    submitted = judging.client("judge").post(
        entry_url("review_submit", judging, judging.entries[3]),
        score_data(judging, ["7", "7", "7"]))

    assert (others.status_code, not_mine.status_code, submitted.status_code) == (404, 404, 404)
    assert nothing_stored()
    assert not Review.objects.exists()


@pytest.mark.parametrize("closed_by", ["status", "deadline"])
def test_a_judge_cannot_score_after_the_round_closed(judging, closed_by):
    if closed_by == "status":
        judging.round.status = RoundStatus.CLOSED
    else:
        judging.round.closes_at = timezone.now() - timedelta(minutes=1)
        judging.round.opens_at = timezone.now() - timedelta(days=3)
    judging.round.save()

    response = judging.client("judge").post(entry_url("review_save", judging),
                                            score_data(judging, ["7"]), **HTMX)
    plain = judging.client("judge").post(entry_url("review_submit", judging),
                                         score_data(judging, ["7", "7", "7"]))

    assert response.status_code == 400
    assert "Online screening is closed: scores can no longer change." in text(response)
    assert plain.status_code == 400
    assert nothing_stored()


@pytest.mark.parametrize("value", ["0", "11", "7.5", "-3", "NaN", "seven"])
def test_a_judge_cannot_score_outside_the_scale(judging, value):
    response = judging.client("judge").post(entry_url("review_save", judging),
                                            score_data(judging, [value]), **HTMX)

    assert response.status_code == 200
    assert "Enter a whole number from 1 to 10." in response.content.decode()
    assert nothing_stored()


def test_a_judge_cannot_score_a_criterion_of_another_round(judging):
    other = RoundFactory(edition=judging.season.edition, number=2, status=RoundStatus.OPEN)
    foreign = CriterionFactory(round=other, category=judging.season.category, name="Reach")
    data = {**score_data(judging, ["8", "8", "8"]), f"score-{foreign.pk}": "9"}

    response = judging.client("judge").post(entry_url("review_save", judging), data, **HTMX)

    assert response.status_code == 400
    assert "That criterion is not part of this round and category." in text(response)
    assert nothing_stored()  # the valid scores sent with it are not kept either


def test_a_judge_cannot_change_a_submitted_review_by_saving(judging):
    client = judging.client("judge")
    client.post(entry_url("review_submit", judging), score_data(judging, ["8", "8", "8"]))
    version = Review.objects.get().version

    response = client.post(entry_url("review_save", judging),
                           score_data(judging, ["2", "2", "2"], version=version), **HTMX)

    assert response.status_code == 400
    assert "This review is submitted: reopen it to change it." in text(response)
    assert sorted(Score.objects.values_list("value", flat=True)) == [8, 8, 8]
