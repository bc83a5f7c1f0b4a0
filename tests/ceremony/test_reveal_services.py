"""The reveal's services: the operator's steps (next, previous, jump, blackout), refused at
either end and on a cue with no confirmed decision, one step for two presses with the same
version, the position kept by cue across a programme edit, rehearsal and live (which
publishes each award "as revealed" in the live run only), and the screen links."""

import pytest
from django.utils import timezone

from ceremony import reveal, services
from ceremony.models import Award, Ceremony, ProgrammeItem, RevealState, ScreenLink, token_digest
from prize.models import AuditEvent
from tests.ceremony.reveal_support import SHAPE, keys, show_fixture, token  # noqa: F401
from tests.ceremony.staff_support import ceremony_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def step(show, service, persona="secretariat", **kwargs):
    return service(edition=show.edition, by=show.users[persona], expected=token(show), **kwargs)


def walk_to(show, index):
    for _ in range(index + 1 - (reveal.stage_of(show.edition).next_index)):
        step(show, services.reveal_next)


def test_the_show_has_its_cues_in_order(show):
    cues = reveal.stage_of(show.edition).cues
    assert [c.kind for c in cues] == [kind for kind, _what in SHAPE]


def test_next_starts_the_show_and_each_step_bumps_the_version(show):
    before = reveal.stage_of(show.edition)
    assert (before.started, before.blackout, before.token) == (False, False, "rehearsal-0")

    first = step(show, services.reveal_next)
    second = step(show, services.reveal_next)

    assert (first.index, first.cue.key, first.blackout) == (0, keys(show)[0], False)
    assert (second.index, second.cue.item.title) == (1, "Project awards")
    assert second.token == "rehearsal-2"
    row = RevealState.objects.get(edition=show.edition, mode="rehearsal")
    assert (row.position, row.cue_key, row.updated_by) == (1, keys(show)[1],
                                                          show.users["secretariat"])
    assert AuditEvent.objects.filter(action="reveal.next").count() == 2


def test_previous_before_the_first_cue_is_refused_and_changes_nothing(show):
    with pytest.raises(services.CeremonyError, match="first cue"):
        step(show, services.reveal_previous)
    step(show, services.reveal_next)
    version = token(show)
    with pytest.raises(services.CeremonyError, match="nothing before it"):
        step(show, services.reveal_previous)
    assert token(show) == version
    assert reveal.stage_of(show.edition).index == 0


def test_next_after_the_last_cue_is_refused_and_changes_nothing(show):
    last = len(SHAPE) - 1
    step(show, services.reveal_jump, key=keys(show)[last])
    version = token(show)
    with pytest.raises(services.CeremonyError, match="last cue"):
        step(show, services.reveal_next)
    assert token(show) == version
    assert reveal.stage_of(show.edition).index == last


def test_a_cue_with_no_confirmed_decision_is_refused_and_can_be_jumped_past(show):
    missing = [k for k, _w in SHAPE].index("missing")
    step(show, services.reveal_jump, key=keys(show)[missing - 1])
    with pytest.raises(services.CeremonyError, match="Jury Prize.*no confirmed decision"):
        step(show, services.reveal_next)
    with pytest.raises(services.CeremonyError, match="no confirmed decision"):
        step(show, services.reveal_jump, key=keys(show)[missing])
    after = step(show, services.reveal_jump, key=keys(show)[missing + 1])
    assert after.cue.winner.entrant == show.mention.decisions.get().entry.entrant.name


def test_a_jump_to_a_cue_that_is_not_in_the_show_is_refused(show):
    for key in ("", "winner:0:0", "item:999999999", "x" * 500):
        with pytest.raises(services.CeremonyError, match="no longer in the show"):
            step(show, services.reveal_jump, key=key)
    assert token(show) == "rehearsal-0"


def test_two_presses_with_the_same_version_make_one_step(show):
    step(show, services.reveal_next)
    seen = token(show)
    services.reveal_next(edition=show.edition, by=show.users["secretariat"], expected=seen)
    with pytest.raises(services.RevealMovedOn) as refused:
        services.reveal_next(edition=show.edition, by=show.users["coordinator"], expected=seen)
    assert "moved on" in refused.value.messages[0]
    assert refused.value.stage.index == 1  # where the show now stands
    assert reveal.stage_of(show.edition).index == 1
    assert AuditEvent.objects.filter(action="reveal.next").count() == 2


