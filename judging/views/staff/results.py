"""A round's results: leaderboards per category with agreement and the cut-off, one entry's
figures judge by judge, and every score as a spreadsheet. A bounded number of queries.
The computed results are kept until one of their inputs changes (``judging.results_cache``).

The leaderboards are a staff list (``prize.staff_lists``) over the computed results
(``judging.results``): filters (category, search), sort (rank by default, entry, title, score),
page size, and the filtered rows as CSV or XLSX with their rank. The ranking is computed once per
request, as before; filters, sort and pages only choose which of its rows are shown."""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import get_template
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prize.inputs import text_param
from prize.staff_lists import FORMAT, ListFilterForm, SortKey, StaffList

from ... import exports, scoring
from ...enums import RankBy, RoundStatus
from ...models import Assignment, Recusal, RoundEntry
from ...results_cache import results_of
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


def outcome(round, row) -> str:
    """The outcome column in words, as the page shows it."""
    if round.status == RoundStatus.FINALISED:
        return str(_("advanced")) if row["advanced"] else ""
    if row["advancing"]:
        return str(_("advancing"))
    if row["cutoff_tie"]:
        return str(_("tied at the cut-off"))
    return ""


class LeaderboardFilterSet(django_filters.FilterSet):
    """The leaderboard's filters. They are read by ``LeaderboardList`` from the computed rows;
    the FilterSet only checks their values."""

    category = django_filters.ChoiceFilter(label=gettext_lazy("Category"),
                                           empty_label=gettext_lazy("Every category"),
                                           method="unused")
    q = django_filters.CharFilter(label=gettext_lazy("Reference, title or entrant"),
                                  method="unused", max_length=200)

    class Meta:
        model = RoundEntry
        fields = []
        form = ListFilterForm

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].extra["choices"] = [(str(c.pk), c.name) for c in categories]
        self.filters["q"].field.widget.attrs.update(type="search", autocomplete="off")

    def unused(self, queryset, name, value):
        return queryset


class LeaderboardList(StaffList):
    """Every category's leaderboard rows, in the staff lists' shape (no saved views: the list
    belongs to one round). Rows stay grouped by category in the categories' order; the sort
    orders them within each category, rank first. Each row keeps its rank whatever the filters
    and sort: a search shows where an entry stands, not a new ranking."""

    filterset_class = LeaderboardFilterSet
    default_sort = "rank"
    # A leaderboard is read whole where it can be: the largest page by default.
    default_page_size = 200
    export_name = "leaderboard"

    def __init__(self, data, *, round, results, **kwargs):
        self.round, self.results = round, results
        super().__init__(data, edition=round.edition, **kwargs)
        self.sorts = {
            "rank": SortKey(gettext_lazy("Rank")),
            "reference": SortKey(gettext_lazy("Entry")),
            "title": SortKey(gettext_lazy("Title")),
            "score": SortKey(RankBy(round.rank_by).label),
        }

    # The entrant is named on the page and therefore in its export; one flag for both.
    show_entrant = True

    @property
    def export_headers(self):
        heads = [(_("Category"), 18), (_("Rank"), 6), (_("Tied"), 6), (_("Entry"), 16),
                 (_("Title"), 40)]
        if self.show_entrant:
            heads.append((_("Entrant"), 28))
        return (*heads, (_("Reviews"), 8), (_("Mean"), 8), (_("Median"), 8),
                (_("Std. dev."), 9), (_("Normalised"), 10), (_("Abstentions"), 11),
                (_("Outcome"), 18))

    def get_queryset(self):
        return RoundEntry.objects.filter(round=self.round)  # never read: rows are computed

    def filterset_kwargs(self):
        return {"categories": [cat.category for cat in self.results.categories]}

    @cached_property
    def every_row(self) -> list[dict]:
        # Made once per computed results (kept between requests by judging.results_cache):
        # the rows depend on nothing but the results; the pages only read them.
        kept = self.results.__dict__.get("_leaderboard_rows")
        if kept is not None:
            return kept
        rows = []
        for index, cat in enumerate(self.results.categories):
            for row in leaderboard(cat):
                row["cat"], row["cat_index"] = cat, index
                rows.append(row)
        self.results.__dict__["_leaderboard_rows"] = rows
        return rows

    @cached_property
    def filtered(self) -> list[dict]:
        values = self.applied
        rows = self.every_row
        if "category" in values:
            rows = [r for r in rows if str(r["cat"].category.pk) == values["category"]]
        if "q" in values:
            needle = values["q"].casefold()
            rows = [r for r in rows if needle in self._haystack(r)]
        return rows

    def _haystack(self, row) -> str:
        entry = row["entry"]
        words = [entry.reference or "", entry.title or ""]
        if self.show_entrant:
            words.append(entry.entrant.name or "")
        return " ".join(words).casefold()

    def _key(self, name):
        if name == "rank":
            return lambda r: r["rank"]
        if name == "reference":
            return lambda r: (r["entry"].reference or "").casefold()
        if name == "title":
            return lambda r: (r["entry"].title or "").casefold()
        return lambda r: getattr(r["result"], self.round.rank_by)

    @cached_property
    def rows(self) -> list[dict]:
        if self.applied:
            return self._sorted_rows()
        # Unfiltered, each order is sorted once per computed results.
        orders = self.results.__dict__.setdefault("_leaderboard_orders", {})
        if (self.sort, self.round.rank_by) not in orders:
            orders[(self.sort, self.round.rank_by)] = self._sorted_rows()
        return orders[(self.sort, self.round.rank_by)]

    def _sorted_rows(self) -> list[dict]:
        name, descending = self.sort.lstrip("-"), self.sort.startswith("-")
        key = self._key(name)
        present = [r for r in self.filtered if key(r) is not None]
        missing = [r for r in self.filtered if key(r) is None]  # last either way
        present.sort(key=key, reverse=descending)
        rows = present + missing
        rows.sort(key=lambda r: r["cat_index"])  # stable: the order holds within categories
        return rows

    @property
    def shows_line(self) -> bool:
        """The quota's line means something only in rank order."""
        return self.sort == "rank"

    def sections(self) -> list[dict]:
        """The page's rows grouped by category, in order."""
        sections = []
        for row in self.page.object_list:
            if not sections or sections[-1]["cat"] is not row["cat"]:
                sections.append({"cat": row["cat"], "rows": []})
            sections[-1]["rows"].append(row)
        return sections

    def export_rows(self):
        for row in self.rows:
            yield self.export_row(row)

    def export_row(self, row):
        entry, result = row["entry"], row["result"]
        cells = [row["cat"].category.name, row["rank"], _("yes") if row["tied"] else "",
                 entry.reference or entry.pk, entry.title]
        if self.show_entrant:
            cells.append(entry.entrant.name)
        return [*cells, result.reviews, result.mean, result.median, result.std,
                result.normalised, result.abstentions, outcome(self.round, row)]


