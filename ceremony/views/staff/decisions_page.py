"""The decisions page: per category, the final round's ranking beside the proposal (tiers filled
from the top, ties flagged and left for a person), each award's decisions with who proposed and
confirmed them and the forms of the actions on them (``decisions.py``); then the special
mentions with their partners. The same number of queries whatever the number of winners."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entries.enums import EntryStatus
from entries.models import Entry
from prize.translated_forms import translated_initial

from ... import selectors, services
from ...enums import AwardKind, AwardPool, DecisionStatus
from ...staff_forms import EditForm, MoveForm, ProposeForm, RemoveForm, ReopenForm, award_name
from .common import may as permissions
from .common import render_page


def ref(entry) -> str:
    return entry.reference or f"#{entry.pk}"


def entry_label(entry) -> str:
    return f"{ref(entry)} · {entry.title or '—'} · {entry.entrant.name}"


def tie_message(tie, entries: dict, award_names: dict) -> str:
    names = ", ".join(ref(entries[pk]) if pk in entries else f"#{pk}" for pk in tie.entries)
    places = [award_names[a] if a is not None else _("no award") for a in tie.awards]
    return ngettext(
        "%(count)d entries tie at rank %(rank)d (%(entries)s) for %(seats)d seat of "
        "%(awards)s: a person decides.",
        "%(count)d entries tie at rank %(rank)d (%(entries)s) for %(seats)d seats across "
        "%(awards)s: a person decides.",
        tie.seats,
    ) % {"count": len(tie.entries), "rank": tie.rank, "entries": names, "seats": tie.seats,
         "awards": _(" and ").join(str(p) for p in places)}


@dataclass
class Failed:
    """A refused action, shown beside the award or decision it concerns."""

    action: str
    award: str = ""
    decision: str = ""
    form: object = None
    errors: list = field(default_factory=list)


def target(value: str) -> str:
    """A posted id as it may appear in an element id (digits only)."""
    return value if value.isdigit() and len(value) < 12 else "x"


# Actions about an award (the others are about one decision).
AWARD_ACTIONS = ("accept", "propose", "confirm_award")


def auto_id(action: str, pk) -> str:
    return f"id_{action}_{pk}_%s"


# --- The page ----------------------------------------------------------------------------------


def _row_form(edition, pk, failed, action, form_class, initial, **kwargs):
    """One decision's form: the refused one again (with its errors), else a fresh one."""
    if failed and failed.action == action and failed.form is not None:
        bound = form_class(failed.form.data, edition=edition, auto_id=auto_id(action, pk),
                           **kwargs)
        bound.is_valid()  # its field errors show again
        return bound
    return form_class(edition=edition, auto_id=auto_id(action, pk),
                      initial={"decision": pk, **initial}, **kwargs)


def _decision_rows(edition, decisions, *, user, may, published, awards, failed):
    rows = []
    for decision in decisions:
        pk = decision.pk
        mine = failed if failed and failed.decision == str(pk) else None

        def form(action, form_class, initial, *, pk=pk, mine=mine, **kwargs):
            return _row_form(edition, pk, mine, action, form_class, initial, **kwargs)

        row = {
            "decision": decision,
            "errors": mine.errors if mine else [],
            "open": mine.action if mine else "",
            "confirmable": False,
            "confirm_blocker": "",
        }
        if decision.status == DecisionStatus.PROPOSED and may["confirm"] and not published:
            if decision.proposed_by_id == user.pk:
                row["confirm_blocker"] = _("You proposed this: another person confirms it.")
            else:
                row["confirmable"] = True
        if not published:
            if may["propose"] and decision.status == DecisionStatus.PROPOSED:
                row["edit_form"] = form("edit", EditForm, {
                    "reason": decision.reason, **translated_initial(decision, ("citation",))})
                row["move_form"] = form("move", MoveForm, {}, current=decision.award,
                                        awards=awards)
                row["remove_form"] = form("remove", RemoveForm, {})
            if may["confirm"] and decision.status == DecisionStatus.CONFIRMED:
                row["reopen_form"] = form("reopen", ReopenForm, {})
        rows.append(row)
    return rows


def _award_block(edition, award, rows, *, choices, may, published, failed):
    decided = len(rows)
    block = {
        "award": award,
        "rows": rows,
        "decided": decided,
        "free": max(award.winners - decided, 0),
        "confirmed": sum(1 for r in rows if r["decision"].status == DecisionStatus.CONFIRMED),
        "errors": [],
        "open": "",
        "placed": [],
        "to_accept": [],
        "ties": [],
        "confirmable": sum(1 for r in rows if r["confirmable"]),
    }
    if not published and may["propose"] and block["free"]:
        block["propose_form"] = ProposeForm(
            edition=edition, award=award, auto_id=auto_id("propose", award.pk),
            choices=choices if award.pool == AwardPool.FINALISTS else None)
    if failed and failed.award == str(award.pk) and not failed.decision:
        block["errors"] = failed.errors
        block["open"] = failed.action
        if failed.action == "propose" and failed.form is not None and "propose_form" in block:
            block["propose_form"] = ProposeForm(
                failed.form.data, edition=edition, award=award,
                auto_id=auto_id("propose", award.pk),
                choices=choices if award.pool == AwardPool.FINALISTS else None)
            block["propose_form"].is_valid()  # its field errors show again
    return block


