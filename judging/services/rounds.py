"""Round configuration, taking entries, status changes and the shortlist."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entries.enums import EntryStatus
from entries.models import Entry
from prize import public_pages
from prize.deletion import refuse_deletion
from prize.models import Category, Edition, User
from prize.services import audit, snapshot

from ..enums import ROUND_TRANSITIONS, RoundStatus
from ..models import Assignment, Criterion, Round, RoundEntry, RoundQuota
from .common import JudgingError, require_draft

ROUND_FIELDS = [
    "number", "name", "opens_at", "closes_at", "judges_per_entry", "blind", "rank_by",
    "tie_break", "disagreement_threshold", "conflict_same_organisation", "conflict_same_city",
    "conflict_same_country", "reminder_hours",
]
CRITERION_FIELDS = ["name", "guidance", "weight", "scale_min", "scale_max", "required", "order"]


def round_create(*, edition: Edition, data: dict, by: User | None) -> Round:
    with transaction.atomic():
        round = Round.objects.create(edition=edition, **data)
        audit(by, "round.create", round, edition=edition, after=snapshot(round, ROUND_FIELDS))
    return round


def round_update(*, round: Round, data: dict, by: User | None) -> Round:
    """Change a draft round's configuration (the form has validated the values)."""
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        require_draft(round)
        before = snapshot(round, list(data))
        for key, value in data.items():
            setattr(round, key, value)
        round.save()
        after = snapshot(round, list(data))
        changed = [k for k in data if before.get(k) != after.get(k)]
        if changed:
            audit(by, "round.update", round, edition=round.edition,
                  before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return round


def criterion_save(*, round: Round, category: Category, data: dict, by: User | None,
                   criterion: Criterion | None = None) -> Criterion:
    """Add a criterion to a draft round's category, or change one."""
    with transaction.atomic():
        require_draft(Round.objects.select_for_update().get(pk=round.pk))
        if criterion is None:
            criterion = Criterion.objects.create(round=round, category=category, **data)
            audit(by, "criterion.create", criterion, edition=round.edition,
                  after=snapshot(criterion, CRITERION_FIELDS))
        else:
            before = snapshot(criterion, CRITERION_FIELDS)
            for key, value in data.items():
                setattr(criterion, key, value)
            criterion.save()
            audit(by, "criterion.update", criterion, edition=round.edition, before=before,
                  after=snapshot(criterion, CRITERION_FIELDS))
    return criterion


def criterion_delete(*, criterion: Criterion, by: User | None) -> None:
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=criterion.round_id)
        require_draft(round)
        # never takes judges' scores with it (a round's criteria are set while it is a draft,
        # yet scores may exist: refused with what holds them)
        refuse_deletion(criterion, JudgingError)
        audit(by, "criterion.delete", criterion, edition=round.edition,
              before=snapshot(criterion, CRITERION_FIELDS))
        criterion.delete()


def quota_set(*, round: Round, category: Category, advance: int, by: User | None) -> RoundQuota:
    """How many entries of ``category`` advance from ``round``."""
    if advance < 0:
        raise JudgingError(_("The number of entries that advance cannot be negative."))
    with transaction.atomic():
        require_draft(Round.objects.select_for_update().get(pk=round.pk))
        quota, created = RoundQuota.objects.get_or_create(
            round=round, category=category, defaults={"advance": advance}
        )
        if not created and quota.advance != advance:
            audit(by, "round.quota", round, edition=round.edition,
                  before={category.code or category.name: quota.advance},
                  after={category.code or category.name: advance})
            quota.advance = advance
            quota.save(update_fields=["advance"])
        elif created:
            audit(by, "round.quota", round, edition=round.edition,
                  after={category.code or category.name: advance})
    return quota


def previous_round(round: Round) -> Round | None:
    return (Round.objects.filter(edition_id=round.edition_id, number__lt=round.number)
            .order_by("-number").first())


def qualifying_entries(round: Round):
    """Round 1 takes the eligible entries; round N+1 the entries advanced from round N."""
    before = previous_round(round)
    if before is None:
        return Entry.objects.filter(edition_id=round.edition_id, status=EntryStatus.ELIGIBLE)
    if before.status != RoundStatus.FINALISED:
        raise JudgingError(
            _("%(previous)s is not finalised yet: its shortlist decides who enters %(round)s.")
            % {"previous": before.name, "round": round.name}
        )
    return Entry.objects.filter(
        round_entries__round=before, round_entries__advanced=True
    ).exclude(status=EntryStatus.WITHDRAWN)


