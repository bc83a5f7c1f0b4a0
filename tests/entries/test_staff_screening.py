"""Screening by the secretariat: one entry or many, a reason always required, every decision
audited, held until released, released once; and extensions for one entrant."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from entries.enums import EntryStatus
from entries.models import Extension, ScreeningDecision, ScreeningReason
from entries.services import entry_withdraw
from entries.staff_forms import ScreeningForm
from prize.models import AuditEvent, Notification
from tests.factories import EditionFactory, EntrantMemberFactory, EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(season):
    return season.client("secretariat")


@pytest.fixture
def reasons(season):
    return {
        "fine": ScreeningReason.objects.create(
            edition=season.edition, decision=EntryStatus.ELIGIBLE,
            text="The entry meets every eligibility rule."),
        "late": ScreeningReason.objects.create(
            edition=season.edition, decision=EntryStatus.INELIGIBLE,
            text="The project started before the eligibility period."),
    }


def screen_url(season, entry):
    return reverse("entries:staff_screen", args=[season.edition.slug, entry.pk])


def bulk_url(season, query=""):
    return reverse("entries:staff_bulk_screen", args=[season.edition.slug]) + query


def release_url(season):
    return reverse("entries:staff_release", args=[season.edition.slug])


def extension_url(season, entry):
    return reverse("entries:staff_extension", args=[season.edition.slug, entry.pk])


def another_entry(season, reference, **kwargs):
    return EntryFactory(edition=season.edition, category=season.category,
                        entrant=kwargs.pop("entrant", season.other_entrant),
                        form=season.entry.form, submitted=True, reference=reference, **kwargs)


def screening_mails():
    return [m for m in mail.outbox if "eligible" in m.subject]


# --- One entry ---------------------------------------------------------------------------------


def test_marking_an_entry_eligible_records_and_audits_the_decision(season, staff):
    response = staff.post(screen_url(season, season.entry),
                          {"decision": "eligible", "text": "All rules met."})

    assert response.status_code == 302
    season.entry.refresh_from_db()
    assert season.entry.status == EntryStatus.ELIGIBLE
    decision = ScreeningDecision.objects.get(entry=season.entry)
    assert (decision.decision, decision.reason, decision.decided_by) == (
        "eligible", "All rules met.", season.users["secretariat"])
    assert decision.released_at is None
    event = AuditEvent.objects.get(action="entry.screen", target_id=str(season.entry.pk))
    assert event.before == {"status": "submitted"}
    assert event.after == {"status": "eligible"}
    assert event.note == "All rules met."
    assert event.actor == season.users["secretariat"]


def test_a_decision_without_a_reason_is_refused_with_a_message(season, staff, reasons):
    response = staff.post(screen_url(season, season.entry), {"decision": "ineligible"})

    assert response.status_code == 200
    assert ("Give the reason the entry is ineligible: choose a templated reason or write one."
            in response.content.decode())
    season.entry.refresh_from_db()
    assert season.entry.status == EntryStatus.SUBMITTED
    assert not ScreeningDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="entry.screen").exists()


def test_a_blank_reason_counts_as_none(season, staff):
    response = staff.post(screen_url(season, season.entry),
                          {"decision": "ineligible", "text": "   \n "})

    assert "Give the reason the entry is ineligible." in response.content.decode()
    assert not ScreeningDecision.objects.exists()


def test_marking_eligible_needs_no_typed_reason(season, staff):
    response = staff.post(screen_url(season, season.entry), {"decision": "eligible", "text": ""})

    assert response.status_code == 302
    season.entry.refresh_from_db()
    assert season.entry.status == EntryStatus.ELIGIBLE
    assert ScreeningDecision.objects.get(entry=season.entry).reason == ""


def test_a_templated_reason_is_enough_and_free_text_is_added_to_it(season, staff, reasons):
    staff.post(screen_url(season, season.entry),
               {"decision": "ineligible", "template": reasons["late"].pk,
                "text": "It began in 2019."})

    decision = ScreeningDecision.objects.get()
    assert decision.decision == "ineligible"
    assert decision.reason == ("The project started before the eligibility period.\n\n"
                               "It began in 2019.")


def test_a_templated_reason_must_fit_the_decision(season, staff, reasons):
    response = staff.post(screen_url(season, season.entry),
                          {"decision": "eligible", "template": reasons["late"].pk})

    assert ("Choose a templated reason for eligible decisions: this one is for ineligible "
            "decisions.") in response.content.decode()
    assert not ScreeningDecision.objects.exists()


def test_an_edition_without_templated_reasons_offers_free_text_only(season, staff):
    form = ScreeningForm(edition=season.edition)
    content = staff.get(
        reverse("entries:staff_entry", args=[season.edition.slug, season.entry.pk])
    ).content.decode()

    assert "template" not in form.fields
    assert 'name="template"' not in content
    assert 'name="text"' in content


def test_the_templated_reasons_are_offered_grouped_by_decision(season, staff, reasons):
    content = staff.get(
        reverse("entries:staff_entry", args=[season.edition.slug, season.entry.pk])
    ).content.decode()

    assert '<optgroup label="Eligible">' in content
    assert f'<option value="{reasons["late"].pk}">The project started before' in content


def test_a_draft_cannot_be_screened(season, staff):
    response = staff.post(screen_url(season, season.draft),
                          {"decision": "eligible", "text": "Fine."})

    content = response.content.decode()
    assert "The decision was not recorded" in content
    assert "This entry is draft: only submitted entries can be screened." in content
    season.draft.refresh_from_db()
    assert season.draft.status == EntryStatus.DRAFT
    assert not ScreeningDecision.objects.exists()


def test_a_decision_can_be_changed_before_release(season, staff):
    staff.post(screen_url(season, season.entry), {"decision": "eligible", "text": "Fine."})
    staff.post(screen_url(season, season.entry),
               {"decision": "ineligible", "text": "Budget missing after all."})

    season.entry.refresh_from_db()
    assert season.entry.status == EntryStatus.INELIGIBLE
    assert ScreeningDecision.objects.filter(entry=season.entry).count() == 2


# --- Held until released -----------------------------------------------------------------------


def test_decisions_are_held_until_released_and_sent_once(season, staff):
    colleague = EntrantMemberFactory(entrant=season.entrant,
                                     user__email="colleague@example.org").user
    other = another_entry(season, "SCP00-TI-0002")
    staff.post(screen_url(season, season.entry), {"decision": "eligible", "text": "All met."})
    staff.post(screen_url(season, other), {"decision": "ineligible", "text": "Too late."})

    assert screening_mails() == []
    assert not Notification.objects.filter(template="entries/screening").exists()

    response = staff.post(release_url(season))

    assert response.status_code == 302
    sent = sorted((m.to[0], m.subject) for m in screening_mails())
    assert sent == [
        ("colleague@example.org", f"SCP00-TI-0001 is eligible — {season.edition.name}"),
        ("entrant@example.org", f"SCP00-TI-0001 is eligible — {season.edition.name}"),
        ("other@example.org", f"SCP00-TI-0002 is not eligible — {season.edition.name}"),
    ]
    to_colleague = next(m for m in mail.outbox if m.to == [colleague.email])
    assert "All met." in to_colleague.body
    assert "Smart crossings for Seoul" in to_colleague.body
    assert ScreeningDecision.objects.filter(released_at__isnull=True).count() == 0
    assert AuditEvent.objects.get(action="screening.release").after == {"entries": 2}

    staff.post(release_url(season))

    assert len(screening_mails()) == 3  # nothing new


def test_only_the_latest_decision_on_an_entry_is_sent(season, staff):
    staff.post(screen_url(season, season.entry), {"decision": "eligible", "text": "First."})
    staff.post(screen_url(season, season.entry), {"decision": "ineligible", "text": "Second."})

    staff.post(release_url(season))

    assert [m.subject for m in screening_mails()] == [
        f"SCP00-TI-0001 is not eligible — {season.edition.name}"]
    assert "Second." in screening_mails()[0].body


def test_a_new_decision_after_release_is_held_again(season, staff):
    staff.post(screen_url(season, season.entry), {"decision": "eligible", "text": "First."})
    staff.post(release_url(season))
    staff.post(screen_url(season, season.entry), {"decision": "ineligible", "text": "Fraud."})

    assert len(screening_mails()) == 1
    staff.post(release_url(season))

    assert len(screening_mails()) == 2
    assert "Fraud." in screening_mails()[1].body


def test_the_release_page_shows_what_will_be_sent_before_sending(season, staff):
    staff.post(screen_url(season, season.entry), {"decision": "eligible", "text": "All met."})

    response = staff.get(release_url(season))

    content = response.content.decode()
    assert response.status_code == 200
    assert "SCP00-TI-0001" in content
    assert "All met." in content
    assert "This sends 1 e-mail to the people working on the entries." in content
    assert "Send 1 decision now" in content
    assert screening_mails() == []


def test_releasing_with_nothing_waiting_says_so(season, staff):
    response = staff.post(release_url(season), follow=True)

    assert "There were no decisions waiting to be sent." in response.content.decode()
    assert not AuditEvent.objects.filter(action="screening.release").exists()


# --- Bulk --------------------------------------------------------------------------------------


def test_bulk_screening_marks_every_selected_entry_through_the_service(season, staff):
    second = another_entry(season, "SCP00-TI-0002")
    third = another_entry(season, "SCP00-TI-0003")

    response = staff.post(bulk_url(season, "?status=all&page=1"), {
        "entries": [season.entry.pk, second.pk], "decision": "eligible",
        "text": "Meets the rules.",
    }, follow=True)

    assert response.redirect_chain[-1][0] == (
        reverse("entries:staff_list", args=[season.edition.slug]) + "?status=all&page=1")
    assert "2 entries marked eligible." in response.content.decode()
    for entry in (season.entry, second, third):
        entry.refresh_from_db()
    statuses = {e.reference: e.status for e in (season.entry, second, third)}
    assert statuses == {"SCP00-TI-0001": "eligible", "SCP00-TI-0002": "eligible",
                        "SCP00-TI-0003": "submitted"}
    assert AuditEvent.objects.filter(action="entry.screen").count() == 2
    assert set(ScreeningDecision.objects.values_list("reason", flat=True)) == {
        "Meets the rules."}
    assert screening_mails() == []  # held until released


def test_bulk_screening_names_the_entries_it_could_not_change(season, staff):
    withdrawn = another_entry(season, "SCP00-TI-0002")
    entry_withdraw(entry=withdrawn, by=season.users["other_entrant"])

    response = staff.post(bulk_url(season), {
        "entries": [season.entry.pk, withdrawn.pk, season.draft.pk], "decision": "ineligible",
        "text": "Outside the rules.",
    }, follow=True)

    content = response.content.decode()
    assert "1 entry marked ineligible." in content
    assert ("2 entries could not be marked ineligible, because of their status: "
            "SCP00-TI-0002 (withdrawn); “Smart crossings for Seoul” (draft).") in content
    withdrawn.refresh_from_db()
    assert withdrawn.status == EntryStatus.WITHDRAWN
    assert ScreeningDecision.objects.get().entry == season.entry


def test_bulk_screening_without_a_reason_changes_nothing_and_keeps_the_selection(
    season, staff, reasons
):
    second = another_entry(season, "SCP00-TI-0002")

    response = staff.post(bulk_url(season), {
        "entries": [season.entry.pk, second.pk], "decision": "ineligible", "text": "",
    })

    content = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was changed" in content
    assert ("Give the reason the entry is ineligible: choose a templated reason or write one."
            in content)
    assert f'value="{second.pk}" id="select-{second.pk}" checked' in content
    assert not ScreeningDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="entry.screen").exists()


def test_bulk_screening_without_a_selection_changes_nothing(season, staff):
    response = staff.post(bulk_url(season), {"decision": "eligible", "text": "Fine."})

    assert "Select at least one entry." in response.content.decode()
    assert not ScreeningDecision.objects.exists()


def test_bulk_screening_with_a_templated_reason(season, staff, reasons):
    staff.post(bulk_url(season), {"entries": [season.entry.pk], "decision": "eligible",
                                  "template": reasons["fine"].pk})

    assert ScreeningDecision.objects.get().reason == "The entry meets every eligibility rule."


def test_bulk_screening_cannot_reach_another_editions_entries(season, staff):
    elsewhere = EntryFactory(edition=EditionFactory(is_current=False), submitted=True,
                             reference="OTHER-TI-0001")

    response = staff.post(bulk_url(season), {"entries": [elsewhere.pk],
                                             "decision": "eligible", "text": "Fine."})

    assert "Select a valid choice" in response.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.status == EntryStatus.SUBMITTED


# --- Extensions --------------------------------------------------------------------------------


def test_an_extension_moves_the_entrants_deadline_and_tells_them(season, staff):
    closes = season.edition.call_closes_at
    new_deadline = (closes + timedelta(days=3)).astimezone(season.edition.tz).replace(
        second=0, microsecond=0)

    response = staff.post(extension_url(season, season.entry), {
        "deadline": new_deadline.strftime("%Y-%m-%dT%H:%M"),
        "reason": "Their server was down on the last day.",
    })

    assert response.status_code == 302
    season.entry.refresh_from_db()
    assert season.entry.deadline() == new_deadline  # read in the edition's time zone
    assert season.draft.deadline() == new_deadline  # every entry of the entrant
    other = another_entry(season, "SCP00-TI-0002")
    assert other.deadline() == closes  # not another entrant's
    extension = Extension.objects.get()
    assert extension.granted_by == season.users["secretariat"]
    assert AuditEvent.objects.filter(action="extension.grant").count() == 1
    sent = [m for m in mail.outbox if "more time" in m.subject]
    assert [m.to for m in sent] == [["entrant@example.org"]]
    local = new_deadline.strftime("%-d %B %Y, %H:%M")
    assert f"{local} (Asia/Seoul)" in sent[0].body


def test_an_extension_is_read_in_the_editions_time_zone_not_the_viewers(season):
    secretariat = season.users["secretariat"]
    secretariat.time_zone = "America/New_York"
    secretariat.save()
    closes = season.edition.call_closes_at
    local = (closes + timedelta(days=1)).astimezone(season.edition.tz)

    season.client("secretariat").post(extension_url(season, season.entry), {
        "deadline": local.strftime("%Y-%m-%dT%H:%M"), "reason": "Typhoon.",
    })

    assert Extension.objects.get().deadline == local.replace(second=0, microsecond=0)


def test_an_extension_before_the_close_is_refused(season, staff):
    closes = season.edition.call_closes_at.astimezone(season.edition.tz)

    response = staff.post(extension_url(season, season.entry), {
        "deadline": (closes - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "reason": "Why not.",
    })

    assert response.status_code == 200
    assert "Choose a new deadline after the call closes" in response.content.decode()
    assert not Extension.objects.exists()
    assert [m for m in mail.outbox if "more time" in m.subject] == []


def test_an_extension_needs_a_reason_and_a_date(season, staff):
    response = staff.post(extension_url(season, season.entry), {"deadline": "", "reason": " "})

    content = response.content.decode()
    assert "This field is required." in content
    assert not Extension.objects.exists()


def test_a_second_extension_replaces_the_first(season, staff):
    closes = season.edition.call_closes_at.astimezone(season.edition.tz)
    for days in (2, 5):
        staff.post(extension_url(season, season.entry), {
            "deadline": (closes + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"),
            "reason": f"{days} days.",
        })

    extension = Extension.objects.get()
    assert extension.reason == "5 days."
    assert extension.deadline == (closes + timedelta(days=5)).replace(second=0, microsecond=0)
    page = staff.get(reverse("entries:staff_entry", args=[season.edition.slug, season.entry.pk]))
    assert 'value="{}"'.format(
        (closes + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")) in page.content.decode()


def test_an_extension_in_the_past_is_refused(season, staff):
    edition = season.edition
    edition.call_opens_at = timezone.now() - timedelta(days=60)
    edition.call_closes_at = timezone.now() - timedelta(days=10)
    edition.save()
    past = (timezone.now() - timedelta(days=1)).astimezone(edition.tz)

    response = staff.post(extension_url(season, season.entry), {
        "deadline": past.strftime("%Y-%m-%dT%H:%M"), "reason": "Late.",
    })

    assert "Choose a new deadline later than now." in response.content.decode()
    assert not Extension.objects.exists()
