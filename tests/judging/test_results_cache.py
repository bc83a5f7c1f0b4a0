"""The round's results are computed once and kept (judging.results_cache), and the page follows
every change at once: a review submitted, a score changed (through the judge's page, the admin
or another process), a review reopened, the round reopened, its ranking rule, a criterion's
weight, the shortlist, and the reader's language."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from judging import results_cache, services
from judging.enums import RankBy, RoundStatus
from judging.models import Criterion, Round, RoundEntry, Score
from tests.factories import RoundFactory
from tests.judging.test_staff_results import row_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(monkeypatch):
    """How many times the results were computed."""
    calls = []
    real = results_cache.round_results

    def counting(round):
        calls.append(round.pk)
        return real(round)

    monkeypatch.setattr(results_cache, "round_results", counting)
    return calls


def page(judging, persona="coordinator") -> str:
    return judging.client(persona).get(
        reverse("judging:staff_results", args=[judging.round.pk])).content.decode()


def test_a_second_visit_reuses_the_results_and_reads_less(judging, computed):
    submit(judging, "judge", judging.entries[0], 10)
    client = judging.client("coordinator")
    url = reverse("judging:staff_results", args=[judging.round.pk])
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    results_cache.forget()
    with CaptureQueriesContext(connection) as recomputed:
        again = client.get(url).content.decode()
    assert computed == [judging.round.pk, judging.round.pk]  # once, then once after forget()
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm.captured_queries) == len(cold.captured_queries)
    assert len(warm.captured_queries) < len(recomputed.captured_queries)
    assert row_of(first, judging.entries[0]) == row_of(again, judging.entries[0])


def test_a_review_submitted_shows_at_once(judging, computed):
    e = judging.entries
    submit(judging, "judge", e[0], 10)
    assert row_of(page(judging), e[0]).startswith("1 SCP00-TI-0001 Smart crossings for Seoul "
                                                  "City of Seoul 1 100.0 100.0")
    submit(judging, "second_judge", e[0], 4)
    assert row_of(page(judging), e[0]).startswith("1 SCP00-TI-0001 Smart crossings for Seoul "
                                                  "City of Seoul 2 66.7 66.7")
    assert len(computed) == 2


def test_a_review_reopened_and_rescored_shows_at_once(judging):
    e = judging.entries
    submit(judging, "judge", e[0], 10)
    assert " 1 100.0 100.0" in row_of(page(judging), e[0])
    assignment = judging.assignment("judge", e[0])
    services.review_reopen(assignment=assignment, by=judging.users["judge"])
    # Reopened: a review in progress is left out of the results.
    assert "—" in row_of(page(judging), e[0])
    services.review_save(assignment=assignment, by=judging.users["judge"],
                         scores={c.pk: "7" for c in judging.criteria})
    services.review_submit(assignment=assignment, by=judging.users["judge"])
    assert " 1 66.7 66.7" in row_of(page(judging), e[0])


def test_a_score_changed_in_the_admin_shows_at_once(judging):
    e = judging.entries
    submit(judging, "judge", e[0], 10)
    assert " 1 100.0 100.0" in row_of(page(judging), e[0])
    for score in Score.objects.filter(review__assignment__entry=e[0]):
        score.value = Decimal("1")  # as the admin's form saves it
        score.save()
    assert " 1 0.0 0.0" in row_of(page(judging), e[0])


def test_a_change_made_by_another_process_shows_at_once(judging):
    """Another web process with a cache of its own: the shared version does not move here,
    the round's inputs do."""
    e = judging.entries
    submit(judging, "judge", e[0], 10)
    assert " 1 100.0 100.0" in row_of(page(judging), e[0])
    before = results_cache.version()
    submit(judging, "second_judge", e[0], 1)
    cache.set(results_cache.VERSION_KEY, before, None)  # as if this process never heard of it
    assert " 2 50.0 50.0" in row_of(page(judging), e[0])


def test_the_round_reopened_and_its_ranking_rule_changed_show_at_once(judging):
    """A harsh second judge whose best is entry 3 (5 of 10), a lenient first judge: by the
    normalised score entry 3 leads, by the mean entry 0 does."""
    e = judging.entries
    for entry, value in zip(e, [1, 1, 1, 5], strict=True):
        submit(judging, "second_judge", entry, value)
    for entry, value in zip(e[:3], [10, 9, 8], strict=True):
        submit(judging, "judge", entry, value)
    services.round_set_status(round=judging.round, status=RoundStatus.CLOSED,
                              by=judging.users["secretariat"])
    assert row_of(page(judging), e[3]).startswith("1 ")
    round = Round.objects.get(pk=judging.round.pk)
    round.rank_by = RankBy.MEAN
    round.save()
    assert row_of(page(judging), e[0]).startswith("1 ")
    services.round_set_status(round=round, status=RoundStatus.OPEN,
                              by=judging.users["secretariat"])
    assignment = judging.assignment("second_judge", e[0])
    services.review_reopen(assignment=assignment, by=judging.users["second_judge"])
    # Reopened round, a review reopened in it: entry 0 has one counted review left.
    assert " 1 100.0 100.0" in row_of(page(judging), e[0])


