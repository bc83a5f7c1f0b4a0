"""Reads with rules: which rounds, assignments and results each user may see.

A judge sees only their own assignments, only once the round is open, and never one they are
conflicted with (a declared conflict, a rule of the round, or membership of the entrant);
staff (secretariat and coordinators of the edition) see their editions' rounds.
"""

from __future__ import annotations

import hashlib

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from entries.models import EntrantMember
from entries.selectors import staff_edition_ids
from prize.models import User

from . import conflicts
from .enums import ReviewStatus, RoundStatus
from .models import Assignment, ConflictDeclaration, Round

VISIBLE_TO_JUDGES = (RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.FINALISED)
FINISHED = (ReviewStatus.SUBMITTED, ReviewStatus.ABSTAINED)


def rounds_managed_by(user: User) -> QuerySet[Round]:
    rounds = Round.objects.select_related("edition")
    if not user.is_authenticated:
        return rounds.none()
    if user.is_superuser:
        return rounds
    return rounds.filter(edition_id__in=staff_edition_ids(user))


def shuffle_key(user: User, assignment: Assignment) -> str:
    """A per-judge order that is stable between visits but differs from judge to judge, so
    no entry is always read first or last (order bias)."""
    return hashlib.sha256(
        f"{user.pk}:{assignment.round_id}:{assignment.entry_id}".encode()
    ).hexdigest()


#: What a judge's list of assignments reads: the entry's reference, title, category and form, its
#: entrant's conflict fields, and the review's status; never the answers or other large columns.
#: (The category's name is read in each language too: ``listed_fields``.)
LISTED_FIELDS = (
    "round_id", "entry_id", "judge_id",
    "entry__reference", "entry__title", "entry__category_id", "entry__entrant_id",
    "entry__form_id", "entry__edition_id",
    "entry__entrant__name", "entry__entrant__city", "entry__entrant__country",
    "entry__category__name", "entry__category__order",
    "review__status",
)


def listed_fields() -> tuple[str, ...]:
    from modeltranslation.utils import get_translation_fields

    return (*LISTED_FIELDS,
            *(f"entry__category__{name}" for name in get_translation_fields("name")))


def judge_assignments(user: User, round: Round) -> list[Assignment]:
    """The judge's assignments in ``round`` (shown once it is open), conflicted ones left out,
    in the judge's own shuffled order; each with ``review`` (or None) loaded. 3 queries.

    Each assignment carries only what a list shows (``LISTED_FIELDS``): the entry's answers
    are not read."""
    return judge_assignments_by_round(user, [round]).get(round.pk, [])


def judge_assignments_by_round(user: User, rounds) -> dict[int, list[Assignment]]:
    """``judge_assignments`` of many rounds at once: by round id, in 3 queries whatever the
    number of rounds (their assignments, the judge's declarations in their editions, and the
    judge's profile and membership)."""
    if not user.is_authenticated:
        return {}
    rounds = {r.pk: r for r in rounds if r.status in VISIBLE_TO_JUDGES}
    if not rounds:
        return {}
    assignments = list(
        Assignment.objects.filter(judge=user, round_id__in=list(rounds))
        .select_related("entry__entrant", "entry__category", "review")
        .only(*listed_fields())
    )
    declarations = list(ConflictDeclaration.objects.filter(
        judge=user, edition_id__in={r.edition_id for r in rounds.values()}))
    profile, member_of = conflicts.membership_of(user)
    by_edition: dict[int, list[ConflictDeclaration]] = {}
    for d in declarations:
        by_edition.setdefault(d.edition_id, []).append(d)
    out: dict[int, list[Assignment]] = {pk: [] for pk in rounds}
    for a in assignments:
        round = rounds[a.round_id]
        a.round = round
        if conflicts.reasons(
                round, user, a.entry, declarations=by_edition.get(round.edition_id, []),
                profile=None if profile_probe_closed(round) else profile,
                member_of=member_of):
            continue
        out[round.pk].append(a)
    for items in out.values():
        items.sort(key=lambda a: shuffle_key(user, a))
    return out


def judge_rounds(user: User) -> QuerySet[Round]:
    """Rounds where the user judges something, once they are open, newest first."""
    if not user.is_authenticated:
        return Round.objects.none()
    return (Round.objects.filter(assignments__judge=user, status__in=VISIBLE_TO_JUDGES)
            .select_related("edition").distinct().order_by("-edition__year", "-number"))


def assignment_for_judge(user: User, round_id: int, entry_id: int) -> Assignment | None:
    """The judge's assignment of this entry, or None when it is not theirs, the round is not
    open to judges yet, or they are conflicted (the page is then a 404)."""
    if not user.is_authenticated:
        return None
    assignment = (
        Assignment.objects.filter(judge=user, round_id=round_id, entry_id=entry_id,
                                  round__status__in=VISIBLE_TO_JUDGES)
        .select_related("round__edition", "entry__entrant", "entry__category", "entry__form",
                        "review", "judge__judge_profile")
        # The entrant the judge is a member of, read with the assignment (conflicts.reasons).
        .annotate(judge_member_of=Subquery(
            EntrantMember.objects.filter(user_id=OuterRef("judge_id")).values("entrant_id")[:1]))
        .first()
    )
    if assignment is None:
        return None
    profile = (None if profile_probe_closed(assignment.round)
               else getattr(assignment.judge, "judge_profile", None))
    if conflicts.reasons(assignment.round, user, assignment.entry, profile=profile,
                         member_of=assignment.judge_member_of):
        return None
    return assignment


def profile_probe_closed(round: Round) -> bool:
    """In a blind round that no longer takes scores, the judge's list does not follow their
    profile: a conflict found from it there releases nothing, so hiding entries would let a
    judge probe where they come from (set a city, see what disappears, set it back). Declared
    conflicts and membership still apply; in an open round a profile change releases the
    entries it covers for good, once."""
    return round.blind and round.status != RoundStatus.OPEN


def progress_by_judge(round: Round) -> list[dict]:
    """Per judge: assigned, submitted, abstained, in progress, not started (one query)."""
    rows = (
        Assignment.objects.filter(round=round)
        .values("judge_id", "judge__email", "judge__name")
        .annotate(
            assigned=Count("pk"),
            submitted=Count("pk", filter=Q(review__status=ReviewStatus.SUBMITTED)),
            abstained=Count("pk", filter=Q(review__status=ReviewStatus.ABSTAINED)),
            drafts=Count("pk", filter=Q(review__status=ReviewStatus.DRAFT)),
        )
        .order_by("judge__name", "judge__email")
    )
    out = []
    for r in rows:
        r["done"] = r["submitted"] + r["abstained"]
        r["not_started"] = r["assigned"] - r["done"] - r["drafts"]
        r["percent"] = round_percent(r["done"], r["assigned"])
        out.append(r)
    return out


def progress_by_category(round: Round) -> list[dict]:
    """Per category: entries, assignments, finished reviews (one query)."""
    rows = (
        Assignment.objects.filter(round=round)
        .values("entry__category_id", "entry__category__name")
        .annotate(
            assigned=Count("pk"),
            entries=Count("entry_id", distinct=True),
            done=Count("pk", filter=Q(review__status__in=FINISHED)),
        )
        .order_by("entry__category__order", "entry__category__name")
    )
    out = []
    for r in rows:
        r["percent"] = round_percent(r["done"], r["assigned"])
        out.append(r)
    return out


def round_percent(done: int, total: int) -> int:
    return int(100 * done / total) if total else 0
