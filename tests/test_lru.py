"""core.lru: the bounded memo both per-process caches use."""

from communique.core.lru import LRU


def test_lru_forgets_the_key_used_least_recently():
    lru: LRU[str, int] = LRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "a" is now the most recent, so "b" goes first
    lru.put("c", 3)
    assert list(lru) == ["a", "c"] and "b" not in lru and lru.get("b") is None
    lru.put("a", 4)  # a put refreshes too
    lru.put("d", 5)
    assert list(lru) == ["a", "d"] and lru.get("a") == 4 and len(lru) == 2
