"""The show's cues (ceremony.cues, pure) and as read from the database (ceremony.show): a title
card per programme item; for an award presentation, per award the nominees then each winner;
an award with no confirmed decision gets a cue the reveal refuses; bounded queries."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ceremony import cues as pure
from ceremony.enums import DecisionStatus, ItemKind
from ceremony.models import Decision, Invitation, Presenter, ProgrammeItem
from ceremony.show import show_cues

START = datetime(2023, 9, 25, 6, 0, tzinfo=UTC)


def winner(n, entry=None):
    return pure.Winner(decision_id=n, entry_id=entry or n, entrant=f"City {n}")


def test_title_card_per_item_and_an_award_item_shows_nominees_then_each_winner():
    items = [
        pure.Item(id=1, starts_at=START, minutes=5, title="Welcome", kind="welcome"),
        pure.Item(id=2, starts_at=START + timedelta(minutes=5), minutes=20, title="Prizes",
                  kind="award", award_ids=(20, 10)),
    ]
    nominees = [pure.Nominee(entry_id=n, entrant=f"City {n}") for n in (1, 2, 3)]
    awards = {
        10: pure.AwardInfo(id=10, name="Gold", category_id=7, winners=(winner(1),)),
        20: pure.AwardInfo(id=20, name="Silver", category_id=7, seats=2,
                           winners=(winner(2), winner(3))),
    }
    cues = pure.build(items, awards, {7: nominees})
    assert [c.key for c in cues] == [
        "item:1", "item:2", "nominees:2:20", "winner:2:2", "winner:2:3", "nominees:2:10",
        "winner:2:1"]
    # The Gold nominees no longer include the Silver winners already revealed.
    assert [n.entry_id for n in cues[5].nominees] == [1]
    assert [c.number for c in cues if c.kind == "winner"] == [1, 2, 1]
    assert all(c.ready for c in cues)


def test_an_award_without_a_confirmed_decision_is_flagged_and_not_ready():
    items = [pure.Item(id=1, starts_at=START, minutes=5, title="Mentions", kind="award",
                       award_ids=(5,))]
    awards = {5: pure.AwardInfo(id=5, name="Special Mention", from_finalists=False, seats=3),
              6: pure.AwardInfo(id=6, name="Forgotten", winners=(winner(9),))}
    cues = pure.build(items, awards, {})
    assert [(c.key, c.ready, c.problems) for c in cues] == [
        ("item:1", True, ()), ("missing:1:5", False, (pure.Problem.NO_DECISION,))]
    assert [a.id for a in pure.unpresented(items, awards)] == [6]
    assert pure.find(cues, "missing:1:5") == 1
    assert pure.find(cues, "winner:1:1") is None


def test_open_seats_are_flagged_on_the_winners_shown():
    items = [pure.Item(id=1, starts_at=START, minutes=5, title="Silver", kind="award",
                       award_ids=(5,))]
    awards = {5: pure.AwardInfo(id=5, name="Silver", seats=3, from_finalists=False,
                                winners=(winner(1),))}
    (_title, shown) = pure.build(items, awards, {})
    assert shown.problems == (pure.Problem.SEATS_OPEN,)


def _programme(final, *, awards):
    host, _new = Presenter.objects.get_or_create(edition=final.edition, name="Host",
                                                 defaults={"pronunciation": "HOST"})
    when = timezone.now()
    ProgrammeItem.objects.create(edition=final.edition, starts_at=when, title="Welcome",
                                 kind=ItemKind.WELCOME).presenters.add(host)
    item = ProgrammeItem.objects.create(edition=final.edition, starts_at=when
                                        + timedelta(minutes=10), title="Awards",
                                        kind=ItemKind.AWARD)
    item.awards.add(*awards)
    item.presenters.add(host)
    return item


def _confirm(final, award, entry):
    return Decision.objects.create(
        award=award, entry=entry, status=DecisionStatus.CONFIRMED,
        proposed_by=final.users["secretariat"], confirmed_by=final.users["coordinator"],
        confirmed_at=timezone.now(), citation="Valued.")


@pytest.mark.django_db
def test_show_reads_winners_replies_and_finalists(final):
    first = final.categories[0]
    gold_entry = final.finalists[first.pk][0]
    item = _programme(final, awards=[final.gold, final.silver, final.mention])
    _confirm(final, final.gold, gold_entry)
    Invitation.objects.create(edition=final.edition, entry=gold_entry, token_digest="x" * 64,
                              pronunciation="say it so", recipient_name="Deputy Mayor",
                              recipient_title="Deputy Mayor of X")
    cues = show_cues(final.edition)
    keys = [c.key for c in cues]
    # Lowest tier first, the top award last; the mention (any eligible entry) has no nominees.
    assert keys[:2] == [f"item:{item.pk - 1}", f"item:{item.pk}"]
    assert keys[2:] == [
        f"nominees:{item.pk}:{final.silver.pk}", f"missing:{item.pk}:{final.silver.pk}",
        f"nominees:{item.pk}:{final.gold.pk}",
        f"winner:{item.pk}:{gold_entry.award_decisions.get().pk}",
        f"missing:{item.pk}:{final.mention.pk}"]
    gold = cues[5].winner
    assert (gold.entrant, gold.project, gold.pronunciation, gold.receiver) == (
        gold_entry.entrant.name, gold_entry.title, "say it so", "Deputy Mayor")
    assert len(cues[2].nominees) == len(final.finalists[first.pk])
    assert cues[0].presenters[0].pronunciation == "HOST"


@pytest.mark.django_db
def test_show_makes_the_same_queries_whatever_its_size(final):
    first = final.categories[0]
    _programme(final, awards=[final.gold])
    _confirm(final, final.gold, final.finalists[first.pk][0])
    with CaptureQueriesContext(connection) as few:
        show_cues(final.edition)
    item = _programme(final, awards=[final.silver, final.prize])
    for entry in final.finalists[first.pk][1:3]:
        _confirm(final, final.silver, entry)
    second = final.categories[1]
    _confirm(final, final.prize, final.finalists[second.pk][0])
    with CaptureQueriesContext(connection) as many:
        cues = show_cues(final.edition)
    assert len([c for c in cues if c.item.id == item.pk and c.kind == "winner"]) == 3
    assert len(many) == len(few)
