"""The ceremony's staff pages: the evening's details, the programme (ordered, with times in the
edition's time zone, kinds, presenters and awards; added, changed, deleted and moved with plain
forms or htmx), the awards no item presents, and the presenters with their photos.
Coordinators read; the secretariat edits; for everyone else the pages do not exist (404), and
anonymous visitors are asked to log in. Query counts do not grow with the programme."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ceremony import services
from ceremony.models import Ceremony, Presenter, ProgrammeItem
from tests.ceremony.programme_support import (  # noqa: F401 (fixtures, by name)
    ceremony_fixture,
    evening_fixture,
    photo_bytes,
    upload,
)
from tests.ceremony.staff_support import PERSONAS, client_of, url

pytestmark = pytest.mark.django_db

STAFF = {"coordinator", "secretariat", "superuser"}
RUNS = {"secretariat", "superuser"}
HTMX = {"HTTP_HX_REQUEST": "true"}


def login_url(next_url):
    return f"{reverse('account_login')}?next={next_url}"


def text(response) -> str:
    return response.content.decode()


# --- Who may open what --------------------------------------------------------------------------

PAGES = [
    ("staff_ceremony", [], STAFF),
    ("staff_presenters", [], STAFF),
    ("staff_ceremony_details", [], RUNS),
    ("staff_programme_item", ["item"], RUNS),
    ("staff_presenter", ["presenter"], RUNS),
]


def _args(final, args):
    return [{"item": final.speech.pk, "presenter": final.giver.pk}.get(a, a) for a in args]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args", "allowed"), PAGES)
def test_pages(evening, persona, name, args, allowed):
    target = url(evening, name, *_args(evening, args))
    response = client_of(evening, persona).get(target)
    if persona in allowed:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == login_url(target)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_move_button_is_a_post_of_the_secretariat(evening, persona):
    target = url(evening, "staff_programme_move", evening.speech.pk)
    client = client_of(evening, persona)
    assert client.get(target).status_code == 405
    response = client.post(target, {"direction": "up"})
    moved = ProgrammeItem.objects.get(pk=evening.speech.pk).order == 0
    if persona in RUNS:
        assert response.status_code == 302
        assert moved
    else:
        assert response.status_code == (302 if persona == "anonymous" else 404)
        assert not moved


def test_an_item_or_presenter_of_another_edition_is_404(evening):
    other = evening.users["other_secretariat"].role_assignments.get().edition
    services.ceremony_save(edition=other, by=None, ceremony_at=other.ceremony_at, venue="X")
    item = services.programme_item_save(edition=other, by=None, data={
        "starts_at": other.ceremony_at, "duration": 5, "title": "Elsewhere", "kind": "speech"})
    presenter = Presenter.objects.create(edition=other, name="Elsewhere")
    client = client_of(evening, "secretariat")
    assert client.get(url(evening, "staff_programme_item", item.pk)).status_code == 404
    assert client.get(url(evening, "staff_presenter", presenter.pk)).status_code == 404
    assert client.post(url(evening, "staff_programme_move", item.pk),
                       {"direction": "up"}).status_code == 404


# What each kind of POST would change, and the proof it did not.
ACTIONS = [
    ("staff_ceremony", [], {"starts": "18:00", "duration": "5", "title": "Extra",
                            "kind": "speech"}, lambda f: ProgrammeItem.objects.filter(
        title="Extra")),
    ("staff_ceremony_details", [], {"ceremony_at": "2031-01-01T10:00", "venue": "Changed",
                                    "invite": "winners", "max_guests": "3"},
     lambda f: Ceremony.objects.filter(invite="winners")),
    ("staff_programme_item", ["item"], {"action": "delete"},
     lambda f: ProgrammeItem.objects.none() if ProgrammeItem.objects.filter(
         pk=f.speech.pk).exists() else ProgrammeItem.objects.all()),
    ("staff_presenters", [], {"name": "Intruder", "order": "1"},
     lambda f: Presenter.objects.filter(name="Intruder")),
    ("staff_presenter", ["presenter"], {"action": "delete"},
     lambda f: Presenter.objects.none() if Presenter.objects.filter(
         pk=f.giver.pk).exists() else Presenter.objects.all()),
]


@pytest.mark.parametrize("persona", ["anonymous", "entrant", "judge", "coordinator",
                                     "other_secretariat"])
@pytest.mark.parametrize(("name", "args", "data", "changed"), ACTIONS)
def test_others_cannot_act(evening, persona, name, args, data, changed):
    target = url(evening, name, *_args(evening, args))
    response = client_of(evening, persona).post(target, data)
    if persona == "anonymous":
        assert response["Location"] == login_url(target)
    else:
        assert response.status_code == 404
    assert not changed(evening).exists()


def test_coordinators_see_no_action_they_may_not_take(evening):
    html = text(client_of(evening, "coordinator").get(url(evening, "staff_ceremony")))
    assert "Keynote" in html and "Category 0 awards" in html
    assert "Add an item" not in html
    assert "Change the details" not in html
    assert url(evening, "staff_programme_item", evening.speech.pk) not in html
    assert url(evening, "staff_programme_move", evening.speech.pk) not in html
    presenters = text(client_of(evening, "coordinator").get(url(evening, "staff_presenters")))
    assert "President of Le Temps" in presenters
    assert "New presenter" not in presenters
    assert url(evening, "staff_presenter", evening.giver.pk) not in presenters


# --- The main page ------------------------------------------------------------------------------


def test_the_programme_in_order_with_times_kinds_presenters_and_awards(evening):
    html = text(client_of(evening, "secretariat").get(url(evening, "staff_ceremony")))
    rows = [html.index(f'id="item-{i.pk}"') for i in (evening.welcome, evening.speech,
                                                       evening.presentation)]
    assert rows == sorted(rows)
    assert "15:00–15:10" in html and "15:25–15:45" in html
    assert "Award presentation" in html and "Welcome" in html
    assert "Gold, Silver" in html
    assert "MC SECRET NOTE: dim the lights" in html  # staff see the MC's notes
    assert "Times in the edition's time zone, Asia/Seoul." in html


def test_the_awards_no_item_presents_are_listed(evening):
    html = text(client_of(evening, "coordinator").get(url(evening, "staff_ceremony")))
    section = html[html.index('id="unpresented-title"'):html.index('id="presenters-title"')]
    assert "Leadership" in section and "Special Mention" in section
    assert "Gold" not in section
    services.programme_item_save(edition=evening.edition, by=None, data={
        "starts_at": evening.day + timedelta(hours=1), "duration": 10, "title": "The rest",
        "kind": "award", "awards": [evening.prize, evening.mention]})
    html = text(client_of(evening, "coordinator").get(url(evening, "staff_ceremony")))
    assert "Every award has its presentation in the programme." in html


def test_overlaps_are_shown_as_warnings(evening):
    services.programme_item_save(edition=evening.edition, by=None, item=evening.speech,
                                 data={"duration": 30})
    html = text(client_of(evening, "secretariat").get(url(evening, "staff_ceremony")))
    assert "To check in the programme" in html
    assert "“Category 0 awards” (15:25) starts before “Keynote” (15:10 to 15:40) ends." in html


def test_adding_an_item_on_the_page(evening):
    client = client_of(evening, "secretariat")
    response = client.post(url(evening, "staff_ceremony"), {
        "starts": "16:00", "duration": "15", "title": "Leadership Award", "kind": "award",
        "awards": [str(evening.prize.pk)], "presenters": [str(evening.giver.pk)],
        "description": "Two joint winners.", "notes": "Both on stage."})
    item = ProgrammeItem.objects.get(title="Leadership Award")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")
    assert evening.edition.local(item.starts_at).strftime("%Y-%m-%d %H:%M") == \
        evening.day.strftime("%Y-%m-%d") + " 16:00"
    assert list(item.awards.all()) == [evening.prize]
    page = text(client.get(response["Location"]))
    assert "“Leadership Award” is added to the programme." in page


@pytest.mark.parametrize(("data", "message"), [
    ({"starts": "23:30", "duration": "60"}, "would end at 00:30 the next day"),
    ({"duration": "0"}, "greater than or equal to 1"),
    ({"duration": "601"}, "less than or equal to 600"),
    ({"starts": "25:00"}, "Enter a time, e.g. 15:30."),
    ({"title": "t" * 201}, "at most 200 characters"),
    ({"kind": "award", "awards": ["gold"]}, "is already presented in"),
    ({"kind": "award"}, "names the award(s) it presents"),
    ({"awards": ["999999999"]}, "Select a valid choice."),
    ({"awards": ["x"]}, "is not a valid value"),
])
def test_bad_items_are_refused_on_the_page_with_what_was_typed(evening, data, message):
    base = {"starts": "18:00", "duration": "10", "title": "Typed title", "kind": "speech"}
    base.update(data)
    if base.get("awards") == ["gold"]:
        base["awards"] = [str(evening.gold.pk)]
    response = client_of(evening, "secretariat").post(url(evening, "staff_ceremony"), base)
    html = text(response)
    assert response.status_code == 400
    assert message.replace("“", "&quot;") in html.replace("“", "&quot;") or message in \
        html.replace("&#x27;", "'")
    assert ProgrammeItem.objects.filter(edition=evening.edition).count() == 3
    if len(base["title"]) <= 200:
        assert 'value="Typed title"' in html


def test_changing_and_deleting_an_item(evening):
    client = client_of(evening, "secretariat")
    target = url(evening, "staff_programme_item", evening.speech.pk)
    form = text(client.get(target))
    assert 'value="15:10"' in form and 'value="Keynote"' in form
    response = client.post(target, {"action": "save", "starts": "15:12", "duration": "12",
                                    "title": "Keynote speech", "kind": "speech",
                                    "presenters": [str(evening.host.pk)]})
    assert response.status_code == 302
    evening.speech.refresh_from_db()
    assert evening.speech.title == "Keynote speech"
    assert evening.edition.local(evening.speech.starts_at).strftime("%H:%M") == "15:12"
    assert list(evening.speech.presenters.all()) == [evening.host]
    response = client.post(target, {"action": "delete"})
    assert response.status_code == 302
    assert not ProgrammeItem.objects.filter(pk=evening.speech.pk).exists()
    assert client.get(target).status_code == 404


def test_moving_without_javascript_goes_back_to_the_item(evening):
    client = client_of(evening, "secretariat")
    response = client.post(url(evening, "staff_programme_move", evening.presentation.pk),
                           {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{evening.presentation.pk}")
    page = text(client.get(response["Location"]))
    assert "“Category 0 awards” moved up: it starts at 15:10." in page
    assert page.index(f'id="item-{evening.presentation.pk}"') < page.index(
        f'id="item-{evening.speech.pk}"')


def test_moving_with_htmx_answers_the_list_with_a_status(evening):
    client = client_of(evening, "secretariat")
    response = client.post(url(evening, "staff_programme_move", evening.welcome.pk),
                           {"direction": "down"}, **HTMX)
    html = text(response)
    assert response.status_code == 200
    assert 'id="programme"' in html
    assert "“Welcome” moved down: it starts at 15:15." in html
    # the button moved with the item keeps its id, so htmx gives it the focus back
    assert f'id="move-down-{evening.welcome.pk}"' in html
    refused = client.post(url(evening, "staff_programme_move", evening.speech.pk),
                          {"direction": "up"}, **HTMX)
    assert refused.status_code == 200
    assert "“Keynote” is already the first item." in text(refused)


def test_the_move_buttons_are_labelled_for_each_item(evening):
    html = text(client_of(evening, "secretariat").get(url(evening, "staff_ceremony")))
    assert '<span class="visually-hidden">: Keynote</span>' in html
    first_up = html[html.index(f'id="move-up-{evening.welcome.pk}"'):][:60]
    assert "disabled" in first_up
    last_down = html[html.index(f'id="move-down-{evening.presentation.pk}"'):][:60]
    assert "disabled" in last_down


def test_a_broken_move_is_refused(evening):
    response = client_of(evening, "secretariat").post(
        url(evening, "staff_programme_move", evening.speech.pk), {"direction": "\x00" * 3})
    assert response.status_code == 400
    assert "Move an item up or down." in text(response)


# --- The details --------------------------------------------------------------------------------


def test_saving_the_details_in_the_editions_time_zone(evening):
    client = client_of(evening, "secretariat")
    target = url(evening, "staff_ceremony_details")
    form = text(client.get(target))
    assert f'value="{evening.day.strftime("%Y-%m-%d")}T15:00"' in form
    year = evening.day.year
    response = client.post(target, {
        "ceremony_at": f"{year}-09-25T16:30", "venue": "DDP Art Hall",
        "address": "281 Eulji-ro", "map_url": "https://maps.example.org/x",
        "description": "Doors open at 16:00.", "invite": "winners",
        "reply_by": f"{year}-09-15T18:00", "max_guests": "3", "publish_as_revealed": "on"})
    assert response.status_code == 302
    evening.edition.refresh_from_db()
    assert evening.edition.local(evening.edition.ceremony_at).strftime("%H:%M") == "16:30"
    row = Ceremony.objects.get(edition=evening.edition)
    assert (row.invite, row.max_guests, row.publish_as_revealed) == ("winners", 3, True)
    assert evening.edition.local(row.reply_by).strftime("%d %H:%M") == "15 18:00"
    page = text(client.get(url(evening, "staff_ceremony")))
    assert "16:30–16:40" in page  # the programme moved with it


@pytest.mark.parametrize(("data", "message"), [
    ({"ceremony_at": "2023-02-30T10:00"}, "Enter a date and time"),
    ({"map_url": "javascript:alert(1)"}, "Enter a valid URL."),
    ({"max_guests": "21"}, "less than or equal to 20"),
    ({"reply_by": "2099-12-31T10:00"},
     "Close replies before the ceremony begins: choose a moment before "),
    ({"ceremony_at": ""}, "The programme needs the ceremony&#x27;s date"),
    ({"invite": "everyone"}, "Select a valid choice."),
])
def test_bad_details_are_refused_on_the_page(evening, data, message):
    base = {"ceremony_at": evening.day.strftime("%Y-%m-%dT%H:%M"), "venue": "Typed venue",
            "invite": "finalists", "max_guests": "2"}
    base.update(data)
    response = client_of(evening, "secretariat").post(url(evening, "staff_ceremony_details"),
                                                      base)
    assert response.status_code == 400
    assert message in text(response)
    assert 'value="Typed venue"' in text(response)
    evening.edition.refresh_from_db()
    assert evening.edition.ceremony_venue == "Dongdaemun Design Plaza (DDP), Seoul"


# --- Presenters ---------------------------------------------------------------------------------


def test_adding_a_presenter_with_a_photo(evening):
    client = client_of(evening, "secretariat")
    response = client.post(url(evening, "staff_presenters"), {
        "name": "Director-General of GGGI", "title": "Director-General",
        "organisation": "GGGI", "order": "3",
        "photo": upload("dg.png", photo_bytes("PNG"), "image/png")})
    presenter = Presenter.objects.get(name="Director-General of GGGI")
    assert response.status_code == 302
    assert presenter.photo.name.startswith("presenters/") and "dg" not in presenter.photo.name
    page = text(client.get(url(evening, "staff_presenters")))
    photo = reverse("ceremony:presenter_photo", args=[evening.edition.slug, presenter.pk])
    assert photo in page
    assert client.get(page[page.index(photo):].split('"')[0].replace("&amp;", "&")) \
        .status_code == 200


@pytest.mark.parametrize(("name", "data", "message"), [
    ("cv.jpg", b"%PDF-1.4\n%%EOF\n", "This file is not a JPEG image"),
    ("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 10), "the limit is 5 MB"),
])
def test_a_photo_that_is_not_an_image_is_refused_on_the_page(evening, name, data, message):
    response = client_of(evening, "secretariat").post(url(evening, "staff_presenters"), {
        "name": "Typed name", "order": "0",
        "photo": upload(name, data, "image/jpeg")})
    assert response.status_code == 400
    assert message in text(response)
    assert 'value="Typed name"' in text(response)
    assert not Presenter.objects.filter(name="Typed name").exists()


def test_changing_and_deleting_a_presenter(evening):
    client = client_of(evening, "secretariat")
    target = url(evening, "staff_presenter", evening.host.pk)
    page = text(client.get(target))
    assert "Remove the photo" in page and 'value="WEE-go"' in page
    response = client.post(target, {"action": "save", "name": "Secretary General of WeGO",
                                    "order": "1", "remove_photo": "on"})
    assert response.status_code == 302
    evening.host.refresh_from_db()
    assert not evening.host.photo
    response = client.post(url(evening, "staff_presenter", evening.giver.pk),
                           {"action": "delete"}, follow=True)
    assert "The programme&#x27;s items that named them no longer do (2)." in text(response)
    assert not Presenter.objects.filter(pk=evening.giver.pk).exists()


# --- Queries ------------------------------------------------------------------------------------


def _grow(final, items: int, presenters: int):
    people = [services.presenter_save(edition=final.edition, by=None, data={
        "name": f"Guest {n}", "title": "Mayor", "organisation": f"City {n}"},
        photo=upload() if n % 2 else None) for n in range(presenters)]
    for n in range(items):
        services.programme_item_save(edition=final.edition, by=None, data={
            "starts_at": final.day + timedelta(hours=1, minutes=5 * n), "duration": 5,
            "title": f"Moment {n}", "kind": "speech", "presenters": people[:3]})


def _count(final, persona, name):
    client = client_of(final, persona)
    client.get(url(final, name))  # warm: session, sites, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(final, name))
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["staff_ceremony", "staff_presenters"])
def test_the_pages_make_the_same_queries_with_a_short_and_a_long_programme(evening, name):
    _grow(evening, 1, 3)
    small = {p: _count(evening, p, name) for p in ("secretariat", "coordinator")}
    _grow(evening, 60, 0)
    services.presenter_save(edition=evening.edition, by=None, data={"name": "Last"})
    for n in range(3, 40):
        Presenter.objects.create(edition=evening.edition, name=f"More {n}")
    large = {p: _count(evening, p, name) for p in ("secretariat", "coordinator")}
    assert ProgrammeItem.objects.filter(edition=evening.edition).count() == 64
    assert small == large
