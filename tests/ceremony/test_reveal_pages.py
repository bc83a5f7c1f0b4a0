"""The reveal's pages: the operator's console (buttons as plain forms and through htmx), the
screen for staff and through a screen link (which opens nothing else), its poll and its
pictures. Every response a screen gets holds the current cue and nothing after it; nothing of
it is cached. Every page against every persona; bad input (a revoked link, a guessed token,
NUL bytes, stale versions, either end of the show); query counts constant in the number of
winners and guests."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremony import reveal, services
from ceremony.models import Invitation, RevealState, ScreenLink
from tests.ceremony.reveal_support import (  # noqa: F401 (the fixture)
    SHAPE,
    keys,
    show_fixture,
    token,
    winners_after,
)
from tests.ceremony.staff_support import PERSONAS, ceremony_fixture, client_of, url  # noqa: F401
from tests.conftest import CommittingClient

pytestmark = pytest.mark.django_db

STAFF = {"coordinator", "secretariat", "superuser"}
RUNS = {"secretariat", "superuser"}
HTMX = {"HTTP_HX_REQUEST": "true"}


def login_url(target):
    return f"{reverse('account_login')}?next={target}"


def link_of(show, label="Main hall"):
    link, secret = services.screen_link_create(edition=show.edition,
                                               by=show.users["secretariat"], label=label)
    return link, secret


def go(show, index):
    """The operator at cue ``index`` of the rehearsal."""
    services.reveal_jump(edition=show.edition, by=show.users["secretariat"],
                         expected=token(show), key=keys(show)[index])


def decision_of(show, award):
    return award.decisions.get().pk if award.winners == 1 else award.decisions.first().pk


# --- Who may open what --------------------------------------------------------------------------

PAGES = [
    ("staff_reveal", []),
    ("staff_reveal_screen", []),
    ("staff_reveal_poll", []),
    ("staff_reveal_image", ["gold"]),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_the_console_and_the_staff_screen_are_the_staffs(show, persona, name, args):
    go(show, 6)  # the Gold winner is on the screens (so its picture may be served)
    args = [decision_of(show, show.gold) if a == "gold" else a for a in args]
    target = url(show, name, *args)
    response = client_of(show, persona).get(target)
    if persona in STAFF:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    elif persona == "anonymous" and name != "staff_reveal_poll":
        assert response.status_code == 302
        assert response["Location"] == login_url(target)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_screen_link_opens_the_screen_for_anyone_who_holds_it(show, persona):
    go(show, 6)
    _link, secret = link_of(show)
    client = client_of(show, persona)
    for target in (reverse("ceremony:reveal_screen", args=[secret]),
                   reverse("ceremony:reveal_screen_poll", args=[secret]),
                   reverse("ceremony:reveal_screen_image",
                           args=[secret, decision_of(show, show.gold)])):
        response = client.get(target)
        assert response.status_code == 200, target
        assert "no-store" in response["Cache-Control"]
        assert "Set-Cookie" not in response or persona != "anonymous"


def test_a_screen_link_grants_nothing_else(show):
    go(show, 6)
    _link, secret = link_of(show)
    client = CommittingClient()
    assert client.get(reverse("ceremony:reveal_screen", args=[secret])).status_code == 200
    assert not client.cookies  # no session, no CSRF cookie: nothing to take elsewhere
    for name in ("staff_reveal", "staff_reveal_screen", "staff_home", "staff_decisions",
                 "staff_script", "staff_invitations"):
        target = url(show, name)
        assert client.get(target)["Location"] == login_url(target)
    assert client.get(url(show, "staff_reveal_poll")).status_code == 404
    assert client.get(reverse("ceremony:winners", args=[show.edition.slug])).status_code == 404
    assert client.get(reverse("dashboard")).status_code == 302
    # The link's token opens only its own screen: a link of another edition's does not
    # open this one's pictures.
    other = client.get(reverse("ceremony:reveal_screen_image", args=[secret + "x", 1]))
    assert other.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_manages_screen_links(show, persona):
    link, _secret = link_of(show, "Old")
    client = client_of(show, persona)
    target = url(show, "staff_reveal")
    created = client.post(target, {"action": "link_create", "label": "Balcony"})
    revoked = client.post(target, {"action": "link_revoke", "link": link.pk})
    page = client.get(target).content.decode()
    if persona in RUNS:
        assert created.status_code == 200 and revoked.status_code == 302
        assert ScreenLink.objects.filter(label="Balcony").exists()
        assert ScreenLink.objects.get(pk=link.pk).revoked_at is not None
        assert "Create the link" in page
    else:
        assert not ScreenLink.objects.filter(label="Balcony").exists()
        assert ScreenLink.objects.get(pk=link.pk).revoked_at is None
        if persona == "anonymous":
            assert created["Location"] == login_url(target)
        else:
            assert created.status_code == revoked.status_code == 404
        if persona == "coordinator":
            assert "Create the link" not in page and "Old" not in page


@pytest.mark.parametrize("persona", ["anonymous", "entrant", "judge", "other_secretariat"])
def test_others_cannot_step(show, persona):
    response = client_of(show, persona).post(url(show, "staff_reveal"),
                                             {"action": "next", "state": token(show)})
    assert response.status_code in (302, 404)
    assert not RevealState.objects.filter(version__gt=0).exists()


def test_coordinators_run_the_reveal(show):
    response = client_of(show, "coordinator").post(url(show, "staff_reveal"),
                                                   {"action": "next", "state": token(show)})
    assert response.status_code == 302
    assert reveal.stage_of(show.edition).index == 0


# --- The console --------------------------------------------------------------------------------


def test_the_console_shows_the_current_and_the_next_cue_and_the_keys(show):
    go(show, 5)  # the Gold nominees; next: the Gold winner
    html = client_of(show, "coordinator").get(url(show, "staff_reveal")).content.decode()
    gold = show.gold_entry.entrant.name
    now = html.split('id="now-title"')[1].split('id="next-title"')[0]
    following = html.split('id="next-title"')[1].split('id="controls-title"')[0]
    assert "Nominees" in now and "Gold" in now and gold not in now
    assert "Winner" in following and gold in following
    assert "Rehearsal" in now and "mode the operator used last" in now
    for key in ("aria-keyshortcuts=\"ArrowRight Space PageDown\"", "<kbd>B</kbd>",
                'id="reveal-next"', 'id="reveal-previous"', 'id="reveal-blackout"'):
        assert key in html
    assert 'value="jump"' in html and html.count("Jump here") == len(SHAPE) - 2
    assert "no confirmed decision" in html


def test_a_plain_form_steps_and_comes_back_to_the_console(show):
    client = client_of(show, "secretariat")
    response = client.post(url(show, "staff_reveal"), {"action": "next",
                                                        "state": token(show)}, follow=True)
    assert response.redirect_chain == [(url(show, "staff_reveal"), 302)]
    assert "On the screens: Welcome." in response.content.decode()


def test_htmx_gets_the_console_at_once_with_what_happened(show):
    client = client_of(show, "secretariat")
    response = client.post(url(show, "staff_reveal"), {"action": "next", "state": token(show)},
                           **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="reveal-console"' in html and "On the screens: Welcome." in html


def test_the_second_of_two_operators_is_told_the_show_moved_on(show):
    seen = token(show)
    first = client_of(show, "secretariat").post(url(show, "staff_reveal"),
                                                {"action": "next", "state": seen})
    second = client_of(show, "coordinator").post(url(show, "staff_reveal"),
                                                 {"action": "next", "state": seen}, **HTMX)
    assert first.status_code == 302
    assert second.status_code == 409
    html = second.content.decode()
    assert "The show has moved on" in html
    assert f'name="state" value="{token(show)}"' in html  # the console is current again
    assert reveal.stage_of(show.edition).index == 0


def test_either_end_of_the_show_is_refused_with_a_message(show):
    client = client_of(show, "secretariat")
    before = client.post(url(show, "staff_reveal"), {"action": "previous",
                                                     "state": token(show)})
    assert before.status_code == 400 and "nothing before it" in before.content.decode()
    go(show, len(SHAPE) - 1)
    after = client.post(url(show, "staff_reveal"), {"action": "next", "state": token(show)})
    assert after.status_code == 400 and "nothing after it" in after.content.decode()
    assert reveal.stage_of(show.edition).index == len(SHAPE) - 1


def test_a_cue_with_no_confirmed_decision_is_refused_on_the_console(show):
    missing = [k for k, _w in SHAPE].index("missing")
    response = client_of(show, "secretariat").post(
        url(show, "staff_reveal"), {"action": "jump", "key": keys(show)[missing],
                                    "state": token(show)})
    assert response.status_code == 400
    assert "Jury Prize" in response.content.decode()
    assert token(show) == "rehearsal-0"


def test_going_live_needs_the_box_ticked(show):
    client = client_of(show, "secretariat")
    refused = client.post(url(show, "staff_reveal"), {"action": "live", "state": token(show)})
    assert refused.status_code == 400 and "Confirm" in refused.content.decode()
    done = client.post(url(show, "staff_reveal"), {"action": "live", "state": token(show),
                                                   "confirm": "yes"}, follow=True)
    assert reveal.stage_of(show.edition).mode == "live"
    assert "The screens follow the live show" in done.content.decode()


@pytest.mark.parametrize("data", [
    {"action": "next\x00", "state": "x"},
    {"action": "next", "state": "rehearsal-\x00"},
    {"action": "jump", "key": "item:\x00", "state": "rehearsal-0"},
    {"action": "jump", "key": "9" * 100, "state": "rehearsal-0"},
    {"action": "link_revoke", "link": "99999999999999999999"},
    {"action": "link_revoke", "link": "\x00"},
    {"action": "link_create", "label": "\x00\x01"},
    {"action": "link_create", "label": "x" * 100_000},
    {"action": "nope"},
    {},
])
def test_bad_input_answers_without_changing_anything(show, data):
    response = client_of(show, "secretariat").post(url(show, "staff_reveal"), data)
    assert response.status_code in (400, 404, 409)
    assert not RevealState.objects.filter(version__gt=0).exists()
    assert not ScreenLink.objects.exists()


def test_a_created_link_is_shown_once_and_stored_as_a_digest(show):
    client = client_of(show, "secretariat")
    html = client.post(url(show, "staff_reveal"), {"action": "link_create",
                                                   "label": "Main hall"}).content.decode()
    address = re.search(r'<code class="new-link">([^<]+)</code>', html).group(1)
    secret = address.rstrip("/").rsplit("/", 1)[1]
    assert ScreenLink.objects.get().token_digest != secret
    again = client.get(url(show, "staff_reveal")).content.decode()
    assert secret not in again and "Main hall" in again
    assert CommittingClient().get(address.split("testserver", 1)[1]).status_code == 200


# --- The screen: only what was revealed ---------------------------------------------------------


def screen_responses(show, client, screen, poll, image_of):
    """Every response a screen gets at the current position: the page, a poll from before,
    a poll with the current version, and every winner's picture route."""
    out = [client.get(screen), client.get(poll + "?v=rehearsal-0"), client.get(poll + "?v=x")]
    for cue in reveal.stage_of(show.edition).cues:
        if cue.kind == "winner":
            out.append(client.get(image_of(cue.winner.decision_id)))
    return out