ROW_TEMPLATE = "judging/staff/_result_row.html"


def rows_html(board: LeaderboardList, round, rows: list[dict]) -> SafeString:
    """The leaderboard's ``<tr>`` rows. Each row is drawn once per computed results and kept
    with them (``judging.results_cache`` keeps the results per round and language until one of
    their inputs, the round's own fields among them, changes): what a row shows comes from the
    results, the round's status and how the list is sorted (the quota's line), nothing else."""
    kept = board.results.__dict__.setdefault("_row_html", {})
    look = {"shows_line": board.shows_line, "show_entrant": board.show_entrant}
    template = None
    parts = []
    for row in rows:
        key = (row["entry"].pk, round.pk, round.status, look["shows_line"], look["show_entrant"])
        html = kept.get(key)
        if html is None:
            template = template or get_template(ROW_TEMPLATE)
            html = kept[key] = template.render({"row": row, "list": look, "round": round})
        parts.append(f"\n            {html.rstrip()}\n          ")
    return mark_safe("".join(parts))  # noqa: S308 (rendered by the template engine)


@round_page(RESULTS, anonymous_404=True)
def staff_results(request, round):
    results = results_of(round)
    board = LeaderboardList(request.GET, user=request.user, round=round, results=results)
    export = board.export_response(text_param(request.GET, FORMAT))
    if export is not None:
        return export
    summaries = {}
    for cat in results.categories:
        level, reading = alpha_reading(cat.alpha, cat.alpha_sample)
        summaries[cat.category.pk] = {
            "alpha_level": level,
            "alpha_reading": reading,
            "cutoff": cutoff_message(cat) if cat.ranking.cutoff_tie else "",
        }
    categories = [{"cat": section["cat"], "rows": section["rows"],
                   "rows_html": rows_html(board, round, section["rows"]),
                   **summaries[section["cat"].category.pk]} for section in board.sections()]
    return render_round(request, round, "judging/staff/results.html", {
        **board.context(),
        "categories": categories,
        "has_entries": bool(results.categories),
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
    results = results_of(round)
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
