"""Group messages: who may write and read them, merge fields, preview and count, sending once
(now, twice, scheduled), the recipient's language, the messages area, bounded queries, and bad
input that never breaks a page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from entries.enums import EntryStatus
from prize import messaging
from prize.enums import NotificationStatus, Role
from prize.message_models import Message, MessageRecipient, MessageState
from prize.models import AuditEvent, Notification
from tests.factories import EntrantMemberFactory, EntryFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

ENTRANTS = "entries.entrants"


@pytest.fixture(autouse=True)
def _names(season):
    """The entrant is called Min-ji (merge fields use the first name)."""
    user = season.users["entrant"]
    user.name = "Min-ji Park"
    user.save(update_fields=["name"])


def url(name, season, *args):
    return reverse(f"messaging:{name}", args=[season.edition.slug, *args])


def compose_data(audience=ENTRANTS, subject="News for {{ entry_reference }}",
                 body="Dear {{ name }},\n\nYour entry {{ entry_title }} is in. "
                      "See {{ entry_link }} before {{ deadline }}.", **filters):
    return {"audience": audience, "subject": subject, "body": body,
            **{f"f-{key}": value for key, value in filters.items()}}


def draft(season, **kwargs) -> Message:
    return messaging.draft_save(
        edition=season.edition, by=season.users["secretariat"],
        audience=kwargs.pop("audience", ENTRANTS), filters=kwargs.pop("filters", {}),
        subject=kwargs.pop("subject", "Hello {{ name }}"),
        body=kwargs.pop("body", "Your entry: {{ entry_title }} ({{ entry_reference }})."))


# --- Who may see and do what ---------------------------------------------------------------------

READERS = {"secretariat": 200, "coordinator": 200, "superuser": 200, "entrant": 404,
           "other_entrant": 404, "judge": 404}
WRITERS = {**READERS, "coordinator": 404}


@pytest.mark.parametrize("persona", ["anonymous", *READERS])
def test_history_and_message_pages_open_to_the_editions_staff_only(season, persona):
    message = draft(season)
    client = season.client(persona)
    for target in (url("staff_messages", season), url("staff_message", season, message.pk)):
        response = client.get(target)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == READERS[persona], (target, persona)


@pytest.mark.parametrize("persona", ["anonymous", *WRITERS])
def test_only_the_secretariat_and_superusers_write_and_send(season, persona):
    message = draft(season)
    client = season.client(persona)
    compose = client.get(url("staff_compose", season))
    send = client.post(url("staff_send", season, message.pk), {"when": "now", "confirm": "on"})
    if persona == "anonymous":
        assert compose.status_code == 302 and send.status_code == 302
        assert Notification.objects.count() == 0
        return
    assert compose.status_code == WRITERS[persona]
    if WRITERS[persona] == 200:
        assert send.status_code == 302
        assert Message.objects.get(pk=message.pk).state == MessageState.SENT
    else:
        assert send.status_code == 404
        assert Message.objects.get(pk=message.pk).state == MessageState.DRAFT
        assert Notification.objects.count() == 0


def test_staff_of_another_edition_get_a_404(season):
    from tests.factories import EditionFactory

    other = EditionFactory(is_current=False)
    stranger = UserFactory(email="stranger@example.org")
    RoleFactory(user=stranger, edition=other, role=Role.SECRETARIAT)
    client = season.client("anonymous")
    client.force_login(stranger, backend="allauth.account.auth_backends.AuthenticationBackend")
    message = draft(season)
    assert client.get(url("staff_messages", season)).status_code == 404
    assert client.get(url("staff_message", season, message.pk)).status_code == 404
    assert client.post(url("staff_send", season, message.pk),
                       {"when": "now", "confirm": "on"}).status_code == 404


# --- Writing, merge fields, preview, count -----------------------------------------------------


def test_the_secretariat_writes_a_draft_and_sees_a_real_recipients_preview(season):
    client = season.client("secretariat")
    response = client.post(url("staff_compose", season), compose_data())
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("staff_message", season, message.pk)
    assert message.state == MessageState.DRAFT and Notification.objects.count() == 0
    page = client.get(url("staff_message", season, message.pk)).content.decode()
    assert "It goes to 1 person" in page
    assert "News for SCP00-TI-0001" in page
    assert "Your entry Smart crossings for Seoul is in." in page
    assert "{{ name }}" not in page


def test_the_preview_can_be_shown_as_another_matching_recipient(season):
    colleague = EntrantMemberFactory(entrant=season.other_entrant,
                                     user__email="lyon@example.org", user__name="Claire").user
    EntryFactory(edition=season.edition, category=season.category,
                 entrant=season.other_entrant, form=season.entry.form, submitted=True,
                 reference="SCP00-TI-0099", title="Lyon lights")
    message = draft(season, filters={"status": ["submitted"]})
    client = season.client("secretariat")
    page = client.get(url("staff_message", season, message.pk)).content.decode()
    assert "It goes to 3 people" in page  # two members of Lyon's entrant, one of Seoul's
    page = client.get(url("staff_message", season, message.pk)
                      + f"?recipient={colleague.pk}").content.decode()
    assert "Hello Claire" in page and "Lyon lights (SCP00-TI-0099)" in page
    # someone outside the group is never previewed: the first matching person is shown
    page = client.get(url("staff_message", season, message.pk)
                      + f"?recipient={season.users['judge'].pk}").content.decode()
    assert "judge@example.org" not in page


def test_an_unknown_merge_field_is_refused_with_its_name(season):
    client = season.client("secretariat")
    response = client.post(url("staff_compose", season),
                           compose_data(body="Hello {{ password }} and {{name}}"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Unknown merge field: {{ password }}" in page
    assert "Hello {{ password }} and {{name}}" in page  # nothing typed is lost
    assert Message.objects.count() == 0


def test_a_field_the_group_cannot_fill_is_refused(season):
    client = season.client("secretariat")
    response = client.post(url("staff_compose", season),
                           compose_data(audience="judging.judges", subject="Hi",
                                        body="Your entry {{ entry_title }}"))
    assert response.status_code == 400
    assert "{{ entry_title }} cannot be filled in for Judges" in response.content.decode()


def test_the_staffs_text_is_never_run_as_a_template(season):
    message = draft(season, subject="{% now 'Y' %} {{ name }}",
                    body="{{ request }} {% debug %} <script>x</script> {{ name }}")
    subject, body = messaging.personal_copy(message, messaging.recipients_of(message)[0])
    assert subject == "{% now 'Y' %} Min-ji"
    assert body == "{{ request }} {% debug %} <script>x</script> Min-ji"
    page = season.client("secretariat").get(url("staff_message", season, message.pk))
    assert b"<script>x</script>" not in page.content


def test_the_filters_choose_the_recipients(season):
    EntrantMemberFactory(entrant=season.other_entrant, user__email="lyon@example.org")
    EntryFactory(edition=season.edition, category=season.category,
                 entrant=season.other_entrant, form=season.entry.form,
                 status=EntryStatus.WITHDRAWN)

    def emails(**filters):
        return sorted(r.user.email for r in messaging.recipients_for(
            season.edition, ENTRANTS, filters))

    assert emails() == ["entrant@example.org"]  # withdrawn entries left out by default
    assert emails(status=["withdrawn"]) == ["lyon@example.org", "other@example.org"]
    assert emails(country="FR", status=["withdrawn"]) == ["lyon@example.org",
                                                          "other@example.org"]
    assert emails(country="KR") == ["entrant@example.org"]
    assert emails(kind="individual") == []
    assert emails(category="999999") == []  # a value the form refuses reaches nobody


# --- Sending once --------------------------------------------------------------------------------


def test_send_now_mails_each_recipient_once_in_their_language(season):
    EntrantMemberFactory(entrant=season.entrant, user__email="colleague@example.org",
                         user__language="ko")
    message = draft(season)
    client = season.client("secretariat")
    data = {"when": "now", "confirm": "on"}
    first = client.post(url("staff_send", season, message.pk), data)
    second = client.post(url("staff_send", season, message.pk), data)  # a double click
    assert first.status_code == second.status_code == 302
    message.refresh_from_db()
    assert message.state == MessageState.SENT and message.recipient_count == 2
    rows = {n.to_email: n for n in Notification.objects.all()}
    assert sorted(rows) == ["colleague@example.org", "entrant@example.org"]
    assert rows["colleague@example.org"].language == "ko"
    assert rows["entrant@example.org"].language == "en"
    assert all(n.status == NotificationStatus.SENT for n in rows.values())
    assert len(mail.outbox) == 2
    sent = {m.to[0]: m for m in mail.outbox}
    assert sent["entrant@example.org"].subject == "Hello Min-ji"
    assert "Your entry: Smart crossings for Seoul (SCP00-TI-0001)." in \
        sent["entrant@example.org"].body
    assert f"/messages/{message.pk}/" in sent["entrant@example.org"].body
    copies = MessageRecipient.objects.filter(message=message)
    assert copies.count() == 2 and all(c.notification_id for c in copies)
    assert AuditEvent.objects.filter(action="message.send").count() == 1


def test_sending_twice_through_the_service_sends_once(season):
    message = draft(season)
    messaging.send_now(message=message, by=season.users["secretariat"])
    with pytest.raises(messaging.MessagingError):
        messaging.send_now(message=message, by=season.users["secretariat"])
    assert Notification.objects.count() == 1 and MessageRecipient.objects.count() == 1


def test_a_group_with_nobody_is_refused_and_the_draft_kept(season):
    message = draft(season, filters={"kind": "individual"})
    client = season.client("secretariat")
    page = client.get(url("staff_message", season, message.pk)).content.decode()
    assert "It goes to 0 people" in page and "Send the message" not in page
    response = client.post(url("staff_send", season, message.pk),
                           {"when": "now", "confirm": "on"})
    assert response.status_code == 400
    assert "Nobody matches this group now" in response.content.decode()
    message.refresh_from_db()
    assert message.state == MessageState.DRAFT and Notification.objects.count() == 0


def test_sending_asks_for_confirmation(season):
    message = draft(season)
    response = season.client("secretariat").post(url("staff_send", season, message.pk),
                                                 {"when": "now"})
    assert response.status_code == 400
    assert "Tick the box to confirm." in response.content.decode()
    assert Message.objects.get(pk=message.pk).state == MessageState.DRAFT


def test_a_scheduled_message_leaves_once_when_due(season, django_capture_on_commit_callbacks):
    message = draft(season)
    client = season.client("secretariat")
    local = (timezone.now() + timedelta(days=1)).astimezone(season.edition.tz)
    response = client.post(url("staff_send", season, message.pk), {
        "when": "later", "send_at": local.strftime("%Y-%m-%dT%H:%M"), "confirm": "on"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.state == MessageState.SCHEDULED
    assert message.send_at == local.replace(second=0, microsecond=0)
    assert messaging.send_due() == 0 and Notification.objects.count() == 0
    later = message.send_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert messaging.send_due(now=later) == 1
    assert messaging.send_due(now=later) == 0  # the beat runs again: nothing more
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="message.schedule").count() == 1


def test_a_scheduled_message_can_be_cancelled_before_it_leaves(season):
    message = draft(season)
    messaging.schedule(message=message, send_at=timezone.now() + timedelta(hours=2),
                       by=season.users["secretariat"])
    client = season.client("secretariat")
    assert client.post(url("staff_cancel", season, message.pk)).status_code == 302
    message.refresh_from_db()
    assert message.state == MessageState.CANCELLED
    assert messaging.send_due(now=timezone.now() + timedelta(hours=3)) == 0
    assert Notification.objects.count() == 0
    assert AuditEvent.objects.filter(action="message.cancel").count() == 1
    # a coordinator cannot cancel (404), and cancelling twice changes nothing
    assert season.client("coordinator").post(url("staff_cancel", season, message.pk)) \
        .status_code == 404
    assert client.post(url("staff_cancel", season, message.pk)).status_code == 302


# --- The messages area -------------------------------------------------------------------------


def test_the_recipient_reads_it_on_their_dashboard_and_nobody_else_can(season):
    message = draft(season)
    messaging.send_now(message=message, by=season.users["secretariat"])
    entrant = season.client("entrant")
    dashboard = entrant.get(reverse("entries:dashboard")).content.decode()
    assert "Messages from the organisers" in dashboard
    assert "Hello Min-ji" in dashboard and "All your messages" in dashboard
    assert "Hello Min-ji" in entrant.get(reverse("messaging:mine")).content.decode()
    detail = entrant.get(reverse("messaging:mine_detail", args=[message.pk]))
    assert detail.status_code == 200
    assert "Your entry: Smart crossings for Seoul (SCP00-TI-0001)." in detail.content.decode()
    for persona in ("other_entrant", "secretariat", "superuser", "coordinator"):
        client = season.client(persona)
        assert client.get(reverse("messaging:mine_detail", args=[message.pk])).status_code == 404
        assert "Hello Min-ji" not in client.get(
            reverse("messaging:mine")).content.decode()
    other_dashboard = season.client("other_entrant").get(reverse("entries:dashboard"))
    assert "Messages from the organisers" not in other_dashboard.content.decode()
    anonymous = season.client("anonymous").get(reverse("messaging:mine_detail",
                                                       args=[message.pk]))
    assert anonymous.status_code == 302


def test_a_draft_or_scheduled_message_is_not_in_anyones_messages(season):
    message = draft(season)
    messaging.schedule(message=message, send_at=timezone.now() + timedelta(hours=1),
                       by=season.users["secretariat"])
    entrant = season.client("entrant")
    assert entrant.get(reverse("messaging:mine_detail", args=[message.pk])).status_code == 404


def test_the_staff_tools_link_to_the_messages_page(season):
    page = season.client("coordinator").get(reverse("staff_edition", args=[season.edition.slug]))
    assert url("staff_messages", season) in page.content.decode()


# --- Bounded queries ---------------------------------------------------------------------------


def _send_to(season, n: int):
    """A message to ``n`` extra entrants (each with a submitted entry), sent."""
    for i in range(n):
        member = EntrantMemberFactory(user__email=f"city{i}@example.org")
        EntryFactory(edition=season.edition, category=season.category,
                     entrant=member.entrant, form=season.entry.form, submitted=True)
    message = draft(season)
    messaging.send_now(message=message, by=season.users["secretariat"])
    return message


def test_history_recipients_and_dashboards_make_the_same_queries_for_1_or_many(
        season, count_queries):
    secretariat, entrant = season.client("secretariat"), season.client("entrant")
    one = _send_to(season, 0)

    def pages(message):
        return {
            "history": count_queries(lambda: secretariat.get(url("staff_messages", season))),
            "recipients": count_queries(lambda: secretariat.get(
                url("staff_message", season, message.pk))),
            "dashboard": count_queries(lambda: entrant.get(reverse("entries:dashboard"))),
            "mine": count_queries(lambda: entrant.get(reverse("messaging:mine"))),
        }

    few = pages(one)
    many = _send_to(season, 20)
    for _i in range(5):
        _send_to(season, 0)
    more = pages(many)
    assert MessageRecipient.objects.filter(message=many).count() == 21
    assert more == few


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "error"), [
    ({"subject": ""}, "This field is required."),
    ({"body": "   "}, "This field is required."),
    ({"subject": "x" * 201}, "Ensure this value has at most 200 characters"),
    ({"body": "x" * 10_001}, "Ensure this value has at most 10000 characters"),
    ({"audience": "nobody.at.all"}, "Select a valid choice."),
    ({"f-status": ["sent-to-space"]}, "Select a valid choice."),
    ({"f-country": "\x00XX"}, "Select a valid choice."),
])
def test_bad_compose_input_is_refused_on_the_form(season, data, error):
    response = season.client("secretariat").post(url("staff_compose", season),
                                                 {**compose_data(), **data})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Message.objects.count() == 0


def test_nul_bytes_never_reach_the_database(season):
    response = season.client("secretariat").post(
        url("staff_compose", season), compose_data(subject="Hi\x00 there", body="A\x00B"))
    assert response.status_code == 302
    message = Message.objects.get()
    assert "\x00" not in message.subject + message.body


@pytest.mark.parametrize(("send_at", "error"), [
    ("", "Give the day and time to send it."),
    ("2001-01-01T10:00", "Choose a time in the future."),
    ("2999-01-01T10:00", "Choose a time within the next year."),
    ("99999-99-99T99:99", "Enter a valid date/time."),
    ("\x00", "Give the day and time to send it."),
])
def test_bad_times_are_refused(season, send_at, error):
    message = draft(season)
    response = season.client("secretariat").post(url("staff_send", season, message.pk), {
        "when": "later", "send_at": send_at, "confirm": "on"})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Message.objects.get(pk=message.pk).state == MessageState.DRAFT


def test_hostile_query_strings_never_break_the_pages(season):
    message = draft(season)
    client = season.client("secretariat")
    for target in (url("staff_messages", season), url("staff_message", season, message.pk),
                   url("staff_compose", season), reverse("messaging:mine")):
        for query in ("?page=99999999999999999999", "?recipient=-1", "?audience=%00",
                      "?recipient=" + "9" * 50, "?page=x"):
            assert client.get(target + query).status_code == 200, (target, query)


def test_the_preview_and_count_make_the_same_queries_for_1_or_many(season, count_queries):
    secretariat = season.client("secretariat")
    message = draft(season)
    target = url("staff_message", season, message.pk)
    few = count_queries(lambda: secretariat.get(target))
    for i in range(20):
        member = EntrantMemberFactory(user__email=f"town{i}@example.org")
        EntryFactory(edition=season.edition, category=season.category,
                     entrant=member.entrant, form=season.entry.form, submitted=True)
    assert "It goes to 21 people" in secretariat.get(target).content.decode()
    assert count_queries(lambda: secretariat.get(target)) == few


HOSTILE = ["\x00", "a\x00b\x01\x07\x1b\x7f\u200b\u202e\ufeff😀 日本語 \U0010ffff",
           "99999999999999999999999", "-1", "1e400", "x" * 100_000]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_every_field_never_break_a_page_or_are_stored(season, value):
    message = draft(season)
    client = season.client("secretariat")
    posts = {
        url("staff_compose", season): ["audience", "subject", "body", "f-status", "f-category",
                                       "f-kind", "f-country"],
        url("staff_edit", season, message.pk): ["audience", "subject", "body", "f-country"],
        url("staff_send", season, message.pk): ["when", "send_at", "confirm"],
        url("staff_cancel", season, message.pk): ["action"],
    }
    for target, fields in posts.items():
        response = client.post(target, dict.fromkeys(fields, value))
        assert response.status_code < 500, (target, response.status_code)
    for row in Message.objects.all():
        assert "\x00" not in row.subject + row.body + str(row.filters)
        assert len(row.subject) <= 200 and len(row.body) <= 10_000
    assert Notification.objects.count() == 0  # nothing hostile was ever sent
