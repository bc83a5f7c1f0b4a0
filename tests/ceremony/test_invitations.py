"""Invitations and replies, through the services: whom the edition invites (every finalist, or
the winners only), sending twice invites nobody twice, reminders only to those who have not
replied (one per click, with a new link), the reply's rules (the deadline, guests, lengths,
control characters), the e-mail (confidential, the evening's details, the reply link, a
calendar file attached) and the outbox that never shows the link to staff."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from ceremony import guestlist, services
from ceremony.enums import InvitePool
from ceremony.models import Invitation, token_digest
from entries.enums import EntryStatus
from prize.models import AuditEvent, Notification
from tests.ceremony import invitation_support as support
from tests.ceremony.invitation_support import (
    ADDRESS,
    GOOD_REPLY,
    MAP_URL,
    person_of,
    send,
    tokens_from_mail,
)
from tests.ceremony.staff_support import client_of
from tests.ceremony.test_services import decide_all
from tests.factories import EntrantFactory, EntrantMemberFactory, EntryFactory, RoundEntryFactory

# The fixtures, by name.
ceremony_fixture, invited = support.ceremony_fixture, support.invited

pytestmark = pytest.mark.django_db


# --- Sending ------------------------------------------------------------------------------------


def test_every_finalist_is_invited_once_whatever_is_sent_twice(invited):
    made, tokens = send(invited)

    assert len(made) == 7
    assert Invitation.objects.filter(edition=invited.edition).count() == 7
    assert set(tokens) == {person_of(e) for e in invited.all_finalists}
    assert len(set(tokens.values())) == 7  # each entry its own link
    # Only digests are stored: a link opens its own entry's invitation.
    for email, token in tokens.items():
        invitation = Invitation.objects.get(token_digest=token_digest(token))
        assert person_of(invitation.entry) == email
    assert not Invitation.objects.filter(token_digest__in=list(tokens.values())).exists()

    made, tokens = send(invited)
    assert made == [] and tokens == {} and len(mail.outbox) == 0
    assert Invitation.objects.count() == 7
    assert Notification.objects.filter(template="ceremony/invitation").count() == 7
    assert AuditEvent.objects.filter(action="invitation.send").count() == 1


def test_a_new_finalist_is_invited_later_and_alone(invited):
    send(invited)
    entrant = EntrantFactory(name="City of Latecomer")
    EntrantMemberFactory(entrant=entrant, user__email="late@example.org")
    late = EntryFactory(edition=invited.edition, category=invited.categories[0], entrant=entrant,
                        status=EntryStatus.ELIGIBLE, submitted=True, reference="F-LATE")
    RoundEntryFactory(round=invited.round, entry=late)

    made, tokens = send(invited)

    assert [i.entry for i in made] == [late]
    assert list(tokens) == ["late@example.org"]


def test_every_person_of_the_entrant_gets_the_email(invited):
    entry = invited.all_finalists[0]
    EntrantMemberFactory(entrant=entry.entrant, user__email="colleague@example.org")

    _made, tokens = send(invited)

    assert tokens["colleague@example.org"] == tokens[person_of(entry)]


def test_the_winners_only_when_the_edition_says_so(invited):
    invited.details.invite = InvitePool.WINNERS
    invited.details.save()
    with pytest.raises(services.CeremonyError, match="Nobody to invite"):
        services.invitations_send(edition=invited.edition, by=invited.users["secretariat"])

    decide_all(invited)  # 5 winners, confirmed

    made, _tokens = send(invited)
    winners = set(invited.edition.awards.values_list("decisions__entry_id", flat=True))
    assert {i.entry_id for i in made} == winners and len(made) == 5


def test_a_withdrawn_finalist_is_not_invited(invited):
    gone = invited.all_finalists[1]
    gone.status = EntryStatus.WITHDRAWN
    gone.save(update_fields=["status"])

    made, _tokens = send(invited)

    assert gone.pk not in {i.entry_id for i in made} and len(made) == 6


@pytest.mark.parametrize("who", ["coordinator", "judge", "entrant", "other_secretariat"])
def test_only_the_secretariat_sends(invited, who):
    with pytest.raises(services.CeremonyError):
        services.invitations_send(edition=invited.edition, by=invited.users[who])
    assert not Invitation.objects.exists()


def test_no_invitation_without_a_date_or_after_the_deadline(invited):
    invited.details.reply_by = timezone.now() - dt.timedelta(minutes=1)
    invited.details.save()
    with pytest.raises(services.CeremonyError, match="deadline has passed"):
        services.invitations_send(edition=invited.edition, by=invited.users["secretariat"])
    invited.details.reply_by = None
    invited.details.save()
    invited.edition.ceremony_at = None
    invited.edition.save(update_fields=["ceremony_at"])
    with pytest.raises(services.CeremonyError, match="date and time first"):
        services.invitations_send(edition=invited.edition, by=invited.users["secretariat"])
    assert not Invitation.objects.exists()


# --- The e-mail -----------------------------------------------------------------------------------


def test_the_email_says_what_matters_and_carries_a_calendar(invited):
    _made, tokens = send(invited)
    entry = invited.all_finalists[0]
    message = next(m for m in mail.outbox if m.to == [person_of(entry)])

    assert "Confidential" in message.subject
    for part in (message.body, message.alternatives[0][0]):
        assert "Confidential until the announcement" in part
        assert "Dongdaemun Design Plaza" in part and MAP_URL in part
        assert ADDRESS in part
        assert f"/ceremony/reply/{tokens[person_of(entry)]}/" in part
        assert entry.reference in part
        local = invited.edition.local(invited.details.reply_by)
        assert local.strftime("%H:%M") in part  # the deadline, in the edition's zone
    # Never a word of the results.
    assert "winner" not in message.body.lower().replace("winners only", "")

    (name, content, mimetype), = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    event, = calendar.walk("VEVENT")
    starts = invited.edition.local(invited.edition.ceremony_at).replace(microsecond=0)
    assert event.decoded("dtstart") == starts
    assert str(event["dtstart"].params["TZID"]) == "Asia/Seoul"
    assert calendar.walk("VTIMEZONE")  # the zone travels with it
    assert "Dongdaemun Design Plaza" in str(event["location"]) and ADDRESS in str(
        event["location"])
    assert MAP_URL in str(event["description"]) and "Confidential" in str(event["description"])
    assert str(event["uid"]).startswith(f"ceremony-{invited.edition.slug}@")
    assert event.decoded("dtend") > event.decoded("dtstart")


def test_the_outbox_never_shows_the_reply_link_to_staff(invited):
    _made, tokens = send(invited)
    row = Notification.objects.filter(template="ceremony/invitation").first()
    token = tokens[row.to_email]

    # Kept nowhere staff read it: not the row, not the audit log.
    assert token not in str(row.context) and token not in row.sealed
    assert row.sealed == "" and row.carries_credential
    assert not AuditEvent.objects.filter(after__icontains=token).exists()
    client = client_of(invited, "superuser")
    for name in ("staff_outbox_detail", "staff_outbox_html"):
        from django.urls import reverse

        html = client.get(reverse(name, args=[row.pk])).content.decode()
        assert token not in html
        assert "/ceremony/reply/" not in html
        assert "only the recipient sees it" in html


def test_an_unsent_message_keeps_the_link_sealed(invited):
    """Before it leaves (a broker down), the link is sealed in the row: staff read a
    placeholder."""
    services.invitations_send(edition=invited.edition, by=invited.users["secretariat"])
    row = Notification.objects.filter(template="ceremony/invitation").first()
    assert row.status == "pending" and row.sealed
    from prize import outbox

    rendered = outbox.render(row)
    assert "/ceremony/reply/" not in rendered.text and "only the recipient" in rendered.text
    assert "/ceremony/reply/" in outbox.render(row, reveal=True).text


# --- Reminders ------------------------------------------------------------------------------------


def remind(final, click=None, invitations=None):
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        count = services.invitation_remind(edition=final.edition, by=final.users["secretariat"],
                                           click=click, invitations=invitations)
    return count, tokens_from_mail()


def test_reminders_go_only_to_those_who_have_not_replied_one_per_click(invited):
    _made, first = send(invited)
    replied = Invitation.objects.order_by("pk")[:3]
    for invitation in replied:
        services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None)
    waiting = {person_of(i.entry) for i in Invitation.objects.filter(replied_at__isnull=True)}

    count, tokens = remind(invited, click="click-1")
    assert count == 4 and set(tokens) == waiting
    assert all("Reminder" in m.subject for m in mail.outbox)
    # The same click twice (a double submit) reminds nobody again.
    assert remind(invited, click="click-1") == (0, {})
    # Another click: one more each.
    count, again = remind(invited, click="click-2")
    assert count == 4 and set(again) == waiting
    assert sorted(Invitation.objects.values_list("reminders", flat=True)) == [0, 0, 0, 2, 2, 2, 2]
    # Each reminder's link works, the earlier ones are revoked.
    for email in waiting:
        assert guestlist.invitation_for_token(first[email]) is None
        assert guestlist.invitation_for_token(tokens[email]) is None
        assert person_of(guestlist.invitation_for_token(again[email]).entry) == email
    # Those who replied keep their link.
    assert guestlist.invitation_for_token(first[person_of(replied[0].entry)]) is not None


def test_one_entry_is_reminded_alone(invited):
    send(invited)
    one = Invitation.objects.order_by("pk").last()
    count, tokens = remind(invited, invitations=[one])
    assert count == 1 and list(tokens) == [person_of(one.entry)]


def test_reminders_are_the_secretariats(invited):
    send(invited)
    with pytest.raises(services.CeremonyError):
        services.invitation_remind(edition=invited.edition, by=invited.users["coordinator"])
    assert not Invitation.objects.filter(reminders__gt=0).exists()


# --- Replies ---------------------------------------------------------------------------------


@pytest.fixture
def invitation(invited):
    send(invited)
    return Invitation.objects.order_by("pk").first()


def test_a_reply_is_saved_and_changed_until_the_deadline(invitation):
    saved, changed = services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None)
    assert changed
    saved.refresh_from_db()
    assert saved.attending is True and saved.recipient_name == "KIM Min-jun"
    assert saved.guests == ["Lee Ji-eun", "Park Seo-yeon"]
    assert saved.pronunciation == "kim min-JOON" and saved.replied_by is None

    services.reply_save(invitation=invitation, data={"attending": False}, by=None)
    saved.refresh_from_db()
    assert saved.attending is False and saved.guests == [] and saved.recipient_name == ""
    assert AuditEvent.objects.filter(action="invitation.reply").count() == 2


def test_the_same_reply_twice_saves_once(invitation):
    services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None)
    first = Invitation.objects.get(pk=invitation.pk).replied_at

    _saved, changed = services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None)

    assert not changed
    assert Invitation.objects.get(pk=invitation.pk).replied_at == first
    assert AuditEvent.objects.filter(action="invitation.reply").count() == 1


def test_a_reply_after_the_deadline_is_refused(invitation, invited):
    services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None)
    after = invited.details.reply_by + dt.timedelta(seconds=1)

    with pytest.raises(services.CeremonyError, match="Replies closed on"):
        services.reply_save(invitation=invitation, data={"attending": False}, by=None, at=after)

    assert Invitation.objects.get(pk=invitation.pk).attending is True


def test_without_a_reply_date_replies_close_when_the_ceremony_starts(invitation, invited):
    invited.details.reply_by = None
    invited.details.save()
    with pytest.raises(services.CeremonyError, match="Replies closed"):
        services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None,
                            at=invited.edition.ceremony_at + dt.timedelta(minutes=1))


def test_a_withdrawn_entrys_invitation_is_revoked(invitation):
    token_entry = invitation.entry
    token_entry.status = EntryStatus.WITHDRAWN
    token_entry.save(update_fields=["status"])
    with pytest.raises(services.CeremonyError, match="withdrawn"):
        services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None)


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"guests": ["A", "B", "C"], "guest_count": 3}, "guest_names", "At most 2 guests"),
    ({"guests": ["A", "B"], "guest_count": 1}, "guest_names", "You said 1 guest but named 2"),
    ({"guests": ["A"], "guest_count": 2}, "guest_names", "You said 2 guests but named 1"),
    ({"recipient_name": "x" * 201}, "recipient_name", "at most 200 characters"),
    ({"recipient_title": "x" * 201}, "recipient_title", "at most 200 characters"),
    ({"pronunciation": "x" * 201}, "pronunciation", "at most 200 characters"),
    ({"accessibility": "x" * 1001}, "accessibility", "at most 1000 characters"),
    ({"dietary": "x" * 5000}, "dietary", "at most 1000 characters"),
    ({"guests": ["x" * 201], "guest_count": 1}, "guest_names", "at most 200 characters"),
    ({"recipient_name": "  "}, "recipient_name", "Give the name"),
    ({"attending": None}, "attending", "Say whether"),
    ({"attending": "yes"}, "attending", "Say whether"),
])
def test_bad_replies_are_refused_with_a_reason(invitation, change, field, message):
    with pytest.raises(services.CeremonyError) as caught:
        services.reply_save(invitation=invitation, data={**GOOD_REPLY, **change}, by=None)
    assert message in " ".join(caught.value.message_dict[field])
    assert Invitation.objects.get(pk=invitation.pk).replied_at is None


def test_control_characters_never_reach_the_database(invitation):
    nasty = {**GOOD_REPLY, "recipient_name": "KIM\x00 Min\x07-jun",
             "guests": ["Lee\x00 Ji-eun", "\x00", "Park\x1b Seo-yeon"],
             "accessibility": "Ramp\x00\x0bplease", "dietary": "\x00"}
    saved, _changed = services.reply_save(invitation=invitation, data=nasty, by=None)
    saved.refresh_from_db()
    assert saved.recipient_name == "KIM Min-jun"
    assert saved.guests == ["Lee Ji-eun", "Park Seo-yeon"]  # an empty name is no guest
    assert saved.accessibility == "Ramp\nplease" and saved.dietary == ""


def test_the_ceremonys_own_number_of_guests_holds(invitation, invited):
    invited.details.max_guests = 0
    invited.details.save()
    with pytest.raises(services.CeremonyError, match="At most 0 guests"):
        services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None)
    services.reply_save(invitation=invitation, data={**GOOD_REPLY, "guests": [],
                                                     "guest_count": 0}, by=None)


def test_the_totals_for_the_venue(invited):
    send(invited)
    rows = list(Invitation.objects.order_by("pk"))
    services.reply_save(invitation=rows[0], data=GOOD_REPLY, by=None)  # 1 + 2 guests: 3
    services.reply_save(invitation=rows[1], data={**GOOD_REPLY, "guests": [],
                                                  "guest_count": 0, "dietary": ""}, by=None)  # 1
    services.reply_save(invitation=rows[2], data={"attending": False}, by=None)
    rows[3].entry.status = EntryStatus.WITHDRAWN
    rows[3].entry.save(update_fields=["status"])

    totals = guestlist.totals(list(guestlist.invitations_of(invited.edition)))

    assert (totals.invited, totals.replied, totals.attending, totals.declined,
            totals.waiting, totals.withdrawn) == (6, 3, 2, 1, 3, 1)
    assert (totals.people, totals.guests, totals.accessibility, totals.dietary) == (4, 2, 2, 1)


# --- Outbox attachments (the generic way the calendar file travels) ----------------------------


def test_an_attachment_is_made_when_the_message_leaves_and_an_unknown_kind_fails(invited,
                                                                                monkeypatch):
    from prize import outbox

    made = []

    def note(*, text):
        made.append(text)
        return outbox.Attachment(filename="note.txt", content=text, mimetype="text/plain")

    monkeypatch.setattr(outbox, "_attachment_kinds", dict(outbox._attachment_kinds))
    outbox.register_attachment("test.note", note)
    user = invited.users["secretariat"]
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        row = outbox.notify(user, "test/hello", {
            outbox.ATTACHMENTS_KEY: [outbox.attachment("test.note", text="hello")]})
        assert made == []  # nothing made while the row is written
    assert made == ["hello"]
    (message,) = mail.outbox
    assert message.attachments == [("note.txt", "hello", "text/plain")]
    row.refresh_from_db()
    assert row.status == "sent"

    with TestCase.captureOnCommitCallbacks(execute=True):
        row = outbox.notify(user, "test/hello", {
            outbox.ATTACHMENTS_KEY: [outbox.attachment("no.such.kind")]})
    row.refresh_from_db()
    assert row.status == "failed" and "no.such.kind" in row.last_error
