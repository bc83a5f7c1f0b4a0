"""Judging's progress and results pages in the staff lists' shape: filters, sort keys only from
the list's own, page sizes within bounds, the export of exactly the filtered rows (with each
entry's rank kept on the results), reminding the ticked judges, blind rounds exported as the
page shows them, and as many queries for 1 row as for many."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from judging.enums import RoundStatus
from judging.models import Assignment, Round, RoundEntry
from prize.models import AuditEvent, Notification
from tests.factories import CategoryFactory, EntrantFactory, EntryFactory, UserFactory
from tests.judging.conftest import make_judge
from tests.judging.test_staff_queries import rounds  # noqa: F401 (the fixture by name)
from tests.judging.test_staff_results import submit
from tests.list_downloads import exported, exported_xlsx

pytestmark = pytest.mark.django_db


def progress_url(judging):
    return reverse("judging:staff_progress", args=[judging.round.pk])


def results_url(judging):
    return reverse("judging:staff_results", args=[judging.round.pk])


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Progress -------------------------------------------------------------------------------------


def judges_shown(response) -> list[str]:
    return [row["judge__email"] for row in response.context["page"].object_list]


@pytest.fixture
def panels(judging):
    """judge: 3 of 3 finished; second judge: 0 of 4; conflicted judge: 0 of 1; and a second
    category (Leadership) whose one entry only the formerly unassigned judge reviews. The judge
    is called Ana Judge, so the judges' names sort as their e-mails do."""
    type(judging.users["judge"]).objects.filter(pk=judging.users["judge"].pk).update(
        name="Ana Judge")
    for entry in judging.entries[:3]:
        submit(judging, "judge", entry, 7)
    leadership = CategoryFactory(edition=judging.round.edition, name="Leadership",
                                 slug="leadership", code="LD")
    entry = EntryFactory(edition=judging.round.edition, category=leadership,
                         entrant=EntrantFactory(name="Mayor of Busan"),
                         form=judging.entries[0].form, reference="SCP00-LD-0001")
    RoundEntry.objects.create(round=judging.round, entry=entry)
    Assignment.objects.create(round=judging.round, entry=entry,
                              judge=judging.users["unassigned_judge"])
    judging.leadership = leadership
    return judging


def test_progress_filters_by_panel_judge_and_not_started(panels):
    client = panels.client("coordinator")

    by_panel = client.get(progress_url(panels), {"category": panels.leadership.pk})
    by_name = client.get(progress_url(panels), {"q": "SECOND"})
    waiting = client.get(progress_url(panels), {"not_started": "on"})

    assert judges_shown(by_panel) == ["unassigned_judge@example.org"]
    # With a panel chosen, a judge's figures are that panel's.
    assert by_panel.context["page"].object_list[0]["assigned"] == 1
    assert judges_shown(by_name) == ["second_judge@example.org"]
    assert "judge@example.org" not in judges_shown(waiting)
    assert len(judges_shown(waiting)) == 3


def test_late_means_behind_the_share_of_the_rounds_time_gone_by(panels):
    client = panels.client("coordinator")
    now = datetime.now(UTC)
    Round.objects.filter(pk=panels.round.pk).update(opens_at=now + timedelta(days=1),
                                                    closes_at=now + timedelta(days=10))
    before = client.get(progress_url(panels), {"late": "on"})
    Round.objects.filter(pk=panels.round.pk).update(opens_at=now - timedelta(days=9),
                                                    closes_at=now + timedelta(days=1))
    nearly_over = client.get(progress_url(panels), {"late": "on"})
    Round.objects.filter(pk=panels.round.pk).update(status=RoundStatus.CLOSED)
    closed = client.get(progress_url(panels), {"late": "on", "sort": "-assigned"})

    assert judges_shown(before) == []  # nobody is late before the round opens
    assert judges_shown(nearly_over) == ["conflicted_judge@example.org",
                                         "second_judge@example.org",
                                         "unassigned_judge@example.org"]
    # "-assigned" reverses the tie-break (the judge's name) too, as every reversed sort does.
    assert judges_shown(closed) == ["second_judge@example.org", "unassigned_judge@example.org",
                                    "conflicted_judge@example.org"]