def test_a_stale_blackout_or_mode_change_is_refused_too(show):
    stale = token(show)
    step(show, services.reveal_next)
    for service, extra in ((services.reveal_blackout, {"on": True}),
                           (services.reveal_rehearse, {}),
                           (services.reveal_go_live, {"confirmed": True})):
        with pytest.raises(services.RevealMovedOn):
            service(edition=show.edition, by=show.users["secretariat"], expected=stale, **extra)
    assert reveal.stage_of(show.edition).blackout is False


def test_blackout_keeps_the_position_and_next_lifts_it(show):
    walk_to(show, 2)
    black = step(show, services.reveal_blackout, on=True)
    assert (black.blackout, black.index, black.shown) == (True, 2, None)
    again = step(show, services.reveal_blackout, on=True)  # already black: nothing changes
    assert again.token == black.token
    lit = step(show, services.reveal_blackout, on=False)
    assert (lit.blackout, lit.shown.key) == (False, keys(show)[2])
    step(show, services.reveal_blackout, on=True)
    after = step(show, services.reveal_next)
    assert (after.blackout, after.index) == (False, 3)


def test_the_position_follows_its_cue_when_the_programme_changes(show):
    walk_to(show, 6)  # the Gold winner
    gold_key = keys(show)[6]
    show.items["welcome"].delete()  # an item before it goes: every index moves down
    current = reveal.stage_of(show.edition)
    assert (current.index, current.cue.key) == (5, gold_key)
    assert step(show, services.reveal_next).cue.item.title == "Leadership award"


def test_when_the_current_cue_leaves_the_show_next_goes_on_from_where_it_stood(show):
    walk_to(show, 7)  # the Leadership title card
    show.items["leadership"].delete()
    current = reveal.stage_of(show.edition)
    assert current.lost and current.shown is None
    assert not current.revealed(7)
    assert step(show, services.reveal_next).cue.item.title == "Special mentions"


def test_only_staff_step(show):
    for persona in ("entrant", "judge", "other_secretariat"):
        with pytest.raises(services.CeremonyError):
            step(show, services.reveal_next, persona=persona)
    assert not RevealState.objects.filter(version__gt=0).exists()


# --- Rehearsal and live -------------------------------------------------------------------------


def test_going_live_needs_a_confirmation_and_screens_follow_the_mode_used_last(show):
    walk_to(show, 3)
    with pytest.raises(services.CeremonyError, match="Confirm"):
        step(show, services.reveal_go_live)
    live = step(show, services.reveal_go_live, confirmed=True)
    assert (live.mode, live.started, live.blackout) == ("live", False, False)
    step(show, services.reveal_next)
    assert reveal.stage_of(show.edition).mode == "live"
    with pytest.raises(services.CeremonyError, match="already"):
        step(show, services.reveal_go_live, confirmed=True)
    # Taking the screens off a live show that has begun needs a confirmation too.
    with pytest.raises(services.CeremonyError, match="Confirm"):
        step(show, services.reveal_rehearse)
    rehearsal = step(show, services.reveal_rehearse, confirmed=True)
    assert (rehearsal.mode, rehearsal.started) == ("rehearsal", False)
    back = step(show, services.reveal_go_live, confirmed=True)
    # the live show where it stood, blacked out until the operator goes on
    assert (back.mode, back.index, back.blackout) == ("live", 0, True)


def test_the_live_run_publishes_an_award_when_its_last_winner_is_shown(show):
    step(show, services.reveal_go_live, confirmed=True)
    walk_to(show, 3)  # the first of Silver's two winners
    assert not Award.objects.filter(revealed_at__isnull=False).exists()
    step(show, services.reveal_next)  # the second
    assert list(Award.objects.filter(revealed_at__isnull=False)) == [show.silver]
    first = Award.objects.get(pk=show.silver.pk).revealed_at
    step(show, services.reveal_previous)
    step(show, services.reveal_next)
    assert Award.objects.get(pk=show.silver.pk).revealed_at == first  # once
    assert AuditEvent.objects.filter(action="award.revealed").count() == 1


