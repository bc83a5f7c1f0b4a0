"""Automatic assignment (judging/assignment/): the guarantees of issue 4, as properties.

Feasibility and optimal loads are checked against an independent max flow written here, and
conflicts against an independent reading of the rules, so the tests do not trust the module.
"""

import random
from collections import Counter, deque

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.assignment import (
    ConflictRules,
    EntryInfo,
    JudgeInfo,
    assign,
    check,
    conflict_reasons,
    pick_replacement,
)

PROPERTY = settings(max_examples=100, deadline=None)

# ----------------------------------------------------------------------------- independent oracle


def norm(text):
    return " ".join(text.split()).casefold()


def is_conflicted(entry, judge, declared, rules):
    if (judge.id, entry.id) in declared:
        return True
    if (
        rules.same_organisation
        and norm(entry.organisation)
        and (norm(entry.organisation) == norm(judge.organisation))
    ):
        return True
    if rules.same_city and norm(entry.city) and norm(entry.city) == norm(judge.city):
        a, b = norm(entry.country), norm(judge.country)
        if not a or not b or a == b:
            return True
    return bool(
        rules.same_country and norm(entry.country) and norm(entry.country) == norm(judge.country)
    )


def max_flow(entries, judges, k, declared, rules, judge_caps):
    """Edmonds-Karp on source -> entry (k) -> judge (1 per free pair) -> sink (judge_caps)."""
    n_e, n_j = len(entries), len(judges)
    s, t = 0, 1 + n_e + n_j
    cap = {}
    adj = {v: [] for v in range(t + 1)}

    def add(u, v, c):
        if (u, v) not in cap:
            adj[u].append(v)
            adj[v].append(u)
            cap.setdefault((v, u), 0)
        cap[(u, v)] = c

    for i, entry in enumerate(entries):
        add(s, 1 + i, k)
        for j, judge in enumerate(judges):
            if not is_conflicted(entry, judge, declared, rules):
                add(1 + i, 1 + n_e + j, 1)
    for j in range(n_j):
        add(1 + n_e + j, t, judge_caps[j])
    total = 0
    while True:
        parent = {s: None}
        queue = deque([s])
        while queue and t not in parent:
            u = queue.popleft()
            for v in adj[u]:
                if v not in parent and cap[(u, v)] > 0:
                    parent[v] = u
                    queue.append(v)
        if t not in parent:
            return total
        v = t
        while parent[v] is not None:
            u = parent[v]
            cap[(u, v)] -= 1
            cap[(v, u)] += 1
            v = u
        total += 1


def capacities(judges, n_entries):
    return [n_entries if j.capacity is None else j.capacity for j in judges]


# --------------------------------------------------------------------------------- instance maker

COUNTRIES = ["KR", "JP", "FR", "KE", "BR", "AU"]
ORGS = ["", "Seoul Digital Foundation", "WeGO", "SNU", "GGGI", "IMD"]
CITIES = ["", "Seoul", "Paris", "Nairobi", "Busan"]


@st.composite
def instances(draw, *, conflicts=True, caps=True, sparse=True):
    n_e = draw(st.integers(0, 40))
    n_j = draw(st.integers(1, 12))
    k = draw(st.integers(1, 3))
    entries = [
        EntryInfo(
            i,
            draw(st.sampled_from(COUNTRIES)),
            draw(st.sampled_from(ORGS)),
            draw(st.sampled_from(CITIES)),
        )
        for i in range(n_e)
    ]
    judges = [
        JudgeInfo(
            f"j{j}",
            draw(st.sampled_from(COUNTRIES)),
            draw(st.sampled_from(ORGS)),
            draw(st.sampled_from(CITIES)),
            draw(st.none() | st.integers(0, 15)) if caps else None,
        )
        for j in range(n_j)
    ]
    if conflicts and n_e:
        declared = draw(
            st.sets(
                st.tuples(st.sampled_from([j.id for j in judges]), st.integers(0, n_e - 1)),
                max_size=n_e * n_j // 3,
            )
        )
        rules = ConflictRules(draw(st.booleans()), draw(st.booleans()), draw(st.booleans()))
    else:
        declared = set()
        rules = ConflictRules(False, False, False)
    candidates = draw(st.none() | st.integers(1, 6)) if sparse else None
    seed = draw(st.integers(0, 2**32))
    return entries, judges, k, declared, rules, candidates, seed


