"""How far judging has got: overall, per category, per judge; reminders now (all judges with
unfinished reviews, one, or the ticked ones), the reminder schedule, and entries short of
judges. The per-judge table is a staff list (``prize.staff_lists``): filters (category, judge,
"not started", "behind the pace"), sort, page size and the filtered rows as CSV or XLSX. A
bounded number of queries."""

from __future__ import annotations

from datetime import UTC, timedelta

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Count, F, Max, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prize.inputs import int_param, text_param
from prize.models import User
from prize.staff_lists import FORMAT, BulkAction, ListFilterForm, SortKey, StaffList

from ...enums import ReviewStatus, RoundStatus
from ...models import Assignment, RoundEntry
from ...selectors import FINISHED, progress_by_category, round_percent
from ...services import reminders_send
from .common import categories_of, render_round, round_page

# "Behind the pace" compares whole numbers: finished * PACE_SCALE < assigned * elapsed share.
PACE_SCALE = 10_000


def pace(round, now=None) -> int:
    """The share of the round's time gone by, out of ``PACE_SCALE`` (all of it once closed)."""
    now = now or timezone.now()
    if round.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        return PACE_SCALE
    length = (round.closes_at - round.opens_at).total_seconds()
    gone = (now - round.opens_at).total_seconds()
    if length <= 0 or gone >= length:
        return PACE_SCALE
    return max(0, int(PACE_SCALE * gone / length))


class JudgeProgressFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=gettext_lazy("Category (panel)"),
                                           empty_label=gettext_lazy("Every category"),
                                           field_name="entry__category_id")
    q = django_filters.CharFilter(label=gettext_lazy("Judge name or e-mail"), method="search",
                                  max_length=200)
    not_started = django_filters.BooleanFilter(
        label=gettext_lazy("Only judges with reviews not started"), method="with_not_started",
        widget=forms.CheckboxInput)
    late = django_filters.BooleanFilter(
        label=gettext_lazy("Only judges behind the pace"), method="behind",
        widget=forms.CheckboxInput,
        help_text=gettext_lazy("Fewer reviews finished than the share of the round's time gone "
                               "by; once the round has closed, any review left."))

    class Meta:
        model = Assignment
        fields = []
        form = ListFilterForm

    def __init__(self, *args, categories=(), pace=PACE_SCALE, **kwargs):
        super().__init__(*args, **kwargs)
        self.pace = pace
        self.filters["category"].extra["choices"] = [(str(c.pk), c.name) for c in categories]
        self.filters["q"].field.widget.attrs.update(type="search", autocomplete="off")

    def search(self, queryset, name, value):
        return queryset.filter(Q(judge__name__icontains=value) | Q(judge__email__icontains=value))

    def with_not_started(self, queryset, name, value):
        return queryset.filter(not_started__gt=0) if value else queryset

    def behind(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(done_scaled__lt=F("assigned") * self.pace, done__lt=F("assigned"))


class JudgeProgressList(StaffList):
    """The round's judges with their reviews counted by state, in the staff lists' shape (no
    saved views: the list belongs to one round, which its address names). With a category
    chosen, each judge's figures are those of that panel."""

    filterset_class = JudgeProgressFilterSet
    sorts = {
        "judge": SortKey(gettext_lazy("Judge"), ("judge__name", "judge__email")),
        "done": SortKey(gettext_lazy("Finished"), ("done", "judge__name", "judge__email")),
        "assigned": SortKey(gettext_lazy("Assigned"),
                            ("assigned", "judge__name", "judge__email")),
    }
    default_sort = "judge"
    export_name = "judging-progress"
    export_headers = ((gettext_lazy("Judge"), 28), (gettext_lazy("E-mail"), 32),
                      (gettext_lazy("Assigned"), 10), (gettext_lazy("Submitted"), 10),
                      (gettext_lazy("Abstained"), 10), (gettext_lazy("In progress"), 11),
                      (gettext_lazy("Not started"), 11), (gettext_lazy("Finished (%)"), 12),
                      (gettext_lazy("Last activity (UTC)"), 18))

    def __init__(self, data, *, round, **kwargs):
        self.round = round
        super().__init__(data, edition=round.edition, **kwargs)
        self.bulk_actions = (BulkAction("remind_selected", _("Remind the selected judges"),
                                        self._remind_selected),)

    def get_queryset(self):
        finished = Q(review__status__in=FINISHED)
        return (
            Assignment.objects.filter(round=self.round)
            .values("judge_id", "judge__email", "judge__name")
            .annotate(
                assigned=Count("pk"),
                submitted=Count("pk", filter=Q(review__status=ReviewStatus.SUBMITTED)),
                abstained=Count("pk", filter=Q(review__status=ReviewStatus.ABSTAINED)),
                drafts=Count("pk", filter=Q(review__status=ReviewStatus.DRAFT)),
                done=Count("pk", filter=finished),
            )
            .annotate(not_started=F("assigned") - F("done") - F("drafts"),
                      done_scaled=F("done") * PACE_SCALE)
            .order_by()
        )

    def filterset_kwargs(self):
        return {"categories": self.categories, "pace": pace(self.round)}

    @cached_property
    def categories(self):
        return categories_of(self.round)

    def sort_queryset(self, queryset, name, descending):
        # A judge's rows are one group: the tie-break is the judge, never the assignment.
        fields = [F(field) for field in self.sorts[name].fields] + [F("judge_id")]
        return queryset.order_by(*[f.desc(nulls_last=True) if descending
                                   else f.asc(nulls_last=True) for f in fields])

    def last_activity(self, judge_ids=None) -> dict:
        """judge id -> when they last saved a review of the round (one query)."""
        rows = Assignment.objects.filter(round=self.round, review__isnull=False)
        if judge_ids is not None:
            rows = rows.filter(judge_id__in=judge_ids)
        return dict(rows.values("judge_id").annotate(at=Max("review__updated_at"))
                    .values_list("judge_id", "at").order_by())

    def decorate(self, rows):
        last = self.last_activity([row["judge_id"] for row in rows])
        for row in rows:
            row["last_activity"] = last.get(row["judge_id"])
            row["left"] = row["assigned"] - row["done"]
            row["percent"] = round_percent(row["done"], row["assigned"])

    def export_rows(self):
        last = self.last_activity()
        for row in self.rows.iterator(chunk_size=500):
            at = last.get(row["judge_id"])
            yield [row["judge__name"], row["judge__email"], row["assigned"], row["submitted"],
                   row["abstained"], row["drafts"], row["not_started"],
                   round_percent(row["done"], row["assigned"]),
                   at.astimezone(UTC).replace(tzinfo=None) if at else None]

    def actionable(self, queryset):
        """The round's judges (a ticked id is a judge's)."""
        return User.objects.filter(assignments__round=self.round).distinct()

    def _remind_selected(self, request, judges):
        if self.round.status != RoundStatus.OPEN:
            messages.error(request, _("Reminders go out only while the round is open."))
            return
        chosen = list(judges.values_list("pk", flat=True))
        count = reminders_send(round=self.round, by=request.user, judge_ids=chosen)
        if count:
            messages.success(request, ngettext(
                "A reminder was sent to %(count)d judge.",
                "A reminder was sent to %(count)d judges.", count) % {"count": count})
        if count < len(chosen):
            left = len(chosen) - count
            messages.info(request, ngettext(
                "%(count)d selected judge was not reminded: nothing is left for them to do.",
                "%(count)d selected judges were not reminded: nothing is left for them to do.",
                left) % {"count": left})


def reminder_schedule(round) -> list[tuple[int, object]]:
    """(hours before closing, moment) of each automatic reminder, soonest last."""
    return [(int(h), round.closes_at - timedelta(hours=int(h)))
            for h in sorted(round.reminder_hours or [], reverse=True)]


@round_page()
def staff_progress(request, round):
    judges = JudgeProgressList(request.GET, user=request.user, round=round)
    if request.method == "POST":
        return _post(request, round, judges)
    export = judges.export_response(text_param(request.GET, FORMAT))
    if export is not None:
        return export
    categories = progress_by_category(round)
    overall = Assignment.objects.filter(round=round).aggregate(
        assigned=Count("pk"), done=Count("pk", filter=Q(review__status__in=FINISHED)))
    short = list(
        RoundEntry.objects.filter(round=round)
        .annotate(judges=Count("entry__assignments",
                               filter=Q(entry__assignments__round=round)))
        .filter(judges__lt=round.judges_per_entry)
        .select_related("entry__category").order_by("entry__reference", "entry_id")
    )
    return render_round(request, round, "judging/staff/progress.html", {
        **judges.context(),
        "categories": categories,
        "overall": {"assigned": overall["assigned"], "done": overall["done"],
                    "percent": round_percent(overall["done"], overall["assigned"])},
        "unfinished": judges.queryset.filter(done__lt=F("assigned")).count(),
        "short": short,
        "schedule": reminder_schedule(round),
        "can_remind": round.status == RoundStatus.OPEN,
    }, current="judging:staff_progress")


def _post(request, round, judges):
    """The reminders: every judge with unfinished reviews ("remind"), one (``judge``), or the
    ticked ones (the list's bulk action); the filters stay as they were."""
    action = request.POST.get("action")
    if action and action != "remind":
        judges.run_bulk(request)
    elif action == "remind" or request.POST.get("judge"):
        return _remind(request, round)
    else:
        messages.error(request, _("Choose an action for the selected rows."))
    query = judges.current_query
    return redirect(f"{request.path}?{query}" if query else request.path)


def _remind(request, round):
    judge_ids = None
    if request.POST.get("judge"):
        judge = int_param(request.POST, "judge")
        judge_ids = [judge] if judge is not None else []
    if round.status != RoundStatus.OPEN:
        messages.error(request, _("Reminders go out only while the round is open."))
        return redirect("judging:staff_progress", pk=round.pk)
    count = reminders_send(round=round, by=request.user, judge_ids=judge_ids)
    if count:
        messages.success(request, ngettext(
            "A reminder was sent to %(count)d judge.",
            "A reminder was sent to %(count)d judges.", count) % {"count": count})
    else:
        messages.info(request, _("Nobody was reminded: no judge has unfinished reviews."))
    return redirect("judging:staff_progress", pk=round.pk)
