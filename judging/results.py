"""A round's results as the pages and exports read them: the rows of the database turned into
the pure scoring module's inputs, and its figures back, per category. A bounded number of
queries (5) whatever the size of the round."""

from __future__ import annotations

from dataclasses import dataclass, field

from entries.models import Entry
from prize.models import Category

from . import scoring
from .enums import ReviewStatus
from .models import Criterion, Review, Round, RoundEntry


@dataclass
class CategoryResults:
    category: Category
    criteria: list[Criterion]
    entries: dict[int, Entry]
    results: dict[int, scoring.EntryResult]
    ranking: scoring.Ranking
    alpha: float | None
    quota: int | None
    advanced: set[int] = field(default_factory=set)

    @property
    def rows(self):
        """(ranked row, entry, result) in leaderboard order."""
        return [(row, self.entries[row.entry], self.results[row.entry])
                for row in self.ranking.rows]


@dataclass
class RoundResults:
    round: Round
    categories: list[CategoryResults]
    judges: dict[int, object]
    explanations: dict[str, str]

    def for_entry(self, entry_id: int) -> tuple[CategoryResults, scoring.EntryResult] | None:
        for cat in self.categories:
            if entry_id in cat.results:
                return cat, cat.results[entry_id]
        return None


def scoring_criteria(criteria: list[Criterion]) -> list[scoring.Criterion]:
    return [scoring.Criterion(name=c.name, weight=float(c.weight), scale_min=c.scale_min,
                              scale_max=c.scale_max, required=c.required) for c in criteria]


def round_results(round: Round) -> RoundResults:
    """Every figure of ``round``: submitted reviews count, abstentions are counted apart, and
    reviews still in progress are left out (never counted as zero)."""
    round_entries = list(
        RoundEntry.objects.filter(round=round)
        .select_related("entry__category", "entry__entrant")
        .order_by("entry__category__order", "entry_id")
    )
    criteria = list(Criterion.objects.filter(round=round).select_related("category"))
    names = {c.pk: c.name for c in criteria}
    by_category: dict[int, list[Criterion]] = {}
    for c in criteria:
        by_category.setdefault(c.category_id, []).append(c)
    reviews = list(
        Review.objects.filter(assignment__round=round,
                              status__in=[ReviewStatus.SUBMITTED, ReviewStatus.ABSTAINED])
        .select_related("assignment__judge", "assignment__entry")
        .prefetch_related("scores")
    )
    judges = {}
    inputs = []
    for review in reviews:
        a = review.assignment
        judges[a.judge_id] = a.judge
        inputs.append(scoring.Review(
            entry=a.entry_id, judge=a.judge_id, group=a.entry.category_id,
            abstained=review.status == ReviewStatus.ABSTAINED,
            scores={names[s.criterion_id]: float(s.value) for s in review.scores.all()
                    if s.criterion_id in names},
        ))
    # A category with entries but no criteria yet still gets an (empty) list.
    groups = {cid: scoring_criteria(cs) for cid, cs in by_category.items()}
    for row in round_entries:
        groups.setdefault(row.entry.category_id, [])
    inputs = [r for r in inputs if groups.get(r.group)]
    threshold = float(round.disagreement_threshold)
    results = scoring.compute_results(inputs, groups,
                                      entries=[row.entry_id for row in round_entries],
                                      disagreement_threshold=threshold)
    quotas = {q.category_id: q.advance for q in round.quotas.all()}
    tie_break = [round.rank_by] + [k for k in (round.tie_break or []) if k != round.rank_by]
    categories: dict[int, CategoryResults] = {}
    for row in round_entries:
        entry = row.entry
        cat = categories.get(entry.category_id)
        if cat is None:
            cat = categories[entry.category_id] = CategoryResults(
                category=entry.category, criteria=by_category.get(entry.category_id, []),
                entries={}, results={}, ranking=None, alpha=None,
                quota=quotas.get(entry.category_id))
        cat.entries[entry.pk] = entry
        cat.results[entry.pk] = results[entry.pk]
        if row.advanced:
            cat.advanced.add(entry.pk)
    for cat in categories.values():
        cat.ranking = scoring.rank_entries(cat.results.values(), tie_break=tie_break,
                                           advance=cat.quota)
        cat.alpha = scoring.panel_agreement(cat.results.values())
    explanations = dict(scoring.EXPLANATIONS)
    explanations["disagreement"] = explanations["disagreement"].format(
        threshold=f"{threshold:g}")
    explanations["rank"] = scoring.explain_tie_break(tie_break)
    return RoundResults(round=round, categories=list(categories.values()), judges=judges,
                        explanations=explanations)
