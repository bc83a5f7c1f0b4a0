"""A round's results: leaderboards per category with agreement and the cut-off, one entry's
figures judge by judge, and every score as a spreadsheet. A bounded number of queries."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ... import exports, scoring
from ...models import Assignment, Recusal, RoundEntry
from ...results import round_results
from .common import RESULTS, render_round, round_page

# (figure key, its name) in the order the explanations are listed.
FIGURES = [
    ("weighted_total", gettext_lazy("Weighted total")),
    ("mean", gettext_lazy("Mean")),
    ("median", gettext_lazy("Median")),
    ("std", gettext_lazy("Standard deviation")),
    ("disagreement", gettext_lazy("Disagreement")),
    ("reviews", gettext_lazy("Reviews")),
    ("normalised", gettext_lazy("Normalised score")),
    ("uninformative", gettext_lazy("Judges who count as average")),
    ("rank", gettext_lazy("Rank")),
    ("cutoff_tie", gettext_lazy("Ties at the cut-off")),
    ("alpha", gettext_lazy("Agreement (alpha)")),
]


def alpha_reading(alpha: float | None, sample: tuple[int, int] | None = None) -> tuple[str, str]:
    """(level, plain words) of Krippendorff's alpha; with too few reviews behind it, no value
    at all (a low number from three entries would read as a warning it is not)."""
    if sample is not None and not scoring.measurable(sample):
        entries, judges = sample
        return "none", _(
            "Not enough reviews to measure agreement yet: %(entries)s scored by two judges or "
            "more, from %(judges)s. It needs at least %(min_entries)s entries and "
            "%(min_judges)s judges."
        ) % {"entries": ngettext("%(n)d entry", "%(n)d entries", entries) % {"n": entries},
             "judges": ngettext("%(n)d judge", "%(n)d judges", judges) % {"n": judges},
             "min_entries": scoring.MIN_ENTRIES, "min_judges": scoring.MIN_JUDGES}
    if alpha is None:
        return "none", _("Not measurable yet: it needs entries scored by at least two judges.")
    if alpha >= 0.8:
        return "good", _("Good agreement: the judges rank entries consistently.")
    if alpha >= 0.667:
        return "tentative", _("Tentative agreement: usable, but look at the flagged entries.")
    return "low", _("Low agreement: the judges often disagree; read the flagged entries and "
                    "their comments before deciding.")


def label(entry) -> str:
    return entry.reference or f"#{entry.pk}"


def cutoff_message(cat) -> str:
    """The cut-off tie in words, with the entries' references."""
    tie = cat.ranking.cutoff_tie
    names = ", ".join(label(cat.entries[pk]) for pk in tie.entries)
    return ngettext(
        "%(count)d entries tie at rank %(rank)d for the last place (%(entries)s); decide "
        "between them before advancing.",
        "%(count)d entries tie at rank %(rank)d for the last %(seats)d places (%(entries)s); "
        "decide between them before advancing.", tie.seats,
    ) % {"count": len(tie.entries), "rank": tie.rank, "seats": tie.seats, "entries": names}


def leaderboard(cat) -> list[dict]:
    """The rows of one category's leaderboard, with the marks the page shows."""
    advancing = set(cat.ranking.advancing)
    tied_at_cut = set(cat.ranking.cutoff_tie.entries) if cat.ranking.cutoff_tie else set()
    rows = []
    for ranked, entry, result in cat.rows:
        rows.append({
            "rank": ranked.rank,
            "tied": ranked.tied,
            "entry": entry,
            "result": result,
            "advancing": entry.pk in advancing,
            "cutoff_tie": entry.pk in tied_at_cut,
            "advanced": entry.pk in cat.advanced,
            "line": False,
        })
    quota = cat.quota
    if quota is not None and 0 < quota < len(rows):
        rows[quota - 1]["line"] = True
    return rows


@round_page(RESULTS, anonymous_404=True)
def staff_results(request, round):
    results = round_results(round)
    categories = []
    for cat in results.categories:
        level, reading = alpha_reading(cat.alpha, cat.alpha_sample)
        categories.append({
            "cat": cat,
            "rows": leaderboard(cat),
            "alpha_level": level,
            "alpha_reading": reading,
            "cutoff": cutoff_message(cat) if cat.ranking.cutoff_tie else "",
        })
    return render_round(request, round, "judging/staff/results.html", {
        "categories": categories,
        "explanations": [(name, results.explanations[key]) for key, name in FIGURES
                         if key in results.explanations],
        "alpha_explanation": results.explanations.get("alpha", ""),
    }, current="judging:staff_results")


@round_page(RESULTS, anonymous_404=True)
def staff_result_entry(request, round, entry_id):
    row = get_object_or_404(
        RoundEntry.objects.select_related("entry__entrant", "entry__category"),
        round=round, entry_id=entry_id)
    entry = row.entry
    results = round_results(round)
    found = results.for_entry(entry.pk)
    if found is None:
        raise Http404
    cat, result = found
    assignments = list(
        Assignment.objects.filter(round=round, entry=entry)
        .select_related("judge", "review").prefetch_related("review__scores")
        .order_by("judge__name", "judge__email")
    )
    judges = []
    for a in assignments:
        review = getattr(a, "review", None)
        scores = {s.criterion_id: s.value for s in review.scores.all()} if review else {}
        judges.append({
            "judge": a.judge,
            "assignment": a,
            "review": review,
            "scores": [scores.get(c.pk) for c in cat.criteria],
            "total": result.judge_totals.get(a.judge_id),
            "z": result.judge_z.get(a.judge_id),
            "uninformative": a.judge_id in result.uninformative_judges,
            "has_notes": bool(review and (review.private_comment or review.feedback
                                          or review.abstain_reason)),
        })
    recusals = list(Recusal.objects.filter(round=round, entry=entry).select_related("judge")
                    .order_by("at"))
    return render_round(request, round, "judging/staff/result_entry.html", {
        "entry": entry,
        "cat": cat,
        "result": result,
        "rank": cat.ranking.ranks.get(entry.pk),
        "judges": judges,
        "has_notes": any(j["has_notes"] for j in judges),
        "recusals": recusals,
        "explanations": results.explanations,
    }, current="judging:staff_results")


@round_page(RESULTS, anonymous_404=True)
def staff_export(request, round, fmt):
    exporter = exports.EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    return exporter(round)
