"""The live reveal in Chromium, with two pages open: the operator's console (signed-in staff)
and the venue's screen (another browser context, through a screen link). The operator steps
through an award's cues with the keyboard and the buttons; the screen follows within a few
seconds; at every step neither the screen's HTML nor any response it fetched holds a future
winner. The screen recovers by itself after its requests fail for a while; a revoked link
stops it. axe-core passes on the console."""

import pytest
from django.urls import reverse

from ceremony import reveal, services
from tests.browser.support import (  # noqa: F401
    CHROMIUM_ARGS,
    CSP_LISTENER,
    OVERFLOW,
    assert_accessible,
    log_in_with_password,
)
from tests.ceremony.reveal_support import keys, show_fixture, token, winners_after  # noqa: F401
from tests.ceremony.staff_support import ceremony_fixture  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW_MS = 5_000  # "within about a second": polls every second; generous for a busy machine


def log_in(page, email):
    log_in_with_password(page, email)  # with the code step for staff


def slide_says(screen, text, kind=""):
    """Wait until the screen shows a slide (of ``kind``: title, nominees, winner) that says
    ``text``."""
    selector = f"#slide.slide-{kind}" if kind else "#slide"
    screen.locator(selector).filter(has_text=text).wait_for(timeout=FOLLOW_MS)


def check_no_future_winner(show, screen, responses, index):
    """The screen's HTML now holds no winner still to come (but the nominees it reads out);
    no response it fetched so far held one that no slide had named yet."""
    cues = reveal.stage_of(show.edition).cues
    current = set() if index < 0 else {n.entrant for n in cues[index].nominees}
    named = {n.entrant for cue in cues[:index + 1] for n in cue.nominees}
    future = winners_after(show, index)
    checks = [(screen.content(), [w for w in future if w[0] not in current])]
    for response in responses:
        if response.status == 200:
            try:
                body = response.body().decode("utf-8", "replace")
            except Exception:  # noqa: BLE001, S112 (a body the browser no longer keeps)
                continue
            checks.append((body, [w for w in future if w[0] not in named]))
    responses.clear()
    for body, secrets in checks:
        for name, project, city in secrets:
            for text in (name, project, city):
                assert text not in body, f"at cue {index}: {text!r} on the screen"


def test_the_screen_follows_the_operator_and_never_holds_a_future_winner(
        show, page, browser, live_server):
    _link, secret = services.screen_link_create(edition=show.edition,
                                                by=show.users["secretariat"],
                                                label="Main hall")
    slug = show.edition.slug
    cues = reveal.stage_of(show.edition).cues

    # The operator: the console, accessible.
    log_in(page, "secretariat@example.org")
    page.goto(reverse("ceremony:staff_reveal", args=[slug]))
    assert_accessible(page)

    # The venue's laptop: its own browser, no account.
    venue = browser.new_context(base_url=live_server.url, viewport={"width": 1280,
                                                                    "height": 720})
    venue.add_init_script(CSP_LISTENER)
    screen = venue.new_page()
    errors = []
    screen.on("pageerror", lambda exc: errors.append(str(exc)))
    responses = []
    screen.on("response", lambda response: responses.append(response))
    screen.goto(reverse("ceremony:reveal_screen", args=[secret]))
    slide_says(screen, show.edition.name)  # the holding slide
    check_no_future_winner(show, screen, responses, -1)

    # Jump to the award presentation's title card with a button.
    page.locator(".cue-row").nth(1).get_by_role("button", name="Jump here").click()
    page.locator("#now-title + p + .cue-current").filter(has_text="Project awards").wait_for()
    slide_says(screen, "Project awards")
    check_no_future_winner(show, screen, responses, 1)

    # Then the keyboard: Right arrow through the Silver nominees, both winners, the Gold
    # nominees and the Gold winner.
    for index in range(2, 7):
        cue = cues[index]
        page.locator("body").press("ArrowRight")
        expected = cue.winner.entrant if cue.kind == "winner" else "The nominees"
        page.locator(".cue-current").filter(has_text=expected if cue.kind == "winner"
                                            else cue.award.name).wait_for()
        slide_says(screen, expected, cue.kind)
        check_no_future_winner(show, screen, responses, index)
        # The whole slide stands on the 16:9 screen: nothing cut at the top or the bottom.
        top, bottom = screen.evaluate(
            "(() => { const r = document.querySelector('#slide .slide-body')"
            ".getBoundingClientRect(); return [r.top, r.bottom]; })()")
        assert top >= 0 and bottom <= 720, (index, top, bottom)
        if cue.kind == "winner" and cue.winner.has_image:
            screen.locator("#slide img").wait_for()
            # The picture arrives and decodes (an element still loading is 0 pixels wide).
            screen.wait_for_function(
                "() => { const img = document.querySelector('#slide img');"
                " return img && img.complete && img.naturalWidth > 0; }", timeout=FOLLOW_MS)

    # Typing in a field never steps the show.
    page.get_by_label("Screen's name").fill("b b")
    page.get_by_label("Screen's name").press("ArrowRight")
    assert reveal.stage_of(show.edition).index == 6 and not reveal.stage_of(
        show.edition).blackout

    # Blackout from the keyboard (from a button: only a field keeps its keys): the screen
    # goes black.
    page.locator("#reveal-next").focus()
    page.keyboard.press("b")
    screen.locator("#slide.slide-black").wait_for(timeout=FOLLOW_MS)

    # The network drops: the screen's requests fail while the operator goes on; once they
    # get through again, the screen catches up by itself.
    screen.route("**/poll/**", lambda route: route.abort("internetdisconnected"))
    page.keyboard.press("ArrowRight")
    page.locator(".cue-current").filter(has_text="Leadership award").wait_for()
    screen.wait_for_timeout(2_500)
    assert screen.locator("#slide.slide-black").count() == 1  # still the last slide it had
    screen.unroute("**/poll/**")
    slide_says(screen, "Leadership award")
    check_no_future_winner(show, screen, responses, 7)

    # A revoked link stops the screen at its next poll.
    services.screen_link_revoke(edition=show.edition, by=show.users["secretariat"],
                                link=_link)
    screen.locator("#slide").wait_for(state="detached", timeout=FOLLOW_MS)
    venue.close()
    assert errors == []
    assert token(show).startswith("rehearsal-")
    assert keys(show)[7].startswith("item:")




def test_the_console_and_the_screen_fit_a_small_screen(show, page):
    services.reveal_jump(edition=show.edition, by=show.users["secretariat"],
                         expected=token(show), key=keys(show)[6])  # the Gold winner
    page.set_viewport_size({"width": 320, "height": 800})
    log_in(page, "secretariat@example.org")
    page.goto(reverse("ceremony:staff_reveal", args=[show.edition.slug]))
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)
    page.goto(reverse("ceremony:staff_reveal_screen", args=[show.edition.slug]))
    page.locator("#slide.slide-winner img").wait_for()
    assert page.evaluate(OVERFLOW) <= 0
    assert page.get_by_role("heading", level=1).inner_text() == show.gold_entry.entrant.name
    assert_accessible(page)
