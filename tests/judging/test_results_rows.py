"""A round's leaderboard rows are drawn once per computed results and kept with them
(``judging.views.staff.results.rows_html``): the next visit shows them without drawing them
again, and every change a reader could see in a row shows at once: an entry's reference or title,
its entrant's name, a score, the round finalised, the order (the quota's line is drawn only in
rank order) and the reader's language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from entries.models import Entrant, Entry
from judging import services
from judging.enums import RoundStatus
from judging.views.staff import results as results_view
from tests.judging.test_staff_results import row_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch):
    """How many leaderboard rows were drawn by the template."""
    calls = []
    real = results_view.get_template

    def counting(name):
        template = real(name)

        class Counting:
            def render(self, context):
                calls.append(context["row"]["entry"].pk)
                return template.render(context)

        return Counting()

    monkeypatch.setattr(results_view, "get_template", counting)
    return calls


@pytest.fixture
def scored(judging):
    """The first judge scores entries 0-2 (totals 100, 66.7, 33.3); entry 3 waits for the
    second judge."""
    for entry, value in zip(judging.entries[:3], [10, 7, 4], strict=True):
        submit(judging, "judge", entry, value)
    return judging


def page(judging, query="", persona="coordinator") -> str:
    url = reverse("judging:staff_results", args=[judging.round.pk]) + query
    return judging.client(persona).get(url).content.decode()


def rows(html: str) -> list[str]:
    return re.findall(r"<tr[^>]*>.*?</tr>", html.split("<tbody>", 1)[1], flags=re.S)


def test_rows_are_drawn_once_and_the_next_visit_shows_the_same(scored, drawn):
    first = page(scored)
    assert len(drawn) == 4
    again = page(scored)
    assert len(drawn) == 4  # nothing drawn again
    assert rows(again) == rows(first)
    assert row_of(again, scored.entries[0]).startswith("1 SCP00-TI-0001 Smart crossings")


def test_a_title_and_a_reference_changed_show_at_once(scored):
    entry = scored.entries[1]
    page(scored)
    entry = Entry.objects.get(pk=entry.pk)
    entry.title, entry.reference = "Night buses for all", "SCP00-TI-0999"
    entry.save()
    assert row_of(page(scored), entry).startswith("2 SCP00-TI-0999 Night buses for all")


def test_an_entrant_renamed_shows_at_once(scored):
    entry = scored.entries[2]
    assert "City of Nairobi" in row_of(page(scored), entry)
    entrant = Entrant.objects.get(pk=entry.entrant_id)
    entrant.name = "Nairobi City County"
    entrant.save()
    assert "Nairobi City County" in row_of(page(scored), entry)


def test_a_new_score_moves_the_rows_at_once(scored, drawn):
    before = row_of(page(scored), scored.entries[3])
    assert " 0 — — " in before
    submit(scored, "second_judge", scored.entries[3], 10)
    after = row_of(page(scored), scored.entries[3])
    assert " 1 100.0 100.0 " in after
    assert len(drawn) == 8  # new results: every row drawn afresh


def test_the_quota_line_is_drawn_in_rank_order_only_whichever_order_came_first(scored):
    by_score = page(scored, "?sort=-score")
    by_rank = page(scored)
    by_score_again = page(scored, "?sort=-score")
    assert 'class="cutoff"' in by_rank  # the quota of 2: the line under the second row
    assert 'class="cutoff"' not in by_score
    assert by_score_again.count("<tr") == by_score.count("<tr")
    assert 'class="cutoff"' not in by_score_again


def test_the_round_finalised_shows_who_advanced_at_once(scored):
    judging = scored
    assert "advancing" in row_of(page(judging), judging.entries[0])
    services.round_set_status(round=judging.round, status=RoundStatus.CLOSED,
                              by=judging.users["secretariat"])
    services.round_finalise(round=judging.round, entry_ids=[e.pk for e in judging.entries[:2]],
                            by=judging.users["secretariat"])
    html = page(judging)
    assert row_of(html, judging.entries[0]).endswith("advanced")
    assert row_of(html, judging.entries[2]).endswith("0")  # abstentions, no outcome


def test_each_language_gets_its_own_rows(scored):
    english = page(scored)
    user = scored.users["coordinator"]
    user.language = "ko"
    user.save()
    with translation.override("ko"):
        korean = page(scored)
    assert rows(korean) != rows(english)
    assert 'data-label="Rank"' in rows(english)[0]
    assert 'data-label="Rank"' not in rows(korean)[0]