def run(instance):
    entries, judges, k, declared, rules, candidates, seed = instance
    return assign(
        entries,
        judges,
        k,
        conflicts=declared,
        rules=rules,
        seed=seed,
        candidates_per_entry=candidates,
    )


# -------------------------------------------------------------------------------------- properties


@PROPERTY
@given(instances())
def test_no_conflicted_pair_and_no_judge_twice(instance):
    entries, judges, k, declared, rules, _, _ = instance
    result = run(instance)
    by_id = {j.id: j for j in judges}
    for entry in entries:
        given_judges = result.assignment[entry.id]
        assert len(given_judges) == len(set(given_judges)) <= k
        for judge_id in given_judges:
            assert not is_conflicted(entry, by_id[judge_id], declared, rules)


@PROPERTY
@given(instances())
def test_every_entry_gets_k_judges_when_possible_else_the_report_names_it(instance):
    entries, judges, k, declared, rules, _, _ = instance
    result = run(instance)
    best = max_flow(entries, judges, k, declared, rules, capacities(judges, len(entries)))
    assert sum(len(v) for v in result.assignment.values()) == best
    short = {e for e, js in result.assignment.items() if len(js) < k}
    assert {s.entry for s in result.shortfalls} == short
    if best == k * len(entries):
        assert result.complete
    for shortfall in result.shortfalls:
        assert str(shortfall.entry) in shortfall.reason
        assert shortfall.assigned == len(result.assignment[shortfall.entry])


@PROPERTY
@given(instances())
def test_capacities_respected_and_the_heaviest_load_is_as_light_as_possible(instance):
    entries, judges, k, declared, rules, _, _ = instance
    result = run(instance)
    caps = capacities(judges, len(entries))
    for judge, cap in zip(judges, caps, strict=True):
        assert result.loads[judge.id] <= cap
    best = max_flow(entries, judges, k, declared, rules, caps)
    heaviest = max(result.loads.values())
    # no assignment of the same size has a lighter heaviest load
    if heaviest > 0:
        lighter = [min(c, heaviest - 1) for c in caps]
        assert max_flow(entries, judges, k, declared, rules, lighter) < best


@PROPERTY
@given(instances(conflicts=False, caps=False))
def test_loads_differ_by_at_most_one_without_conflicts(instance):
    result = run(instance)
    assert result.complete or len(instance[1]) < instance[2]
    assert result.load_spread <= 1
    low, high = result.target_loads
    if result.complete:
        assert set(result.loads.values()) <= {low, high}


@PROPERTY
@given(instances(), st.randoms(use_true_random=False))
def test_same_seed_same_result_whatever_the_input_order(instance, rnd):
    entries, judges, k, declared, rules, candidates, seed = instance
    first = run(instance)
    shuffled_entries, shuffled_judges = list(entries), list(judges)
    rnd.shuffle(shuffled_entries)
    rnd.shuffle(shuffled_judges)
    again = run((shuffled_entries, shuffled_judges, k, declared, rules, candidates, seed))
    assert again.assignment == first.assignment
    assert again.loads == first.loads
    assert again.shortfalls == first.shortfalls


@PROPERTY
@given(instances(conflicts=False, caps=False, sparse=False))
def test_distinct_countries_per_entry_when_enough_countries(instance):
    entries, judges, k, _, _, _, _ = instance
    n_e = len(entries)
    per_country = Counter(j.country for j in judges)
    if len(judges) < k or not n_e:
        return
    q = k * n_e // len(judges)
    # a balanced assignment with distinct countries exists exactly when each country's share
    # fits in the entries (one judge of a country per entry), see Gale-Ryser
    feasible = all(n * q <= n_e for n in per_country.values()) and (
        sum(min(n * (q + 1), n_e) for n in per_country.values()) >= k * n_e
    )
    if not feasible:
        return
    result = run(instance)
    country = {j.id: j.country for j in judges}
    for judge_ids in result.assignment.values():
        assert len({country[j] for j in judge_ids}) == len(judge_ids) == k
    assert result.stats["entries_with_repeated_country"] == 0
    assert result.load_spread <= 1


