"""Review, submission and its receipt, the entry page, withdrawal, the deadline around all of
them, and the entrant dashboard."""

import copy
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from entries.enums import EntryStatus
from entries.models import Entry, Extension, ScreeningDecision
from entries.templatetags.entries_tags import localdt, time_left
from prize.models import Notification
from tests.factories import EntrantFactory, EntrantMemberFactory, EntryFactory

pytestmark = pytest.mark.django_db


def submit(client, entry):
    return client.post(reverse("entries:submit", args=[entry.pk]))


# --- Review ---------------------------------------------------------------------------------------


def test_the_review_page_shows_the_whole_entry_and_an_enabled_submit(season, entrant):
    page = entrant.get(reverse("entries:review", args=[season.draft.pk])).content.decode()

    assert "Smart crossings for Seoul" in page
    assert "Sensors make crossings safer for older people." in page
    assert "Mobility" in page  # the option's label, not its value
    assert "250,000" in page  # grouped as the page's language writes numbers
    assert "No files attached." in page
    assert "Everything required is filled in." in page
    assert re.search(r'<button type="submit" class="btn btn-primary btn-lg" '
                     r'aria-describedby="submit-help">Submit the entry</button>', page)


def test_the_review_page_lists_the_problems_and_disables_submit(season, entrant):
    season.draft.answers = {"title": "Half", "budget_amount": "lots"}
    season.draft.save()

    page = entrant.get(reverse("entries:review", args=[season.draft.pk])).content.decode()

    basics = reverse("entries:step", args=[season.draft.pk, "basics"])
    budget = reverse("entries:step", args=[season.draft.pk, "budget"])
    assert f'<a href="{basics}#field-summary">The project: Short summary is required.</a>' in page
    assert f'<a href="{basics}#field-sectors">The project: Sectors is required.</a>' in page
    assert (f'<a href="{budget}#field-budget_amount">Budget: Budget: enter a number, such as '
            f'250000.</a>') in page
    assert "3 things to fix before you can submit" in page
    assert re.search(r"<button[^>]*disabled[^>]*>Submit the entry</button>", page)


def test_the_review_page_counts_attachment_steps_short_of_files(season, entrant):
    schema = copy.deepcopy(season.draft.form.schema)  # the factory shares one dict
    schema["steps"][2]["min_files"] = 1
    season.draft.form.schema = schema
    season.draft.form.save()

    page = entrant.get(reverse("entries:review", args=[season.draft.pk])).content.decode()

    attachments = reverse("entries:attachments", args=[season.draft.pk])
    assert re.search(rf'<li><a href="{attachments}">Attachments: Attach at least 1 file', page)
    assert re.search(r"<button[^>]*disabled[^>]*>Submit the entry</button>", page)


def test_submitting_an_incomplete_draft_is_refused_with_the_reasons(season, entrant):
    season.draft.answers = {"title": "Half"}
    season.draft.save()

    response = submit(entrant, season.draft)

    assert response.status_code == 200
    text = response.content.decode()
    assert "The entry was not submitted." in text
    assert "Complete or fix the answers listed below, then submit again" in text
    assert "The project: Short summary is required." in text
    season.draft.refresh_from_db()
    assert season.draft.status == EntryStatus.DRAFT
    assert season.draft.reference is None


# --- Submit ---------------------------------------------------------------------------------------


def test_submitting_gives_a_reference_a_message_and_one_receipt(season, entrant):
    response = submit(entrant, season.draft)

    season.draft.refresh_from_db()
    reference = season.draft.reference
    assert re.fullmatch(rf"{season.edition.short_name}-TI-000[12]", reference)
    assert season.draft.status == EntryStatus.SUBMITTED
    assert response["Location"] == reverse("entries:entry_detail", args=[season.draft.pk])
    page = entrant.get(response["Location"]).content.decode()
    assert f"Thank you: your entry is submitted. Its reference is {reference}." in page
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["entrant@example.org"]
    assert receipt.subject == f"Entry received: {reference} · Smart crossings for Seoul"
    path = reverse("entries:entry_detail", args=[season.draft.pk])
    assert f"{settings.SITE_URL}{path}" in receipt.body
    assert "Category: Tech-InnovaCity" in receipt.body
    submitted = timezone.localtime(season.draft.submitted_at, season.edition.tz)
    assert f"Submitted: {submitted:%-d %B %Y, %H:%M} (Asia/Seoul)" in receipt.body
    html = receipt.alternatives[0][0]
    assert f'href="{settings.SITE_URL}{path}"' in html
    assert f"{submitted:%-d %B %Y, %H:%M} (Asia/Seoul)" in html


