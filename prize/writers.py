"""Which browser tab wrote which version of a row that autosaves (an entry, a review).

A save carries the version the page had and the tab's writer id (kept in the tab's
``sessionStorage``, so a reload keeps it and a second tab gets its own). A version that moved
on since is a conflict only if someone else moved it: when every version in between was written
by the same tab (a save still in flight when the next one started, or when the page was
reloaded), the save goes ahead. What tab wrote what is kept in the cache for an hour; when it is
gone, the save is treated as a conflict, as before.
"""

from __future__ import annotations

import re

from django.core.cache import cache

TTL = 3600
MAX_GAP = 20  # versions a tab may be behind its own latest save
_WRITER = re.compile(r"[A-Za-z0-9-]{8,64}")


def writer_of(data) -> str:
    """The writer id a form sent, or "" when it sent none or something else."""
    value = str(data.get("writer", "") or "")
    return value if _WRITER.fullmatch(value) else ""


def _key(kind: str, pk: int, version: int) -> str:
    return f"writer:{kind}:{pk}:{version}"


def remember(kind: str, pk: int, version: int, writer: str) -> None:
    """``writer`` made version ``version`` of the row."""
    if writer:
        cache.set(_key(kind, pk, version), writer, TTL)


def all_mine(kind: str, pk: int, *, seen: int, current: int, writer: str) -> bool:
    """Whether every version after ``seen`` up to ``current`` was written by ``writer``."""
    if not writer or not 0 < current - seen <= MAX_GAP:
        return False
    keys = [_key(kind, pk, version) for version in range(seen + 1, current + 1)]
    found = cache.get_many(keys)
    return all(found.get(key) == writer for key in keys)
