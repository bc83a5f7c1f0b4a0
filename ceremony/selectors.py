"""Reads with rules. The embargo is decided here and nowhere else: every path that could show a
result (public pages, the entrant's dashboard, e-mails, certificates, exports, feeds, social
cards) asks ``results_public`` or ``results_visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Avg, QuerySet
from django.utils import timezone

from entries.enums import EntryStatus
from entries.models import Entry
from judging.enums import ReviewStatus
from judging.models import Review, Round, RoundEntry, Score
from prize.enums import Role
from prize.models import Edition, User

from .enums import DecisionStatus, ResultKind
from .models import Award, Decision, Publication


def publication_of(edition: Edition) -> Publication | None:
    return Publication.objects.filter(edition=edition).first()


def results_public(edition: Edition | int, *, at: datetime | None = None) -> bool:
    """Whether the world may know the edition's results: published, and not taken back."""
    edition_id = getattr(edition, "pk", edition)
    at = at or timezone.now()
    return Publication.objects.filter(
        edition_id=edition_id, published_at__isnull=False, published_at__lte=at
    ).exists()


def is_results_staff(user: User, edition: Edition | int) -> bool:
    """The secretariat, the evaluation partner (coordinators) and superusers see results
    before publication; judges, entrants and the public do not."""
    if not (user and user.is_authenticated):
        return False
    return user.is_superuser or user.has_role(edition, Role.SECRETARIAT, Role.COORDINATOR)


def results_visible_to(user: User, edition: Edition | int) -> bool:
    return is_results_staff(user, edition) or results_public(edition)


def public_editions(user: User) -> QuerySet[Edition]:
    """Editions whose results anyone may read, newest first."""
    ids = Publication.objects.filter(
        published_at__isnull=False, published_at__lte=timezone.now()
    ).values("edition_id")
    return Edition.objects.filter(pk__in=ids).exclude(status="draft").order_by("-year", "name")


def next_publication(*, at: datetime | None = None) -> datetime | None:
    """The next moment scheduled results become public, if any."""
    return (Publication.objects.filter(published_at__gt=at or timezone.now())
            .order_by("published_at").values_list("published_at", flat=True).first())


def final_round(edition: Edition | int) -> Round | None:
    edition_id = getattr(edition, "pk", edition)
    return Round.objects.filter(edition_id=edition_id).order_by("-number").first()


def finalist_ids(edition: Edition | int) -> set[int]:
    """The entries of the final round (the shortlist), withdrawn ones excluded."""
    round = final_round(edition)
    if round is None:
        return set()
    return set(
        RoundEntry.objects.filter(round=round)
        .exclude(entry__status=EntryStatus.WITHDRAWN)
        .values_list("entry_id", flat=True)
    )


def awards_of(edition: Edition | int) -> QuerySet[Award]:
    edition_id = getattr(edition, "pk", edition)
    return (
        Award.objects.filter(edition_id=edition_id)
        .select_related("category")
        .prefetch_related("partners")
        .order_by("category__order", "category_id", "order", "name")
    )


def decisions_of(edition: Edition | int) -> QuerySet[Decision]:
    edition_id = getattr(edition, "pk", edition)
    return (
        Decision.objects.filter(award__edition_id=edition_id)
        .select_related("award__category", "entry__entrant", "entry__category", "proposed_by",
                        "confirmed_by")
        .order_by("award__category__order", "award__order", "rank", "pk")
    )


def revealed_awards(edition: Edition | int) -> QuerySet[Award]:
    """The awards the live reveal has published (``Award.revealed_at``) while the edition's
    ceremony publishes "as revealed": public on the winners pages before the edition's
    publication. Only the live run sets ``revealed_at`` (a rehearsal never does); turning
    "as revealed" off takes them back. The rest of the results (the other awards, the
    entrants' dashboards, result e-mails, certificates, the finalists) wait for the edition's
    publication (``results_public``)."""
    edition_id = getattr(edition, "pk", edition)
    return Award.objects.filter(edition_id=edition_id, revealed_at__isnull=False,
                                edition__ceremony__publish_as_revealed=True)


def winners_partly_public(edition: Edition | int) -> bool:
    """Whether the public winners pages show something before the edition's publication:
    the awards the live reveal has published."""
    return revealed_awards(edition).exists()


def winners_visible_to(user: User, edition: Edition) -> QuerySet[Decision]:
    """Confirmed decisions of a published edition (staff: of any edition they run); before
    publication, anyone else sees those of the awards the live reveal published."""
    staff = is_results_staff(user, edition)
    rows = decisions_of(edition).filter(status=DecisionStatus.CONFIRMED)
    if not (staff or results_public(edition)):
        rows = rows.filter(award__in=revealed_awards(edition).values("pk"))
    if not staff:
        rows = rows.exclude(entry__status=EntryStatus.WITHDRAWN)
    return rows