def test_a_double_submit_creates_one_reference_and_one_receipt(season, entrant):
    first = submit(entrant, season.draft)
    second = submit(entrant, season.draft)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    season.draft.refresh_from_db()
    assert Entry.objects.exclude(pk=season.entry.pk).filter(reference__isnull=False).count() == 1
    assert Notification.objects.filter(template="entries/receipt").count() == 1
    assert len(mail.outbox) == 1
    page = entrant.get(second["Location"]).content.decode()
    assert f"This entry is already submitted; its reference is {season.draft.reference}." in page


def test_every_member_gets_the_receipt(season, entrant):
    EntrantMemberFactory(entrant=season.entrant, user__email="colleague@example.org",
                         role="collaborator")

    submit(entrant, season.draft)

    assert sorted(m.to[0] for m in mail.outbox) == ["colleague@example.org",
                                                     "entrant@example.org"]


def test_submit_one_second_before_the_close_works(season, entrant, clock, closes):
    clock(closes - timedelta(seconds=1))

    submit(entrant, season.draft)

    season.draft.refresh_from_db()
    assert season.draft.status == EntryStatus.SUBMITTED


def test_submit_one_second_after_the_close_is_refused(season, entrant, clock, closes):
    clock(closes + timedelta(seconds=1))

    response = submit(entrant, season.draft)

    text = response.content.decode()
    assert "The call for entries has closed; entries can no longer be changed." in text
    assert "The call for entries is closed, so this entry can no longer be submitted." in text
    season.draft.refresh_from_db()
    assert season.draft.status == EntryStatus.DRAFT


def test_submit_after_the_close_works_with_an_extension(season, entrant, clock, closes):
    Extension.objects.create(edition=season.edition, entrant=season.entrant,
                             deadline=closes + timedelta(hours=5), reason="Power cut")
    clock(closes + timedelta(seconds=1))

    submit(entrant, season.draft)

    season.draft.refresh_from_db()
    assert season.draft.status == EntryStatus.SUBMITTED


# --- The entry page and withdrawal ----------------------------------------------------------------


def test_the_entry_page_offers_edit_and_withdraw_before_the_deadline(season, entrant):
    page = entrant.get(reverse("entries:entry_detail", args=[season.entry.pk])).content.decode()

    assert "SCP00-TI-0001" in page
    assert "Submitted" in page
    assert f'href="{reverse("entries:withdraw", args=[season.entry.pk])}"' in page
    assert f'href="{reverse("entries:step", args=[season.entry.pk, "basics"])}"' in page


def test_the_entry_page_after_the_deadline_offers_neither(season, entrant, clock, closes):
    clock(closes + timedelta(seconds=1))

    page = entrant.get(reverse("entries:entry_detail", args=[season.entry.pk])).content.decode()

    assert reverse("entries:withdraw", args=[season.entry.pk]) not in page
    assert "The call for entries is closed: this entry can no longer be changed or " \
           "withdrawn." in page


def test_staff_read_the_entry_without_entrant_actions(season):
    page = season.client("secretariat").get(
        reverse("entries:entry_detail", args=[season.entry.pk])).content.decode()

    assert "Smart crossings for Seoul" in page
    assert reverse("entries:withdraw", args=[season.entry.pk]) not in page
    assert "Your entries" not in page


def test_withdrawing_asks_for_confirmation_then_withdraws(season, entrant):
    url = reverse("entries:withdraw", args=[season.entry.pk])
    page = entrant.get(url).content.decode()
    assert "Withdrawing is final." in page

    response = entrant.post(url, {"reason": "We merged it with another entry."})

    assert response["Location"] == reverse("entries:entry_detail", args=[season.entry.pk])
    season.entry.refresh_from_db()
    assert season.entry.status == EntryStatus.WITHDRAWN
    assert season.entry.withdrawal_reason == "We merged it with another entry."
    assert "Your entry is withdrawn." in entrant.get(response["Location"]).content.decode()
    again = entrant.post(url)  # a second click
    assert again["Location"] == reverse("entries:entry_detail", args=[season.entry.pk])