def round_take_entries(*, round: Round, by: User | None) -> int:
    """Fill a draft round with its entries (again, if screening changed); returns how many it
    holds. Entries that no longer qualify leave the round with their draft assignments."""
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        require_draft(round)
        wanted = set(qualifying_entries(round).values_list("pk", flat=True))
        present = set(round.round_entries.values_list("entry_id", flat=True))
        gone = present - wanted
        if gone:
            Assignment.objects.filter(round=round, entry_id__in=gone).delete()
            RoundEntry.objects.filter(round=round, entry_id__in=gone).delete()
        RoundEntry.objects.bulk_create(
            [RoundEntry(round=round, entry_id=pk) for pk in sorted(wanted - present)]
        )
        if wanted - present:  # a bulk creation sends no signal: public pages told here
            public_pages.raise_version("judging")
        if gone or wanted - present:
            audit(by, "round.take_entries", round, edition=round.edition,
                  after={"added": len(wanted - present), "removed": len(gone),
                         "total": len(wanted)})
    return len(wanted)


def _check_can_open(round: Round) -> None:
    categories = set(round.round_entries.values_list("entry__category_id", flat=True))
    if not categories:
        raise JudgingError(_("The round has no entries yet: take its entries first."))
    with_criteria = set(round.criteria.values_list("category_id", flat=True))
    missing = Category.objects.filter(pk__in=categories - with_criteria).order_by("order", "pk")
    if missing:
        raise JudgingError(
            _("Add criteria for %(categories)s before opening the round.")
            % {"categories": ", ".join(c.name for c in missing)}
        )
    if not round.assignments.exists():
        raise JudgingError(_("Assign judges before opening the round."))


def round_set_status(*, round: Round, status: str, by: User | None) -> Round:
    """Open, close or reopen a round (finalising goes through ``round_finalise``)."""
    from .assignments import assignments_notify

    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("edition").get(pk=round.pk)
        if status == round.status:
            return round
        if status == RoundStatus.FINALISED:
            raise JudgingError(_("Finalise a round from its shortlist page."))
        if status not in ROUND_TRANSITIONS[round.status]:
            raise JudgingError(
                _("A round that is %(current)s cannot become %(new)s.")
                % {"current": round.get_status_display().lower(),
                   "new": RoundStatus(status).label.lower()}
            )
        if status == RoundStatus.OPEN:
            _check_can_open(round)
            if round.closes_at <= timezone.now():
                raise JudgingError(_("The closing time has passed: move it later first."))
        before = round.status
        round.status = status
        round.save(update_fields=["status", "updated_at"])
        audit(by, f"round.{status}", round, edition=round.edition,
              before={"status": before}, after={"status": status})
        if status == RoundStatus.OPEN:
            assignments_notify(round=round, by=by)
    return round


def round_finalise(*, round: Round, entry_ids: Iterable[int], by: User | None,
                   note: str = "") -> Round:
    """Fix the shortlist of a closed round: exactly the quota of each category advances (fewer
    only when the category has fewer entries). Ties at the cut-off are decided here, by the
    person who picks ``entry_ids``."""
    chosen = set(entry_ids)
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("edition").get(pk=round.pk)
        if round.status != RoundStatus.CLOSED:
            raise JudgingError(_("Close the round before finalising its shortlist."))
        rows = list(round.round_entries.select_related("entry__category"))
        known = {row.entry_id for row in rows}
        if chosen - known:
            raise JudgingError(_("Only entries of this round can advance."))
        quotas = {q.category_id: q.advance for q in round.quotas.all()}
        per_category: dict[int, list[RoundEntry]] = {}
        for row in rows:
            per_category.setdefault(row.entry.category_id, []).append(row)
        problems = []
        for category_id, members in per_category.items():
            category = members[0].entry.category
            if category_id not in quotas:
                problems.append(_("%(category)s has no quota.") % {"category": category.name})
                continue
            want = min(quotas[category_id], len(members))
            picked = sum(1 for row in members if row.entry_id in chosen)
            if picked != want:
                problems.append(
                    _("%(category)s: %(picked)d chosen, %(want)d advance.")
                    % {"category": category.name, "picked": picked, "want": want}
                )
        if problems:
            raise JudgingError(problems)
        RoundEntry.objects.filter(round=round).update(advanced=False)
        RoundEntry.objects.filter(round=round, entry_id__in=chosen).update(advanced=True)
        round.status = RoundStatus.FINALISED
        round.save(update_fields=["status", "updated_at"])
        audit(by, "round.finalised", round, edition=round.edition,
              before={"status": RoundStatus.CLOSED},
              after={"status": RoundStatus.FINALISED, "advanced": sorted(chosen)}, note=note)
    return round
