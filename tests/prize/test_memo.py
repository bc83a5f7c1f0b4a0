"""What a process keeps (prize/memo.py): at most its size, the least recently used dropped."""

from prize.memo import Recent


def test_the_least_recently_used_is_dropped_first():
    kept = Recent(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" is now the most recent
    kept.put("c", 3)
    assert kept.get("b") is None
    assert (kept.get("a"), kept.get("c")) == (1, 3)
    kept.put("a", None)  # a value of None is kept as such
    assert kept.get("a", "missing") is None
    kept.clear()
    assert kept.get("c", "missing") == "missing"
