"""The shortlist of a closed round: per category, the leaderboard with the entries that advance
ticked (ties at the cut-off left for a person to decide), then finalising; afterwards, the
entries that advanced."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prize.inputs import int_params

from ...enums import RoundStatus
from ...models import Round, RoundEntry
from ...results import round_results
from ...services import JudgingError, round_finalise
from ...staff_forms import FinaliseNoteForm
from .common import error_list, render_round, round_page
from .results import cutoff_message, leaderboard


def _chosen(request) -> set[int]:
    return set(int_params(request.POST, "advance"))


def _check(categories) -> dict[int, str]:
    """Per category, why the choice cannot stand (the service checks again)."""
    problems = {}
    for item in categories:
        cat = item["cat"]
        if cat.quota is None:
            problems[cat.category.pk] = _("%(category)s has no quota: set it on the round's "
                                          "overview while it is a draft.") % {
                "category": cat.category.name}
            continue
        picked = sum(1 for row in item["rows"] if row["checked"])
        if picked != item["want"]:
            problems[cat.category.pk] = ngettext(
                "Choose exactly %(want)d entry: %(picked)d chosen.",
                "Choose exactly %(want)d entries: %(picked)d chosen.", item["want"],
            ) % {"want": item["want"], "picked": picked}
    return problems


def _categories(round, chosen: set[int] | None):
    results = round_results(round)
    out = []
    for cat in results.categories:
        rows = leaderboard(cat)
        for row in rows:
            row["checked"] = (row["entry"].pk in chosen if chosen is not None
                              else row["advancing"])
        out.append({
            "cat": cat,
            "rows": rows,
            "want": min(cat.quota, len(rows)) if cat.quota is not None else None,
            "cutoff": cutoff_message(cat) if cat.ranking.cutoff_tie else "",
            "error": "",
        })
    return out


@round_page()
def staff_shortlist(request, round):
    next_round = (Round.objects.filter(edition_id=round.edition_id, number__gt=round.number)
                  .order_by("number").first())
    context = {"next_round": next_round}
    if round.status == RoundStatus.FINALISED:
        advanced = list(
            RoundEntry.objects.filter(round=round, advanced=True)
            .select_related("entry__entrant", "entry__category")
            .order_by("entry__category__order", "entry__category__name", "entry__reference")
        )
        groups: dict[int, dict] = {}
        for row in advanced:
            groups.setdefault(row.entry.category_id, {"category": row.entry.category,
                                                      "entries": []})["entries"].append(row.entry)
        context["advanced"] = list(groups.values())
        context["advanced_count"] = len(advanced)
        return render_round(request, round, "judging/staff/shortlist.html", context,
                            current="judging:staff_shortlist")
    if round.status != RoundStatus.CLOSED:
        return render_round(request, round, "judging/staff/shortlist.html", context,
                            current="judging:staff_shortlist")
    if request.method != "POST":
        context.update(categories=_categories(round, None), form=FinaliseNoteForm())
        return render_round(request, round, "judging/staff/shortlist.html", context,
                            current="judging:staff_shortlist")
    chosen = _chosen(request)
    categories = _categories(round, chosen)
    form = FinaliseNoteForm(request.POST)
    problems = _check(categories)
    for item in categories:
        item["error"] = problems.get(item["cat"].category.pk, "")
    errors = []
    if not problems and form.is_valid():
        try:
            round_finalise(round=round, entry_ids=chosen, by=request.user,
                           note=form.cleaned_data["note"])
        except JudgingError as exc:
            errors = error_list(exc)
        else:
            messages.success(request, ngettext(
                "%(round)s is finalised: %(count)d entry advances.",
                "%(round)s is finalised: %(count)d entries advance.", len(chosen),
            ) % {"round": round.name, "count": len(chosen)})
            return redirect("judging:staff_shortlist", pk=round.pk)
    context.update(categories=categories, form=form, errors=errors, invalid=True)
    return render_round(request, round, "judging/staff/shortlist.html", context,
                        current="judging:staff_shortlist", status=400)