# --- One entry's result ---------------------------------------------------------------------


@dataclass
class EntryResult:
    entry: Entry
    kind: str
    decisions: list[Decision] = field(default_factory=list)
    round_reached: Round | None = None
    feedback: list[tuple[Round, list[str]]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ResultKind(self.kind).label


MANY = 500  # entries past which a query reads the whole edition instead of naming ids


def results_for_entries(edition: Edition, entries: list[Entry], *,
                        with_feedback: bool = False) -> dict[int, EntryResult]:
    """The result of each entry (a bounded number of queries, whatever their number). Callers
    check the embargo first (``results_visible_to``)."""
    ids = [e.pk for e in entries]
    # Many entries (the result e-mails of a whole edition): read the edition's rows rather
    # than name thousands of ids in one query (SQLite refuses such an expression).
    many = len(ids) > MANY
    only = (lambda field: {}) if many else (lambda field: {f"{field}__in": ids})
    wanted = set(ids)
    decisions: dict[int, list[Decision]] = {}
    for decision in (
        Decision.objects.filter(status=DecisionStatus.CONFIRMED, award__edition=edition,
                                **only("entry_id"))
        .select_related("award__category").order_by("award__order", "pk")
    ):
        decisions.setdefault(decision.entry_id, []).append(decision)
    reached: dict[int, Round] = {}
    rounds = {r.pk: r for r in Round.objects.filter(edition=edition).order_by("number")}
    for entry_id, round_id in RoundEntry.objects.filter(
        round__edition=edition, **only("entry_id")
    ).order_by("round__number").values_list("entry_id", "round_id").iterator(chunk_size=5000):
        if entry_id in wanted:
            reached[entry_id] = rounds[round_id]
    last = max(rounds.values(), key=lambda r: r.number) if rounds else None
    feedback: dict[int, dict[int, list[str]]] = {}
    if with_feedback:
        for entry_id, round_id, text in (
            Review.objects.filter(assignment__round__edition=edition,
                                  status=ReviewStatus.SUBMITTED, **only("assignment__entry_id"))
            .exclude(feedback="")
            .order_by("assignment__round__number", "pk")
            .values_list("assignment__entry_id", "assignment__round_id", "feedback")
        ):
            feedback.setdefault(entry_id, {}).setdefault(round_id, []).append(text)
    results = {}
    for entry in entries:
        if entry.pk in decisions:
            kind = ResultKind.WINNER
        elif entry.status == EntryStatus.INELIGIBLE:
            kind = ResultKind.INELIGIBLE
        elif last is not None and reached.get(entry.pk) == last:
            kind = ResultKind.FINALIST
        else:
            kind = ResultKind.NOT_SELECTED
        results[entry.pk] = EntryResult(
            entry=entry, kind=kind, decisions=decisions.get(entry.pk, []),
            round_reached=reached.get(entry.pk),
            feedback=[(rounds[rid], texts) for rid, texts in feedback.get(entry.pk, {}).items()],
        )
    return results


def entries_with_results(edition: Edition) -> QuerySet[Entry]:
    """The entries told their result: every entry submitted to the edition and not withdrawn."""
    return (
        Entry.objects.filter(edition=edition, submitted_at__isnull=False)
        .exclude(status__in=[EntryStatus.WITHDRAWN, EntryStatus.DRAFT])
        .select_related("entrant", "category")
        .prefetch_related("entrant__members__user")
        .order_by("pk")
    )


def released_scores(edition: Edition, entry_ids: list[int]) -> dict[int, list[dict]]:
    """Per entry, round by round, the mean score of each criterion over the judges' submitted
    reviews (no judge, no single review): what an entrant sees when the edition's
    ``Publication`` says ``show_scores``. Callers check the embargo and that setting first.
    One query. ``{entry id: [{"round": name, "criteria": [{"criterion", "mean",
    "scale_max"}]}]}``."""
    out: dict[int, list[dict]] = {}
    rows = (
        Score.objects.filter(
            review__status=ReviewStatus.SUBMITTED,
            review__assignment__entry_id__in=entry_ids,
            review__assignment__round__edition=edition,
        )
        .values("review__assignment__entry_id", "review__assignment__round__number",
                "review__assignment__round__name", "criterion_id", "criterion__name",
                "criterion__scale_max", "criterion__order")
        .annotate(mean=Avg("value"))
        .order_by("review__assignment__round__number", "criterion__order", "criterion_id")
    )
    for row in rows:
        rounds = out.setdefault(row["review__assignment__entry_id"], [])
        if not rounds or rounds[-1]["number"] != row["review__assignment__round__number"]:
            rounds.append({"number": row["review__assignment__round__number"],
                           "round": row["review__assignment__round__name"], "criteria": []})
        rounds[-1]["criteria"].append({"criterion": row["criterion__name"], "mean": row["mean"],
                                       "scale_max": row["criterion__scale_max"]})
    return out
