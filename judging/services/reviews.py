"""A judge's review of one entry: autosave, submit (locks it), reopen until the round closes,
abstain with a reason, and recusal with an automatic replacement."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prize import writers
from prize.inputs import clean_text
from prize.models import User
from prize.services import audit, notify

from .. import assignment as algo
from .. import conflicts
from ..enums import AssignmentSource, ConflictScope, ReviewStatus, RoundStatus
from ..models import Assignment, ConflictDeclaration, Criterion, Recusal, Review, Score
from .common import JudgingError, MissingScores, StaleReview, require_scoring_open


def _locked(assignment: Assignment, by: User) -> tuple[Assignment, Review]:
    """Lock the assignment row (one writer at a time per review) and check who acts."""
    try:
        assignment = (Assignment.objects.select_for_update(of=("self",))
                      .select_related("round__edition", "entry__entrant", "entry__category")
                      .get(pk=assignment.pk))
    except Assignment.DoesNotExist:
        raise JudgingError(_("This entry is no longer assigned to you.")) from None
    if assignment.judge_id != by.pk:
        raise JudgingError(_("This entry is not assigned to you."))
    if conflicts.reasons(assignment.round, by, assignment.entry):
        raise JudgingError(_("You have a conflict with this entry."))
    require_scoring_open(assignment.round)
    review, _created = Review.objects.get_or_create(assignment=assignment)
    return assignment, review


def criteria_of(assignment: Assignment) -> list[Criterion]:
    """The criteria of the assignment's round and category, in their order."""
    return list(Criterion.objects.filter(round_id=assignment.round_id,
                                         category_id=assignment.entry.category_id)
                .order_by("order", "pk"))


