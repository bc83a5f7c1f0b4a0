"""The demo season's ending: round 3 finished as in 2023, the awards and 21 winners in tiers,
three Special Mentions chosen with GGGI and IMD, decisions confirmed by a second person and the
results published at the ceremony's moment. The demo runs once for the module."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from ceremony import selectors
from ceremony.enums import AwardKind, DecisionStatus
from ceremony.models import Award, Decision, Publication
from entries.models import Entry
from judging.enums import RoundStatus
from judging.models import Round
from prize.demo import DEMO_SLUG
from prize.enums import EditionStatus
from prize.models import Edition, Notification

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(scope="module")
def demo(demo_loaded):
    return demo_loaded.edition, demo_loaded.printed


def test_the_final_round_is_finished_as_in_2023(demo):
    edition, printed = demo
    final = Round.objects.get(edition=edition, number=3)

    assert final.status == RoundStatus.FINALISED
    assert final.closes_at == datetime(2023, 8, 31, 18, tzinfo=SEOUL)
    assert final.round_entries.filter(advanced=True).count() == 21
    assert "Round 3, Final jury: 40 entries, finalised, 21 advanced" in printed


def test_twenty_one_winners_in_tiers_and_three_special_mentions(demo):
    edition, printed = demo
    decisions = Decision.objects.filter(award__edition=edition)
    by_category = {}
    for decision in decisions.exclude(award__kind=AwardKind.SPECIAL_MENTION).select_related(
            "award__category"):
        by_category[decision.award.category.code] = by_category.get(
            decision.award.category.code, 0) + 1
    mention = Award.objects.get(edition=edition, kind=AwardKind.SPECIAL_MENTION)

    assert by_category == {"TI": 10, "HC": 9, "LD": 2}
    assert Award.objects.get(edition=edition, name="Leadership Award").winners == 2
    assert decisions.filter(award=mention).count() == 3
    assert sorted(p.name for p in mention.partners.all()) == [
        "Global Green Growth Institute (GGGI)", "IMD Smart City Observatory"]
    assert all(d.entry.entrant.kind == "city_government"
               for d in decisions.filter(award=mention).select_related("entry__entrant"))
    assert "21 winners in tiers and 3 Special Mentions" in printed


def test_every_decision_is_confirmed_by_a_second_person_with_a_citation(demo):
    edition, _printed = demo
    decisions = list(Decision.objects.filter(award__edition=edition))

    assert decisions and all(d.status == DecisionStatus.CONFIRMED for d in decisions)
    assert all(d.confirmed_by_id and d.confirmed_by_id != d.proposed_by_id for d in decisions)
    assert all(d.citation for d in decisions)
    assert all(d.reason for d in decisions if d.departs)


def test_results_are_public_since_the_ceremony(demo):
    edition, _printed = demo
    publication = Publication.objects.get(edition=edition)

    assert publication.published_at == datetime(2023, 9, 25, 15, tzinfo=SEOUL)
    assert selectors.results_public(edition)
    assert edition.status == EditionStatus.ANNOUNCED
    # no result e-mail queued: the only e-mails are the finalists' group message, delivered
    from prize import messaging

    assert not Notification.objects.exclude(template=messaging.TEMPLATE).exists()


def test_the_demo_entrant_has_a_result_with_feedback(demo):
    edition, _printed = demo
    entry = Entry.objects.get(edition=edition, entrant__members__user__email="entrant@example.org",
                              submitted_at__isnull=False)

    result = selectors.results_for_entries(edition, [entry], with_feedback=True)[entry.pk]

    assert result.kind == "winner"
    assert result.feedback and all(texts for _round, texts in result.feedback)


def test_the_organisers_tools_are_in_use(demo, client):
    """Tags and a note on entries, and a group message to the finalists that the demo entrant
    (a finalist) reads on the dashboard; its e-mails count as delivered, none waits to leave."""
    from entries.models import EntryTag, Note
    from prize.message_models import Message

    edition, printed = demo
    assert EntryTag.objects.filter(tag__edition=edition).count() == 9
    assert Note.objects.filter(entry__edition=edition).count() == 1
    message = Message.objects.get(edition=edition)
    assert message.recipient_count == message.recipients.count() > 30
    assert not Notification.objects.filter(
        pk__in=message.recipients.values("notification_id"), status="pending").exists()
    assert "A group message to the finalists" in printed
    client.force_login(message.recipients.get(user__email="entrant@example.org").user)
    assert message.subject in client.get("/entries/").content.decode()


def test_running_the_demo_again_changes_nothing(demo):
    edition, _printed = demo
    before = sorted(Decision.objects.values_list("award__name", "entry__reference", "status"))

    call_command("demo", stdout=StringIO())

    assert sorted(Decision.objects.values_list("award__name", "entry__reference",
                                               "status")) == before
    assert Publication.objects.get(edition=edition).published_at < timezone.now()


def test_the_judging_open_demo_stops_before_the_winners(demo):
    out = StringIO()

    call_command("demo", reset=True, judging_open=True, stdout=out)

    edition = Edition.objects.get(slug=DEMO_SLUG)
    assert Round.objects.get(edition=edition, number=3).status == RoundStatus.OPEN
    assert not Award.objects.filter(edition=edition).exists()
    assert not selectors.results_public(edition)
    assert "Winners: not yet" in out.getvalue()
