"""A panel as indices: coded countries, organisations and cities, and conflict lookups."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

from .model import ConflictRules, EntryInfo, JudgeInfo


def _norm(value: object) -> str:
    return " ".join(str(value).split()).casefold() if value else ""


def _id_key(value: Hashable) -> tuple:
    """Sort key for ids of mixed types: numbers first, then everything else by its text."""
    if isinstance(value, bool | int | float):
        return (0, value, "")
    return (1, 0, str(value))


class _Panel:
    """Entries and judges as indices, with conflict lookups that never scan the whole panel."""

    def __init__(
        self,
        entries: Iterable[EntryInfo],
        judges: Iterable[JudgeInfo],
        conflicts: Iterable[tuple[Hashable, Hashable]],
        rules: ConflictRules,
    ) -> None:
        self.entries = sorted(entries, key=lambda e: _id_key(e.id))
        self.judges = sorted(judges, key=lambda j: _id_key(j.id))
        self.rules = rules
        self.eidx = {e.id: i for i, e in enumerate(self.entries)}
        self.jidx = {j.id: i for i, j in enumerate(self.judges)}
        if len(self.eidx) != len(self.entries):
            raise ValueError("entry ids must be unique")
        if len(self.jidx) != len(self.judges):
            raise ValueError("judge ids must be unique")
        for judge in self.judges:
            if judge.capacity is not None and judge.capacity < 0:
                raise ValueError(f"judge {judge.id!r} has a negative capacity")
        codes: dict[str, int] = {}

        def code(text: str) -> int:
            return codes.setdefault(text, len(codes) + 1) if text else 0

        def city(name: str) -> int:
            return code("city\x00" + _norm(name)) if _norm(name) else 0

        self.e_country = [code(_norm(e.country)) for e in self.entries]
        self.j_country = [code(_norm(j.country)) for j in self.judges]
        self.e_org = [
            code("org\x00" + _norm(e.organisation)) if _norm(e.organisation) else 0
            for e in self.entries
        ]
        self.j_org = [
            code("org\x00" + _norm(j.organisation)) if _norm(j.organisation) else 0
            for j in self.judges
        ]
        self.e_city = [city(e.city) for e in self.entries]
        self.j_city = [city(j.city) for j in self.judges]
        # Rule keys: 0 means "this rule cannot fire" (rule off or value empty).
        self.ko_e = self.e_org if rules.same_organisation else [0] * len(self.entries)
        self.ko_j = self.j_org if rules.same_organisation else [0] * len(self.judges)
        self.kc_e = self.e_city if rules.same_city else [0] * len(self.entries)
        self.kc_j = self.j_city if rules.same_city else [0] * len(self.judges)
        self.kn_e = self.e_country if rules.same_country else [0] * len(self.entries)
        self.kn_j = self.j_country if rules.same_country else [0] * len(self.judges)
        # Explicit pairs; a mapping may name each one's reason (default "declared conflict").
        labels = conflicts if isinstance(conflicts, Mapping) else {}
        self.declared: dict[int, set[int]] = {}
        self.labels: dict[tuple[int, int], str] = {}
        for judge_id, entry_id in conflicts:
            j = self.jidx.get(judge_id)
            i = self.eidx.get(entry_id)
            if i is not None and j is not None:
                self.declared.setdefault(i, set()).add(j)
                if labels:
                    self.labels[(i, j)] = str(labels[(judge_id, entry_id)])
        self._by_org: dict[int, list[int]] | None = None
        self.capacity = [
            len(self.entries) if j.capacity is None else min(j.capacity, len(self.entries))
            for j in self.judges
        ]

    def conflicted(self, i: int, j: int) -> bool:
        """True if judge ``j`` may not judge entry ``i``."""
        return (
            (self.ko_e[i] and self.ko_e[i] == self.ko_j[j])
            or (
                self.kc_e[i]
                and self.kc_e[i] == self.kc_j[j]
                and self._same_country_or_unknown(i, j)
            )
            or (self.kn_e[i] and self.kn_e[i] == self.kn_j[j])
            or (i in self.declared and j in self.declared[i])
        )

    def _same_country_or_unknown(self, i: int, j: int) -> bool:
        a, b = self.e_country[i], self.j_country[j]
        return not a or not b or a == b

    def _index(self) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, list[int]]]:
        if self._by_org is None:
            self._by_org, self._by_city, self._by_country = {}, {}, {}
            for j in range(len(self.judges)):
                if self.ko_j[j]:
                    self._by_org.setdefault(self.ko_j[j], []).append(j)
                if self.kc_j[j]:
                    self._by_city.setdefault(self.kc_j[j], []).append(j)
                if self.kn_j[j]:
                    self._by_country.setdefault(self.kn_j[j], []).append(j)
        return self._by_org, self._by_city, self._by_country

    def blocked(self, i: int) -> set[int]:
        """Every judge conflicted with entry ``i``, built from small indexes (not a scan)."""
        by_org, by_city, by_country = self._index()
        out = set(self.declared.get(i, ()))
        out.update(by_org.get(self.ko_e[i], ()) if self.ko_e[i] else ())
        out.update(
            j
            for j in by_city.get(self.kc_e[i], ())
            if self.kc_e[i] and self._same_country_or_unknown(i, j)
        )
        out.update(by_country.get(self.kn_e[i], ()) if self.kn_e[i] else ())
        return out

    def reason_parts(self, i: int, j: int) -> list[tuple[str, str]]:
        """Why judge ``j`` conflicts with entry ``i``, as (kind, detail): ("declared", its
        label or ""), ("organisation", the name), ("city", the city), ("country", the code)."""
        entry, judge = self.entries[i], self.judges[j]
        out = []
        if i in self.declared and j in self.declared[i]:
            out.append(("declared", self.labels.get((i, j), "")))
        if self.ko_e[i] and self.ko_e[i] == self.ko_j[j]:
            out.append(("organisation", judge.organisation))
        if self.kc_e[i] and self.kc_e[i] == self.kc_j[j] and self._same_country_or_unknown(i, j):
            out.append(("city", judge.city))
        if self.kn_e[i] and self.kn_e[i] == self.kn_j[j]:
            out.append(("country", entry.country))
        return out

    def reasons(self, i: int, j: int) -> list[str]:
        """Why judge ``j`` conflicts with entry ``i``, in words (empty: no conflict)."""
        words = {"organisation": "same organisation ({})", "city": "same city ({})",
                 "country": "same country ({})"}
        return [(detail or "declared conflict") if kind == "declared"
                else words[kind].format(detail) for kind, detail in self.reason_parts(i, j)]