@PROPERTY
@given(instances())
def test_an_automatic_assignment_passes_its_own_check(instance):
    entries, judges, k, declared, rules, _, _ = instance
    result = run(instance)
    problems = check(result.assignment, entries, judges, k, conflicts=declared, rules=rules)
    assert {p.code for p in problems} <= {"too_few_judges", "unbalanced"}
    assert {p.entry for p in problems if p.code == "too_few_judges"} == {
        s.entry for s in result.shortfalls
    }


# ------------------------------------------------------------------------------- worked examples


def two_thousand_twenty_three():
    """16 judges from 8 countries and 40 entries, the size of 2023's round 2 panel."""
    countries = ["KR", "KR", "JP", "FR", "FR", "US", "KE", "AE"] * 2
    judges = [JudgeInfo(f"judge-{n}", countries[n], f"org-{n}", f"city-{n}") for n in range(16)]
    entries = [EntryInfo(n, COUNTRIES[n % 6], f"entrant-{n}", f"town-{n}") for n in range(40)]
    return entries, judges


def test_2023_panel_is_complete_balanced_and_spread_over_countries():
    entries, judges = two_thousand_twenty_three()
    result = assign(entries, judges, 3, seed=2023)
    assert result.complete
    assert result.target_loads == (7, 8)
    assert sorted(Counter(result.loads.values()).items()) == [(7, 8), (8, 8)]
    assert result.stats["entries_with_repeated_country"] == 0


def test_the_report_explains_an_entry_with_too_few_conflict_free_judges():
    entries, judges = two_thousand_twenty_three()
    declared = {(j.id, 5) for j in judges[2:]}
    result = assign(entries, judges, 3, conflicts=declared, seed=1)
    [shortfall] = result.shortfalls
    assert shortfall.entry == 5
    assert shortfall.assigned == 2
    assert shortfall.reason == (
        "only 2 of the 16 judges are free of conflicts with entry 5 (conflicts: 14 declared"
        " conflict)"
    )
    assert sorted(result.assignment[5]) == ["judge-0", "judge-1"]


def test_the_report_explains_judges_at_capacity():
    entries = [EntryInfo(n, "KR") for n in range(4)]
    judges = [JudgeInfo("a", "FR", capacity=2), JudgeInfo("b", "JP", capacity=2)]
    result = assign(entries, judges, 1)
    assert sum(len(v) for v in result.assignment.values()) == 4
    result = assign(entries, judges, 2)
    assert len(result.shortfalls) == 2
    assert "at their capacity" in result.shortfalls[0].reason


def test_a_greedy_would_strand_this_entry_but_the_flow_does_not():
    # Entry 0 can only be judged by "a"; a first-fit that gives "a" to entry 1 strands it.
    entries = [EntryInfo(0, organisation="x"), EntryInfo(1)]
    judges = [JudgeInfo("a", capacity=1), JudgeInfo("b", organisation="x", capacity=1)]
    for seed in range(20):
        result = assign(entries, judges, 1, seed=seed)
        assert result.assignment == {0: ["a"], 1: ["b"]}


def test_sparse_candidate_windows_still_fill_and_balance_a_larger_panel():
    rnd = random.Random(4)
    entries = [
        EntryInfo(n, rnd.choice(COUNTRIES), f"o{rnd.randrange(300)}", rnd.choice(CITIES))
        for n in range(600)
    ]
    judges = [
        JudgeInfo(f"j{n}", rnd.choice(COUNTRIES), f"o{rnd.randrange(300)}", rnd.choice(CITIES))
        for n in range(60)
    ]
    declared = {(rnd.choice(judges).id, rnd.randrange(600)) for _ in range(400)}
    result = assign(entries, judges, 3, conflicts=declared, seed=9, candidates_per_entry=8)
    assert result.stats["mode"] == "sparse"
    assert result.complete
    assert result.load_spread <= 1
    assert check(result.assignment, entries, judges, 3, conflicts=declared) == []


def test_ids_may_be_strings_and_the_seed_changes_ties_only():
    entries = [EntryInfo(f"e{n}", "KR") for n in range(12)]
    judges = [JudgeInfo(f"j{n}", c) for n, c in enumerate(["FR", "JP", "KE", "BR"])]
    a = assign(entries, judges, 2, seed="alpha")
    b = assign(entries, judges, 2, seed="beta")
    assert a.complete and b.complete
    assert sorted(a.loads.values()) == sorted(b.loads.values()) == [6, 6, 6, 6]


