"""Conflicts of interest as the assignment module sees them: entries and judges turned into
``EntryInfo`` / ``JudgeInfo``, declared conflicts turned into ``(judge, entry)`` pairs, and the
round's rules (same organisation, city, country) as ``ConflictRules``."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from entries.models import Entry
from prize.models import User

from .assignment import ConflictRules, EntryInfo, JudgeInfo, conflict_reasons
from .enums import ConflictScope
from .models import ConflictDeclaration, JudgeProfile, PanelMembership, Round


def normalise(value: str) -> str:
    """Names compared case- and space-insensitively ("City of  Seoul" = "city of seoul")."""
    return " ".join((value or "").casefold().split())


def rules_of(round: Round) -> ConflictRules:
    return ConflictRules(
        same_organisation=round.conflict_same_organisation,
        same_city=round.conflict_same_city,
        same_country=round.conflict_same_country,
    )


def entry_info(entry: Entry) -> EntryInfo:
    entrant = entry.entrant
    # Names as typed: the assignment module compares them case- and space-insensitively and
    # quotes them in its reasons ("same city (Seoul)").
    return EntryInfo(
        id=entry.pk,
        country=str(entrant.country or ""),
        organisation=(entrant.name or "").strip(),
        city=(entrant.city or "").strip(),
    )


def judge_info(user: User, profile: JudgeProfile | None, capacity: int | None = None) -> JudgeInfo:
    if profile is None:
        return JudgeInfo(id=user.pk, capacity=capacity)
    return JudgeInfo(
        id=user.pk,
        country=str(profile.country or ""),
        organisation=(profile.organisation or "").strip(),
        city=(profile.city or "").strip(),
        capacity=capacity,
    )


def member_info(membership: PanelMembership) -> JudgeInfo:
    """A panel member (``judge`` and ``judge__judge_profile`` selected) as a ``JudgeInfo``."""
    user = membership.judge
    return judge_info(user, getattr(user, "judge_profile", None), membership.capacity)


def declaration_matches(declaration: ConflictDeclaration, entry: Entry) -> bool:
    entrant = entry.entrant
    if declaration.scope == ConflictScope.ENTRY:
        return declaration.entry_id == entry.pk
    if declaration.scope == ConflictScope.ORGANISATION:
        return declaration.entrant_id == entry.entrant_id
    if declaration.scope == ConflictScope.CITY:
        same_city = normalise(declaration.city) == normalise(entrant.city)
        country = str(declaration.country or "")
        return same_city and (not country or country == str(entrant.country or ""))
    if declaration.scope == ConflictScope.COUNTRY:
        return str(declaration.country) == str(entrant.country or "")
    return False


def declared_pairs(
    declarations: Iterable[ConflictDeclaration], entries: Iterable[Entry]
) -> set[tuple[int, int]]:
    """``(judge_id, entry_id)`` for every entry a declaration covers (entries with ``entrant``
    selected). Indexed by target, so it stays linear in entries plus matches."""
    by_entry: dict[int, list[int]] = {}
    by_entrant: dict[int, list[int]] = {}
    by_city: dict[str, list[Entry]] = {}
    by_country: dict[str, list[int]] = {}
    for entry in entries:
        by_entry.setdefault(entry.pk, []).append(entry.pk)
        by_entrant.setdefault(entry.entrant_id, []).append(entry.pk)
        by_city.setdefault(normalise(entry.entrant.city), []).append(entry)
        by_country.setdefault(str(entry.entrant.country or ""), []).append(entry.pk)
    pairs: set[tuple[int, int]] = set()
    for d in declarations:
        if d.scope == ConflictScope.ENTRY:
            hits = by_entry.get(d.entry_id, [])
        elif d.scope == ConflictScope.ORGANISATION:
            hits = by_entrant.get(d.entrant_id, [])
        elif d.scope == ConflictScope.CITY:
            hits = [e.pk for e in by_city.get(normalise(d.city), []) if declaration_matches(d, e)]
        elif d.scope == ConflictScope.COUNTRY:
            hits = by_country.get(str(d.country), [])
        else:
            hits = []
        pairs.update((d.judge_id, pk) for pk in hits)
    return pairs


def declarations_for(edition_id: int, judge_ids: Iterable[int]):
    return ConflictDeclaration.objects.filter(edition_id=edition_id, judge_id__in=list(judge_ids))


def reasons(
    round: Round,
    judge: User,
    entry: Entry,
    *,
    declarations: Iterable[ConflictDeclaration] | None = None,
    profile: JudgeProfile | None | bool = False,
) -> list[str]:
    """Why ``judge`` may not judge ``entry`` in ``round``, in words (empty: no conflict).

    Pass the judge's ``declarations`` and ``profile`` when checking many entries (no queries);
    ``profile=False`` looks it up.
    """
    if declarations is None:
        declarations = list(declarations_for(round.edition_id, [judge.pk]))
    if profile is False:
        profile = JudgeProfile.objects.filter(user=judge).first()
    found = [
        _("declared: %(reason)s") % {"reason": d.reason}
        for d in declarations
        if d.judge_id == judge.pk and declaration_matches(d, entry)
    ]
    found += conflict_reasons(entry_info(entry), judge_info(judge, profile), rules=rules_of(round))
    return found