def _context(request, edition, *, failed: Failed | None = None) -> dict:
    user = request.user
    may = permissions(request, edition)
    publication = selectors.publication_of(edition)
    published = bool(publication and publication.published_at)
    items = services.proposals(edition)
    finalists = selectors.finalist_ids(edition)
    awards = list(selectors.awards_of(edition))
    award_names = {a.pk: award_name(a) for a in awards}
    decisions: dict[int, list] = {}
    held: dict[int, list] = {}  # entry id -> the awards it holds
    for decision in selectors.decisions_of(edition):
        decisions.setdefault(decision.award_id, []).append(decision)
        held.setdefault(decision.entry_id, []).append(decision)
    # The finalists, for the lists to choose from (one query, whatever their number).
    pool = list(
        Entry.objects.filter(pk__in=finalists).select_related("entrant", "category")
        .order_by("category__order", "category_id", "reference", "pk"))
    by_category: dict[int, list] = {}
    for entry in pool:
        by_category.setdefault(entry.category_id, []).append(entry)

    def choices_for(award, own):
        taken = {d.entry_id for d in own}
        if award.category_id:
            return [(e.reference, entry_label(e)) for e in by_category.get(award.category_id, [])
                    if e.pk not in taken]
        groups = []
        for entries in by_category.values():
            options = [(e.reference, entry_label(e)) for e in entries if e.pk not in taken]
            if options:
                groups.append((entries[0].category.name, options))
        return groups

    def block_of(award, proposal=None, entries=None):
        own = decisions.get(award.pk, [])
        rows = _decision_rows(edition, own, user=user, may=may, published=published,
                              awards=awards, failed=failed)
        block = _award_block(edition, award, rows, choices=choices_for(award, own), may=may,
                             published=published, failed=failed)
        if proposal is not None:
            mine = {d.entry_id for d in own}
            block["placed"] = [
                {"entry": entries[pk], "decided": pk in mine} for pk in proposal.placed[award.pk]]
            # What "accept the proposal" proposes: placed entries holding no award of this
            # category yet (a person may have moved one to another tier), up to the free seats.
            block["to_accept"] = [
                p["entry"] for p in block["placed"]
                if not any(d.award.category_id == award.category_id
                           and d.award.kind != AwardKind.SPECIAL_MENTION
                           for d in held.get(p["entry"].pk, []))
            ][:block["free"]]
            block["ties"] = [tie_message(t, entries, award_names) for t in proposal.ties
                             if award.pk in t.awards]
        return block

    categories = []
    for item in items:
        proposed = {pk: award_names[award_id] for award_id, pks in item.proposal.placed.items()
                    for pk in pks}
        tied = {pk: tie.rank for tie in item.proposal.ties for pk in tie.entries}
        rows = []
        for entry_id, rank in sorted(item.ranks.items(),
                                     key=lambda kv: (kv[1], ref(item.entries[kv[0]]))):
            entry = item.entries[entry_id]
            rows.append({
                "rank": rank,
                "entry": entry,
                "score": item.scores.get(entry_id),
                "withdrawn": entry.status == EntryStatus.WITHDRAWN,
                "proposed": proposed.get(entry_id, ""),
                "tied": entry_id in tied,
                "held": held.get(entry_id, []),
            })
        ordered = sorted(item.awards, key=lambda a: (a.order, a.name))
        categories.append({
            "category": item.category,
            "rows": rows,
            "ties": [tie_message(t, item.entries, award_names) for t in item.proposal.ties],
            "awards": [block_of(a, item.proposal, item.entries) for a in ordered],
        })
    mentions = [block_of(a) for a in awards if a.kind == AwardKind.SPECIAL_MENTION]
    ranked = {item.category.pk for item in items}
    unranked = sorted({a.category.name for a in awards
                       if a.category_id and a.category_id not in ranked
                       and a.kind != AwardKind.SPECIAL_MENTION})
    totals = {
        "seats": sum(a.winners for a in awards),
        "decided": sum(len(v) for v in decisions.values()),
        "confirmed": sum(1 for v in decisions.values() for d in v
                         if d.status == DecisionStatus.CONFIRMED),
    }
    return {
        "categories": categories,
        "mentions": mentions,
        "has_awards": bool(awards),
        "unranked": unranked,
        "published": published,
        "totals": totals,
        "failed": failed,
        "publication_obj": publication,
    }


def page(request, edition, *, failed: Failed | None = None, status=200):
    context = _context(request, edition, failed=failed)
    return render_page(request, edition, "ceremony/staff/decisions.html", context,
                       current="ceremony:staff_decisions", status=status,
                       publication=context.pop("publication_obj"))
