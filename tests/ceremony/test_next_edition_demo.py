"""The demo's next edition: made from the finished 2023 season by the copy, its call open from
the day the demo is loaded, a few entries, the current edition; 2023 stays complete with its
published winners. The demo runs once for the module."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ceremony import selectors
from ceremony.models import Award, Ceremony, Decision, Invitation, Presenter, ProgrammeItem
from entries import services as entry_services
from entries.enums import EntryStatus
from entries.models import Entry, EntryForm, ScreeningReason
from judging.enums import RoundStatus
from judging.models import Criterion, Round
from prize.demo import DEMO_SLUG
from prize.enums import EditionStatus, Role
from prize.models import AuditEvent, Category, Edition, Milestone, Notification, User
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_loaded):
    return demo_loaded.edition, demo_loaded.current, demo_loaded.printed


def test_the_next_edition_is_made_from_2023_by_the_copy(demo):
    old, new, printed = demo

    assert new != old
    assert new.year > old.year
    assert new.name == f"Seoul Smart City Prize {new.year}"
    assert (new.slug, new.short_name) == (f"seoul-smart-city-prize-{new.year}",
                                          f"SSCP{new.year % 100:02d}")
    event = AuditEvent.objects.get(action="edition.copy", edition=new)
    assert event.actor.email == "secretariat@example.org"
    assert event.after["from"] == DEMO_SLUG
    assert [c.code for c in Category.objects.filter(edition=new).order_by("order")] == [
        "TI", "HC", "LD"]
    assert EntryForm.objects.filter(edition=new).count() == EntryForm.objects.filter(
        edition=old).count() == 5
    assert ScreeningReason.objects.filter(edition=new).count() == (
        ScreeningReason.objects.filter(edition=old).count())
    assert list(Round.objects.filter(edition=new).values_list("number", "status")) == [
        (1, RoundStatus.DRAFT), (2, RoundStatus.DRAFT), (3, RoundStatus.DRAFT)]
    assert Criterion.objects.filter(round__edition=new).count() == Criterion.objects.filter(
        round__edition=old).count()
    assert sorted(Award.objects.filter(edition=new).values_list("name", "winners")) == sorted(
        Award.objects.filter(edition=old).values_list("name", "winners"))
    assert Milestone.objects.filter(edition=new).count() == 6
    # The evening's outline: details and programme (with its awards), not its people.
    assert Ceremony.objects.get(edition=new).address == Ceremony.objects.get(edition=old).address
    items = ProgrammeItem.objects.filter(edition=new)
    assert items.count() == ProgrammeItem.objects.filter(edition=old).count() > 0
    assert items.filter(awards__isnull=False).exists()
    assert not Presenter.objects.filter(edition=new).exists()
    assert Presenter.objects.filter(edition=old).exists()
    assert not Decision.objects.filter(award__edition=new).exists()
    assert not Invitation.objects.filter(edition=new).exists()
    assert f"Next edition: {new.name} (made from 2023), the current edition" in printed


def test_its_call_is_open_from_the_day_the_demo_is_loaded(demo):
    old, new, _printed = demo
    now = timezone.now()

    assert new.status == EditionStatus.CALL_OPEN
    assert new.is_current
    assert new.is_call_open(now)
    opened = new.local(new.call_opens_at)
    assert opened.date() == (timezone.localtime(now, new.tz) - timedelta(days=3)).date()
    assert opened.hour == 9
    assert new.call_closes_at - now > timedelta(days=90)
    # Every other date keeps its place from 2023: the rounds after the call, then the ceremony.
    first = Round.objects.get(edition=new, number=1)
    assert new.call_closes_at < first.opens_at
    assert new.ceremony_at - new.call_closes_at == old.ceremony_at - old.call_closes_at


def test_it_has_a_few_entries_submitted_and_drafts(demo):
    _old, new, _printed = demo
    entries = Entry.objects.filter(edition=new).select_related("category", "entrant")

    submitted = sorted((e.reference, e.entrant.kind) for e in entries
                       if e.status == EntryStatus.SUBMITTED)
    short = new.short_name
    assert [ref for ref, _kind in submitted] == [f"{short}-HC-0001", f"{short}-LD-0001",
                                                 f"{short}-TI-0001"]
    assert all(e.submitted_at and new.call_opens_at <= e.submitted_at <= timezone.now()
               and e.revisions.count() == 1 for e in entries if e.status == EntryStatus.SUBMITTED)
    drafts = [e for e in entries if e.status == EntryStatus.DRAFT]
    assert len(drafts) == 2
    mine = [e for e in drafts if e.entrant.contact_email == "entrant@example.org"]
    assert len(mine) == 1 and mine[0].category.code == "TI"
    assert all(e.form.edition_id == new.pk for e in entries)
    # no e-mail but 2023's group message to its finalists (delivered, from the demo's tools)
    from prize import messaging

    assert not Notification.objects.exclude(template=messaging.TEMPLATE).exists()


def test_a_visitor_can_enter_without_editing_dates(demo):
    _old, new, _printed = demo
    user = User.objects.get(email="entrant@example.org")
    entrant = user.entrant_membership.entrant
    hc = Category.objects.get(edition=new, code="HC")

    entry = entry_services.entry_start(edition=new, category=hc, entrant=entrant, by=user)

    assert entry.status == EntryStatus.DRAFT
    assert user.has_role(new, Role.ENTRANT)
    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    home = client.get(reverse("home")).content.decode()
    assert new.name in home


def test_2023_stays_complete_with_its_published_winners(demo):
    old, _new, _printed = demo

    assert old.status == EditionStatus.ANNOUNCED
    assert not old.is_current
    assert selectors.results_public(old)
    assert Decision.objects.filter(award__edition=old).count() == 24
    assert Entry.objects.filter(edition=old).count() == 247
    page = CommittingClient().get(reverse("ceremony:winners", args=[old.slug]))
    assert page.status_code == 200


def test_running_the_demo_again_changes_nothing(demo):
    _old, new, _printed = demo
    before = (Edition.objects.count(), Entry.objects.filter(edition=new).count())
    out = StringIO()

    call_command("demo", stdout=out)

    assert (Edition.objects.count(), Entry.objects.filter(edition=new).count()) == before
    assert Edition.objects.current() == new
    assert f"Next edition: {new.name} (already there)" in out.getvalue()


def test_reset_makes_it_again_and_judging_open_makes_none(demo):
    _old, new, _printed = demo

    call_command("demo", reset=True, quiet=True)
    again = Edition.objects.current()
    assert (again.slug, Entry.objects.filter(edition=again).count()) == (new.slug, 5)

    out = StringIO()
    call_command("demo", reset=True, judging_open=True, stdout=out)
    assert list(Edition.objects.values_list("slug", flat=True)) == [DEMO_SLUG]
    assert "Next edition: not made while the 2023 season is still being judged" in out.getvalue()
