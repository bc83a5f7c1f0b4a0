"""The staff overview of an edition: who may see it, each section's figures for a built season,
where its links lead, nothing of an embargoed result, and a bounded number of queries."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import dateformat

from entries.models import Entry
from prize import overview
from tests.conftest import CommittingClient
from tests.prize.overview_support import BACKEND, PERSONAS, WINNER_TITLE, build, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    return build()


def url_of(edition) -> str:
    return reverse("overview:edition", args=[edition.slug])


def page(built, persona="secretariat") -> str:
    response = built.client(persona).get(url_of(built.edition))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The page's words as seen (tags, words for screen readers only and extra spaces
    removed)."""
    html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def block(html: str, element_id: str) -> str:
    """The inner HTML of the element with this id (up to its closing tag of the same name)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, f"no #{element_id}"
    tag, start = match.group(1), match.end()
    depth, pos = 1, start
    for m in re.finditer(rf"<(/?){tag}\b[^>]*>", html[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            pos = start + m.start()
            break
    return html[start:pos]


def figure(html: str, section_id: str, name: str) -> str:
    """The words of the figure called ``name`` in a <dl> of figures."""
    dl = block(html, section_id)
    for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", dl, re.S):
        if text(dt).strip() == name:
            return text(dd).strip()
    raise AssertionError(f"no figure {name!r}")


# --- Who may see it ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_matrix(built, persona):
    response = built.client(persona).get(url_of(built.edition))
    expected = {"anonymous": 302, "coordinator": 200, "secretariat": 200,
                "superuser": 200}.get(persona, 404)
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_unknown_edition_is_a_404(built):
    assert built.client("superuser").get("/staff/editions/no-such/overview/").status_code == 404


def test_linked_from_the_staff_area_and_the_edition_page(built):
    client = built.client("secretariat")
    target = f'href="{url_of(built.edition)}"'
    assert target in client.get(reverse("staff_index")).content.decode()
    assert target in client.get(reverse("staff_edition", args=[built.edition.slug])
                                ).content.decode()
    coordinator = built.client("coordinator")
    assert target in coordinator.get(reverse("staff_edition", args=[built.edition.slug])
                                     ).content.decode()


# --- Figures -------------------------------------------------------------------------------------


def test_entries_by_status_and_screening(built):
    html = page(built)
    assert figure(html, "overview-entries", "Draft") == "3"
    assert figure(html, "overview-entries", "Submitted") == "3"
    assert figure(html, "overview-entries", "Eligible") == "1"
    assert figure(html, "overview-entries", "Ineligible") == "1"
    assert figure(html, "overview-entries", "Withdrawn") == "0"
    assert figure(html, "overview-entries", "Drafts started this week") == "2"
    screening = text(block(html, "overview-screening"))
    assert "2 of 5 entered entries screened (40%)." in screening
    assert "3 to screen" in screening
    rows = block(html, "table-entries-categories")
    tech = text(re.search(r"<tr>\s*<th[^>]*>.*?Tech-InnovaCity.*?</tr>", rows, re.S).group(0))
    # draft, submitted, withdrawn, eligible, ineligible, all
    assert tech.split()[-6:] == ["2", "2", "0", "1", "0", "5"]


def test_round_progress(built):
    html = page(built)
    row = text(re.search(r"<tr>\s*<th[^>]*>.*?Round 1.*?</tr>",
                         block(html, "table-judging-rounds"), re.S).group(0))
    assert "4 of 9" in row
    assert "(44% done)" in row
    # abstained 0, in progress 1, judges not started 1, conflicts declared 1
    assert re.search(r"done\) 0 1 1 1 ", row), row
    assert "1 conflict of interest declared" in text(block(html, "overview-conflicts"))


def test_outbox_health_for_this_edition_only(built):
    html = page(built)
    assert figure(html, "overview-outbox", "Waiting to leave") == "2"
    assert figure(html, "overview-outbox", "Failed").startswith("1")
    assert "waiting for 3" in figure(html, "overview-outbox", "Oldest waiting")


def test_coordinators_do_not_see_the_outbox(built):
    html = page(built, "coordinator")
    assert 'id="overview-outbox"' not in html
    assert 'id="overview-entries"' in html and 'id="table-judging-rounds"' in html


def test_next_dates_in_the_editions_time_zone(built):
    html = page(built)
    dates = text(block(html, "overview-dates"))
    local = built.milestone_at.astimezone(built.edition.tz)
    assert f"{dateformat.format(local, 'j F Y, H:i')} (Asia/Seoul)" in dates
    assert dates.index("Shortlist announced") < dates.index("The call closes")
    assert "Long past" not in dates and "The call opens" not in dates


def test_ceremony_figures(built):
    html = page(built)
    assert figure(html, "overview-ceremony", "Awards") == "1 award, 2 places"
    assert figure(html, "overview-ceremony", "Winners confirmed").startswith("1 of 2 places")
    assert figure(html, "overview-ceremony", "Publication") == "Not scheduled, under embargo"
    assert figure(html, "overview-ceremony", "Invitations") == (
        "1 of 2 replied 1 attending, 0 not attending, 1 waiting")


@pytest.mark.parametrize("persona", ["coordinator", "secretariat"])
def test_nothing_of_an_embargoed_result_is_named(built, persona):
    html = page(built, persona)
    assert WINNER_TITLE not in html
    for entry in built.entries:
        if entry.reference:
            assert entry.reference not in html
    assert "Judge 0" not in html  # nor who judged what


# --- Links ---------------------------------------------------------------------------------------


def links(html: str) -> list[str]:
    body = block(html, "main") if 'id="main"' in html else html
    inner = body[body.index('class="overview"'):]
    return sorted({unescape(h) for h in re.findall(r'href="([^"#]+)"', inner)})


@pytest.mark.parametrize("persona", ["coordinator", "secretariat"])
def test_every_link_opens_for_whoever_sees_it(built, persona):
    client = built.client(persona)
    found = links(page(built, persona))
    assert len(found) >= 12
    for href in found:
        assert client.get(href).status_code == 200, href


def test_links_go_where_they_say(built):
    html = page(built)
    screening = block(html, "overview-screening")
    href = unescape(re.search(r'href="([^"]+)"', screening).group(1))
    assert resolve(urlsplit(href).path).url_name == "staff_list"
    assert parse_qs(urlsplit(href).query) == {"status": ["submitted"]}
    listed = built.client("secretariat").get(href).content.decode()
    submitted = [e for e in built.entries if e.status == "submitted"]
    assert all(e.reference in listed for e in submitted)
    assert not any(e.reference in listed for e in built.entries
                   if e.reference and e.status != "submitted")
    rounds = block(html, "table-judging-rounds")
    assert reverse("judging:staff_progress", args=[built.round.pk]) in rounds
    failed = unescape(re.search(r'<dt>Failed</dt>\s*<dd><a href="([^"]+)"', html).group(1))
    assert urlsplit(failed).path == reverse("staff_outbox")
    assert parse_qs(urlsplit(failed).query) == {"edition": [str(built.edition.pk)],
                                                "status": ["failed"]}
    # the outbox, filtered to this edition: its failed message, not another edition's
    listed = built.client("superuser").get(failed).content.decode()
    assert "to2@example.org" in listed and "x@example.org" not in listed


# --- Charts --------------------------------------------------------------------------------------


def chart(html: str, element_id: str) -> dict:
    return json.loads(block(html, element_id))


def test_charts_carry_the_same_figures_as_the_tables(built):
    html = page(built)
    by_category = chart(html, "chart-entries-categories")
    assert by_category["labels"] == ["TI", "HC"]
    assert {d["label"]: d["data"] for d in by_category["datasets"]}["Submitted"] == [2, 1]
    rounds = chart(html, "chart-judging-rounds")
    assert rounds["horizontal"] and rounds["stacked"]
    assert {d["label"]: d["data"] for d in rounds["datasets"]} == {
        "Submitted": [4], "Abstained": [0], "In progress": [1], "Not started": [4]}
    days = chart(html, "chart-entries-days")
    assert days["datasets"][0]["data"][-1] == 5
    # each chart: an image with a label, hidden until drawn, and no inline script
    assert html.count('role="img" aria-label="Chart: ') == 3
    assert len(re.findall(r'<div class="overview-chart" data-chart="[^"]+" hidden>', html)) == 3
    assert not re.search(r"<script(?![^>]*(src=|application/json))", html)


def test_chart_colours_read_on_white():
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in overview.COLOURS:
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, colour


def test_an_empty_edition_shows_no_charts(edition):
    users = people(edition)
    client = CommittingClient()
    client.force_login(users["secretariat"], backend=BACKEND)
    html = client.get(url_of(edition)).content.decode()
    assert "data-chart=" not in html
    assert "No round yet." in html
    assert "0 of 0 entered entries screened (0%)." in text(block(html, "overview-screening"))


# --- Queries -------------------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_season(count_queries):
    small = build()
    client = small.client("secretariat")
    url = url_of(small.edition)
    client.get(url)  # the session is read and its language settled
    few = count_queries(lambda: client.get(url))

    # a season four times larger, with three rounds, beside it
    large = build(entries_per_status=4, rounds=3, current=False, tag="large-")
    assert Entry.objects.filter(edition=large.edition).count() == 32
    big_client = large.client("secretariat")
    big_url = url_of(large.edition)
    big_client.get(big_url)
    assert count_queries(lambda: big_client.get(big_url)) == few
    assert few <= 25
