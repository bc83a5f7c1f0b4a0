"""The pure parts of ``make load``: who judges what, and whether the database kept every score.

No Django here: the plan is made from plain ids and the check compares plain dictionaries, so
both are tested quickly in ``make test`` (tests/test_load_plan.py) while the run itself is not.

``split_judges``   how many of the simulated judges sit on each category's panel (in proportion
                   to the category's entries in the open round, at least one each)
``assign``         each judge's entries in their category: the same number each, spread so every
                   entry gets as many judges as the others (to within one)
``check_scores``   every stored score against the last value each simulated judge saved: lost
                   (the judge's last save is not what is stored), mixed (a stored value that
                   judge never sent for that criterion), and the reviews whose submission did
                   not hold
``percentile`` / ``errors_of``   the per-page table printed after the run
``totp``           the code a simulated staff member's authenticator app shows
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

#: (assignment id, criterion id): how the simulated judges and the check name one score.
Key = tuple[int, int]


def split_judges(total: int, entries: Mapping[str, int]) -> dict[str, int]:
    """``total`` judges over the categories in proportion to their entries (largest remainder),
    at least one for each category that has an entry."""
    cats = sorted(c for c, n in entries.items() if n > 0)
    if not cats:
        return {}
    if total < len(cats):
        raise ValueError(f"{total} judges cannot cover {len(cats)} categories")
    rest = total - len(cats)
    whole = sum(entries[c] for c in cats)
    raw = {c: rest * entries[c] / whole for c in cats}
    out = {c: 1 + int(raw[c]) for c in cats}
    left = total - sum(out.values())
    for c in sorted(cats, key=lambda c: (raw[c] - int(raw[c]), c), reverse=True)[:left]:
        out[c] += 1
    return out


def assign(judges: list[int], entries: list[int], per_judge: int) -> dict[int, list[int]]:
    """Each judge's ``per_judge`` entries (fewer when the category has fewer), no entry twice
    for one judge, every entry judged by as many judges as any other to within one."""
    if not entries:
        return {j: [] for j in judges}
    take = min(per_judge, len(entries))
    ordered = sorted(entries)
    out = {}
    position = 0
    for judge in judges:
        mine = [ordered[(position + k) % len(ordered)] for k in range(take)]
        position = (position + take) % len(ordered)
        out[judge] = mine
    return out


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@dataclass
class Check:
    """What the database holds against what the simulated judges were told was saved."""

    compared: int = 0  # (assignment, criterion) pairs a judge saved a value for
    kept: int = 0  # stored value == the judge's last saved value
    in_flight: int = 0  # stored value == a save still unanswered when the run stopped
    lost: list[str] = field(default_factory=list)
    mixed: list[str] = field(default_factory=list)
    submitted: int = 0  # reviews a judge submitted (the server said so)
    not_submitted: list[str] = field(default_factory=list)
    submitted_unexpectedly: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.mixed or self.not_submitted or self.submitted_unexpectedly)

    def as_dict(self) -> dict:
        return {
            "compared": self.compared, "kept": self.kept, "in_flight": self.in_flight,
            "lost": len(self.lost), "mixed": len(self.mixed), "submitted": self.submitted,
            "not_submitted": len(self.not_submitted),
            "submitted_unexpectedly": len(self.submitted_unexpectedly),
            "examples": (self.lost + self.mixed + self.not_submitted
                         + self.submitted_unexpectedly)[:10],
            "ok": self.ok,
        }


def check_scores(
    *,
    saved: Mapping[Key, object],
    sent: Mapping[Key, Iterable[object]],
    pending: Mapping[Key, object],
    stored: Mapping[Key, object],
    submitted: Iterable[int],
    stored_submitted: Iterable[int],
    judged: Iterable[int],
) -> Check:
    """Compare the database with what the judges saw.

    ``saved``: the last value the server confirmed (200) for each (assignment, criterion), ""
    when the judge cleared it; ``sent``: every value a judge ever sent there; ``pending``: the
    value of a save still unanswered when the run stopped (it may or may not have landed);
    ``stored``: the scores in the database for the simulated judges' assignments;
    ``submitted``: the assignments whose submission the server confirmed;
    ``stored_submitted``: those the database holds as submitted; ``judged``: every assignment
    of the simulated judges (a stored score elsewhere is someone else's and not compared).
    """
    result = Check()
    judged = set(judged)
    stored = {k: _decimal(v) for k, v in stored.items() if k[0] in judged}
    for key in sorted(set(saved) | set(stored) | set(pending)):
        if key[0] not in judged:
            continue
        have = stored.get(key)
        label = f"assignment {key[0]}, criterion {key[1]}"
        if key in pending and have == _decimal(pending[key]):
            result.in_flight += 1
            continue
        if key in saved:
            result.compared += 1
            last = _decimal(saved[key])
            if have == last:
                result.kept += 1
                continue
        elif have is None:
            continue  # sent but never confirmed, and not stored: nothing was promised
        else:
            last = None
        ever = {_decimal(v) for v in sent.get(key, ())}
        if have is not None and have not in ever:
            result.mixed.append(f"{label}: stored {have}, never sent by its judge")
        else:
            result.lost.append(f"{label}: last saved {last}, stored {have}")
    submitted = set(submitted)
    stored_submitted = set(stored_submitted) & judged
    result.submitted = len(submitted)
    result.not_submitted = [f"assignment {a}: submitted, not stored as submitted"
                            for a in sorted(submitted - stored_submitted)]
    result.submitted_unexpectedly = [f"assignment {a}: stored as submitted, never submitted"
                                     for a in sorted(stored_submitted - submitted)]
    return result


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0.5, 0.95) of ``values``, None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil
    return ordered[int(rank) - 1]


def errors_of(statuses: Mapping[str, int], *, expected: Iterable[int] = ()) -> int:
    """Requests that count as errors: no answer (status "0") or anything but 2xx/3xx, except
    the ``expected`` codes (the conflict a second tab is meant to meet)."""
    allowed = {str(code) for code in expected}
    return sum(n for status, n in statuses.items()
               if str(status) not in allowed and not 200 <= int(status) < 400)


def totp(secret: str, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for ``secret`` (base32) at ``at`` (now):
    RFC 6238 with SHA-1 and 30-second steps, as allauth's TOTP."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"