def test_a_rehearsal_publishes_nothing(show):
    for _ in range(len(SHAPE) - 1):
        try:
            step(show, services.reveal_next)
        except services.CeremonyError:
            step(show, services.reveal_jump,
                 key=keys(show)[reveal.stage_of(show.edition).index + 2])
    assert reveal.stage_of(show.edition).index == len(SHAPE) - 1
    assert not Award.objects.filter(revealed_at__isnull=False).exists()


def test_without_publication_as_revealed_the_live_run_publishes_nothing(show):
    Ceremony.objects.filter(edition=show.edition).update(publish_as_revealed=False)
    step(show, services.reveal_go_live, confirmed=True)
    walk_to(show, 6)
    assert not Award.objects.filter(revealed_at__isnull=False).exists()


def test_a_jump_onto_the_last_winner_publishes_the_award_but_a_jump_past_does_not(show):
    step(show, services.reveal_go_live, confirmed=True)
    step(show, services.reveal_jump, key=keys(show)[7])  # past Silver and Gold
    assert not Award.objects.filter(revealed_at__isnull=False).exists()
    step(show, services.reveal_jump, key=keys(show)[6])
    assert list(Award.objects.filter(revealed_at__isnull=False)) == [show.gold]


# --- Screen links -------------------------------------------------------------------------------


def test_a_screen_link_is_stored_as_a_digest_and_opens_until_revoked(show):
    link, secret = services.screen_link_create(edition=show.edition,
                                               by=show.users["secretariat"],
                                               label="  Main hall\x00, left ")
    assert link.label == "Main hall, left"
    assert link.token_digest == token_digest(secret) and secret not in link.token_digest
    assert reveal.screen_link_for(secret) == link
    services.screen_link_revoke(edition=show.edition, by=show.users["secretariat"], link=link)
    assert reveal.screen_link_for(secret) is None
    with pytest.raises(services.CeremonyError, match="already revoked"):
        services.screen_link_revoke(edition=show.edition, by=show.users["secretariat"],
                                    link=link)
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="reveal.screen")
            .order_by("pk")] == ["reveal.screen_link.create", "reveal.screen_link.revoke"]


@pytest.mark.parametrize("label", ["", "   ", "\x00", "x" * 101])
def test_a_screen_link_needs_a_short_name(show, label):
    with pytest.raises(services.CeremonyError):
        services.screen_link_create(edition=show.edition, by=show.users["secretariat"],
                                    label=label)
    assert not ScreenLink.objects.exists()


def test_screen_links_are_the_secretariats(show):
    for persona in ("coordinator", "entrant", "other_secretariat"):
        with pytest.raises(services.CeremonyError):
            services.screen_link_create(edition=show.edition, by=show.users[persona],
                                        label="Hall")
    assert not ScreenLink.objects.exists()


def test_a_guessed_or_odd_token_opens_nothing(show):
    services.screen_link_create(edition=show.edition, by=show.users["secretariat"],
                                label="Hall")
    for guess in ("", "a", "a\x00b", "x" * 101, "A" * 43):
        assert reveal.screen_link_for(guess) is None


def test_last_seen_is_written_at_most_every_few_seconds(show):
    link, _secret = services.screen_link_create(edition=show.edition,
                                                by=show.users["secretariat"], label="Hall")
    services.screen_link_seen(link)
    first = ScreenLink.objects.get(pk=link.pk).last_seen_at
    services.screen_link_seen(link)
    assert ScreenLink.objects.get(pk=link.pk).last_seen_at == first
    link.last_seen_at = timezone.now() - timezone.timedelta(seconds=services.SEEN_EVERY + 1)
    ScreenLink.objects.filter(pk=link.pk).update(last_seen_at=link.last_seen_at)
    services.screen_link_seen(link)
    assert ScreenLink.objects.get(pk=link.pk).last_seen_at > first


def test_the_programme_is_the_editions(show):
    assert ProgrammeItem.objects.filter(edition=show.edition).count() == 5
