"""Numbers on staff pages group their thousands and keep the decimals a page asks for."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from entries.stats import BarChart, EditionStats, bar_chart


def shown(source: str, **context) -> str:
    return Template("{% load display %}" + source).render(Context(context))


@pytest.mark.parametrize("value, decimals, expected", [
    (12345, None, "12,345"),
    (0, None, "0"),
    (1234.5, 2, "1,234.50"),
    (Decimal("87.125"), 2, "87.13"),  # half up, as people round
    ("8.5", 1, "8.5"),
    (7, 2, "7.00"),
    (None, 2, ""),
    ("not a number", 2, "not a number"),
])
def test_the_number_filter(value, decimals, expected):
    arg = "" if decimals is None else f":{decimals}"
    assert shown("{{ value|number" + arg + " }}", value=value) == expected


def test_grouping_follows_the_active_language():
    with translation.override("ko"):
        assert shown("{{ value|number:1 }}", value=1234567.891) == "1,234,567.9"


def test_the_statistics_headline_and_chart_descriptions_group_thousands():
    stats = EditionStats(edition=None, total=12480, cities=1093, countries=47)
    chart: BarChart = bar_chart([("TI", "Tech-InnovaCity", 10250), ("HC", "Human", 2230)])

    assert stats.headline == "12,480 entries from 1,093 cities in 47 countries"
    assert chart.description == "Tech-InnovaCity: 10,250 (82%); Human: 2,230 (18%)."
