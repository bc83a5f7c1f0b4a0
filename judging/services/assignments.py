"""Automatic assignment per round and category panel, manual add / remove / swap with the same
checks, and one e-mail per judge about their new assignments."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entries.models import Entry
from prize.models import Category, User
from prize.services import audit, notify

from .. import assignment as algo
from .. import conflicts
from ..enums import AssignmentSource, RoundStatus
from ..models import Assignment, AssignmentRun, PanelMembership, Round, RoundEntry
from .common import JudgingError

EDITABLE = (RoundStatus.DRAFT, RoundStatus.OPEN)


def panel_inputs(round: Round, category: Category):
    """The pure module's view of one panel: (entries, judges, explicit conflicts (declared, and
    judges who are members of an entrant) with their reasons, rules, the entry objects by id,
    the memberships by judge id)."""
    entries = [
        row.entry for row in RoundEntry.objects.filter(round=round, entry__category=category)
        .select_related("entry__entrant").defer("entry__answers").order_by("entry_id")
    ]
    members = list(
        PanelMembership.objects.filter(round=round, category=category)
        .select_related("judge__judge_profile").order_by("judge_id")
    )
    judge_ids = [m.judge_id for m in members]
    declarations = conflicts.declarations_for(round.edition_id, judge_ids)
    pairs = conflicts.conflict_pairs(declarations, entries, judge_ids)
    return (
        [conflicts.entry_info(e) for e in entries],
        [conflicts.member_info(m) for m in members],
        pairs,
        conflicts.rules_of(round),
        {e.pk: e for e in entries},
        {m.judge_id: m for m in members},
    )


def _label(entry: Entry) -> str:
    return entry.reference or f"#{entry.pk}"


def problem_words(p: algo.Problem, entry: str, judge: str) -> str:
    """A problem of an assignment (``algo.check``) in the reader's language, naming the entry
    by its reference and the judge by name."""
    n = p.params
    if p.code == "unknown_entry":
        return _("%(entry)s is not in this panel.") % {"entry": entry}
    if p.code == "unknown_judge":
        return _("%(judge)s on %(entry)s is not in this panel.") % {"judge": judge,
                                                                   "entry": entry}
    if p.code == "duplicate_judge":
        return _("%(judge)s is on %(entry)s twice.") % {"judge": judge, "entry": entry}
    if p.code == "conflict":
        reasons = conflicts.conflict_words(n.get("reasons", ()))
        return _("%(judge)s has a conflict of interest with %(entry)s: %(reasons)s.") % {
            "judge": judge, "entry": entry, "reasons": reasons}
    if p.code in {"too_few_judges", "too_many_judges"}:
        return ngettext("%(entry)s has %(count)s judge; it needs %(needed)s.",
                        "%(entry)s has %(count)s judges; it needs %(needed)s.", n["count"]) % {
            "entry": entry, "count": n["count"], "needed": n["needed"]}
    if p.code == "over_capacity":
        return _("%(judge)s has %(load)s entries, more than their capacity of %(capacity)s.") % {
            "judge": judge, "load": n["load"], "capacity": n["capacity"]}
    if p.code == "unbalanced":
        return _("Judges' loads range from %(low)s to %(high)s entries; automatic assignment "
                 "keeps them within one of each other where conflicts allow.") % n
    return p.message


def shortfall_words(s, entry: str, judge_names: dict) -> str:
    """Why an entry is short of judges (``algo.Shortfall``), in the reader's language, as the
    end of "…, because <this>"."""
    n = s.params
    if s.why == "panel_too_small":
        return ngettext("the panel has only %(judges)s judge; %(entry)s needs %(needed)s",
                        "the panel has only %(judges)s judges; %(entry)s needs %(needed)s",
                        n["judges"]) % {**n, "entry": entry}
    if s.why == "conflicts":
        kinds = {"declared": _("declared conflict"), "organisation": _("same organisation"),
                 "city": _("same city"), "country": _("same country")}
        counted = ", ".join(
            _("%(count)s %(kind)s") % {"count": count, "kind": name or kinds.get(kind, kind)}
            for kind, name, count in n.get("conflicts", ()))
        return _("only %(free)s of the %(judges)s judges are free of conflicts with "
                 "%(entry)s (conflicts: %(conflicts)s)") % {
            "free": n["free"], "judges": n["judges"], "entry": entry, "conflicts": counted}
    if s.why == "capacity":
        names = ", ".join(str(judge_names.get(j, j)) for j in n["at_capacity"])
        return _("%(entry)s has %(free)s conflict-free judges, but the %(full)s not on it are "
                 "at their capacity (%(judges)s) and none of their entries can move to another "
                 "judge") % {"entry": entry, "free": n["free"], "full": n["full"],
                             "judges": names}
    return s.reason.replace(f"entry {s.entry}", entry)


def assignment_run(*, round: Round, category: Category, by: User | None,
                   seed: str | int | None = None) -> AssignmentRun:
    """Assign the configured number of judges to every entry of the panel (replacing the
    panel's assignments: the round is still a draft, so nobody has scored)."""
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("edition").get(pk=round.pk)
        if round.status != RoundStatus.DRAFT:
            raise JudgingError(_("Automatic assignment runs before the round opens; once it is "
                                 "open, adjust assignments by hand."))
        entries, judges, pairs, rules, by_id, members = panel_inputs(round, category)
        if not entries:
            raise JudgingError(_("%(category)s has no entries in this round.")
                               % {"category": category.name})
        if not judges:
            raise JudgingError(_("Invite judges to the %(category)s panel first.")
                               % {"category": category.name})
        seed = str(seed if seed not in (None, "") else f"{round.pk}-{category.pk}")
        result = algo.assign(entries, judges, round.judges_per_entry, conflicts=pairs,
                             rules=rules, seed=seed)
        Assignment.objects.filter(round=round, entry__category=category).delete()
        Assignment.objects.bulk_create([
            Assignment(round=round, entry_id=entry_id, judge_id=judge_id,
                       source=AssignmentSource.AUTOMATIC, created_by=by)
            for entry_id, judge_ids in result.assignment.items() for judge_id in judge_ids
        ])
        shortfalls = [
            {"entry": s.entry, "reference": _label(by_id[s.entry]), "assigned": s.assigned,
             "needed": s.needed,
             "reason": shortfall_words(s, _label(by_id[s.entry]),
                                       {j: m.judge for j, m in members.items()})}
            for s in result.shortfalls
        ]
        run = AssignmentRun.objects.create(
            round=round, category=category, seed=seed, created_by=by,
            assigned=sum(len(v) for v in result.assignment.values()),
            stats={"loads": [min(result.loads.values(), default=0),
                             max(result.loads.values(), default=0)],
                   "target_loads": list(result.target_loads),
                   "entries_with_repeated_country":
                       result.stats.get("entries_with_repeated_country", 0)},
            shortfalls=shortfalls,
        )
        audit(by, "assignment.run", round, edition=round.edition,
              after={"category": category.name, "seed": seed, "assigned": run.assigned,
                     "short": len(shortfalls)})
    return run


def _check_pair(round: Round, entry: Entry, judge: User) -> PanelMembership:
    """The same rules as automatic assignment, for one pair; returns the panel membership."""
    if round.status not in EDITABLE:
        raise JudgingError(_("%(round)s is %(status)s: assignments can no longer change.")
                           % {"round": round.name, "status": round.get_status_display().lower()})
    if not RoundEntry.objects.filter(round=round, entry=entry).exists():
        raise JudgingError(_("%(entry)s is not in this round.") % {"entry": _label(entry)})
    membership = (PanelMembership.objects.filter(round=round, category_id=entry.category_id,
                                                 judge=judge).first())
    if membership is None:
        raise JudgingError(_("%(judge)s is not on the %(category)s panel of this round.")
                           % {"judge": judge, "category": entry.category.name})
    if Assignment.objects.filter(round=round, entry=entry, judge=judge).exists():
        raise JudgingError(_("%(judge)s already judges %(entry)s.")
                           % {"judge": judge, "entry": _label(entry)})
    found = conflicts.reasons(round, judge, entry)
    if found:
        raise JudgingError(_("%(judge)s has a conflict with %(entry)s: %(reasons)s.")
                           % {"judge": judge, "entry": _label(entry),
                              "reasons": "; ".join(found).rstrip(".")})
    if membership.capacity is not None:
        load = Assignment.objects.filter(round=round, judge=judge,
                                         entry__category_id=entry.category_id).count()
        if load >= membership.capacity:
            raise JudgingError(ngettext("%(judge)s already has %(load)d entry, their limit.",
                                        "%(judge)s already has %(load)d entries, their limit.",
                                        load) % {"judge": judge, "load": load})
    return membership


def assignment_add(*, round: Round, entry: Entry, judge: User, by: User | None,
                   source: str = AssignmentSource.MANUAL) -> Assignment:
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("edition").get(pk=round.pk)
        _check_pair(round, entry, judge)
        assignment = Assignment.objects.create(round=round, entry=entry, judge=judge,
                                               source=source, created_by=by)
        audit(by, "assignment.add", assignment, edition=round.edition,
              after={"entry": _label(entry), "judge": judge.email, "source": source})
    return assignment


def assignment_remove(*, assignment: Assignment, by: User | None, reason: str = "") -> None:
    """Take a judge off an entry (their review, if any, goes with it: the audit keeps it)."""
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("edition").get(
            pk=assignment.round_id)
        if round.status not in EDITABLE:
            raise JudgingError(_("%(round)s is %(status)s: assignments can no longer change.")
                               % {"round": round.name,
                                  "status": round.get_status_display().lower()})
        review = getattr(assignment, "review", None)
        before = {"entry": _label(assignment.entry), "judge": assignment.judge.email}
        if review is not None:
            before["review"] = review.status
            before["scores"] = {s.criterion.name: str(s.value)
                                for s in review.scores.select_related("criterion")}
        audit(by, "assignment.remove", assignment, edition=round.edition, before=before,
              note=reason)
        assignment.delete()


def assignment_swap(*, assignment: Assignment, judge: User, by: User | None) -> Assignment:
    """Give ``assignment``'s entry to ``judge`` instead (checked like an addition)."""
    with transaction.atomic():
        entry, round = assignment.entry, assignment.round
        assignment_remove(assignment=assignment, by=by, reason=_("swapped"))
        return assignment_add(round=round, entry=entry, judge=judge, by=by)


def assignment_problems(round: Round, category: Category) -> list[algo.Problem]:
    """Everything wrong with a panel's current assignments (short entries, conflicts,
    capacities, unbalanced loads), in words, with references instead of ids."""
    entries, judges, pairs, rules, by_id, members = panel_inputs(round, category)
    current: dict[int, list[int]] = {e.id: [] for e in entries}
    for entry_id, judge_id in Assignment.objects.filter(
        round=round, entry__category=category
    ).values_list("entry_id", "judge_id"):
        current.setdefault(entry_id, []).append(judge_id)
    problems = algo.check(current, entries, judges, round.judges_per_entry, conflicts=pairs,
                          rules=rules)
    out = []
    for p in problems:
        entry = _label(by_id[p.entry]) if p.entry in by_id else _("entry %(id)s") % {
            "id": p.entry}
        judge = str(members[p.judge].judge) if p.judge in members else _("judge %(id)s") % {
            "id": p.judge}
        out.append(algo.Problem(code=p.code, message=problem_words(p, entry, judge),
                                entry=p.entry, judge=p.judge, params=p.params))
    return out


def assignments_notify(*, round: Round, by: User | None = None) -> int:
    """Tell each judge about their new assignments of an open round: one e-mail per judge,
    however many entries. Returns how many judges were told."""
    if round.status != RoundStatus.OPEN:
        return 0
    pending = list(
        Assignment.objects.filter(round=round, notified_at__isnull=True)
        .select_related("judge", "entry__category").order_by("judge_id", "pk")
    )
    by_judge: dict[int, list[Assignment]] = {}
    for assignment in pending:
        by_judge.setdefault(assignment.judge_id, []).append(assignment)
    now = timezone.now()
    with transaction.atomic():
        for judge_id, items in by_judge.items():
            judge = items[0].judge
            categories = sorted({a.entry.category.name for a in items})
            notify(judge, "judging/assigned", {
                "round_name": round.name,
                "edition_name": round.edition.name,
                "count": len(items),
                "categories": categories,
                "closes_at": round.closes_at,
                "time_zone": judge.time_zone or round.edition.time_zone,
                "dashboard_path": "/judging/",
            }, key=f"judging-assigned:{round.pk}:{judge_id}:{items[-1].pk}",
                edition=round.edition)
            Assignment.objects.filter(pk__in=[a.pk for a in items]).update(notified_at=now)
        if by_judge:
            audit(by, "assignment.notify", round, edition=round.edition,
                  after={"judges": len(by_judge), "assignments": len(pending)})
    return len(by_judge)