@pytest.mark.parametrize("via", ["staff", "link"])
def test_no_response_a_screen_gets_ever_holds_a_future_winner(show, via):
    if via == "staff":
        client = client_of(show, "coordinator")
        screen, poll = url(show, "staff_reveal_screen"), url(show, "staff_reveal_poll")

        def image_of(pk):
            return url(show, "staff_reveal_image", pk)
    else:
        _link, secret = link_of(show)
        client = CommittingClient()
        screen = reverse("ceremony:reveal_screen", args=[secret])
        poll = reverse("ceremony:reveal_screen_poll", args=[secret])

        def image_of(pk):
            return reverse("ceremony:reveal_screen_image", args=[secret, pk])

    cues = reveal.stage_of(show.edition).cues
    for index in [-1, *range(len(SHAPE))]:
        if index >= 0:
            if not cues[index].ready:
                continue
            go(show, index)
        # A future winner read out among the current cue's nominees is no secret: that
        # they won is. Every other future winner must be nowhere.
        nominees = {n.entrant for n in cues[index].nominees} if index >= 0 else set()
        future = [w for w in winners_after(show, index) if w[0] not in nominees]
        assert index < 12 or not future
        for response in screen_responses(show, client, screen, poll, image_of):
            assert "no-store" in response["Cache-Control"]
            body = response.content.decode("utf-8", "replace")
            for name, project, city in future:
                for text in (name, project, city):
                    assert text not in body, f"cue {index}: {text!r} in {response}"
            if nominees:
                assert "The winner" not in body and not re.search(r"Winner \d+ of \d+", body)
        pictures = [cue.winner.decision_id for cue in cues
                    if cue.kind == "winner" and client.get(
                        image_of(cue.winner.decision_id)).status_code == 200]
        assert pictures == [c.winner.decision_id for c in cues[:index + 1]
                            if c.kind == "winner" and c.winner.has_image]


