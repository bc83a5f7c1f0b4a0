"""The pure parts of ``make load`` (load/plan.py): the plan of judges
and assignments, and the check that tells a lost or mixed score from a kept one. The run itself
(Locust against gunicorn) is not part of the test suite."""

from collections import Counter

import pytest

from load import plan


def test_judges_are_split_in_proportion_to_entries_with_one_at_least():
    assert plan.split_judges(200, {"TI": 18, "HC": 16, "LD": 6}) == {"HC": 80, "LD": 30,
                                                                    "TI": 90}
    assert sum(plan.split_judges(7, {"a": 1000, "b": 1, "c": 0}).values()) == 7
    assert plan.split_judges(7, {"a": 1000, "b": 1, "c": 0}) == {"a": 6, "b": 1}


def test_too_few_judges_for_the_categories_is_refused():
    with pytest.raises(ValueError, match="2 judges cannot cover 3 categories"):
        plan.split_judges(2, {"a": 1, "b": 1, "c": 1})


def test_each_judge_gets_distinct_entries_and_entries_are_shared_evenly():
    judges = list(range(100, 189))
    entries = list(range(1, 19))
    assigned = plan.assign(judges, entries, 4)
    assert set(assigned) == set(judges)
    for mine in assigned.values():
        assert len(mine) == 4
        assert len(set(mine)) == 4
        assert set(mine) <= set(entries)
    load = Counter(e for mine in assigned.values() for e in mine)
    assert set(load) == set(entries)
    assert max(load.values()) - min(load.values()) <= 1


def test_a_category_with_fewer_entries_than_asked_gives_each_judge_all_of_them():
    assigned = plan.assign([1, 2], [7, 5], 4)
    assert assigned == {1: [5, 7], 2: [5, 7]}
    assert plan.assign([1], [], 4) == {1: []}


def check(**kwargs):
    defaults = {"saved": {}, "sent": {}, "pending": {}, "stored": {}, "submitted": [],
                "stored_submitted": [], "judged": [1, 2]}
    return plan.check_scores(**{**defaults, **kwargs})


def test_every_stored_score_equal_to_the_last_saved_passes():
    result = check(saved={(1, 10): "7", (1, 11): "3", (2, 10): ""},
                   sent={(1, 10): ["5", "7"], (1, 11): ["3"], (2, 10): ["4", ""]},
                   stored={(1, 10): "7.00", (1, 11): "3.00"},
                   submitted=[1], stored_submitted=[1])
    assert result.ok
    assert (result.compared, result.kept, result.lost, result.mixed) == (3, 3, [], [])


def test_an_older_value_stored_is_a_lost_save():
    result = check(saved={(1, 10): "7"}, sent={(1, 10): ["5", "7"]}, stored={(1, 10): "5"})
    assert not result.ok
    assert result.lost == ["assignment 1, criterion 10: last saved 7, stored 5"]
    assert result.mixed == []


def test_a_saved_score_missing_from_the_database_is_lost():
    result = check(saved={(1, 10): "7"}, sent={(1, 10): ["7"]}, stored={})
    assert result.lost == ["assignment 1, criterion 10: last saved 7, stored None"]


def test_a_value_the_judge_never_sent_is_mixed():
    result = check(saved={(1, 10): "7"}, sent={(1, 10): ["7"]},
                   stored={(1, 10): "9", (2, 11): "4"})
    assert result.mixed == ["assignment 1, criterion 10: stored 9, never sent by its judge",
                            "assignment 2, criterion 11: stored 4, never sent by its judge"]
    assert not result.ok


def test_a_save_unanswered_at_the_stop_may_have_landed_or_not():
    landed = check(saved={(1, 10): "7"}, sent={(1, 10): ["7", "8"]},
                   pending={(1, 10): "8"}, stored={(1, 10): "8"})
    assert landed.ok and landed.in_flight == 1
    not_landed = check(saved={(1, 10): "7"}, sent={(1, 10): ["7", "8"]},
                       pending={(1, 10): "8"}, stored={(1, 10): "7"})
    assert not_landed.ok and not_landed.kept == 1
    first_not_landed = check(sent={(1, 10): ["8"]}, pending={(1, 10): "8"}, stored={})
    assert first_not_landed.ok


def test_scores_of_other_judges_are_not_compared():
    result = check(stored={(99, 10): "3"}, judged=[1])
    assert result.ok and result.compared == 0


def test_submissions_must_hold_both_ways():
    result = check(submitted=[1], stored_submitted=[2, 99])
    assert result.not_submitted == ["assignment 1: submitted, not stored as submitted"]
    assert result.submitted_unexpectedly == ["assignment 2: stored as submitted, never "
                                             "submitted"]
    assert not result.ok


def test_percentiles_and_errors():
    assert plan.percentile([], 0.5) is None
    assert plan.percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert plan.percentile(list(range(1, 101)), 0.95) == 95
    assert plan.errors_of({"200": 5, "302": 2, "409": 1, "500": 2, "0": 1}) == 4
    assert plan.errors_of({"200": 5, "409": 3}, expected=[409]) == 0


def test_the_simulated_staff_code_is_the_authenticator_apps():
    """RFC 6238's SHA-1 test vectors (secret "12345678901234567890": 94287082 at 59 s, 07081804
    at 1111111109 s; six digits are their last six)."""
    import base64

    secret = base64.b32encode(b"12345678901234567890").decode()
    assert plan.totp(secret, at=59) == "287082"
    assert plan.totp(secret, at=1111111109) == "081804"


def test_the_run_only_ever_drops_a_database_of_its_own():
    from load.__main__ import recreate_database, run_database_url

    assert run_database_url("postgres://u@db:5432/prize_load") == "postgres://u@db:5432/prize_load"
    assert run_database_url("postgres://u@db:5432/prize") == "postgres://u@db:5432/prize_load"
    assert run_database_url("postgres://u@db/postgres") == "postgres://u@db/postgres_load"
    with pytest.raises(SystemExit, match="only a database named …_load"):
        recreate_database("postgres://u@db:5432/prize")
