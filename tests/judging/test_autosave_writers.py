"""Autosave never reports a conflict with itself: a save that left a tab while its previous one
was still on the way (or before the tab was reloaded) carries a version its own tab has since
moved on; it goes through. Another tab or another person still conflicts, and a save that says
nothing of its tab is treated as before."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from entries.models import Entry
from prize import writers

pytestmark = pytest.mark.django_db

TAB, OTHER_TAB = "tab-0000-aaaa", "tab-1111-bbbb"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def save(client, entry, version, writer=None, title="Smart crossings"):
    data = {"title": title, "summary": "Safer crossings.", "version": version}
    if writer is not None:
        data["writer"] = writer
    return client.post(reverse("entries:step", args=[entry.pk, "basics"]), data,
                       HTTP_HX_REQUEST="true")


def test_a_tabs_own_earlier_save_is_no_conflict(season):
    client, entry = season.client("entrant"), season.draft
    start = Entry.objects.get(pk=entry.pk).version

    first = save(client, entry, start, TAB, "First")
    # The tab sends its next save before the first one's answer came back (or after a reload
    # that read the page before the first save landed): it still says ``start``.
    second = save(client, entry, start, TAB, "Second")

    assert (first.status_code, second.status_code) == (200, 200)
    assert Entry.objects.get(pk=entry.pk).title == "Second"
    assert Entry.objects.get(pk=entry.pk).version == start + 2


def test_another_tab_or_an_unknown_one_still_conflicts(season):
    client, entry = season.client("entrant"), season.draft
    start = Entry.objects.get(pk=entry.pk).version
    save(client, entry, start, TAB, "Mine")

    assert save(client, entry, start, OTHER_TAB, "Theirs").status_code == 409
    assert save(client, entry, start, None, "Nobody's").status_code == 409
    assert save(client, entry, start, "x\x00" * 5, "Garbage").status_code == 409
    assert Entry.objects.get(pk=entry.pk).title == "Mine"


def test_a_tab_far_behind_or_forgotten_conflicts_as_before(season):
    entry = season.draft
    assert not writers.all_mine("entry", entry.pk, seen=3, current=3 + writers.MAX_GAP + 1,
                                writer=TAB)
    writers.remember("entry", entry.pk, 4, TAB)
    assert writers.all_mine("entry", entry.pk, seen=3, current=4, writer=TAB)
    cache.clear()  # the cache forgot: safer to ask
    assert not writers.all_mine("entry", entry.pk, seen=3, current=4, writer=TAB)


def test_a_judges_tab_does_not_conflict_with_itself(judging):
    from judging.models import Review

    client = judging.client("judge")
    url = reverse("judging:review_save", kwargs={"round_id": judging.round.pk,
                                                 "entry_id": judging.entry.pk})
    first_criterion = judging.criteria[0]

    first = client.post(url, {f"score-{first_criterion.pk}": "5", "version": 1,
                              "writer": TAB}, HTTP_HX_REQUEST="true")
    second = client.post(url, {f"score-{first_criterion.pk}": "6", "version": 1,
                               "writer": TAB}, HTTP_HX_REQUEST="true")
    third = client.post(url, {f"score-{first_criterion.pk}": "7", "version": 1,
                              "writer": OTHER_TAB}, HTTP_HX_REQUEST="true")

    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 409)
    review = Review.objects.get(assignment__entry=judging.entry, assignment__judge__email=
                                judging.users["judge"].email)
    assert review.scores.get(criterion=first_criterion).value == 6