def test_withdrawing_after_the_deadline_is_refused(season, entrant, clock, closes):
    clock(closes + timedelta(seconds=1))

    response = entrant.post(reverse("entries:withdraw", args=[season.entry.pk]), {"reason": ""})

    assert response.status_code == 200
    assert "The call for entries has closed; entries can no longer be changed." in \
        response.content.decode()
    season.entry.refresh_from_db()
    assert season.entry.status == EntryStatus.SUBMITTED


def test_an_eligible_entry_cannot_be_withdrawn(season, entrant):
    Entry.objects.filter(pk=season.entry.pk).update(status=EntryStatus.ELIGIBLE)
    url = reverse("entries:withdraw", args=[season.entry.pk])

    held = entrant.get(url).content.decode()
    ScreeningDecision.objects.create(entry=season.entry, decision=EntryStatus.ELIGIBLE,
                                     reason="Meets every criterion", released_at=timezone.now())
    released = entrant.get(url).content.decode()

    # Before the decision is released the entrant is not told it, only that screening is on.
    assert "Your entry is being screened and can no longer be withdrawn." in held
    assert "eligible" not in held.lower().replace("ineligible", "")
    assert "This entry is eligible and can no longer be withdrawn." in released
    assert "Withdraw the entry</button>" not in released


# --- Dashboard ------------------------------------------------------------------------------------


def test_the_dashboard_lists_each_entry_with_what_is_missing_and_the_time_left(
    season, entrant, clock
):
    now = datetime.now(UTC).replace(microsecond=0)
    season.edition.call_closes_at = now + timedelta(days=3, hours=4, minutes=10)
    season.edition.save()
    clock(now)
    season.draft.answers = {"title": "Half done"}
    season.draft.title = "Half done"
    season.draft.save()

    page = entrant.get(reverse("entries:dashboard")).content.decode()

    rows = re.findall(r"<tr>.*?</tr>", page.split("<tbody>")[1], re.S)
    assert len(rows) == 2
    draft_row = next(r for r in rows if "Half done" in r)
    assert "3 things to complete" in draft_row
    assert "Tech-InnovaCity" in draft_row
    assert "status-draft" in draft_row
    assert "3 days 4 hours left" in draft_row
    seoul = timezone.localtime(season.edition.call_closes_at, season.edition.tz)
    assert f'{seoul:%-d %B %Y, %H:%M} <span class="tz-name">(Asia/Seoul)</span>' in draft_row
    assert f'href="{reverse("entries:step", args=[season.draft.pk, "basics"])}"' in draft_row
    submitted_row = next(r for r in rows if "SCP00-TI-0001" in r)
    assert "Nothing missing" in submitted_row


def test_the_dashboard_shows_the_deadline_in_the_editions_zone_and_the_viewers(season, entrant):
    season.edition.call_closes_at = datetime(2030, 6, 30, 14, 59, tzinfo=UTC)
    season.edition.save()
    user = season.users["entrant"]
    user.time_zone = "America/New_York"
    user.save()

    page = entrant.get(reverse("entries:dashboard")).content.decode()

    assert '30 June 2030, 23:59 <span class="tz-name">(Asia/Seoul)</span>' in page
    assert "your time: 30 June 2030, 10:59 (America/New_York)" in page


def test_the_dashboard_uses_each_entrants_extension(season, entrant, clock):
    now = datetime.now(UTC).replace(microsecond=0)
    season.edition.call_closes_at = now - timedelta(hours=1)
    season.edition.save()
    Extension.objects.create(edition=season.edition, entrant=season.entrant,
                             deadline=now + timedelta(days=1, hours=23, minutes=30),
                             reason="Flood")
    clock(now)

    page = entrant.get(reverse("entries:dashboard")).content.decode()

    assert page.count("1 day 23 hours left") == 3  # two entries, and the call itself
    other = season.client("other_entrant").get(reverse("entries:dashboard")).content.decode()
    assert "The call for entries is not open" in other


def test_the_dashboard_without_a_profile_asks_for_one(season):
    page = season.client("judge").get(reverse("entries:dashboard")).content.decode()

    assert "First, tell us who enters" in page
    assert f'href="{reverse("entries:profile")}"' in page
    assert f'href="{reverse("entries:start", args=[season.category.pk])}"' in page


