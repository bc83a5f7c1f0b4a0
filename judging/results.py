"""A round's results as the pages and exports read them: the rows of the database turned into
the pure scoring module's inputs, and its figures back, per category. A bounded number of
queries (5; 6 while a category has no criteria yet) whatever the size of the round."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, FloatField
from django.db.models.functions import Cast
from django.utils.translation import gettext

from entries.models import Entry
from prize.models import Category, User
from prize.translated_forms import column

from . import scoring
from .enums import ReviewStatus
from .models import Criterion, Review, Round
from .scoring.ranking import KEY_WORDS


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
    # (entries scored by two judges or more, judges among them): what alpha rests on.
    alpha_sample: tuple[int, int] = (0, 0)

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


def criterion_key(criterion: Criterion) -> str:
    """What the figures call a criterion (and a tie-break names): its main-language name,
    whatever the reader's language."""
    return getattr(criterion, column("name")) or criterion.name


def scoring_criteria(criteria: list[Criterion]) -> list[scoring.Criterion]:
    return [scoring.Criterion(name=criterion_key(c), weight=float(c.weight), scale_min=c.scale_min,
                              scale_max=c.scale_max, required=c.required) for c in criteria]


def explain_tie_break(tie_break: list[str], criteria: dict[str, str]) -> str:
    """The ranking rule in one sentence, in the reader's language; ``criteria`` maps a
    criterion's key (as a tie-break names it) to its name in that language."""
    words = []
    for key in tie_break:
        if key in KEY_WORDS:
            words.append(gettext(KEY_WORDS[key]))
        else:
            name = key.removeprefix("criterion:")
            words.append(gettext("the mean score on “%(criterion)s”")
                         % {"criterion": criteria.get(name) or name})
    chain = words[0]
    for word in words[1:]:
        chain = gettext("%(chain)s, then %(next)s") % {"chain": chain, "next": word}
    return gettext(scoring.EXPLANATIONS["rank"]).format(chain=chain)


def translated_explanations(tie_break: list[str], threshold: float,
                            criteria: dict[str, str]) -> dict[str, str]:
    """The scoring module's plain-words explanations (English, marked for the catalogue) in
    the reader's language, with the round's disagreement threshold and ranking rule."""
    explanations = {key: gettext(sentence) for key, sentence in scoring.EXPLANATIONS.items()}
    explanations["disagreement"] = explanations["disagreement"].format(
        threshold=f"{threshold:g}")
    explanations["rank"] = explain_tie_break(tie_break, criteria)
    return explanations


ENTRY_FIELDS = (
    "edition_id", "category_id", "entrant_id", "reference", "title", "status",
    "entrant__name", "entrant__kind", "entrant__city", "entrant__country",
)


def round_results(round: Round) -> RoundResults:
    """Every figure of ``round``: submitted reviews count, abstentions are counted apart, and
    reviews still in progress are left out (never counted as zero)."""
    # The round's entries with their entrants, and what the figures and pages read, nothing
    # more (no answers); categories are shared objects, not one per entry.
    entries = list(
        Entry.objects.filter(round_entries__round=round)
        .select_related("entrant")
        .only(*ENTRY_FIELDS)
        .annotate(advanced_here=F("round_entries__advanced"))
        .order_by("category__order", "category_id", "pk")
    )
    criteria = list(Criterion.objects.filter(round=round).select_related("category"))
    names = {c.pk: criterion_key(c) for c in criteria}
    by_category: dict[int, list[Criterion]] = {}
    category_of: dict[int, Category] = {}
    for c in criteria:
        by_category.setdefault(c.category_id, []).append(c)
        category_of[c.category_id] = c.category
    missing = {e.category_id for e in entries} - set(category_of)
    if missing:  # categories without criteria yet (one more query, only then)
        category_of.update(Category.objects.in_bulk(missing))
    counted = [ReviewStatus.SUBMITTED, ReviewStatus.ABSTAINED]
    judges = {judge.pk: judge for judge in User.objects.filter(
        assignments__round=round, assignments__review__status__in=counted).distinct()}
    # Plain rows, one per score (or one per review without scores): a round of 70,000 reviews
    # builds no model instance per review or per score.
    inputs: dict[int, scoring.Review] = {}
    # Scores arrive as floats (the database casts them; no Decimal per score), in no order.
    for pk, status, entry_id, judge_id, category_id, criterion_id, value in (
        Review.objects.filter(assignment__round=round, status__in=counted)
        .annotate(score=Cast("scores__value", FloatField()))
        .values_list("pk", "status", "assignment__entry_id", "assignment__judge_id",
                     "assignment__entry__category_id", "scores__criterion_id", "score")
        .order_by()
    ):
        review = inputs.get(pk)
        if review is None:
            review = inputs[pk] = scoring.Review(
                entry=entry_id, judge=judge_id, group=category_id,
                abstained=status == ReviewStatus.ABSTAINED, scores={})
        if criterion_id in names:
            review.scores[names[criterion_id]] = value
    # A category with entries but no criteria yet still gets an (empty) list.
    groups = {cid: scoring_criteria(cs) for cid, cs in by_category.items()}
    for entry in entries:
        groups.setdefault(entry.category_id, [])
    inputs = [r for r in inputs.values() if groups.get(r.group)]
    threshold = float(round.disagreement_threshold)
    results = scoring.compute_results(inputs, groups,
                                      entries=[entry.pk for entry in entries],
                                      disagreement_threshold=threshold)
    quotas = {q.category_id: q.advance for q in round.quotas.all()}
    tie_break = [round.rank_by] + [k for k in (round.tie_break or []) if k != round.rank_by]
    categories: dict[int, CategoryResults] = {}
    for entry in entries:
        entry.category = category_of[entry.category_id]
        cat = categories.get(entry.category_id)
        if cat is None:
            cat = categories[entry.category_id] = CategoryResults(
                category=entry.category, criteria=by_category.get(entry.category_id, []),
                entries={}, results={}, ranking=None, alpha=None,
                quota=quotas.get(entry.category_id))
        cat.entries[entry.pk] = entry
        cat.results[entry.pk] = results[entry.pk]
        if entry.advanced_here:
            cat.advanced.add(entry.pk)
    explanations = translated_explanations(
        tie_break, threshold, {criterion_key(c): c.name for c in criteria})
    for cat in categories.values():
        cat.ranking = scoring.rank_entries(cat.results.values(), tie_break=tie_break,
                                           advance=cat.quota)
        cat.ranking.explanation = explanations["rank"]
        cat.alpha = scoring.panel_agreement(cat.results.values())
        cat.alpha_sample = scoring.agreement_sample(cat.results.values())
    return RoundResults(round=round, categories=list(categories.values()), judges=judges,
                        explanations=explanations)
