"""Entry services: each transition with its rules and side effects."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from entries import services
from entries.enums import EntryStatus
from entries.models import EntryRevision, ScreeningDecision
from prize.enums import EntrantKind
from prize.models import AuditEvent, Notification
from tests.factories import CategoryFactory, EntrantFactory, EntrantMemberFactory, EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(season):
    return season.users["entrant"]


def test_submitting_assigns_the_next_reference_and_sends_a_receipt(
    season, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.entry_submit(entry=season.draft, by=owner)

    prefix = f"{season.edition.short_name}-TI-"
    assert entry.reference == f"{prefix}0001"  # the fixture's reference has another prefix
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.revisions.get().number == 1
    assert AuditEvent.objects.filter(action="entry.submit", target_id=str(entry.pk)).count() == 1
    receipt = Notification.objects.get(template="entries/receipt")
    assert receipt.recipient == owner
    assert receipt.context["reference"] == entry.reference
    second = EntryFactory(edition=season.edition, category=season.category,
                          entrant=season.entrant, form=season.draft.form)
    assert services.entry_submit(entry=second, by=owner).reference == f"{prefix}0002"


def test_submitting_twice_changes_nothing_the_second_time(season, owner):
    first = services.entry_submit(entry=season.draft, by=owner)
    again = services.entry_submit(entry=season.draft, by=owner)

    assert again.reference == first.reference
    assert Notification.objects.filter(template="entries/receipt").count() == 1
    assert EntryRevision.objects.filter(entry=season.draft).count() == 1


def test_an_incomplete_draft_cannot_be_submitted(season, owner):
    season.draft.answers = {"title": "Half done"}
    season.draft.save()

    with pytest.raises(services.EntryError):
        services.entry_submit(entry=season.draft, by=owner)

    season.draft.refresh_from_db()
    assert season.draft.status == EntryStatus.DRAFT
    assert season.draft.reference is None


def test_a_stale_save_is_refused_and_the_newer_one_kept(season, owner):
    draft = season.draft
    services.entry_save_step(entry=draft, step="basics", data={"title": "Tab one"},
                             version=draft.version, by=owner)

    with pytest.raises(services.StaleEntry):
        services.entry_save_step(entry=draft, step="basics", data={"title": "Tab two"},
                                 version=draft.version, by=owner)

    draft.refresh_from_db()
    assert draft.answers["title"] == "Tab one"
    assert draft.title == "Tab one"


def test_nothing_changes_after_the_deadline(season, owner):
    edition = season.edition
    edition.call_closes_at = timezone.now() - timedelta(seconds=1)
    edition.save()

    with pytest.raises(services.EntryError, match="closed"):
        services.entry_save_step(entry=season.draft, step="basics", data={"title": "Late"},
                                 version=season.draft.version, by=owner)
    with pytest.raises(services.EntryError, match="closed"):
        services.entry_submit(entry=season.draft, by=owner)
    with pytest.raises(services.EntryError, match="closed"):
        services.entry_withdraw(entry=season.entry, by=owner)


def test_an_extension_reopens_the_call_for_that_entrant_only(season, owner):
    edition = season.edition
    edition.call_closes_at = timezone.now() - timedelta(seconds=1)
    edition.save()
    staff = season.users["secretariat"]

    services.extension_grant(edition=edition, entrant=season.entrant,
                             deadline=timezone.now() + timedelta(days=2),
                             reason="Typhoon closed the city hall", by=staff)

    assert services.entry_submit(entry=season.draft, by=owner).status == EntryStatus.SUBMITTED
    other = EntryFactory(edition=edition, category=season.category,
                         entrant=season.other_entrant, form=season.draft.form)
    with pytest.raises(services.EntryError):
        services.entry_submit(entry=other, by=season.users["other_entrant"])


def test_an_extension_must_end_after_the_close_and_have_a_reason(season):
    staff = season.users["secretariat"]
    with pytest.raises(services.EntryError):
        services.extension_grant(edition=season.edition, entrant=season.entrant,
                                 deadline=season.edition.call_closes_at, reason="x", by=staff)
    with pytest.raises(services.EntryError):
        services.extension_grant(edition=season.edition, entrant=season.entrant,
                                 deadline=season.edition.call_closes_at + timedelta(days=1),
                                 reason=" ", by=staff)


def test_changes_to_a_submitted_entry_count_once_submitted_with_one_revision_per_sitting(
    season, owner
):
    entry = services.entry_submit(entry=season.draft, by=owner)

    entry = services.entry_save_step(entry=entry, step="basics", data={"title": "Better"},
                                     version=entry.version, by=owner)
    entry = services.entry_submit_changes(entry=entry, by=owner)
    entry = services.entry_save_step(entry=entry, step="basics", data={"title": "Best"},
                                     version=entry.version, by=owner)
    entry = services.entry_submit_changes(entry=entry, by=owner)

    assert entry.status == EntryStatus.SUBMITTED
    assert entry.title == "Best" and entry.pending_answers is None
    revisions = list(entry.revisions.order_by("number"))
    assert [(r.number, r.title) for r in revisions] == [
        (1, "Smart crossings for Seoul"), (2, "Best")
    ]


def test_withdrawing_is_final(season, owner):
    entry = services.entry_withdraw(entry=season.entry, by=owner, reason="Merged with another")

    assert entry.status == EntryStatus.WITHDRAWN
    assert entry.withdrawal_reason == "Merged with another"
    with pytest.raises(services.EntryError):
        services.entry_save_step(entry=entry, step="basics", data={"title": "x"},
                                 version=entry.version, by=owner)


def test_categories_follow_who_may_enter(season, owner):
    leadership = CategoryFactory(edition=season.edition, code="LD",
                                 allowed_entrant_kinds=[EntrantKind.INDIVIDUAL])

    with pytest.raises(services.EntryError, match="Individual"):
        services.entry_start(edition=season.edition, category=leadership,
                             entrant=season.entrant, by=owner)
    person = EntrantFactory(kind=EntrantKind.INDIVIDUAL, name="Ada Mayor")
    with pytest.raises(services.EntryError, match="City government"):
        services.entry_start(edition=season.edition, category=season.category, entrant=person,
                             by=owner)
    assert services.categories_open_to(edition=season.edition, entrant=person) == [leadership]


def test_screening_is_held_until_released_then_sent_once(
    season, django_capture_on_commit_callbacks
):
    staff = season.users["secretariat"]
    season.edition.contact_email = contact = "prize@wego.example.org"
    season.edition.save(update_fields=["contact_email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_decide(entry=season.entry, decision=EntryStatus.INELIGIBLE,
                                  reason="Not implemented yet", by=staff)
        services.screening_decide(entry=season.entry, decision=EntryStatus.ELIGIBLE,
                                  reason="Implemented in 2022 after all", by=staff)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        released = services.screening_release(edition=season.edition, by=staff)
        again = services.screening_release(edition=season.edition, by=staff)

    assert (released, again) == (1, 0)
    assert len(mail.outbox) == 1
    sent = Notification.objects.get(template="entries/screening")
    assert sent.context["decision"] == "eligible"
    assert not ScreeningDecision.objects.filter(released_at__isnull=True).exists()
    # "Write to the secretariat" comes with the address to write to.
    assert f"write to the secretariat at {contact}." in mail.outbox[0].body
    assert f'href="mailto:{contact}"' in mail.outbox[0].alternatives[0][0]
    season.entry.refresh_from_db()
    assert season.entry.status == EntryStatus.ELIGIBLE


def test_screening_needs_a_reason_when_ineligible_and_a_submitted_entry(season):
    staff = season.users["secretariat"]
    with pytest.raises(services.EntryError):
        services.screening_decide(entry=season.entry, decision=EntryStatus.INELIGIBLE,
                                  reason="  ", by=staff)
    with pytest.raises(services.EntryError):
        services.screening_decide(entry=season.draft, decision=EntryStatus.ELIGIBLE,
                                  reason="ok", by=staff)


def test_a_collaborator_joins_by_invitation(season, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(entrant=season.entrant,
                                              email="Colleague@Example.org", by=owner)
    assert Notification.objects.get(template="entries/invitation").to_email == (
        "colleague@example.org"
    )
    colleague = EntrantMemberFactory.build().user
    colleague.email = "colleague@example.org"
    colleague.save()

    member = services.invitation_accept(invitation=invitation, user=colleague)

    assert member.entrant == season.entrant
    with pytest.raises(services.EntryError):
        services.invitation_accept(invitation=invitation, user=colleague)