def test_the_dashboard_makes_the_same_queries_for_1_and_50_entries(season, count_queries):
    entrant = EntrantFactory(name="Busy City")
    user = EntrantMemberFactory(entrant=entrant, user__email="busy@example.org").user
    Extension.objects.create(edition=season.edition, entrant=entrant,
                             deadline=season.edition.call_closes_at + timedelta(days=3),
                             reason="Granted")
    # One submitted entry from the start: the page then has every part it has with fifty
    # (a submitted entry adds the results slot's one query, whatever the number).
    EntryFactory(edition=season.edition, category=season.category, entrant=entrant,
                 form=season.draft.form, submitted=True)
    from tests.conftest import CommittingClient
    from tests.entries.conftest import BACKEND

    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    url = reverse("entries:dashboard")
    client.get(url)  # warm up (session, caches)
    one = count_queries(lambda: client.get(url))
    for index in range(49):
        EntryFactory(edition=season.edition, category=season.category, entrant=entrant,
                     form=season.draft.form, submitted=index % 3 == 0,
                     answers={"title": f"Entry {index}"} if index % 2 else {})
    fifty = count_queries(lambda: client.get(url))

    assert Entry.objects.filter(entrant=entrant).count() == 50
    assert fifty == one, (one, fifty)


def test_the_core_dashboard_links_entrants_to_their_entries(season, entrant):
    page = entrant.get(reverse("dashboard")).content.decode()

    assert f'href="{reverse("entries:dashboard")}"' in page


# --- Dates in e-mails -----------------------------------------------------------------------------


def test_iso_dates_from_email_contexts_are_shown_in_the_given_zone():
    assert localdt("2023-06-30T14:59:00Z", "Asia/Seoul") == "30 June 2023, 23:59 (Asia/Seoul)"
    assert localdt("2023-06-30T14:59:00.123Z", "Europe/Paris") == \
        "30 June 2023, 16:59 (Europe/Paris)"
    assert localdt("not a date", "Asia/Seoul") == "not a date"


def test_time_left_reads_naturally():
    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert time_left(now + timedelta(days=3, hours=4, minutes=5), now) == "3 days 4 hours left"
    assert time_left(now + timedelta(days=1), now) == "1 day left"
    assert time_left(now + timedelta(hours=5, minutes=12), now) == "5 hours 12 minutes left"
    assert time_left(now + timedelta(minutes=1), now) == "1 minute left"
    assert time_left(now + timedelta(seconds=30), now) == "less than a minute left"
    assert time_left(now, now) == "closed"


def test_deadlines_show_only_where_the_entrant_can_still_act(season, entrant):
    """A draft or a submitted entry in an open call shows its deadline and the time left; a
    withdrawn or screened one shows none (nothing is left to do before it)."""
    withdrawn = EntryFactory(edition=season.edition, category=season.category,
                             entrant=season.entrant, form=season.entry.form, submitted=True,
                             reference="SCP00-TI-0002", status=EntryStatus.WITHDRAWN,
                             title="Given up")
    ScreeningDecision.objects.create(entry=season.entry, decision=EntryStatus.ELIGIBLE,
                                     reason="Fine", released_at=timezone.now())
    Entry.objects.filter(pk=season.entry.pk).update(status=EntryStatus.ELIGIBLE)

    def deadline_shown(pk):
        page = entrant.get(reverse("entries:entry_detail", args=[pk])).content.decode()
        return "time-left" in page or "Deadline" in page

    assert deadline_shown(season.draft.pk)
    assert not deadline_shown(season.entry.pk)
    assert not deadline_shown(withdrawn.pk)
    dashboard = entrant.get(reverse("entries:dashboard")).content.decode()
    rows = {row.split("</th>")[0]: row.split("</tr>")[0] for row in dashboard.split("<tr>")[1:]}
    left = [title for title, row in rows.items()
            if re.search(r"\d+ (days?|hours?|minutes?)\b.* left", row.split("</th>", 1)[-1])]
    assert len(left) == 1  # the draft (the screened entry and the withdrawn one: none)
    assert "Given up" not in left[0] and "SCP00-TI-0001" not in left[0]