def test_invalid_input_is_refused():
    import pytest

    with pytest.raises(ValueError, match="at least 1"):
        assign([], [], 0)
    with pytest.raises(ValueError, match="unique"):
        assign([EntryInfo(1), EntryInfo(1)], [], 1)
    with pytest.raises(ValueError, match="negative capacity"):
        assign([], [JudgeInfo("a", capacity=-1)], 1)


# ------------------------------------------------------------------- manual adjustments and checks


def test_check_names_every_problem_of_a_manual_edit():
    entries = [EntryInfo(1, "KR", "Seoul Digital Foundation", "Seoul"), EntryInfo(2, "FR")]
    judges = [
        JudgeInfo("kim", "KR", "seoul  digital foundation", "Busan", capacity=1),
        JudgeInfo("dupont", "FR", "IMD", "Paris"),
        JudgeInfo("otieno", "KE", "GGGI", "Nairobi"),
    ]
    assignment = {1: ["kim", "dupont", "dupont"], 2: ["kim", "ghost"], 9: ["otieno"]}
    problems = check(assignment, entries, judges, 2)
    assert [(p.code, p.entry, p.judge) for p in problems] == [
        ("unknown_entry", 9, None),
        ("conflict", 1, "kim"),
        ("duplicate_judge", 1, "dupont"),
        ("unknown_judge", 2, "ghost"),
        ("too_few_judges", 2, None),
        ("over_capacity", None, "kim"),
        ("unbalanced", None, None),
    ]
    assert problems[1].message == (
        "Judge kim has a conflict of interest with entry 1: same organisation"
        " (seoul  digital foundation)."
    )


def test_check_counts_too_many_judges_declared_conflicts_and_imbalance():
    entries = [EntryInfo(n) for n in range(4)]
    judges = [JudgeInfo(x) for x in "abc"]
    assignment = {0: ["a", "b"], 1: ["a"], 2: ["a"], 3: ["a"]}
    codes = [p.code for p in check(assignment, entries, judges, 1, conflicts={("b", 3)})]
    assert codes == ["too_many_judges", "unbalanced"]
    problems = check({n: ["b"] for n in range(4)}, entries, judges, 1, conflicts={("b", 3)})
    assert [p.code for p in problems] == ["conflict", "unbalanced"]
    assert "declared conflict" in problems[0].message
    assert check(assignment, entries, judges, 1, check_balance=False)[0].code == ("too_many_judges")


def test_conflict_reasons_follow_the_configured_rules():
    entry = EntryInfo(1, "KR", "WeGO", "Seoul")
    judge = JudgeInfo("lee", "kr", "wego", " seoul ")
    assert conflict_reasons(entry, judge) == ["same organisation (wego)", "same city ( seoul )"]
    everything = ConflictRules(same_country=True)
    assert conflict_reasons(entry, judge, rules=everything)[-1] == "same country (KR)"
    nothing = ConflictRules(False, False, False)
    assert conflict_reasons(entry, judge, rules=nothing) == []
    assert conflict_reasons(entry, judge, rules=nothing, conflicts={("lee", 1)}) == [
        "declared conflict"
    ]
    # a city of the same name in another country is not a conflict
    texan, parisian = EntryInfo(2, "US", city="Paris"), JudgeInfo("x", "FR", city="Paris")
    assert conflict_reasons(texan, parisian) == []


def test_pick_replacement_takes_the_least_loaded_free_judge_of_a_new_country():
    entries = [EntryInfo(n, "KR") for n in range(3)]
    judges = [
        JudgeInfo("a", "FR"),
        JudgeInfo("b", "FR"),
        JudgeInfo("c", "JP"),
        JudgeInfo("d", "KE", organisation="x"),
        JudgeInfo("e", "BR", capacity=1),
    ]
    entries[0] = EntryInfo(0, "KR", organisation="x")
    assignment = {0: ["a", "e"], 1: ["b", "c"], 2: ["c"]}
    # for entry 0: d is conflicted, e and a already on it, b and c are loaded 1 and 2
    assert pick_replacement(assignment, 0, entries, judges) == "b"
    assert pick_replacement(assignment, 0, entries, judges, exclude=["b"]) == "c"
    assert pick_replacement(assignment, 0, entries, judges, exclude=["b", "c"]) is None
    # same load: a judge from a country not yet on the entry wins
    assert pick_replacement({2: ["a"]}, 2, entries, judges, exclude=["d", "e"]) == "c"
