"""The results pages: a known small case shows its mean, median, spread and normalised score,
ties at the cut-off are flagged, and the shortlist finalises exactly the quota."""

import re
from html import unescape

import pytest
from django.urls import reverse

from judging import services
from judging.enums import RoundStatus
from judging.models import Round, RoundEntry

pytestmark = pytest.mark.django_db


def submit(judging, persona, entry, value, *, comment="", feedback=""):
    """``persona`` gives ``entry`` the same score on every criterion and submits; the review's
    weighted total is then 100 * (value - 1) / 9."""
    assignment = judging.assignment(persona, entry)
    judge = judging.users[persona]
    services.review_save(assignment=assignment, by=judge,
                         scores={c.pk: str(value) for c in judging.criteria},
                         private_comment=comment, feedback=feedback)
    services.review_submit(assignment=assignment, by=judge)


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def row_of(html: str, entry) -> str:
    """The leaderboard row of ``entry``, as text."""
    for row in re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S):
        if f">{entry.reference}</a>" in row:
            return text(row)
    raise AssertionError(f"no row for {entry.reference}")


@pytest.fixture
def scored(judging):
    """judge: 10, 7, 4 on entries 0-2 (totals 100, 66.7, 33.3); second judge: 7, 7, 4, 1 on
    entries 0-3 (66.7, 66.7, 33.3, 0)."""
    e = judging.entries
    for entry, value in zip(e[:3], [10, 7, 4], strict=True):
        submit(judging, "judge", entry, value)
    for entry, value in zip(e, [7, 7, 4, 1], strict=True):
        submit(judging, "second_judge", entry, value)
    return judging


def test_leaderboard_of_a_known_case(scored):
    e = scored.entries
    html = scored.client("coordinator").get(
        reverse("judging:staff_results", args=[scored.round.pk])).content.decode()
    # judge z: +1.22, 0, -1.22; second judge z: +0.90, +0.90, -0.30, -1.51
    assert row_of(html, e[0]) == (
        "1 SCP00-TI-0001 Smart crossings for Seoul City of Seoul 2 83.3 83.3 23.6 "
        "disagreement 1.06 0 advancing")
    assert row_of(html, e[1]) == (
        "2 SCP00-TI-0002 Smart crossings for Seoul City of Lyon 2 66.7 66.7 0.0 0.45 0 "
        "advancing")
    assert row_of(html, e[2]) == (
        "3 SCP00-TI-0003 Smart crossings for Seoul City of Nairobi 2 33.3 33.3 0.0 -0.76 0")
    assert row_of(html, e[3]) == (
        "4 SCP00-TI-0004 Smart crossings for Seoul City of Quito 1 0.0 0.0 — -1.51 0")
    page = text(html)
    assert "Tie at the cut-off" not in page
    assert ("Entries are ordered by the normalised score, then the median total, then the "
            "number of reviews (more first)") in page
    assert "Flagged when the standard deviation of the judges' totals is above 15 points." in page
    # Krippendorff's alpha would be 1 - D_o / D_e = 1 - 370.4 / 1259.3 = 0.71, from three
    # entries and two judges: too few to mean anything, so no value is shown.
    assert ("— · Not enough reviews to measure agreement yet: 3 entries scored by two judges or "
            "more, from 2 judges. It needs at least 5 entries and 3 judges.") in page
    assert "α = 0.71" not in page


@pytest.mark.parametrize(("alpha", "sample", "level"), [
    (0.71, (5, 3), "tentative"),
    (0.85, (40, 16), "good"),
    (0.20, (40, 16), "low"),
    (0.20, (4, 16), "none"),  # a low value from four entries is not a warning
    (0.95, (40, 2), "none"),
    (None, (40, 16), "none"),
])
def test_agreement_is_read_only_when_enough_reviews_stand_behind_it(alpha, sample, level):
    from judging.views.staff.results import alpha_reading

    assert alpha_reading(alpha, sample)[0] == level


def test_a_tie_at_the_cut_off_is_flagged(judging):
    judging.round.quotas.update(advance=1)
    for entry, value in zip(judging.entries, [7, 7, 4, 1], strict=True):
        submit(judging, "second_judge", entry, value)
    html = judging.client("secretariat").get(
        reverse("judging:staff_results", args=[judging.round.pk])).content.decode()
    assert ("Tie at the cut-off: 2 entries tie at rank 1 for the last place (SCP00-TI-0001, "
            "SCP00-TI-0002); decide between them before advancing.") in text(html)
    assert row_of(html, judging.entries[0]).endswith("tied at the cut-off")
    assert row_of(html, judging.entries[1]).startswith("1 tied SCP00-TI-0002")
    assert "advancing" not in row_of(html, judging.entries[0])