def parse_score(criterion: Criterion, raw) -> Decimal | None:
    """A score as typed: empty is "not scored"; anything else a whole number on the scale."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    message = _("Enter a whole number from %(low)d to %(high)d.") % {
        "low": criterion.scale_min, "high": criterion.scale_max}
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise JudgingError(message) from None
    if not value.is_finite() or value != value.to_integral_value():
        raise JudgingError(message)
    if not criterion.scale_min <= value <= criterion.scale_max:
        raise JudgingError(message)
    return value


def _check_lengths(**texts) -> None:
    """The comment and the feedback are capped (``TEXT_MAX_LENGTH``): a longer one is refused
    with the whole save."""
    limit = settings.TEXT_MAX_LENGTH
    labels = {"private_comment": _("The comment for the secretariat"),
              "feedback": _("The feedback for the entrant")}
    for name, value in texts.items():
        if value is not None and len(str(value)) > limit:
            raise JudgingError(
                _("%(field)s is too long: %(length)d characters, at most %(limit)d. Nothing was "
                  "saved; what you typed is still here.")
                % {"field": labels[name], "length": len(str(value)), "limit": limit})


def review_save(*, assignment: Assignment, by: User, scores: Mapping[int, object] | None = None,
                private_comment: str | None = None, feedback: str | None = None,
                version: int | None = None, writer: str = "") -> tuple[Review, dict[int, str]]:
    """Save what the judge typed (autosave and "save"). Valid scores are kept, invalid ones
    are reported by criterion id and not stored; an empty value clears a score. ``version``
    (the review's version when the page was loaded) guards against a second tab."""
    scores = scores or {}
    errors: dict[int, str] = {}
    _check_lengths(private_comment=private_comment, feedback=feedback)
    with transaction.atomic():
        assignment, review = _locked(assignment, by)
        if review.status != ReviewStatus.DRAFT:
            raise JudgingError(_("This review is %(status)s: reopen it to change it.")
                               % {"status": review.get_status_display().lower()})
        if version is not None and int(version) != review.version and not writers.all_mine(
                "review", review.pk, seen=int(version), current=review.version, writer=writer):
            raise StaleReview(_("This review was changed in another window or tab. Reload to "
                                "see the latest version; what you typed is still here."))
        criteria = {c.pk: c for c in criteria_of(assignment)}
        existing = {s.criterion_id: s for s in review.scores.all()}
        changed = False
        for criterion_id, raw in scores.items():
            criterion = criteria.get(int(criterion_id))
            if criterion is None:
                raise JudgingError(_("That criterion is not part of this round and category."))
            try:
                value = parse_score(criterion, raw)
            except JudgingError as error:
                errors[criterion.pk] = error.messages[0]
                continue
            current = existing.get(criterion.pk)
            if value is None and current is not None:
                current.delete()
                changed = True
            elif value is not None and current is None:
                Score.objects.create(review=review, criterion=criterion, value=value)
                changed = True
            elif value is not None and current.value != value:
                current.value = value
                current.save(update_fields=["value"])
                changed = True
        for field, value in (("private_comment", private_comment), ("feedback", feedback)):
            if value is not None:
                value = clean_text(str(value))
            if value is not None and getattr(review, field) != value:
                setattr(review, field, value)
                changed = True
        if changed:
            review.version += 1
            review.save()
            writers.remember("review", review.pk, review.version, writer)
    return review, errors


def missing_criteria(review: Review, criteria: list[Criterion]) -> list[Criterion]:
    scored = set(review.scores.values_list("criterion_id", flat=True))
    return [c for c in criteria if c.required and c.pk not in scored]


def review_submit(*, assignment: Assignment, by: User) -> Review:
    """Lock the review. Submitting twice (a double click, two tabs) changes nothing."""
    with transaction.atomic():
        assignment, review = _locked(assignment, by)
        if review.status == ReviewStatus.SUBMITTED:
            return review
        if review.status == ReviewStatus.ABSTAINED:
            raise JudgingError(_("You abstained from this entry: reopen it to score it."))
        missing = missing_criteria(review, criteria_of(assignment))
        if missing:
            raise MissingScores(
                _("Score every required criterion first: %(names)s.")
                % {"names": ", ".join(c.name for c in missing)}, missing)
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = timezone.now()
        review.version += 1
        review.save()
        audit(by, "review.submit", review, edition=assignment.round.edition,
              after={"scores": {s.criterion.name: str(s.value)
                                for s in review.scores.select_related("criterion")}})
    return review


def review_reopen(*, assignment: Assignment, by: User) -> Review:
    """Unlock a submitted review (or undo an abstention) while the round is open."""
    with transaction.atomic():
        assignment, review = _locked(assignment, by)
        if review.status == ReviewStatus.DRAFT:
            return review
        before = review.status
        review.status = ReviewStatus.DRAFT
        review.submitted_at = None
        review.abstain_reason = ""
        review.version += 1
        review.save()
        audit(by, "review.reopen", review, edition=assignment.round.edition,
              before={"status": before}, after={"status": ReviewStatus.DRAFT})
    return review


def review_abstain(*, assignment: Assignment, by: User, reason: str) -> Review:
    """Decline to score this entry (for example: outside one's expertise). The review is left
    out of the results, not counted as zero."""
    reason = (reason or "").strip()
    if not reason:
        raise JudgingError(_("Say briefly why you abstain."))
    with transaction.atomic():
        assignment, review = _locked(assignment, by)
        if review.status == ReviewStatus.SUBMITTED:
            raise JudgingError(_("This review is submitted: reopen it first."))
        review.status = ReviewStatus.ABSTAINED
        review.abstain_reason = reason
        review.submitted_at = timezone.now()
        review.version += 1
        review.save()
        audit(by, "review.abstain", review, edition=assignment.round.edition, note=reason)
    return review


def recuse(*, assignment: Assignment, by: User, reason: str,
           tell_replacement: bool = True) -> Assignment | None:
    """The judge found a conflict while scoring: the conflict is recorded (so the entry never
    comes back to them), the assignment is removed, and a free judge of the panel replaces
    them where there is one (and is told by e-mail unless ``tell_replacement`` is False: the
    demo season writes no e-mails). Returns the replacement assignment, or None."""
    reason = (reason or "").strip()
    if not reason:
        raise JudgingError(_("Say briefly what the conflict is."))
    with transaction.atomic():
        try:
            assignment = (Assignment.objects.select_for_update(of=("self",))
                          .select_related("round__edition", "entry__entrant", "entry__category")
                          .get(pk=assignment.pk, judge=by))
        except Assignment.DoesNotExist:
            raise JudgingError(_("This entry is not assigned to you.")) from None
        require_scoring_open(assignment.round)
        ConflictDeclaration.objects.create(
            edition=assignment.round.edition, judge=by, scope=ConflictScope.ENTRY,
            entry=assignment.entry, reason=reason,
        )
        return release_assignment(assignment, reason=reason, by=by, tell=tell_replacement)


def release_assignment(assignment: Assignment, *, reason: str, by: User | None,
                       tell: bool = True) -> Assignment | None:
    """Record the recusal, remove the assignment and assign a free judge of the panel (the
    least loaded, conflict-free, preferring a country not yet on the entry). In the caller's
    transaction."""
    from .assignments import panel_inputs

    round, entry, judge = assignment.round, assignment.entry, assignment.judge
    Recusal.objects.create(round=round, entry=entry, judge=judge, reason=reason)
    audit(by, "review.recuse", assignment, edition=round.edition,
          before={"entry": entry.reference or entry.pk, "judge": judge.email}, note=reason)
    assignment.delete()
    entries, judges, pairs, rules, _by_id, _members = panel_inputs(round, entry.category)
    current: dict[int, list[int]] = {}
    for entry_id, judge_id in Assignment.objects.filter(
        round=round, entry__category_id=entry.category_id
    ).values_list("entry_id", "judge_id"):
        current.setdefault(entry_id, []).append(judge_id)
    if len(current.get(entry.pk, [])) >= round.judges_per_entry:
        return None
    recused = set(Recusal.objects.filter(round=round, entry=entry).values_list("judge_id",
                                                                             flat=True))
    replacement_id = algo.pick_replacement(
        current, entry.pk, entries, judges, conflicts=pairs, rules=rules,
        exclude=recused | {judge.pk}, seed=f"{round.pk}-{entry.pk}",
    )
    if replacement_id is None:
        audit(None, "assignment.unfilled", round, edition=round.edition,
              after={"entry": entry.reference or entry.pk},
              note="No free judge on the panel to replace the recused judge.")
        return None
    replacement = Assignment.objects.create(
        round=round, entry=entry, judge_id=replacement_id,
        source=AssignmentSource.REPLACEMENT, created_by=by,
    )
    audit(by, "assignment.add", replacement, edition=round.edition,
          after={"entry": entry.reference or entry.pk, "judge": replacement.judge.email,
                 "source": AssignmentSource.REPLACEMENT})
    if round.status == RoundStatus.OPEN:
        replacement.notified_at = timezone.now()
        replacement.save(update_fields=["notified_at"])
    if round.status == RoundStatus.OPEN and tell:
        notify(replacement.judge, "judging/assigned", {
            "round_name": round.name,
            "edition_name": round.edition.name,
            "count": 1,
            "categories": [entry.category.name],
            "closes_at": round.closes_at,
            "time_zone": replacement.judge.time_zone or round.edition.time_zone,
            "dashboard_path": "/judging/",
            "replacement": True,
        }, key=f"judging-assigned:{round.pk}:{replacement_id}:{replacement.pk}",
            edition=round.edition)
    return replacement
