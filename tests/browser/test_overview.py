"""The staff overview in Chromium: its three charts draw (Chart.js under the strict
Content-Security-Policy: the page fixture fails the test on any violation or script error),
axe-core finds nothing, nothing scrolls sideways at 320 px, and without JavaScript the charts
stay hidden while their tables give the figures."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.browser.support import OVERFLOW, assert_accessible, check_structure, log_in_as
from tests.conftest import CommittingClient
from tests.prize.overview_support import BACKEND, build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = """() => [...document.querySelectorAll('[data-chart]')].map(holder => {
  const canvas = holder.querySelector('canvas');
  const box = canvas.getBoundingClientRect();
  return {id: holder.dataset.chart, drawn: holder.dataset.drawn === 'true',
          hidden: holder.hidden, width: box.width, height: box.height,
          inside: box.right <= window.innerWidth + 1};
})"""


def test_the_charts_draw_fit_a_phone_and_pass_axe(page, live_server):
    built = build()
    log_in_as(page, live_server, built.users["secretariat"])
    url = reverse("overview:edition", args=[built.edition.slug])
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.wait_for_function(
            "() => document.querySelectorAll('[data-drawn=\"true\"]').length === 3")
        charts = page.evaluate(DRAWN)
        assert [c["id"] for c in charts] == [
            "chart-entries-categories", "chart-entries-days", "chart-judging-rounds"]
        for chart in charts:
            assert chart["drawn"] and not chart["hidden"], (width, chart)
            assert chart["width"] > 200 and chart["height"] > 100, (width, chart)
            assert chart["inside"], (width, chart)
        assert page.evaluate(OVERFLOW) <= 0, width
        check_structure(page)
        assert_accessible(page)
    assert page.get_by_role("img", name="Chart: Reviews of each round. The same figures "
                                       "are in the table.").count() == 1


def test_without_javascript_the_tables_say_it(browser, live_server):
    built = build()
    client = CommittingClient()
    client.force_login(built.users["coordinator"], backend=BACKEND)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  viewport={"width": 320, "height": 800})
    try:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                              "url": live_server.url}])
        page = context.new_page()
        page.goto(reverse("overview:edition", args=[built.edition.slug]))
        assert page.locator("[data-chart]").count() == 3
        assert page.locator("[data-chart]:visible").count() == 0
        assert page.locator("#table-judging-rounds").is_visible()
        assert "4 of 9" in page.locator("#table-judging-rounds").inner_text()
        assert page.evaluate(OVERFLOW) <= 0
    finally:
        context.close()
