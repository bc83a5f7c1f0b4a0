"""A small evening for the MC's script's tests: a welcome by the host, then one award
presentation (Silver, Gold and the Special Mention of the ``final`` fixture); the Leadership
award is presented by no item. Gold is confirmed and its finalist replied; one of Silver's two
seats is confirmed and its finalist was invited but has not replied; the mention has no
confirmed decision."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from ceremony.enums import DecisionStatus, ItemKind
from ceremony.models import Decision, Invitation, Presenter, ProgrammeItem, token_digest


@dataclass
class Evening:
    welcome: ProgrammeItem
    awards: ProgrammeItem
    host: Presenter
    presenter: Presenter
    gold: Decision
    silver: Decision


def confirm(final, award, entry, citation="For a city that listens."):
    return Decision.objects.create(
        award=award, entry=entry, status=DecisionStatus.CONFIRMED,
        proposed_by=final.users["secretariat"], confirmed_by=final.users["coordinator"],
        confirmed_at=timezone.now(), citation=citation)


def invite(final, entry, **reply):
    """An invitation, replied when ``reply`` says anything."""
    if reply:
        reply.setdefault("replied_at", timezone.now())
        reply.setdefault("attending", True)
    return Invitation.objects.create(edition=final.edition, entry=entry,
                                     token_digest=token_digest(f"token-{entry.pk}"), **reply)


def build_evening(final) -> Evening:
    edition = final.edition
    # 18:00 and 18:10 in Seoul on the ceremony's day.
    day = edition.local(edition.ceremony_at).replace(hour=18, minute=0, second=0, microsecond=0)
    host = Presenter.objects.create(edition=edition, name="Host Park", title="Master of "
                                    "ceremonies", organisation="WeGO", pronunciation="PARK")
    presenter = Presenter.objects.create(
        edition=edition, name="Ms Presenter", title="President & CEO", organisation="SEMI",
        pronunciation="pre-ZEN-ter", order=1)
    welcome = ProgrammeItem.objects.create(
        edition=edition, starts_at=day, duration=10, title="Welcome", kind=ItemKind.WELCOME,
        notes="Thank the Mayor of Seoul first.\nThen the sponsors.",
        description="Opening words.")
    welcome.presenters.add(host)
    awards = ProgrammeItem.objects.create(
        edition=edition, starts_at=day + timedelta(minutes=10), duration=30,
        title="The awards", kind=ItemKind.AWARD, notes="Music under the nominees.")
    awards.presenters.add(presenter)
    awards.awards.add(final.gold, final.silver, final.mention)
    first = final.finalists[final.categories[0].pk]
    gold = confirm(final, final.gold, first[0], citation="For a city that listens & learns.")
    silver = confirm(final, final.silver, first[1])
    invite(final, first[0], pronunciation="FIN-a-list WON", recipient_name="Deputy Mayor Lee",
           recipient_title="Deputy Mayor for Digital Affairs")
    invite(final, first[1])  # invited, no reply yet
    return Evening(welcome=welcome, awards=awards, host=host, presenter=presenter, gold=gold,
                   silver=silver)


@pytest.fixture(name="evening")
def evening_fixture(ceremony):
    ceremony.evening = build_evening(ceremony)
    return ceremony
