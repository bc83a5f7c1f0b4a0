"""Numbers about an edition's entries, and the geometry of the charts that show them.

``edition_stats(edition)`` makes a fixed number of aggregate queries, however many entries
there are. It counts entered entries (submitted, eligible, ineligible) unless a number says
otherwise; drafts and withdrawn entries are counted apart. The chart helpers below it are pure
Python: they turn counts into positions for server-rendered SVG.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Value
from django.db.models.functions import Concat, Lower, Trim, TruncDate, Upper
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from prize.enums import EntrantKind
from prize.models import Category, Edition

from .enums import ENTERED_STATUSES, EntryStatus, Region
from .models import Entry

TOP_COUNTRIES = 15

# Bar colours, each at least 4.5:1 against white (3:1 is the minimum for graphics).
PRIMARY = "#0d5c8c"
TEAL = "#0f766e"
RED = "#b02a37"
GREY = "#5c636a"


def grouped(number: int) -> str:
    """A count with its thousands grouped as the active language does ("1,234")."""
    return formats.number_format(number, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    count: int
    total: int
    colour: str = PRIMARY

    @property
    def length(self) -> float:
        """Bar length in percent of the chart's width: the bar's share of the total, so bars
        compare across charts and an "others" bar does not dwarf the rest."""
        return round(100 * self.count / self.total, 2) if self.total else 0.0

    @property
    def percent(self) -> int:
        """Share of the total, rounded to a whole percent."""
        return round(100 * self.count / self.total) if self.total else 0


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    total: int
    row_height: int = 46  # pixels per row: a label line and the bar under it

    @property
    def height(self) -> int:
        return self.row_height * len(self.bars) + 4

    @property
    def rows(self) -> list[dict]:
        """Each bar with the y positions of its text and its rectangle."""
        return [
            {"bar": bar, "text_y": i * self.row_height + 16, "bar_y": i * self.row_height + 24}
            for i, bar in enumerate(self.bars)
        ]

    @property
    def description(self) -> str:
        return "; ".join(
            _("%(label)s: %(count)s (%(percent)s%%)")
            % {"label": bar.label, "count": grouped(bar.count), "percent": bar.percent}
            for bar in self.bars
        ) + "."


def bar_chart(rows: Iterable[tuple[str, str, int]], *, total: int | None = None,
              colours: dict[str, str] | None = None) -> BarChart:
    """Rows of (key, label, count) as horizontal bars, each as long as its share."""
    rows = list(rows)
    total = sum(count for _k, _l, count in rows) if total is None else total
    bars = [
        Bar(key=key, label=label, count=count, total=total,
            colour=(colours or {}).get(key, PRIMARY))
        for key, label, count in rows
    ]
    return BarChart(bars=bars, total=total)


@dataclass(frozen=True)
class Day:
    day: date
    count: int
    cumulative: int


PLOT_TOP = 16  # pixels above the plot, for the top gridline's label
PLOT_HEIGHT = 180  # pixels of the plot; the chart adds room for the month labels below


@dataclass
class Timeline:
    """Entries per day over the call, in the edition's time zone. The plot is drawn in its
    own units (x: percent of the width, y: percent of the height, 0 at the top) and stretched
    to its box, so it fits any screen; text is placed in pixels and keeps its size."""

    days: list[Day]
    closes_on: date | None = None
    plot_top: int = PLOT_TOP
    plot_height: int = PLOT_HEIGHT

    @property
    def height(self) -> int:
        return self.plot_top + self.plot_height + 28

    @property
    def axis_y(self) -> int:
        """Baseline of the month labels, in pixels."""
        return self.plot_top + self.plot_height + 20

    @property
    def total(self) -> int:
        return self.days[-1].cumulative if self.days else 0

    @property
    def busiest(self) -> Day | None:
        return max(self.days, key=lambda d: (d.count, d.day), default=None)

    @property
    def active_days(self) -> list[Day]:
        return [d for d in self.days if d.count]

    @property
    def halfway(self) -> Day | None:
        """The day by which half of the entries had arrived."""
        return next((d for d in self.days if d.cumulative * 2 >= self.total and self.total),
                    None)

    @property
    def width(self) -> int:
        return max(len(self.days), 1)

    def _x(self, index: float) -> float:
        return round(100 * index / self.width, 3)

    @property
    def daily_max(self) -> int:
        return nice_ceiling(max((d.count for d in self.days), default=0))

    @property
    def cumulative_max(self) -> int:
        return nice_ceiling(self.total)

    @property
    def daily_bars(self) -> list[dict]:
        """x and width in percent of the plot; y and height in percent of its height."""
        top = self.daily_max or 1
        bars = []
        for i, d in enumerate(self.days):
            if d.count:
                height = round(100 * d.count / top, 3)
                bars.append({"x": self._x(i + 0.1), "width": self._x(0.8), "y": 100 - height,
                             "height": height, "day": d})
        return bars

    @property
    def line_points(self) -> str:
        """The cumulative line, as points in a viewBox of (days × 100)."""
        top = self.cumulative_max or 1
        points = ["0,100"]
        for i, d in enumerate(self.days):
            y = round(100 - 100 * d.cumulative / top, 3)
            points.append(f"{i + 1},{y}")
        return " ".join(points)

    @property
    def area_points(self) -> str:
        return f"{self.line_points} {len(self.days)},100"

    def ticks(self, top: int) -> list[dict]:
        """Gridlines: y in plot units, and ``py``, the pixel baseline of their label."""
        values = range(0, top + 1, nice_step(top)) if top else [0]
        ticks = []
        for v in values:
            y = round(100 - 100 * v / top, 3) if top else 100
            ticks.append({"value": v, "y": y,
                          "py": round(self.plot_top + self.plot_height * y / 100) - 4})
        return ticks

    @property
    def daily_ticks(self) -> list[dict]:
        return self.ticks(self.daily_max)

    @property
    def cumulative_ticks(self) -> list[dict]:
        return self.ticks(self.cumulative_max)

    def _axis(self, room: int) -> list[dict]:
        if not self.days:
            return []
        first = self.days[0].day
        return [{"day": t.day, "format": t.format, "named_format": t.named_format,
                 "x": self._x((t.day - first).days)}
                for t in axis_ticks(first, self.days[-1].day, room=room)]

    @property
    def axis_narrow(self) -> list[dict]:
        """Date labels that fit the narrowest screen (320 px), with their x (percent)."""
        return self._axis(AXIS_ROOM_NARROW)

    @property
    def axis_wide(self) -> list[dict]:
        """Denser date labels, for screens of 768 px and more."""
        return self._axis(AXIS_ROOM_WIDE)

    @property
    def closes_x(self) -> float | None:
        for i, d in enumerate(self.days):
            if d.day == self.closes_on:
                return self._x(i + 1)
        return None


# How many label characters fit side by side under a chart: a 320 px screen leaves the chart
# about 260 px, a 768 px one about 690 px, at roughly 7 px a character (12 px labels).
AXIS_ROOM_NARROW = 36
AXIS_ROOM_WIDE = 90
LABEL_GAP = 2  # characters of space after each label

# Django date formats of the labels, and how many characters each takes at most.
LABEL_CHARS = {"j M": 6, "j M Y": 11, "M": 3, "M Y": 8, "Y": 4}

# The same labels in the active language's formats (prize/formats/<language>/formats.py).
NAMED_FORMATS = {"j M": "SHORT_MONTH_DAY_FORMAT", "j M Y": "SHORT_DATE_FORMAT",
                 "M": "SHORT_MONTH_FORMAT", "M Y": "SHORT_YEAR_MONTH_FORMAT", "Y": "YEAR_FORMAT"}

# From the finest to the coarsest: the first whose labels fit without overlapping wins.
TICK_STEPS = [("day", 1), ("day", 2), ("day", 3), ("day", 4), ("week", 1), ("week", 2),
              ("month", 1), ("month", 2), ("month", 3), ("month", 6), ("year", 1), ("year", 2),
              ("year", 5), ("year", 10), ("year", 25), ("year", 50), ("year", 100)]


@dataclass(frozen=True)
class AxisTick:
    day: date
    format: str  # a Django date format: "j M", "j M Y", "M", "M Y" or "Y"
    unit: str  # "day", "week", "month" or "year"

    @property
    def named_format(self) -> str:
        """The label's format by name, so that each language writes it its way
        (prize/formats)."""
        return NAMED_FORMATS[self.format]


def _tick_days(first: date, last: date, unit: str, step: int) -> list[date]:
    if unit == "day":
        return [first + timedelta(days=n) for n in range(0, (last - first).days + 1, step)]
    if unit == "week":
        monday = first + timedelta(days=-first.weekday() % 7)
        return [monday + timedelta(weeks=n)
                for n in range(0, (last - monday).days // 7 + 1, step)] if monday <= last else []
    if unit == "month":
        days, year, month = [], first.year, first.month
        if first.day != 1:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        while date(year, month, 1) <= last:
            if (month - 1) % step == 0:
                days.append(date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return days
    start = first.year + (first.month > 1 or first.day > 1)
    return [date(year, 1, 1) for year in range(start, last.year + 1) if year % step == 0]


def _formats(days: list[date], unit: str, crosses_years: bool) -> list[str]:
    """A label's format: the year is written when the span crosses a year, on the first label
    and wherever the year changes."""
    if unit == "year":
        return ["Y"] * len(days)
    short, with_year = ("M", "M Y") if unit == "month" else ("j M", "j M Y")
    formats, year = [], None
    for day in days:
        formats.append(with_year if crosses_years and day.year != year else short)
        year = day.year
    return formats


def axis_ticks(first: date, last: date, *, room: int = AXIS_ROOM_NARROW) -> list[AxisTick]:
    """Date labels for a chart of the days ``first`` to ``last``: days, weeks, months or years,
    whichever is the finest whose labels fit ``room`` characters without overlapping (the
    labels sit at their day's left edge; the day's share of the width is its share of the
    span; at least two labels where any step allows it). Pure: the same days give the same
    labels."""
    span = (last - first).days + 1
    crosses_years = first.year != last.year
    alone = None  # a step that fits a single label: used only if none fits two
    for unit, step in TICK_STEPS:
        days = _tick_days(first, last, unit, step)
        if not days:
            continue
        formats = _formats(days, unit, crosses_years)
        starts = [(day - first).days / span for day in days]
        widths = [(LABEL_CHARS[f] + LABEL_GAP) / room for f in formats]
        while starts and starts[-1] + widths[-1] - LABEL_GAP / room > 1:  # past the right edge
            days, formats, starts, widths = days[:-1], formats[:-1], starts[:-1], widths[:-1]
        if days and all(starts[i] + widths[i] <= starts[i + 1] for i in range(len(days) - 1)):
            ticks = [AxisTick(day=d, format=f, unit=unit)
                     for d, f in zip(days, formats, strict=True)]
            if len(ticks) > 1:
                return ticks
            alone = alone or ticks
    return alone or [AxisTick(day=first, format="j M Y", unit="day")]


def nice_step(top: int) -> int:
    """A round step giving at most five gridlines up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        if top / step <= 5:
            return step
    return max(1, top // 5)


def nice_ceiling(value: int) -> int:
    """``value`` rounded up to a multiple of its own nice step (0 stays 0)."""
    if value <= 0:
        return 0
    step = nice_step(value)
    return -(-value // step) * step


@dataclass
class EditionStats:
    edition: Edition
    total: int = 0
    cities: int = 0
    countries: int = 0
    drafts: int = 0
    withdrawn: int = 0
    by_category: BarChart | None = None
    by_kind: BarChart | None = None
    by_region: BarChart | None = None
    by_country: BarChart | None = None
    other_countries: int = 0  # how many countries the "others" bar gathers
    screening: BarChart | None = None
    timeline: Timeline = field(default_factory=lambda: Timeline(days=[]))

    @property
    def headline(self) -> str:
        """For example "240 entries from 93 cities in 47 countries"."""
        return _("%(entries)s from %(cities)s in %(countries)s") % {
            "entries": ngettext("%(n)s entry", "%(n)s entries", self.total)
            % {"n": grouped(self.total)},
            "cities": ngettext("%(n)s city", "%(n)s cities", self.cities)
            % {"n": grouped(self.cities)},
            "countries": ngettext("%(n)s country", "%(n)s countries", self.countries)
            % {"n": grouped(self.countries)},
        }


def edition_headline(edition: Edition) -> EditionStats:
    """Only the headline numbers (entered entries, their cities and countries), in one query:
    for pages that show "240 entries from 93 cities in 47 countries" and nothing else."""
    headline = Entry.objects.filter(edition=edition, status__in=ENTERED_STATUSES).aggregate(
        total=Count("pk"),
        countries=Count("entrant__country", distinct=True),
        cities=Count(Concat(Upper("entrant__country"), Value("|"),
                            Lower(Trim("entrant__city"))), distinct=True),
    )
    return EditionStats(edition=edition, total=headline["total"], cities=headline["cities"],
                        countries=headline["countries"])


def edition_stats(edition: Edition, *, today: date | None = None) -> EditionStats:
    """Everything the statistics page shows, in seven queries."""
    all_entries = Entry.objects.filter(edition=edition)
    entered = all_entries.filter(status__in=ENTERED_STATUSES)
    stats = edition_headline(edition)

    by_status = dict(all_entries.values_list("status").annotate(n=Count("pk")).order_by())
    stats.drafts = by_status.get(EntryStatus.DRAFT, 0)
    stats.withdrawn = by_status.get(EntryStatus.WITHDRAWN, 0)
    stats.screening = bar_chart(
        [
            (EntryStatus.ELIGIBLE, _("Eligible"), by_status.get(EntryStatus.ELIGIBLE, 0)),
            (EntryStatus.INELIGIBLE, _("Ineligible"), by_status.get(EntryStatus.INELIGIBLE, 0)),
            (EntryStatus.SUBMITTED, _("Not screened yet"),
             by_status.get(EntryStatus.SUBMITTED, 0)),
        ],
        total=stats.total,
        colours={EntryStatus.ELIGIBLE: TEAL, EntryStatus.INELIGIBLE: RED,
                 EntryStatus.SUBMITTED: GREY},
    )

    categories = (
        Category.objects.filter(edition=edition)
        .annotate(n=Count("entries", filter=Q(entries__status__in=ENTERED_STATUSES)))
        .order_by("order", "name")
    )
    stats.by_category = bar_chart(((c.code, c.name, c.n) for c in categories),
                                  total=stats.total)

    kinds = dict(entered.values_list("entrant__kind").annotate(n=Count("pk")).order_by())
    stats.by_kind = bar_chart(
        ((kind, str(label), kinds.get(kind, 0)) for kind, label in EntrantKind.choices),
        total=stats.total,
    )

    regions = dict(entered.values_list("entrant__region").annotate(n=Count("pk")).order_by())
    region_rows = [(key, str(label), regions.get(key, 0)) for key, label in Region.choices]
    region_rows.sort(key=lambda row: -row[2])  # stable: ties keep the reporting order
    if regions.get("", 0):
        region_rows.append(("", _("Unknown"), regions[""]))
    stats.by_region = bar_chart(region_rows, total=stats.total)

    per_country = list(
        entered.values_list("entrant__country").annotate(n=Count("pk")).order_by(
            "-n", "entrant__country")
    )
    top, rest = per_country[:TOP_COUNTRIES], per_country[TOP_COUNTRIES:]
    if len(rest) == 1:  # one country alone is clearer by its name than as "others"
        top, rest = per_country, []
    country_rows = [(code, countries.name(code) or code, n) for code, n in top]
    stats.other_countries = len(rest)
    if rest:
        country_rows.append((
            "others",
            _("Other countries (%(count)s)") % {"count": len(rest)},
            sum(n for _code, n in rest),
        ))
    stats.by_country = bar_chart(country_rows, total=stats.total, colours={"others": GREY})

    per_day = dict(
        entered.exclude(submitted_at=None)
        .annotate(day=TruncDate("submitted_at", tzinfo=edition.tz))
        .values_list("day").annotate(n=Count("pk")).order_by()
    )
    stats.timeline = timeline(edition, per_day, today=today)
    return stats


def timeline(edition: Edition, per_day: dict[date, int], *,
             today: date | None = None) -> Timeline:
    """Every day from the call's opening to its close (or today, while it is open), and any
    day with submissions outside that range (extensions)."""
    opens = edition.local(edition.call_opens_at).date()
    closes = edition.local(edition.call_closes_at).date()
    today = today or edition.local(timezone.now()).date()
    last = max(opens, min(closes, today))
    if per_day:
        opens, last = min(opens, min(per_day)), max(last, max(per_day))
    days, running, day = [], 0, opens
    while day <= last:
        running += per_day.get(day, 0)
        days.append(Day(day=day, count=per_day.get(day, 0), cumulative=running))
        day += timedelta(days=1)
    return Timeline(days=days, closes_on=closes)