@pytest.mark.parametrize(("sort", "expected"), [
    ("done", ["conflicted_judge", "second_judge", "unassigned_judge", "judge"]),
    ("-done", ["judge", "unassigned_judge", "second_judge", "conflicted_judge"]),
    ("-assigned", ["second_judge", "judge", "unassigned_judge", "conflicted_judge"]),
])
def test_progress_sorts_by_its_own_keys(panels, sort, expected):
    response = panels.client("coordinator").get(progress_url(panels), {"sort": sort})
    assert judges_shown(response) == [f"{name}@example.org" for name in expected]


@pytest.mark.parametrize("sort", ["judge__email", "review__private_comment", "--done",
                                  "done; DROP TABLE judging_assignment", "-"])
def test_progress_ignores_a_sort_it_does_not_offer_and_says_so(panels, sort):
    response = panels.client("coordinator").get(progress_url(panels), {"sort": sort})

    assert response.status_code == 200
    assert judges_shown(response) == [  # by the judge's name
        "judge@example.org", "conflicted_judge@example.org", "second_judge@example.org",
        "unassigned_judge@example.org"]
    assert "Some filters were not understood and are ignored" in response.content.decode()


@pytest.mark.parametrize(("per_page", "size"), [
    ("25", 25), ("7", 50), ("0", 50), ("-25", 50), ("abc", 50), ("9" * 40, 50), ("", 50),
])
def test_progress_page_size_is_one_of_the_offered_sizes(judging, per_page, size):
    extra = [make_judge(judging.round.edition, f"extra{n}@example.org") for n in range(55)]
    Assignment.objects.bulk_create([Assignment(round=judging.round, entry=judging.entries[0],
                                               judge=judge) for judge in extra])
    response = judging.client("coordinator").get(progress_url(judging),
                                                 {"per_page": per_page, "page": "1"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == size
    assert f'<option value="{size}" selected>{size}</option>' in response.content.decode()


def test_progress_export_holds_exactly_the_filtered_rows(panels):
    client = panels.client("coordinator")
    query = {"not_started": "on", "sort": "-assigned", "page": "2", "per_page": "25"}

    header, rows = exported(client, progress_url(panels), query)
    sheet = exported_xlsx(client, progress_url(panels), query)

    assert header[:3] == ["Judge", "E-mail", "Assigned"]
    assert [(r[1], r[2], r[6]) for r in rows] == [
        ("second_judge@example.org", "4", "4"), ("unassigned_judge@example.org", "1", "1"),
        ("conflicted_judge@example.org", "1", "1")]
    assert [row[1] for row in sheet[1:]] == [r[1] for r in rows]
    # The whole export and the page agree on the same query.
    page = client.get(progress_url(panels), {"not_started": "on", "sort": "-assigned"})
    assert judges_shown(page) == [r[1] for r in rows]


def test_ticked_judges_are_reminded_and_only_the_rounds_judges(panels):
    stranger = UserFactory(email="stranger@example.org")
    client = panels.client("coordinator")
    response = client.post(progress_url(panels) + "?q=judge", {
        "action": "remind_selected",
        "selected": [panels.users["second_judge"].pk, panels.users["judge"].pk, stranger.pk,
                     "abc"]})

    assert response.status_code == 302 and response["Location"].endswith("?q=judge")
    assert sorted(Notification.objects.filter(template="judging/reminder")
                  .values_list("to_email", flat=True)) == ["second_judge@example.org"]
    messages = said(response)
    assert "A reminder was sent to 1 judge." in messages
    assert ("1 selected judge was not reminded: nothing is left for them to do."
            in messages)
    assert any("not one you may act on here" in m for m in messages)  # the stranger
    assert AuditEvent.objects.filter(action="round.remind").count() == 1


def test_no_ticked_judge_reminds_nobody(panels):
    client = panels.client("coordinator")
    response = client.post(progress_url(panels), {"action": "remind_selected"})

    assert "Nothing was changed: select at least one row." in said(response)
    assert not Notification.objects.filter(template="judging/reminder").exists()


def test_the_ticked_judges_are_not_reminded_once_the_round_is_closed(panels):
    Round.objects.filter(pk=panels.round.pk).update(status=RoundStatus.CLOSED)
    client = panels.client("coordinator")
    response = client.post(progress_url(panels), {
        "action": "remind_selected", "selected": [panels.users["second_judge"].pk]})
    page = client.get(progress_url(panels)).content.decode()

    assert "Reminders go out only while the round is open." in said(response)
    assert not Notification.objects.filter(template="judging/reminder").exists()
    assert 'name="selected"' not in page  # no checkboxes while nobody can be reminded


def test_the_progress_export_is_staff_only(panels):
    for persona, status in [("judge", 404), ("entrant", 404), ("coordinator", 200)]:
        response = panels.client(persona).get(progress_url(panels), {"format": "csv"})
        assert response.status_code == status, persona


# --- Results --------------------------------------------------------------------------------------


def references(response) -> list[str]:
    return [row["entry"].reference for section in response.context["categories"]
            for row in section["rows"]]


@pytest.fixture
def scored(panels):
    """Tech-InnovaCity ranked 0001, 0002, 0003, 0004 (second judge: 9, 7, 4, 1); the
    Leadership entry unscored."""
    for entry, value in zip(panels.entries, [9, 7, 4, 1], strict=True):
        submit(panels, "second_judge", entry, value)
    return panels


def test_results_filter_by_category_and_search_keeping_each_rank(scored):
    client = scored.client("coordinator")

    leadership = client.get(results_url(scored), {"category": scored.leadership.pk})
    found = client.get(results_url(scored), {"q": "nairobi"})
    by_title = client.get(results_url(scored), {"q": "0004"})

    assert references(leadership) == ["SCP00-LD-0001"]
    assert references(found) == ["SCP00-TI-0003"]
    row = found.context["categories"][0]["rows"][0]
    assert row["rank"] == 3  # its rank in the whole category, not in the search
    assert references(by_title) == ["SCP00-TI-0004"]


def test_results_sort_within_each_category_and_only_by_their_own_keys(scored):
    client = scored.client("coordinator")

    by_rank = client.get(results_url(scored))
    reversed_ = client.get(results_url(scored), {"sort": "-rank"})
    by_score = client.get(results_url(scored), {"sort": "score"})
    odd = client.get(results_url(scored), {"sort": "entry__entrant__name"})

    ranked = ["SCP00-TI-0001", "SCP00-TI-0002", "SCP00-TI-0003", "SCP00-TI-0004",
              "SCP00-LD-0001"]
    assert references(by_rank) == ranked
    assert references(reversed_) == ranked[3::-1] + ranked[4:]  # categories keep their order
    assert references(by_score) == ranked[3::-1] + ranked[4:]
    assert references(odd) == ranked
    assert "Some filters were not understood and are ignored" in odd.content.decode()
    assert "the line marks the quota" in by_rank.content.decode()
    assert "the line marks the quota" not in reversed_.content.decode()


@pytest.mark.parametrize(("per_page", "size"), [
    ("2", 5), ("25", 5), ("3000", 5), ("-1", 5), ("x", 5),
])
def test_results_page_size_is_one_of_the_offered_sizes(scored, per_page, size):
    response = scored.client("coordinator").get(results_url(scored), {"per_page": per_page})

    assert response.status_code == 200
    assert len(references(response)) == size
    if per_page != "25":
        assert "rows per page" in response.content.decode()


def test_results_page_through_the_leaderboard_in_rank_order(rounds):  # noqa: F811
    client, _small, large = rounds
    url = reverse("judging:staff_results", args=[large.pk])

    first = client.get(url, {"per_page": "25"})
    third = client.get(url, {"per_page": "25", "page": "3"})

    def ranks(response):
        return [row["rank"] for section in response.context["categories"]
                for row in section["rows"]]

    assert len(ranks(first)) == len(ranks(third)) == 25
    assert ranks(first)[0] == 1 and max(ranks(first)) <= min(ranks(third))
    assert set(references(first)).isdisjoint(references(third))


def test_results_export_holds_the_filtered_rows_with_their_rank(scored):
    client = scored.client("coordinator")
    # The Leadership entry (a mayor's) is left out by the search; the page number is ignored.
    query = {"q": "city of", "sort": "-rank", "page": "3"}

    header, rows = exported(client, results_url(scored), query)
    sheet = exported_xlsx(client, results_url(scored), query)

    assert header[:6] == ["Category", "Rank", "Tied", "Entry", "Title", "Entrant"]
    assert [(r[1], r[3], r[5]) for r in rows] == [
        ("4", "SCP00-TI-0004", "City of Quito"), ("3", "SCP00-TI-0003", "City of Nairobi"),
        ("2", "SCP00-TI-0002", "City of Lyon"), ("1", "SCP00-TI-0001", "City of Seoul")]
    assert [r[-1] for r in rows] == ["", "", "advancing", "advancing"]
    assert [(row[1], row[3]) for row in sheet[1:]] == [
        (4, "SCP00-TI-0004"), (3, "SCP00-TI-0003"), (2, "SCP00-TI-0002"), (1, "SCP00-TI-0001")]


def test_a_blind_rounds_exports_show_what_its_pages_show(scored):
    Round.objects.filter(pk=scored.round.pk).update(blind=True)
    client = scored.client("coordinator")

    page = client.get(results_url(scored)).content.decode()
    _header, rows = exported(client, results_url(scored), {})
    _head, progress = exported(client, progress_url(scored), {})

    # The staff's leaderboard names entrants (the round is blind to its judges), so its export
    # does, entry by entry as on the page; the progress page names no entrant, nor its export.
    for row in rows:
        assert f">{row[3]}</a>" in page and row[5] in page
    assert not any("City of" in cell or "Mayor" in cell for row in progress for cell in row)


def test_results_export_is_for_those_who_see_the_results(scored):
    for persona, status in [("judge", 404), ("entrant", 404), ("anonymous", 404),
                            ("secretariat", 200)]:
        response = scored.client(persona).get(results_url(scored), {"format": "xlsx"})
        assert response.status_code == status, persona


# --- Queries -------------------------------------------------------------------------------------


QUERIES = [
    ("judging:staff_progress", {"q": "judge", "sort": "-done", "per_page": "25"}),
    ("judging:staff_progress", {"not_started": "on", "late": "on", "format": "csv"}),
    ("judging:staff_progress", {"sort": "assigned", "format": "xlsx"}),
    ("judging:staff_results", {"q": "Q", "sort": "-score", "per_page": "25", "page": "2"}),
    ("judging:staff_results", {"sort": "title", "format": "csv"}),
    ("judging:staff_results", {"format": "xlsx"}),
]


def read(client, url, query) -> bytes:
    response = client.get(url, query)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(("name", "query"), QUERIES)
def test_filtered_pages_and_exports_make_the_same_queries_for_few_and_many(
        rounds, count_queries, name, query):  # noqa: F811
    client, small, large = rounds
    counts = []
    for round in (small, large):
        url = reverse(name, args=[round.pk])
        read(client, url, query)  # warm the caches
        counts.append(count_queries(lambda url=url: read(client, url, query)))
    assert counts[0] == counts[1]


def test_progress_makes_the_same_queries_for_1_judge_as_for_40(judging, count_queries):
    client = judging.client("coordinator")
    Assignment.objects.filter(round=judging.round).exclude(
        judge=judging.users["judge"]).delete()
    one = count_queries(lambda: client.get(progress_url(judging), {"sort": "-done"}))
    extra = [make_judge(judging.round.edition, f"extra{n}@example.org") for n in range(39)]
    Assignment.objects.bulk_create([Assignment(round=judging.round, entry=judging.entries[3],
                                               judge=judge) for judge in extra])
    response = client.get(progress_url(judging), {"sort": "-done"})
    many = count_queries(lambda: client.get(progress_url(judging), {"sort": "-done"}))

    assert response.context["page"].paginator.count == 40
    assert one == many


@pytest.mark.parametrize("name", ["judging:staff_progress", "judging:staff_results"])
def test_a_query_parameter_named_like_a_method_changes_nothing(scored, name):
    """``?lists=`` once stood in for ``request.GET.lists`` in the page-size form (a 500)."""
    response = scored.client("coordinator").get(reverse(name, args=[scored.round.pk]),
                                                {"lists": "x", "q": "o", "per_page": "25"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="hidden" name="lists" value="x">' in html
    assert '<input type="hidden" name="q" value="o">' in html


@pytest.mark.parametrize("name", ["judging:staff_progress", "judging:staff_results"])
def test_hostile_values_in_every_parameter_never_break_the_pages(scored, name):
    from tests.test_fuzz import QUERY_VALUES, RAW_BYTES

    client = scored.client("coordinator")
    target = reverse(name, args=[scored.round.pk])
    keys = ["category", "q", "not_started", "late", "sort", "per_page", "page", "format",
            "lists", "selected"]
    for row in range(len(QUERY_VALUES)):
        query = {key: QUERY_VALUES[(i + row) % len(QUERY_VALUES)] for i, key in enumerate(keys)}
        assert client.get(target, query).status_code == 200, (name, row)
    assert client.get(f"{target}?q={RAW_BYTES}&sort={RAW_BYTES}").status_code in (200, 400)
    if name == "judging:staff_progress":
        response = client.post(target, {"action": "remind_selected", "selected": QUERY_VALUES})
        assert response.status_code == 302
        assert not Notification.objects.filter(template="judging/reminder").exists()
