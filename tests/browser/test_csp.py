"""The key pages work in Chromium under their Content-Security-Policy, with no violation reported:
the application form with its autosave, the judge's scoring page with its autosave, the
secretariat's entry list with "select all", the e-mail addresses page, and the admin (changelist
and a change form with its autocomplete widget). The page fixture also fails any browser test
on a violation (tests/conftest.py)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, client):
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


def no_violations(page) -> None:
    assert page.csp_violations == []
    # htmx injected no <style> of its own; every <style> block carries the page's nonce
    assert page.evaluate(
        "[...document.querySelectorAll('style')].every((s) => s.nonce !== '')")


def test_the_key_pages_run_under_the_policy(page, live_server, judging):  # noqa: F811
    the_season = judging.season
    csp = []
    page.on("response", lambda r: r.request.resource_type == "document"
            and csp.append(r.headers.get("content-security-policy", "")))

    # --- the application form: autosave through htmx ----------------------------------------
    log_in(page, live_server, the_season.client("entrant"))
    page.goto(reverse("entries:step", args=[the_season.draft.pk, "basics"]))
    title = page.get_by_label(re.compile("Project title"))
    title.fill("Safer crossings for every school")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    the_season.draft.refresh_from_db()
    assert the_season.draft.answers["title"] == "Safer crossings for every school"
    # the indicator is hidden by site.css, not by a style htmx would inject
    assert page.evaluate(
        "getComputedStyle(document.getElementById('save-indicator')).opacity") == "0"
    no_violations(page)

    page.goto(reverse("account_email"))
    page.get_by_role("heading", name=re.compile("E-mail|Email")).first.wait_for()
    no_violations(page)

    # --- the judge's scoring page: autosave through htmx ------------------------------------
    page.context.clear_cookies()
    log_in(page, live_server, judging.client("judge"))
    page.goto(reverse("judging:review", args=[judging.round.pk, judging.entry.pk]))
    box = page.get_by_label(re.compile(r"^\d\. Innovation"))
    box.click()
    page.keyboard.type("7")
    page.locator("#save-status").get_by_text(re.compile("Saved")).wait_for()
    assert page.get_by_role("progressbar").count() >= 0
    no_violations(page)

    page.goto(reverse("judging:dashboard"))
    # the progress bar's filled part is an SVG rectangle sized by its width attribute
    fill = page.locator(".judge-progress .progress-fill rect").first
    assert fill.get_attribute("width").endswith("%")
    no_violations(page)

    # --- the secretariat's list: "select all" from static/js/select-all.js -------------------
    page.context.clear_cookies()
    log_in(page, live_server, the_season.client("secretariat"))
    page.goto(reverse("entries:staff_list", args=[the_season.edition.slug]))
    select_all = page.locator("#select-all")
    assert select_all.is_visible()
    select_all.check()
    boxes = page.locator('#entries-body input[name="entries"]')
    assert boxes.count() >= 1
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    boxes.first.uncheck()
    assert not select_all.is_checked()
    no_violations(page)

    page.goto(reverse("judging:staff_progress", args=[judging.round.pk]))
    page.locator(".progress-fill").first.wait_for()
    no_violations(page)

    # --- the admin ---------------------------------------------------------------------------
    page.context.clear_cookies()
    log_in(page, live_server, the_season.client("superuser"))
    page.goto(reverse("admin:entries_entry_changelist"))
    page.get_by_role("heading", name=re.compile("entr", re.IGNORECASE)).first.wait_for()
    page.goto(reverse("admin:entries_entrantmember_change",
                      args=[the_season.entrant.members.first().pk]))
    # the autocomplete widget (select2, from the admin's static files) opens and searches
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("entrant")
    page.locator(".select2-results__option").first.wait_for()
    no_violations(page)

    def script_src(header: str) -> str:
        directives = dict(part.strip().partition(" ")[::2] for part in header.split(";")
                          if part.strip())
        return directives.get("script-src", "")

    # whatever order the directives come in: scripts from the site's own files only
    assert csp and all(script_src(header) == "'self'" for header in csp), csp