def test_one_entrys_results_judge_by_judge(scored):
    url = reverse("judging:staff_result_entry", args=[scored.round.pk, scored.entry.pk])
    html = scored.client("coordinator").get(url).content.decode()
    page = text(html)
    assert "Results of SCP00-TI-0001" in page
    assert "City of Seoul" in page  # staff see who entered
    rows = [text(r) for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S)]
    assert f"{scored.users['judge'].name} Submitted 10 10 10 100.0 1.22" in rows
    assert "Second Judge Submitted 7 7 7 66.7 0.90" in rows
    assert "Mean 83.3" in page
    assert "Normalised score 1.06" in page


def test_comments_abstentions_and_recusals_on_an_entrys_results(judging):
    submit(judging, "second_judge", judging.entry, 8, comment="Strong but costly.",
           feedback="Clear plan; say more about costs.")
    services.review_abstain(assignment=judging.assignment("judge"), by=judging.users["judge"],
                            reason="I cannot read the Korean annex.")
    services.recuse(assignment=judging.assignment("second_judge", judging.entries[1]),
                    by=judging.users["second_judge"], reason="My cousin leads this project.")
    client = judging.client("secretariat")
    page = text(client.get(reverse("judging:staff_result_entry",
                                   args=[judging.round.pk, judging.entry.pk])).content.decode())
    assert "Abstained: I cannot read the Korean annex." in page
    assert "Comment for the secretariat: Strong but costly." in page
    assert "Feedback for the entrant: Clear plan; say more about costs." in page
    assert "Reviews 1 · 1 abstention" in page
    other = text(client.get(reverse("judging:staff_result_entry",
                                    args=[judging.round.pk, judging.entries[1].pk])
                            ).content.decode())
    assert "Second Judge" in other
    assert "My cousin leads this project." in other


# --- Shortlist -----------------------------------------------------------------------------------


def close(round: Round) -> None:
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.CLOSED)


def checked(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="advance" value="(\d+)"[^>]*checked', html)}


def test_shortlist_is_prefilled_and_finalises(scored):
    close(scored.round)
    e = scored.entries
    client = scored.client("coordinator")
    url = reverse("judging:staff_shortlist", args=[scored.round.pk])
    html = client.get(url).content.decode()
    assert checked(html) == {e[0].pk, e[1].pk}
    response = client.post(url, {"advance": [e[0].pk, e[2].pk], "note": "Lyon withdrew."})
    assert response.status_code == 302
    scored.round.refresh_from_db()
    assert scored.round.status == RoundStatus.FINALISED
    assert set(RoundEntry.objects.filter(round=scored.round, advanced=True)
               .values_list("entry_id", flat=True)) == {e[0].pk, e[2].pk}
    page = text(client.get(url).content.decode())
    assert "The shortlist is final: 2 entries advanced. The next round takes these entries." \
        in page
    assert "SCP00-TI-0003" in page and "SCP00-TI-0002" not in page


def test_a_wrong_count_is_refused_and_the_choice_kept(scored):
    close(scored.round)
    e = scored.entries
    client = scored.client("coordinator")
    url = reverse("judging:staff_shortlist", args=[scored.round.pk])
    response = client.post(url, {"advance": [e[3].pk]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tech-InnovaCity 2 entries advance. Choose exactly 2 entries: 1 chosen." in text(html)
    assert checked(html) == {e[3].pk}
    scored.round.refresh_from_db()
    assert scored.round.status == RoundStatus.CLOSED
    assert not RoundEntry.objects.filter(round=scored.round, advanced=True).exists()


def test_tied_entries_are_left_unchecked(judging):
    judging.round.quotas.update(advance=1)
    for entry, value in zip(judging.entries, [7, 7, 4, 1], strict=True):
        submit(judging, "second_judge", entry, value)
    close(judging.round)
    html = judging.client("secretariat").get(
        reverse("judging:staff_shortlist", args=[judging.round.pk])).content.decode()
    assert checked(html) == set()
    assert len(re.findall(r'<tr class="[^"]*tied-row"', html)) == 2
    assert row_of(html, judging.entries[0]).endswith("tied at the cut-off")


def test_shortlist_waits_for_the_round_to_close(judging):
    page = text(judging.client("coordinator").get(
        reverse("judging:staff_shortlist", args=[judging.round.pk])).content.decode())
    assert "The shortlist is decided once the round is closed." in page
    response = judging.client("coordinator").post(
        reverse("judging:staff_shortlist", args=[judging.round.pk]),
        {"advance": [judging.entry.pk]})
    judging.round.refresh_from_db()
    assert judging.round.status == RoundStatus.OPEN
    assert response.status_code == 200
