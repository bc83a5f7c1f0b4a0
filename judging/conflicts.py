"""Conflicts of interest as the assignment module sees them: entries and judges turned into
``EntryInfo`` / ``JudgeInfo``, declared conflicts turned into ``(judge, entry)`` pairs, and the
round's rules (same organisation, city, country) as ``ConflictRules``.

One conflict needs no declaration and no rule: a judge who is a member (owner or collaborator)
of an entrant may never judge that entrant's entries, in any round."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from entries.models import EntrantMember, Entry
from prize.models import User

from .assignment import ConflictRules, EntryInfo, JudgeInfo, conflict_reason_parts
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


def member_pairs(judge_ids: Iterable[int], entries: Iterable[Entry]) -> set[tuple[int, int]]:
    """``(judge_id, entry_id)`` for every entry of an entrant the judge is a member of."""
    by_entrant: dict[int, list[int]] = {}
    for entry in entries:
        by_entrant.setdefault(entry.entrant_id, []).append(entry.pk)
    if not by_entrant:
        return set()
    # Filtered by judge only: a panel has far fewer judges than entrants.
    return {
        (judge_id, entry_id)
        for judge_id, entrant_id in EntrantMember.objects.filter(
            user_id__in=list(judge_ids)).values_list("user_id", "entrant_id")
        for entry_id in by_entrant.get(entrant_id, ())
    }


def conflict_pairs(
    declarations: Iterable[ConflictDeclaration], entries: Iterable[Entry],
    judge_ids: Iterable[int],
) -> dict[tuple[int, int], str]:
    """Every explicit ``(judge_id, entry_id)`` conflict of a panel, with its reason in words:
    the declared ones and the entrants' own members."""
    entries = list(entries)
    pairs = dict.fromkeys(declared_pairs(declarations, entries), _("declared conflict"))
    pairs.update(dict.fromkeys(member_pairs(judge_ids, entries), member_reason()))
    return pairs


def member_reason() -> str:
    return _("member of the entrant")


def membership_of(judge: User) -> tuple[JudgeProfile | None, int | None]:
    """The judge's profile and the entrant they are a member of (None: none), one query."""
    row = (User.objects.filter(pk=judge.pk)
           .select_related("judge_profile", "entrant_membership").first())
    if row is None:
        return None, None
    profile = getattr(row, "judge_profile", None)
    member = getattr(row, "entrant_membership", None)
    return profile, (member.entrant_id if member is not None else None)


def declarations_for(edition_id: int, judge_ids: Iterable[int]):
    return ConflictDeclaration.objects.filter(edition_id=edition_id, judge_id__in=list(judge_ids))


def reasons(
    round: Round,
    judge: User,
    entry: Entry,
    *,
    declarations: Iterable[ConflictDeclaration] | None = None,
    profile: JudgeProfile | None | bool = False,
    member_of: int | None | bool = False,
) -> list[str]:
    """Why ``judge`` may not judge ``entry`` in ``round``, in words (empty: no conflict).

    Pass the judge's ``declarations``, ``profile`` and ``member_of`` (the id of the entrant
    they are a member of, or None) when checking many entries (no queries); ``False`` looks
    them up (one query for both).
    """
    if declarations is None:
        declarations = list(declarations_for(round.edition_id, [judge.pk]))
    if profile is False or member_of is False:
        found_profile, found_member_of = membership_of(judge)
        profile = found_profile if profile is False else profile
        member_of = found_member_of if member_of is False else member_of
    found = [member_reason()] if member_of is not None and member_of == entry.entrant_id else []
    found += [
        _("declared: %(reason)s") % {"reason": d.reason}
        for d in declarations
        if d.judge_id == judge.pk and declaration_matches(d, entry)
    ]
    found += [conflict_words([part]) for part in conflict_reason_parts(
        entry_info(entry), judge_info(judge, profile), rules=rules_of(round))]
    return found


def conflict_words(parts) -> str:
    """A conflict's reasons (``reason_parts`` of the pure module) in the reader's language."""
    words = []
    for kind, detail in parts:
        if kind == "declared":
            words.append(detail or _("declared conflict"))
        elif kind == "organisation":
            words.append(_("same organisation (%(name)s)") % {"name": detail})
        elif kind == "city":
            words.append(_("same city (%(name)s)") % {"name": detail})
        else:
            words.append(_("same country (%(name)s)") % {"name": detail})
    return "; ".join(words)
