"""The round list, a new round, a round's configuration (typed in the edition's time zone),
quotas, taking entries, opening / closing / reopening, and the criteria page."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from judging.enums import RoundStatus
from judging.models import Criterion, Round, RoundEntry
from prize.models import Notification
from tests.factories import CategoryFactory, CriterionFactory, RoundFactory
from tests.judging.test_staff_results import text

pytestmark = pytest.mark.django_db


def make_draft(judging) -> Round:
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.DRAFT)
    judging.round.refresh_from_db()
    return judging.round


def overview(judging):
    return reverse("judging:staff_round", args=[judging.round.pk])


# --- The edition's rounds ------------------------------------------------------------------------


def test_round_list_shows_each_round(judging):
    moment = datetime(2030, 3, 2, 0, 30, tzinfo=UTC)  # 09:30 in Seoul
    Round.objects.filter(pk=judging.round.pk).update(closes_at=moment)
    RoundFactory(edition=judging.season.edition, number=2, name="Finals")
    html = judging.client("coordinator").get(
        reverse("judging:staff_rounds", args=[judging.season.edition.slug])).content.decode()
    rows = [text(r) for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S)]
    assert rows[1].startswith("1 Online screening Open")
    assert "2 March 2030, 09:30 (Asia/Seoul) 4 4 0% · 0 of 8" in rows[1]
    assert rows[2].startswith("2 Finals Draft")
    assert rows[2].endswith("0 0 0% · 0 of 0")
    assert 'role="progressbar" aria-label="Reviews finished in Online screening" ' \
           'aria-valuenow="0"' in html


def test_create_a_round_typed_in_the_editions_time_zone(judging):
    client = judging.client("secretariat")
    url = reverse("judging:staff_rounds", args=[judging.season.edition.slug])
    assert 'name="number" value="2"' in client.get(url).content.decode()
    response = client.post(url, {"number": 2, "name": "Online evaluation",
                                 "opens_at": "2030-04-01T09:00", "closes_at": "2030-04-20T18:00",
                                 "judges_per_entry": 3})
    created = Round.objects.get(edition=judging.season.edition, number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("judging:staff_round", args=[created.pk])
    assert created.opens_at == datetime(2030, 4, 1, 0, 0, tzinfo=UTC)
    assert created.closes_at == datetime(2030, 4, 20, 9, 0, tzinfo=UTC)
    assert (created.status, created.judges_per_entry, created.blind) == ("draft", 3, False)


def test_a_new_round_needs_a_free_number_and_to_close_after_it_opens(judging):
    url = reverse("judging:staff_rounds", args=[judging.season.edition.slug])
    response = judging.client("secretariat").post(url, {
        "number": 1, "name": "Again", "opens_at": "2030-04-20T09:00",
        "closes_at": "2030-04-01T09:00", "judges_per_entry": 0})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<div class="invalid-feedback d-block" id="id_number_error">Choose another number: ' \
           'this edition already has a round 1.</div>' in html
    assert "Close the round after it opens: choose a moment after 20 April 2030, 09:00." in html
    assert "Give each entry at least one judge." in html
    assert 'aria-describedby="id_number_error"' in html
    assert Round.objects.filter(edition=judging.season.edition).count() == 1


# --- Configuration -------------------------------------------------------------------------------


def config(round, **changes):
    data = {"action": "update", "number": round.number, "name": round.name,
            "opens_at": "2030-05-01T09:00", "closes_at": "2030-05-15T18:00",
            "judges_per_entry": 3, "rank_by": "normalised", "tie_break": "median",
            "disagreement_threshold": "12.5", "conflict_same_organisation": "on",
            "reminder_hours": "24"}
    data.update(changes)
    return data


def test_configuration_is_saved_and_normalised(judging):
    round = make_draft(judging)
    response = judging.client("coordinator").post(overview(judging), config(
        round, tie_break=" Median , reviews, criterion:IMPACT ", reminder_hours="24, 72, 24",
        blind="on", rank_by="mean"))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.tie_break == ["median", "reviews", "criterion:Impact"]
    assert round.reminder_hours == [72, 24]
    assert (round.blind, round.rank_by, round.judges_per_entry) == (True, "mean", 3)
    assert str(round.disagreement_threshold) == "12.50"
    assert (round.conflict_same_organisation, round.conflict_same_city) == (True, False)
    assert round.opens_at == datetime(2030, 5, 1, 0, 0, tzinfo=UTC)
    page = judging.client("coordinator").get(overview(judging)).content.decode()
    assert 'name="opens_at" value="2030-05-01T09:00"' in page
    assert 'name="tie_break" value="median, reviews, criterion:Impact"' in page
    assert "72 hours before closing: 12 May 2030, 18:00 (Asia/Seoul)" in text(page)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("tie_break", "median, fame", "Use normalised, mean, median, reviews or "
                                  "criterion:&lt;name&gt; (“fame” is not a tie-break)."),
    ("tie_break", "criterion:Budget", "Name a criterion of this round after “criterion:” "
                                      "(“Budget” is not one)."),
    ("tie_break", "median, Median", "List “median” once."),
    ("reminder_hours", "24, soon", "Type whole numbers of hours, 1 or more (“soon” is not one)."),
])
def test_configuration_errors_are_shown_and_nothing_is_saved(judging, field, value, message):
    round = make_draft(judging)
    response = judging.client("coordinator").post(overview(judging),
                                                  config(round, **{field: value}))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<div class="invalid-feedback d-block" id="id_{field}_error">{message}</div>' in html
    assert f'value="{value}"' in html  # what was typed is kept
    round.refresh_from_db()
    assert round.tie_break == ["normalised", "median", "reviews"]


def test_an_open_round_is_read_only(judging):
    client = judging.client("coordinator")
    page = client.get(overview(judging)).content.decode()
    assert "Save the configuration" not in page
    assert "Take entries" not in page
    assert "The configuration can only change while the round is a draft." in page
    response = client.post(overview(judging), config(judging.round, name="Renamed"))
    assert response.status_code == 400
    assert ("Online screening is open: its configuration can only change while it is a "
            "draft.") in text(response.content.decode())
    judging.round.refresh_from_db()
    assert judging.round.name == "Online screening"


def test_quotas_per_category(judging):
    round = make_draft(judging)
    other = CategoryFactory(edition=judging.season.edition, code="HC", name="Human-CentriCity")
    client = judging.client("secretariat")
    response = client.post(overview(judging), {"action": "quotas",
                                               f"quota_{judging.season.category.pk}": "1",
                                               f"quota_{other.pk}": "5"})
    assert response.status_code == 302
    assert dict(round.quotas.values_list("category__code", "advance")) == {"TI": 1, "HC": 5}
    response = client.post(overview(judging), {"action": "quotas", f"quota_{other.pk}": "-1"})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()


# --- Entries and status --------------------------------------------------------------------------


def test_take_entries_shows_the_count(judging):
    round = make_draft(judging)
    RoundEntry.objects.filter(round=round).delete()
    client = judging.client("coordinator")
    response = client.post(overview(judging), {"action": "take"}, follow=True)
    assert "4 entries are in the round." in text(response.content.decode())
    assert RoundEntry.objects.filter(round=round).count() == 4


def test_take_entries_names_a_previous_round_not_finalised(judging):
    later = RoundFactory(edition=judging.season.edition, number=2, name="Finals")
    client = judging.client("coordinator")
    url = reverse("judging:staff_round", args=[later.pk])
    page = text(client.get(url).content.decode())
    assert ("Online screening is not finalised yet: its shortlist decides which entries this "
            "round takes.") in page
    response = client.post(url, {"action": "take"})
    assert response.status_code == 400
    assert ("Online screening is not finalised yet: its shortlist decides who enters "
            "Finals.") in text(response.content.decode())
    assert not RoundEntry.objects.filter(round=later).exists()


def test_opening_is_refused_with_the_reason(judging):
    round = make_draft(judging)
    Criterion.objects.filter(round=round).delete()
    response = judging.client("coordinator").post(overview(judging),
                                                  {"action": "status", "status": "open"})
    assert response.status_code == 400
    assert "Add criteria for Tech-InnovaCity before opening the round." in \
        response.content.decode()
    round.refresh_from_db()
    assert round.status == RoundStatus.DRAFT


def test_open_close_and_reopen(judging):
    round = make_draft(judging)
    client = judging.client("coordinator")
    page = client.get(overview(judging)).content.decode()
    assert "<summary class=\"btn btn-outline-primary\">Open the round…</summary>" in page
    response = client.post(overview(judging), {"action": "status", "status": "open"},
                           follow=True)
    assert "Online screening is open: judges have been told about their assignments." in \
        text(response.content.decode())
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN
    assert Notification.objects.filter(template="judging/assigned").count() == 3
    client.post(overview(judging), {"action": "status", "status": "closed"})
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED
    response = client.post(overview(judging), {"action": "status", "status": "open"},
                           follow=True)
    assert "Online screening is open again." in text(response.content.decode())
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN


# --- Criteria ------------------------------------------------------------------------------------


def criteria_url(judging):
    return reverse("judging:staff_criteria", args=[judging.round.pk])


def criterion_data(category, **changes):
    prefix = f"new-{category.pk}"
    data = {"action": "save", "category": category.pk, f"{prefix}-name": "Feasibility",
            f"{prefix}-guidance": "Can it be built with the money and people it has?",
            f"{prefix}-weight": "1.5", f"{prefix}-scale_min": "1", f"{prefix}-scale_max": "5",
            f"{prefix}-required": "on", f"{prefix}-order": "4"}
    data.update({f"{prefix}-{k}": v for k, v in changes.items()})
    return data


def test_criteria_table_with_total_weight(judging):
    page = text(judging.client("coordinator").get(criteria_url(judging)).content.decode())
    assert "Total weight 4: each criterion counts in proportion to its weight." in page
    assert "1 Innovation How well the entry meets this criterion. 2 1–10 Yes" in page
    assert "Add a criterion" not in page  # the round is open


def test_add_edit_and_delete_a_criterion(judging):
    round = make_draft(judging)
    category = judging.season.category
    client = judging.client("coordinator")
    assert client.post(criteria_url(judging), criterion_data(category)).status_code == 302
    added = Criterion.objects.get(round=round, name="Feasibility")
    assert (str(added.weight), added.scale_min, added.scale_max) == ("1.50", 1, 5)
    page = client.get(criteria_url(judging) + f"?edit={added.pk}").content.decode()
    assert f'name="edit-{added.pk}-name" value="Feasibility"' in page
    response = client.post(criteria_url(judging), {
        "action": "save", "category": category.pk, "criterion": added.pk,
        f"edit-{added.pk}-name": "Feasibility", f"edit-{added.pk}-weight": "3",
        f"edit-{added.pk}-scale_min": "0", f"edit-{added.pk}-scale_max": "10",
        f"edit-{added.pk}-order": "4"})
    assert response.status_code == 302
    added.refresh_from_db()
    assert (str(added.weight), added.scale_min, added.required) == ("3.00", 0, False)
    response = client.post(criteria_url(judging), {"action": "delete", "criterion": added.pk},
                           follow=True)
    assert "“Feasibility” was deleted." in text(response.content.decode())
    assert not Criterion.objects.filter(pk=added.pk).exists()


def test_criterion_errors_keep_what_was_typed(judging):
    round = make_draft(judging)
    category = judging.season.category
    response = judging.client("coordinator").post(
        criteria_url(judging), criterion_data(category, name="innovation", scale_max="1"))
    assert response.status_code == 400
    html = response.content.decode()
    prefix = f"id_new-{category.pk}"
    assert (f'id="{prefix}-name_error">Choose another name: Tech-InnovaCity already has a '
            "criterion “innovation”.</div>") in html
    assert (f'id="{prefix}-scale_max_error">Make the highest score more than the lowest '
            "(1).</div>") in html
    assert "Can it be built with the money and people it has?" in html
    assert Criterion.objects.filter(round=round).count() == 3


def test_copy_criteria_from_another_category(judging):
    round = make_draft(judging)
    other = CategoryFactory(edition=judging.season.edition, code="HC", name="Human-CentriCity")
    CriterionFactory(round=round, category=other, name="Design")
    response = judging.client("coordinator").post(criteria_url(judging), {
        "action": "copy", "category": other.pk, f"copy-{other.pk}-source":
            judging.season.category.pk}, follow=True)
    assert "2 criteria were copied from Tech-InnovaCity." in text(response.content.decode())
    assert set(Criterion.objects.filter(round=round, category=other)
               .values_list("name", "weight", "scale_max")) == {
        ("Design", 1, 10), ("Innovation", 2, 10), ("Impact", 1, 10)}


def test_criteria_cannot_change_once_open(judging):
    response = judging.client("coordinator").post(
        criteria_url(judging), criterion_data(judging.season.category))
    assert response.status_code == 400
    assert "Online screening is open: its configuration can only change while it is a draft." \
        in text(response.content.decode())
    assert Criterion.objects.filter(round=judging.round).count() == 3


def test_moments_are_shown_in_the_edition_time_zone(judging):
    Round.objects.filter(pk=judging.round.pk).update(
        opens_at=datetime(2030, 1, 1, 15, 0, tzinfo=UTC),
        closes_at=datetime(2030, 1, 1, 15, 0, tzinfo=UTC) + timedelta(days=10))
    page = text(judging.client("coordinator").get(overview(judging)).content.decode())
    assert "opens 2 January 2030, 00:00 (Asia/Seoul)" in page


def test_staff_area_links_to_judging(judging):
    rounds = reverse("judging:staff_rounds", args=[judging.season.edition.slug])
    for persona in ("secretariat", "coordinator"):
        html = judging.client(persona).get(reverse("staff_index")).content.decode()
        assert f'href="{rounds}"' in html
    html = judging.client("secretariat").get(reverse("staff_index")).content.decode()
    assert html.count(f'href="{rounds}"') == 2  # the edition's card and the tools list


def test_the_staff_area_links_to_judging_for_each_edition_a_coordinator_helps_run(client_for):
    from django.urls import reverse

    from tests.factories import EditionFactory, RoleFactory

    client = client_for("coordinator")
    older = EditionFactory(name="Smart City Prize 2021", short_name="SCP21", slug="scp-2021",
                           is_current=False)
    RoleFactory(user=client.user, edition=older, role="coordinator")
    EditionFactory(name="Someone else's prize", short_name="OTHER", slug="other-prize",
                   is_current=False)

    page = client.get(reverse("staff_index")).content.decode()

    assert reverse("judging:staff_rounds", args=["scp-2021"]) in page
    assert "Judging SCP21" in page
    assert reverse("judging:staff_rounds", args=["other-prize"]) not in page
