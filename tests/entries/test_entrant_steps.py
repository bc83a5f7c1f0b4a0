"""The multi-step application form: every kind of field, bad input kept and flagged, escaping,
autosave, two tabs, a double click, an expired session, and the deadline."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entries.enums import EntryStatus
from entries.models import Entry, EntryRevision, Extension
from tests.entries.conftest import BACKEND
from tests.factories import PASSWORD, EntryFactory, EntryFormFactory

pytestmark = pytest.mark.django_db

CURRENCIES = [["USD", "US dollar"], ["EUR", "Euro"], ["KRW", "Korean won"], ["JPY", "Yen"],
              ["GBP", "Pound"], ["CNY", "Yuan"]]

EVERY_FIELD = {
    "title_field": "title",
    "steps": [
        {"key": "about", "title": "About the project", "intro": "Tell us what you did.",
         "fields": [
             {"key": "title", "type": "text", "label": "Project title", "required": True,
              "max_length": 200},
             {"key": "summary", "type": "textarea", "label": "Short summary", "required": True,
              "max_words": 50, "help": "What, for whom, with what result."},
             {"key": "contact", "type": "email", "label": "Project e-mail"},
             {"key": "site", "type": "url", "label": "Project website"},
             {"key": "budget", "type": "number", "label": "Budget", "min": 0},
             {"key": "started", "type": "date", "label": "Start date"},
             {"key": "stage", "type": "choice", "label": "Stage",
              "choices": [["pilot", "Pilot"], ["operating", "Operating"]]},
             {"key": "currency", "type": "choice", "label": "Currency", "choices": CURRENCIES},
             {"key": "sectors", "type": "multichoice", "label": "Sectors", "required": True,
              "choices": [["mobility", "Mobility"], ["energy", "Energy"], ["safety", "Safety"]],
              "max_items": 2},
             {"key": "consent", "type": "boolean", "label": "We agree to the rules",
              "required": True},
             {"key": "links", "type": "urls", "label": "Links", "max_items": 3},
             {"key": "indicators", "type": "table", "label": "Indicators", "max_items": 3,
              "columns": [["indicator", "Indicator"], ["baseline", "Baseline"],
                          ["result", "Result"]]},
         ]},
        {"key": "more", "title": "More", "fields": [
            {"key": "notes", "type": "textarea", "label": "Notes"},
        ]},
        {"key": "files", "title": "Files", "kind": "attachments"},
    ],
}

EMPTY_POST = {
    "title": "", "summary": "", "contact": "", "site": "", "budget": "", "started": "",
    "stage": "", "currency": "", "links": "",
}


@pytest.fixture
def entry(season):
    form = EntryFormFactory(edition=season.edition, schema=EVERY_FIELD)
    return EntryFactory(edition=season.edition, category=season.category,
                        entrant=season.entrant, form=form, answers={}, title="",
                        current_step="about")


def step_url(entry, step="about"):
    return reverse("entries:step", args=[entry.pk, step])


def post(client, entry, data, *, step="about", version=None, action="save", htmx=False, **extra):
    body = {**(EMPTY_POST if step == "about" else {}), **data, "action": action,
            "version": entry.version if version is None else version}
    if htmx:
        body.pop("action")
        extra["HTTP_HX_REQUEST"] = "true"
    return client.post(step_url(entry, step), body, **extra)


def errors_of(content: bytes, key: str) -> list[str]:
    """The messages shown under one field."""
    match = re.search(rf'<ul[^>]*id="field-{key}-errors"[^>]*>(.*?)</ul>', content.decode(),
                      re.S)
    if not match:
        return []
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).replace("⚠", "").strip()
            for item in items]


# --- Rendering ---------------------------------------------------------------------------------


def test_the_step_shows_every_kind_of_field_with_its_limits_and_required_marks(entry, entrant):
    response = entrant.get(step_url(entry))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<input type="text" name="title"' in page
    assert 'data-max-length="200"' in page
    assert 'maxlength=' not in page  # a limit is a hint; the browser must not cut text
    assert re.search(r'<textarea name="summary"[^>]*data-max-words="50"', page)
    assert 'id="field-summary-count"' in page
    assert "0 / 50 words" in page
    assert 'aria-live="polite"' in page
    assert re.search(r'<input type="email" name="contact"', page)
    assert re.search(r'<input type="url" name="site"', page)
    assert re.search(r'<input type="text" name="budget"[^>]*inputmode="decimal"', page)
    assert re.search(r'<input type="date" name="started"', page)
    assert page.count('type="radio" name="stage"') == 2
    assert re.search(r'<select name="currency"', page)
    assert page.count('type="checkbox" name="sectors"') == 3
    assert 'type="checkbox" name="consent"' in page
    assert re.search(r'<textarea name="links"', page)
    for row in range(3):
        for column in ("indicator", "baseline", "result"):
            assert f'name="indicators-{row}-{column}"' in page
    assert 'aria-label="Baseline, row 2"' in page
    assert page.count("<span class=\"required-mark\">(required)</span>") == 4
    assert "What, for whom, with what result." in page
    assert "At most 50 words." in page
    assert 'name="version" value="1"' in page
    assert f'hx-post="{step_url(entry)}"' in page
    assert 'hx-trigger="input delay:1500ms, change delay:1500ms"' in page
    assert 'novalidate' in page


def test_the_step_list_marks_the_current_step_and_each_steps_state(entry, entrant):
    entry.answers = {"notes": "Anything"}  # "more" has nothing required: complete
    entry.answers["budget"] = "lots"  # a wrong answer in "about": needs attention
    entry.save()

    page = entrant.get(step_url(entry, "more")).content.decode()

    nav = re.search(r'<nav aria-label="Steps of the application form".*?</nav>', page, re.S)[0]
    items = re.findall(r"<li.*?</li>", nav, re.S)
    assert "1. About the project" in items[0] and "Needs attention" in items[0]
    assert "2. More" in items[1] and "Complete" in items[1]
    assert 'aria-current="step"' in items[1] and 'aria-current' not in items[0]
    assert "3. Files" in items[2] and "Optional" in items[2]
    assert reverse("entries:attachments", args=[entry.pk]) in items[2]
    assert reverse("entries:review", args=[entry.pk]) in items[3]


# --- Bad input: a message under the field, and the draft keeps what was typed -----------------

TOO_LONG = "x" * 201
FIFTY_ONE_WORDS = " ".join(["word"] * 51)

BAD_INPUT = [
    ("summary", {"summary": FIFTY_ONE_WORDS}, FIFTY_ONE_WORDS,
     "Short summary has 51 words; the limit is 50."),
    ("contact", {"contact": "not-an-address"}, "not-an-address",
     "Project e-mail: enter an e-mail address such as name@example.org."),
    ("site", {"site": "example"}, "example",
     "Project website: enter a web address starting with https://."),
    ("budget", {"budget": "a lot of money"}, "a lot of money",
     "Budget: enter a number, such as 250000."),
    ("budget", {"budget": "-5"}, "-5", "Budget must be at least 0."),
    ("started", {"started": "31/03/2023"}, "31/03/2023", "Start date: enter a date as YYYY-MM-DD."),
    ("stage", {"stage": "dreaming"}, "dreaming", "Stage: choose one of the options."),
    ("links", {"links": "https://a.example.org\nnot a link"},
     ["https://a.example.org", "not a link"],
     "Links: these are not web addresses: not a link."),
    ("indicators", {"indicators-0-indicator": "Falls", "indicators-0-baseline": "120"},
     [{"indicator": "Falls", "baseline": "120", "result": ""}],
     "Indicators: fill every column of each row you start."),
]


@pytest.mark.parametrize(("key", "data", "stored", "message"), BAD_INPUT,
                         ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_INPUT)])
def test_bad_input_is_kept_and_gets_a_message_under_its_field(entry, entrant, key, data, stored,
                                                             message):
    response = post(entrant, entry, data)

    assert response.status_code == 302
    assert response["Location"] == step_url(entry) + "#step-form"
    entry.refresh_from_db()
    assert entry.answers[key] == stored
    assert entry.version == 2
    page = entrant.get(step_url(entry))
    assert errors_of(page.content, key) == [message]
    text = page.content.decode()
    assert f'<a href="#field-{key}">{html.escape(message, quote=False)}</a>' in text
    assert "aria-invalid=\"true\"" in text


# --- Over a limit: nothing of the step is stored, the text stays in the form -------------------

OVER_LIMITS = [
    ("title", {"title": TOO_LONG}, TOO_LONG,
     "Project title is too long: 201 characters, at most 200."),
    ("sectors", {"sectors": ["mobility", "energy", "safety"]}, "mobility",
     "Sectors: at most 2 items (3 given)."),
    ("links", {"links": "https://a.org\nhttps://b.org\nhttps://c.org\nhttps://d.org"},
     "https://d.org", "Links: at most 3 items (4 given)."),
]


@pytest.mark.parametrize(("key", "data", "shown", "message"), OVER_LIMITS,
                         ids=[o[0] for o in OVER_LIMITS])
def test_an_answer_over_its_limit_is_not_saved_and_stays_in_the_form(entry, entrant, key, data,
                                                                    shown, message):
    response = post(entrant, entry, {"summary": "Kept only with the rest.", **data})

    assert response.status_code == 422
    assert errors_of(response.content, key) == [message]
    text = html.unescape(response.content.decode())
    assert (f"{message} Nothing of this step was saved; your text is still in the form."
            in text)
    assert shown in text and "Kept only with the rest." in text
    entry.refresh_from_db()
    assert (entry.answers, entry.version) == ({}, 1)


def test_the_autosave_says_why_an_answer_over_its_limit_was_not_saved(entry, entrant):
    response = post(entrant, entry, {"title": TOO_LONG, "summary": "Safer crossings."},
                    htmx=True)

    assert response.status_code == 422
    shown = html.unescape(response.content.decode())
    assert shown.startswith('<span class="text-danger fw-semibold"><svg class="icon icon-warning"')
    assert re.sub(r"<svg.*?</svg>", "", shown).startswith(
        "<span class=\"text-danger fw-semibold\"> Not saved: "
        "Project title is too long: 201 characters, at most 200. Nothing of this step was "
        "saved; your text is still in the form.</span>")
    entry.refresh_from_db()
    assert (entry.answers, entry.version) == ({}, 1)


def test_a_field_without_a_limit_takes_the_platforms_cap(entry, entrant, settings):
    settings.TEXT_MAX_LENGTH = 1000

    kept = post(entrant, entry, {"summary": "s " * 500}, step="about")
    refused = post(entrant, Entry.objects.get(pk=entry.pk), {"notes": "n" * 1001},
                   step="more")

    assert kept.status_code == 302
    assert refused.status_code == 422
    assert errors_of(refused.content, "notes") == [
        "Notes is too long: 1001 characters, at most 1000."]
    entry.refresh_from_db()
    assert entry.answers["summary"] == ("s " * 500).strip()
    assert "notes" not in entry.answers


def test_control_characters_are_removed_from_answers(entry, entrant):
    post(entrant, entry, {"title": "Safer\x00 cross\x1bings", "summary": "One\x0btwo"})

    entry.refresh_from_db()
    assert (entry.answers["title"], entry.answers["summary"]) == ("Safer crossings",
                                                                  "One\ntwo")


def test_typed_values_come_back_in_their_fields(entry, entrant):
    post(entrant, entry, {
        "title": "Safer crossings", "budget": "250,000", "started": "2023-03-01",
        "stage": "pilot", "currency": "KRW", "sectors": ["energy"], "consent": "on",
        "links": "https://a.example.org\nhttps://b.example.org",
        "indicators-1-indicator": "Falls", "indicators-1-baseline": "120",
        "indicators-1-result": "80",
    })

    page = entrant.get(step_url(entry)).content.decode()

    assert 'value="Safer crossings"' in page
    assert 'value="250,000"' in page
    assert 'name="started" value="2023-03-01"' in page
    assert re.search(r'value="pilot" id="field-stage_0" checked', page)
    assert re.search(r'<option value="KRW" selected>', page)
    assert re.search(r'value="energy" id="field-sectors_1" checked', page)
    assert re.search(r'name="consent" id="field-consent" checked', page)
    assert ">\nhttps://a.example.org\nhttps://b.example.org</textarea>" in page
    # an empty first row is dropped; the filled row is kept
    assert 'name="indicators-0-indicator" id="field-indicators-0-indicator" value="Falls"' in page
    entry.refresh_from_db()
    assert entry.answers["indicators"] == [
        {"indicator": "Falls", "baseline": "120", "result": "80"}]
    assert entry.answers["consent"] is True
    assert entry.title == "Safer crossings"


def test_unticking_every_box_is_saved_too(entry, entrant):
    post(entrant, entry, {"sectors": ["energy"], "consent": "on"})
    entry.refresh_from_db()

    post(entrant, entry, {})

    entry.refresh_from_db()
    assert entry.answers["sectors"] == []
    assert entry.answers["consent"] is False


def test_html_and_script_typed_into_fields_are_shown_escaped(season, entry, entrant):
    script = '<script>alert("owned")</script>'
    post(entrant, entry, {"title": f"Crossings {script}", "summary": "<b>bold</b> & more",
                          "links": "javascript:alert(1)"})
    entry.refresh_from_db()
    assert entry.answers["title"] == f"Crossings {script}"  # stored as typed

    pages = [entrant.get(step_url(entry)), entrant.get(reverse("entries:review", args=[entry.pk])),
             entrant.get(reverse("entries:entry_detail", args=[entry.pk])),
             entrant.get(reverse("entries:dashboard"))]

    for page in pages:
        text = page.content.decode()
        assert script not in text
        assert "<b>bold</b>" not in text
        assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in text
    review = pages[1].content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in review
    assert 'href="javascript:' not in review


def test_a_required_answer_left_empty_is_named_on_the_review_page_with_a_link(entry, entrant):
    post(entrant, entry, {"title": "Only a title"})

    review = entrant.get(reverse("entries:review", args=[entry.pk])).content.decode()

    for key, message in [("summary", "Short summary is required."),
                         ("sectors", "Sectors is required."),
                         ("consent", "We agree to the rules is required.")]:
        link = f'<a href="{step_url(entry)}#field-{key}">About the project: {message}</a>'
        assert link in review
    assert "3 things to fix before you can submit" in review


# --- Buttons --------------------------------------------------------------------------------------


def test_save_and_continue_goes_to_the_next_step_even_with_errors(entry, entrant):
    response = post(entrant, entry, {"budget": "lots"}, action="continue")

    assert response.status_code == 302
    assert response["Location"] == step_url(entry, "more")


def test_continue_from_the_last_field_step_goes_to_the_attachments(entry, entrant):
    response = post(entrant, entry, {"notes": "n"}, step="more", action="continue")

    assert response["Location"] == reverse("entries:attachments", args=[entry.pk])


def test_back_saves_then_goes_to_the_previous_step(entry, entrant):
    response = post(entrant, entry, {"notes": "kept"}, step="more", action="back")

    assert response["Location"] == step_url(entry, "about")
    entry.refresh_from_db()
    assert entry.answers["notes"] == "kept"


def test_the_attachments_step_is_handled_by_the_attachments_page(entry, entrant):
    response = entrant.get(step_url(entry, "files"))

    assert response.status_code == 302
    assert response["Location"] == reverse("entries:attachments", args=[entry.pk])


def test_an_unknown_step_does_not_exist(entry, entrant):
    assert entrant.get(step_url(entry, "nowhere")).status_code == 404


# --- Autosave ------------------------------------------------------------------------------------


def test_autosave_returns_the_saved_time_and_the_new_version(entry, entrant):
    response = post(entrant, entry, {"title": "Typed"}, htmx=True)

    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.version == 2
    assert entry.answers["title"] == "Typed"
    text = response.content.decode()
    saved_at = timezone.localtime(entry.last_saved_at).strftime("%H:%M:%S")
    assert f"Saved at {saved_at}" in text
    assert ('<input type="hidden" name="version" value="2" id="entry-version" '
            'hx-swap-oob="true">') in text
    assert 'id="step-list" class="step-list mb-4" hx-swap-oob="true"' in text
    assert "<html" not in text


# --- Two tabs, a double click ----------------------------------------------------------------


def test_two_tabs_the_later_save_is_refused_and_its_text_kept_on_screen(season, entry):
    first_tab, second_tab = season.client("entrant"), season.client("entrant")
    version = entry.version

    first = post(first_tab, entry, {"title": "From the first tab"}, version=version)
    second = post(second_tab, entry, {"title": "From the second tab",
                                      "summary": "Typed <carefully>"}, version=version)

    assert first.status_code == 302
    assert second.status_code == 200
    text = second.content.decode()
    assert "This entry was saved elsewhere (another tab or a collaborator)" in text
    assert 'role="alert"' in text
    assert 'value="From the second tab"' in text
    assert ">\nTyped &lt;carefully&gt;</textarea>" in text
    assert f'name="version" value="{version}"' in text  # saving again still conflicts
    entry.refresh_from_db()
    assert entry.answers["title"] == "From the first tab"
    assert entry.version == version + 1


def test_two_tabs_autosaving_the_later_gets_a_409_with_the_message(season, entry):
    first_tab, second_tab = season.client("entrant"), season.client("entrant")
    version = entry.version
    post(first_tab, entry, {"title": "One"}, version=version, htmx=True)

    response = post(second_tab, entry, {"title": "Two"}, version=version, htmx=True)

    assert response.status_code == 409
    assert "Not saved:" in response.content.decode()
    assert "This entry was saved elsewhere" in response.content.decode()
    entry.refresh_from_db()
    assert entry.answers["title"] == "One"


def test_a_double_click_saves_once_and_shows_no_conflict(entry, entrant):
    version = entry.version
    data = {"title": "Same text", "summary": "Twice"}

    first = post(entrant, entry, data, version=version, action="continue")
    second = post(entrant, entry, data, version=version, action="continue")

    assert first.status_code == second.status_code == 302
    assert second["Location"] == step_url(entry, "more")
    entry.refresh_from_db()
    assert entry.version == version + 1
    page = entrant.get(second["Location"]).content.decode()
    assert "saved elsewhere" not in page
    assert page.count("Saved at ") == 1


def test_a_field_the_page_did_not_send_keeps_its_stored_answer(entry, entrant):
    entry.answers = {"summary": "Written earlier", "title": "Old"}
    entry.save()

    entrant.post(step_url(entry), {"title": "New", "version": entry.version, "action": "save"})

    entry.refresh_from_db()
    assert entry.answers["summary"] == "Written earlier"
    assert entry.answers["title"] == "New"


def test_a_repeated_autosave_answers_saved_with_the_current_version(entry, entrant):
    version = entry.version
    post(entrant, entry, {"title": "Same"}, version=version, htmx=True)

    again = post(entrant, entry, {"title": "Same"}, version=version, htmx=True)

    assert again.status_code == 200
    assert 'name="version" value="2"' in again.content.decode()


# --- An expired session ---------------------------------------------------------------------------


def test_an_autosave_after_the_session_expired_gets_a_401_and_a_way_back(season, entry, client):
    response = post(client, entry, {"title": "Typed while logged out", "summary": "Kept"},
                    htmx=True)

    assert response.status_code == 401
    text = response.content.decode()
    assert "your session has expired" in text
    assert "Everything up to the last “saved at” time is kept." in text
    login = f'{reverse("account_login")}?next=%2Fentries%2F{entry.pk}%2Fsteps%2Fabout%2F'
    assert f'href="{login}"' in text
    entry.refresh_from_db()
    assert entry.answers == {}

    logged_in = client.post(reverse("account_login"), {
        "login": "entrant@example.org", "password": PASSWORD, "next": step_url(entry)})

    assert logged_in.status_code == 302
    assert logged_in["Location"] == step_url(entry)
    page = client.get(step_url(entry)).content.decode()
    assert "You were logged out before this was saved." in page
    assert 'value="Typed while logged out"' in page
    assert ">\nKept</textarea>" in page
    again = client.get(step_url(entry)).content.decode()  # put back once, not forever
    assert "You were logged out" not in again


def test_a_page_save_after_the_session_expired_goes_to_login_and_back(entry, client):
    response = post(client, entry, {"title": "Pressed save while logged out"})

    assert response.status_code == 302
    assert response["Location"] == (f'{reverse("account_login")}?next=%2Fentries%2F{entry.pk}'
                                    f'%2Fsteps%2Fabout%2F')
    login_page = client.get(response["Location"]).content.decode()
    assert "Your session had expired, so this was not saved yet." in login_page
    client.post(reverse("account_login"), {"login": "entrant@example.org",
                                           "password": PASSWORD, "next": step_url(entry)})
    page = client.get(step_url(entry)).content.decode()
    assert 'value="Pressed save while logged out"' in page


def test_kept_text_is_not_shown_to_someone_who_cannot_edit_the_entry(season, entry, client):
    post(client, entry, {"title": "Secret draft"}, htmx=True)
    client.force_login(season.users["other_entrant"], backend=BACKEND)

    assert client.get(step_url(entry)).status_code == 404


# --- Deadline -------------------------------------------------------------------------------------


def test_a_save_one_second_before_the_close_is_kept(entry, entrant, clock, closes):
    clock(closes - timedelta(seconds=1))

    response = post(entrant, entry, {"title": "Just in time"})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.answers["title"] == "Just in time"


def test_a_save_one_second_after_the_close_is_refused_and_the_text_stays(entry, entrant, clock,
                                                                         closes):
    clock(closes + timedelta(seconds=1))

    response = post(entrant, entry, {"title": "Too late", "summary": "Still on screen"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "The call for entries has closed; entries can no longer be changed." in text
    assert 'value="Too late"' in text
    assert ">\nStill on screen</textarea>" in text
    entry.refresh_from_db()
    assert entry.answers == {}


def test_an_autosave_after_the_close_says_why_it_was_not_saved(entry, entrant, clock, closes):
    clock(closes + timedelta(seconds=1))

    response = post(entrant, entry, {"title": "Too late"}, htmx=True)

    assert response.status_code == 409
    assert "The call for entries has closed" in response.content.decode()


def test_an_extension_lets_the_entrant_save_after_the_close(season, entry, entrant, clock,
                                                            closes):
    Extension.objects.create(edition=season.edition, entrant=season.entrant,
                             deadline=closes + timedelta(days=2), reason="Flooding")
    clock(closes + timedelta(seconds=1))

    response = post(entrant, entry, {"title": "With the extension"})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.answers["title"] == "With the extension"


def test_after_the_close_the_step_page_sends_the_entrant_to_the_read_only_entry(
    entry, entrant, clock, closes
):
    clock(closes + timedelta(seconds=1))

    response = entrant.get(step_url(entry))

    assert response.status_code == 302
    assert response["Location"] == reverse("entries:entry_detail", args=[entry.pk])


def test_editing_a_submitted_entry_after_the_close_is_refused(season, entrant, clock, closes):
    clock(closes + timedelta(seconds=1))

    response = post(entrant, season.entry, {"title": "Improved too late"}, step="basics")

    assert "The call for entries has closed; entries can no longer be changed." in \
        response.content.decode()
    season.entry.refresh_from_db()
    assert season.entry.answers["title"] == "Smart crossings for Seoul"
    assert not EntryRevision.objects.filter(entry=season.entry).exists()


def test_the_deadline_is_shown_in_the_editions_zone_and_the_viewers(season, entry, entrant):
    season.edition.time_zone = "Asia/Seoul"
    season.edition.call_closes_at = datetime(2030, 6, 30, 14, 59, tzinfo=UTC)
    season.edition.save()
    user = season.users["entrant"]
    user.time_zone = "Europe/Paris"
    user.save()

    text = entrant.get(step_url(entry)).content.decode()

    assert "30 June 2030, 23:59 <span class=\"tz-name\">(Asia/Seoul)</span>" in text
    assert "your time: 30 June 2030, 16:59 (Europe/Paris)" in text


# --- A submitted entry ----------------------------------------------------------------------------


def test_editing_a_submitted_entry_keeps_the_submitted_version_until_the_changes_are_submitted(
        season, entrant):
    entry = season.entry
    submitted = dict(entry.answers)
    page = entrant.get(step_url(entry, "basics")).content.decode()
    assert "This entry is submitted (SCP00-TI-0001)." in page

    response = post(entrant, entry, {"title": "Better title", "summary": "Shorter.",
                                     "sectors": ["energy"]}, step="basics")

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.answers == submitted
    assert entry.pending_answers["title"] == "Better title"
    assert "Better title" in entrant.get(step_url(entry, "basics")).content.decode()
    assert not EntryRevision.objects.filter(entry=entry).exists()


def test_a_withdrawn_entry_cannot_be_edited(season, entrant):
    Entry.objects.filter(pk=season.entry.pk).update(status=EntryStatus.WITHDRAWN)

    response = entrant.get(step_url(season.entry, "basics"))

    assert response.status_code == 302
    assert response["Location"] == reverse("entries:entry_detail", args=[season.entry.pk])
    refused = post(entrant, season.entry, {"title": "x"}, step="basics")
    assert "This entry is withdrawn and can no longer be changed." in refused.content.decode()