def test_a_criterion_weight_changed_shows_at_once(judging):
    e = judging.entries
    assignment = judging.assignment("second_judge", e[0])
    innovation, design, impact = judging.criteria
    services.review_save(assignment=assignment, by=judging.users["second_judge"],
                         scores={innovation.pk: "10", design.pk: "1", impact.pk: "1"})
    services.review_submit(assignment=assignment, by=judging.users["second_judge"])
    assert " 1 50.0 50.0" in row_of(page(judging), e[0])  # weights 2, 1, 1
    innovation.weight = 1
    innovation.save()
    assert " 1 33.3 33.3" in row_of(page(judging), e[0])  # weights 1, 1, 1


def test_the_shortlist_changed_shows_at_once(judging):
    e = judging.entries
    for entry, value in zip(e, [7, 7, 4, 1], strict=True):
        submit(judging, "second_judge", entry, value)
    round = Round.objects.get(pk=judging.round.pk)
    assert results_cache.results_of(round).categories[0].advanced == set()
    # As the shortlist's service marks them: a bulk update, no signal.
    RoundEntry.objects.filter(round=judging.round, entry=e[2]).update(advanced=True)
    assert results_cache.results_of(round).categories[0].advanced == {e[2].pk}


def test_each_language_gets_its_own_results(judging, computed):
    """What is computed in one language is never handed to a reader of the other."""
    submit(judging, "judge", judging.entries[0], 10)
    round = Round.objects.get(pk=judging.round.pk)
    with translation.override("en"):
        english = results_cache.results_of(round)
    with translation.override("ko"):
        korean = results_cache.results_of(round)
    with translation.override("en"):
        assert results_cache.results_of(round) is english
    with translation.override("ko"):
        assert results_cache.results_of(round) is korean
    assert korean is not english
    assert computed == [round.pk, round.pk]


def test_with_a_shared_cache_the_reviews_are_not_scanned_and_changes_still_show(judging,
                                                                                monkeypatch):
    """With Redis every process reads the same version, raised by every save: the visit does
    not read the round's reviews to know whether they changed."""
    monkeypatch.setattr(results_cache, "shared_cache", lambda: True)
    e = judging.entries
    submit(judging, "judge", e[0], 10)
    assert " 1 100.0 100.0" in row_of(page(judging), e[0])
    with CaptureQueriesContext(connection) as visit:
        page(judging)
    stamp = [q["sql"] for q in visit.captured_queries if "s_entries" in q["sql"]]
    assert len(stamp) == 1 and "judging_review" not in stamp[0]
    submit(judging, "second_judge", e[0], 1)
    assert " 2 50.0 50.0" in row_of(page(judging), e[0])


UNREACHABLE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                           "LOCATION": "redis://127.0.0.1:1/0",
                           "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}


def test_with_the_cache_unreachable_scores_are_saved_and_the_results_computed_fresh(
        judging, computed, settings):
    """Redis down: a review is saved all the same (the version cannot be raised: nothing is
    refused for it), and the results page computes afresh on every visit, keeping nothing,
    since no copy kept can be known to be current."""
    e = judging.entries
    submit(judging, "judge", e[0], 10)
    assert " 1 100.0 100.0" in row_of(page(judging), e[0])
    settings.CACHES = UNREACHABLE
    assert results_cache.version() is None
    submit(judging, "second_judge", e[0], 4)  # saving raises the version: it must not fail
    assert " 2 66.7 66.7" in row_of(page(judging), e[0])
    assert " 2 66.7 66.7" in row_of(page(judging), e[0])
    assert len(computed) == 3  # once before, then on each visit without the cache


def test_the_check_made_once_for_every_round_reads_each_rounds_own_inputs(judging):
    """The "have the results changed" query is built once per process and run with each
    round's id: a change to one round's inputs (even a bulk update, no signal) moves that
    round's fingerprint and no other's, with the reviews read or not."""
    other = RoundFactory(edition=judging.round.edition, number=2, name="Final",
                         status=RoundStatus.DRAFT)
    first = Round.objects.get(pk=judging.round.pk)
    for reviews in (True, False):
        before = {r.pk: results_cache.inputs_stamp(r, reviews=reviews) for r in (first, other)}
        assert before[first.pk] != before[other.pk]
        RoundEntry.objects.filter(round=first, entry=judging.entries[1]).update(
            advanced=reviews)
        assert results_cache.inputs_stamp(other, reviews=reviews) == before[other.pk]
        assert results_cache.inputs_stamp(first, reviews=reviews) != before[first.pk]
        Criterion.objects.filter(round=first).update(weight=F("weight") + 1)
        after = results_cache.inputs_stamp(first, reviews=reviews)
        assert after != before[first.pk] and after != results_cache.inputs_stamp(
            other, reviews=reviews)
    submit(judging, "judge", judging.entries[0], 10)
    assert results_cache.inputs_stamp(first) != results_cache.inputs_stamp(first, reviews=False)
    with CaptureQueriesContext(connection) as checked:
        results_cache.inputs_stamp(other)
    assert len(checked.captured_queries) == 1
    assert f'"judging_round"."id" = {other.pk}' in checked.captured_queries[0]["sql"]
