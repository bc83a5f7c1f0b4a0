"""The statistics page's date axis stays readable whatever the span: days, weeks, months or
years, as many labels as fit without overlapping, with the year once the span crosses one."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from entries.stats import AXIS_ROOM_WIDE, axis_ticks
from prize.enums import Role
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    EntryFactory,
    EntryFormFactory,
    RoleFactory,
    UserFactory,
)


def labels(first, last, **kwargs) -> list[tuple[str, str]]:
    return [(t.day.isoformat(), t.format) for t in axis_ticks(first, last, **kwargs)]


def test_three_days_are_labelled_day_by_day():
    assert labels(date(2023, 6, 28), date(2023, 6, 30)) == [
        ("2023-06-28", "j M"), ("2023-06-29", "j M"), ("2023-06-30", "j M")]


def test_three_months_are_labelled_by_month_on_a_phone_and_by_fortnight_wider():
    first, last = date(2023, 3, 1), date(2023, 5, 31)

    assert labels(first, last) == [("2023-03-01", "M"), ("2023-04-01", "M"),
                                   ("2023-05-01", "M")]
    assert labels(first, last, room=AXIS_ROOM_WIDE) == [
        ("2023-03-06", "j M"), ("2023-03-20", "j M"), ("2023-04-03", "j M"),
        ("2023-04-17", "j M"), ("2023-05-01", "j M"), ("2023-05-15", "j M")]


def test_two_years_show_the_years():
    first, last = date(2022, 1, 1), date(2023, 12, 31)

    assert labels(first, last) == [("2022-01-01", "Y"), ("2023-01-01", "Y")]
    assert labels(first, last, room=AXIS_ROOM_WIDE) == [
        ("2022-01-01", "M Y"), ("2022-04-01", "M"), ("2022-07-01", "M"), ("2022-10-01", "M"),
        ("2023-01-01", "M Y"), ("2023-04-01", "M"), ("2023-07-01", "M"), ("2023-10-01", "M")]


def test_ten_years_are_labelled_every_other_year_on_a_phone_and_yearly_wider():
    first, last = date(2014, 1, 1), date(2023, 12, 31)

    assert labels(first, last) == [(f"{y}-01-01", "Y") for y in range(2014, 2024, 2)]
    assert labels(first, last, room=AXIS_ROOM_WIDE) == [
        (f"{y}-01-01", "Y") for y in range(2014, 2024)]


def test_a_span_across_new_year_names_the_year_where_it_changes():
    assert labels(date(2022, 11, 15), date(2023, 2, 10)) == [
        ("2022-12-01", "M Y"), ("2023-01-01", "M Y"), ("2023-02-01", "M")]


@pytest.mark.parametrize("days", [1, 2, 5, 13, 40, 100, 400, 800, 2000, 4000, 40000])
@pytest.mark.parametrize("room", [36, AXIS_ROOM_WIDE])
def test_labels_never_overlap_nor_pass_the_right_edge(days, room):
    from datetime import timedelta

    from entries.stats import LABEL_CHARS, LABEL_GAP

    first = date(2023, 3, 1)
    ticks = axis_ticks(first, first + timedelta(days=days - 1), room=room)

    assert ticks
    starts = [(t.day - first).days / days for t in ticks]
    ends = [start + LABEL_CHARS[t.format] / room for start, t in zip(starts, ticks, strict=True)]
    assert all(ends[i] + LABEL_GAP / room <= starts[i + 1] + 1e-9 for i in range(len(ticks) - 1))
    assert ends[-1] <= 1 + 1e-9


@pytest.mark.django_db
def test_the_page_over_two_years_labels_years_not_every_month():
    edition = EditionFactory(slug="long-call", time_zone="Asia/Seoul",
                             call_opens_at=datetime(2021, 12, 31, 15, 0, tzinfo=UTC),
                             call_closes_at=datetime(2023, 12, 31, 9, 0, tzinfo=UTC))
    category = CategoryFactory(edition=edition)
    form = EntryFormFactory(edition=edition)
    for n, moment in enumerate([datetime(2022, 2, 3, 3, tzinfo=UTC),
                                datetime(2022, 9, 9, 3, tzinfo=UTC),
                                datetime(2023, 12, 30, 3, tzinfo=UTC)]):
        EntryFactory(edition=edition, category=category, form=form, submitted=True,
                     submitted_at=moment, reference=f"LC-{n:04d}")
    staff = UserFactory()
    RoleFactory(user=staff, edition=edition, role=Role.SECRETARIAT)
    client = CommittingClient()
    client.force_login(staff, backend=BACKEND)

    html = client.get(reverse("entries:staff_stats", args=[edition.slug])).content.decode()

    narrow = re.findall(r'<g class="stats-dates-narrow">(.*?)</g>', html, re.S)
    wide = re.findall(r'<g class="stats-dates-wide">(.*?)</g>', html, re.S)
    assert [re.findall(r"<text[^>]*>([^<]+)</text>", g) for g in narrow] == [["2022", "2023"]] * 2
    assert [re.findall(r"<text[^>]*>([^<]+)</text>", g) for g in wide] == [
        ["Jan 2022", "Apr", "Jul", "Oct", "Jan 2023", "Apr", "Jul", "Oct"]] * 2
    # the numbers stay in a table for screen readers, with the year
    assert '<time datetime="2022-02-03">Thu 3 February 2022</time>' in html
    assert '<time datetime="2023-12-30">Sat 30 December 2023</time>' in html