def test_the_screen_shows_the_winner_big_with_its_picture(show):
    go(show, 6)
    client = client_of(show, "secretariat")
    html = client.get(url(show, "staff_reveal_screen")).content.decode()
    entry = show.gold_entry
    entry.refresh_from_db()
    for text in (entry.entrant.name, entry.entrant.city, entry.title, "The winner", "Gold"):
        assert text in html
    image = url(show, "staff_reveal_image", decision_of(show, show.gold))
    assert f'src="{image}"' in html
    picture = client.get(image)
    assert picture["Content-Type"] == "image/jpeg" and b"Artist Secret Name" not in picture.content
    assert "<nav" not in html and "site-header" not in html and "cookie" not in html.lower()


def test_a_future_winners_picture_is_a_404(show):
    go(show, 3)  # a Silver winner: Gold comes later
    client = client_of(show, "secretariat")
    assert client.get(url(show, "staff_reveal_image",
                          decision_of(show, show.gold))).status_code == 404
    go(show, 6)
    assert client.get(url(show, "staff_reveal_image",
                          decision_of(show, show.gold))).status_code == 200
    go(show, 2)  # back before it: the screens can no longer ask for it
    assert client.get(url(show, "staff_reveal_image",
                          decision_of(show, show.gold))).status_code == 404


