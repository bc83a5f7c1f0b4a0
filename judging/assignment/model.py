"""Inputs and outputs of assignment: plain dataclasses, no behaviour beyond two properties."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

# ------------------------------------------------------------------------------------------ inputs


@dataclass(frozen=True, slots=True)
class EntryInfo:
    """An entry as assignment sees it: who entered it, from where."""

    id: Hashable
    country: str = ""
    organisation: str = ""
    city: str = ""


@dataclass(frozen=True, slots=True)
class JudgeInfo:
    """A judge of the panel; ``capacity`` is the most entries they will take (None: no limit)."""

    id: Hashable
    country: str = ""
    organisation: str = ""
    city: str = ""
    capacity: int | None = None


@dataclass(frozen=True, slots=True)
class ConflictRules:
    """Which likely conflicts the system flags by itself (declared conflicts always count).

    A city conflict needs the same city in the same country (or a country missing on one side).
    Empty values never conflict.
    """

    same_organisation: bool = True
    same_city: bool = True
    same_country: bool = False


# ----------------------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class Shortfall:
    """An entry that did not get all its judges, and the reason in plain words."""

    entry: Hashable
    assigned: int
    needed: int
    reason: str
    # The reason as data, for a reader in another language: ``why`` is "panel_too_small",
    # "conflicts" or "capacity"; ``params`` holds its numbers (see ``report._why``).
    why: str = ""
    params: dict = field(default_factory=dict)


@dataclass
class AssignmentResult:
    """The assignment of one panel: entry id -> judge ids, judge loads, and what went short."""

    assignment: dict[Hashable, list[Hashable]]
    loads: dict[Hashable, int]
    shortfalls: list[Shortfall]
    target_loads: tuple[int, int]
    stats: dict[str, object] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """True when every entry has all its judges."""
        return not self.shortfalls

    @property
    def load_spread(self) -> int:
        """Largest load minus smallest load (0 for an empty panel)."""
        values = list(self.loads.values())
        return max(values) - min(values) if values else 0


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an assignment, for a coordinator to read."""

    code: str
    message: str
    entry: Hashable | None = None
    judge: Hashable | None = None
    # The numbers of the message (by ``code``), for a reader in another language.
    params: dict = field(default_factory=dict)
