"""A version number kept in the shared cache, raised whenever something a kept copy is made of
changes: a copy is good while the version it was made under is still the current one.

The cache may be unreachable (Redis down, a network partition): then a change must still be
saved (nobody's entry or score is refused for a cache), and nothing kept may be trusted.
``current()`` returns ``None`` when the cache cannot be read, and callers then compute afresh
without keeping anything; ``bump()`` logs and carries on. When the cache comes back empty (a
restart), the version starts again from a random number, so no copy made before can match it.

``bump()`` raises the version at once and again when the change is committed: a copy made in
between, from what the database still showed, is then already behind.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

log = logging.getLogger(__name__)


class SharedVersion:
    def __init__(self, key: str):
        self.key = key

    def current(self) -> int | None:
        try:
            value = cache.get(self.key)
            if value is None:
                cache.add(self.key, secrets.randbits(62), None)
                value = cache.get(self.key)
        except Exception:  # the cache is unreachable: trust nothing kept
            log.warning("cache unreachable: %s not read", self.key, exc_info=True)
            return None
        return value or 0

    def bump(self, *args, **kwargs) -> None:
        """Raise the version (a signal receiver: any arguments)."""
        self.raise_now()
        transaction.on_commit(self.raise_now)

    def raise_now(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not there (emptied or evicted): a fresh random start
            self.current()
        except Exception:  # unreachable: the change itself must not fail for it
            log.warning("cache unreachable: %s not raised", self.key, exc_info=True)


def shared_cache() -> bool:
    """Whether every process reads the same cache (Redis), so that the version raised by one
    process's change is seen by all; a cache in each process's memory is not."""
    return not isinstance(caches["default"], LocMemCache)