def test_blackout_shows_a_black_slide(show):
    go(show, 6)
    services.reveal_blackout(edition=show.edition, by=show.users["secretariat"],
                             expected=token(show), on=True)
    html = client_of(show, "secretariat").get(url(show, "staff_reveal_screen")).content.decode()
    assert "slide-black" in html and show.gold_entry.entrant.name not in html


def test_an_unchanged_poll_is_an_empty_204_and_a_change_brings_the_slide(show):
    client = client_of(show, "secretariat")
    poll = url(show, "staff_reveal_poll")
    first = client.get(poll, {"v": "x"}, **HTMX)
    assert first.status_code == 200
    version = re.search(r'\?v=([\w-]+)"', first.content.decode()).group(1)
    same = client.get(poll, {"v": version}, **HTMX)
    assert same.status_code == 204 and same.content == b""
    go(show, 0)
    changed = client.get(poll, {"v": version}, **HTMX)
    assert changed.status_code == 200 and "Welcome" in changed.content.decode()
    assert f"?v={token(show)}" in changed.content.decode()


def test_a_revoked_link_stops_at_the_next_poll(show):
    link, secret = link_of(show)
    client = CommittingClient()
    poll = reverse("ceremony:reveal_screen_poll", args=[secret])
    assert client.get(poll, {"v": "x"}, **HTMX).status_code == 200
    services.screen_link_revoke(edition=show.edition, by=show.users["secretariat"], link=link)
    response = client.get(poll, {"v": "x"}, **HTMX)
    assert response.status_code == 404 and response["HX-Refresh"] == "true"
    assert client.get(reverse("ceremony:reveal_screen", args=[secret])).status_code == 404


@pytest.mark.parametrize("guess", ["a", "A" * 43, "a-b_c", "x" * 100])
def test_a_guessed_token_is_a_404(show, guess):
    link_of(show)
    go(show, 6)
    client = CommittingClient()
    for target in (reverse("ceremony:reveal_screen", args=[guess]),
                   reverse("ceremony:reveal_screen_poll", args=[guess]),
                   reverse("ceremony:reveal_screen_image",
                           args=[guess, decision_of(show, show.gold)])):
        assert client.get(target).status_code == 404


def test_nul_bytes_and_odd_versions_in_a_poll_are_harmless(show):
    _link, secret = link_of(show)
    client = CommittingClient()
    poll = reverse("ceremony:reveal_screen_poll", args=[secret])
    for value in ("\x00", "live-\x00", "x" * 10_000, "😀"):
        assert client.get(poll, {"v": value}).status_code == 200
    assert client.get(f"/ceremony/screen/{secret}%00/").status_code == 404


def test_the_last_seen_moment_of_a_link_is_shown_to_the_secretariat(show):
    link, secret = link_of(show, "Balcony screen")
    CommittingClient().get(reverse("ceremony:reveal_screen", args=[secret]))
    assert ScreenLink.objects.get(pk=link.pk).last_seen_at is not None
    html = client_of(show, "secretariat").get(url(show, "staff_reveal")).content.decode()
    row = html.split("Balcony screen")[1].split("</tr>")[0]
    assert "never" not in row and "Revoke" in row


# --- Queries ------------------------------------------------------------------------------------


def count(client, target, **extra) -> int:
    client.get(target, **extra)  # warm: session, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target, **extra)
    assert response.status_code in (200, 204)
    return len(captured.captured_queries)


def measure(show, secret) -> dict:
    staff = client_of(show, "secretariat")
    link = CommittingClient()
    poll = reverse("ceremony:reveal_screen_poll", args=[secret])
    return {
        "console": count(staff, url(show, "staff_reveal")),
        "screen": count(link, reverse("ceremony:reveal_screen", args=[secret])),
        "poll_changed": count(link, poll + "?v=x", **HTMX),
        "poll_same": count(link, poll + f"?v={token(show)}", **HTMX),
        "staff_poll_same": count(staff, url(show, "staff_reveal_poll") + f"?v={token(show)}"),
    }


def test_queries_do_not_grow_with_winners_or_guests(show):
    from ceremony.models import Decision

    _link, secret = link_of(show)
    go(show, 6)
    few = measure(show, secret)
    # Many more winners (every finalist wins a seat of a wide award) and guests.
    wide = show.silver
    wide.winners = 30
    wide.save(update_fields=["winners"])
    entries = [e for e in show.finalists[show.categories[0].pk] + show.others
               if not Decision.objects.filter(award=wide, entry=e).exists()]
    for entry in entries:
        Decision.objects.create(award=wide, entry=entry, status="confirmed",
                                proposed_by=show.users["secretariat"],
                                confirmed_by=show.users["coordinator"],
                                confirmed_at=timezone.now())
    for n, entry in enumerate(show.finalists[show.categories[1].pk]):
        Invitation.objects.create(edition=show.edition, entry=entry, token_digest=f"{n:064d}",
                                  guests=[f"Guest {g}" for g in range(8)],
                                  recipient_name=f"Mayor {n}")
    go(show, 6 + len(entries))  # the Gold winner moved later in the show
    many = measure(show, secret)
    assert many == few
    assert few["poll_same"] == 1 and few["staff_poll_same"] <= 6


def test_a_winner_slide_names_the_award_once_and_counts_the_winners_of_a_shared_award(show):
    """"Silver · Category" but never "Category Silver · Category"; a seat of several reads
    "Winner 1 of 2", a single one "The winner"."""
    from ceremony.show import show_cues

    cues = show_cues(show.edition)
    screen = url(show, "staff_reveal_screen")
    shared = next(i for i, c in enumerate(cues) if c.kind == "winner"
                  and len(c.award.winners) > 1)
    single = next(i for i, c in enumerate(cues) if c.kind == "winner"
                  and len(c.award.winners) == 1)
    client = client_of(show, "secretariat")
    for index, announce in ((shared, f"Winner 1 of {len(cues[shared].award.winners)}"),
                            (single, "The winner")):
        go(show, index)
        body = client.get(screen).content.decode()
        assert announce in body
        kicker = re.search(r'<p class="slide-kicker">([^<]*)</p>', body).group(1)
        assert kicker.count(cues[index].award.name) == 1
