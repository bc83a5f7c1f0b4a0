"""The invitation pages: the reply form by the e-mail's link and from the dashboard (a wrong,
guessed, replaced or another finalist's link is a 404; after the deadline the reply is shown
read-only and a POST refused; what was typed survives a refusal; a double submit saves once),
the calendar download, and the staff page, its exports and name cards for every persona."""

import csv
import datetime as dt
import io

import icalendar
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from ceremony import services
from ceremony.models import Invitation, ScreenLink, token_digest
from entries.enums import EntryStatus
from prize.models import AuditEvent, Notification
from tests.ceremony import invitation_support as support
from tests.ceremony.invitation_support import (
    GOOD_REPLY,
    person_of,
    send,
)
from tests.ceremony.staff_support import PERSONAS, client_of, url
from tests.ceremony.test_services import decide_all
from tests.conftest import CommittingClient

# The fixtures, by name.
ceremony_fixture, invited = support.ceremony_fixture, support.invited

pytestmark = pytest.mark.django_db

FORM = {"attending": "yes", "recipient_name": "KIM Min-jun", "recipient_title": "Mayor",
        "pronunciation": "kim min-JOON", "guest_count": "2",
        "guest_names": "Lee Ji-eun\nPark Seo-yeon", "accessibility": "Step-free access",
        "dietary": "Vegetarian"}


@pytest.fixture
def links(invited):
    """The invitations sent: {entry id: reply URL}."""
    _made, tokens = send(invited)
    out = {}
    for entry in invited.all_finalists:
        out[entry.pk] = reverse("ceremony:reply", args=[tokens[person_of(entry)]])
    invited.links = out
    return out


def first(invited):
    return invited.all_finalists[0]


# --- The reply page by the link ------------------------------------------------------------


def test_the_link_opens_the_form_without_login(invited, links):
    entry = first(invited)
    response = CommittingClient().get(links[entry.pk])

    assert response.status_code == 200
    html = response.content.decode()
    assert entry.reference in html and "Confidential until the announcement" in html
    assert "Dongdaemun Design Plaza" in html and "281 Eulji-ro" in html
    assert 'name="guest_names"' in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_a_reply_by_the_link_is_saved(invited, links):
    entry = first(invited)
    client = CommittingClient()
    response = client.post(links[entry.pk], FORM, follow=True)

    assert "your reply is saved" in response.content.decode()
    invitation = Invitation.objects.get(entry=entry)
    assert invitation.attending and invitation.guests == ["Lee Ji-eun", "Park Seo-yeon"]
    assert invitation.recipient_name == "KIM Min-jun"
    # The form shows the reply to change it.
    html = client.get(links[entry.pk]).content.decode()
    assert "Park Seo-yeon" in html and "Save the changes" in html


@pytest.mark.parametrize("token", ["guess", "A" * 43, "a" * 100])
def test_a_wrong_or_guessed_link_is_404(invited, links, token):
    assert CommittingClient().get(reverse("ceremony:reply", args=[token])).status_code == 404
    assert CommittingClient().post(reverse("ceremony:reply", args=[token]),
                                   FORM).status_code == 404
    assert not Invitation.objects.filter(replied_at__isnull=False).exists()


def test_other_links_are_not_reply_links(invited, links):
    """A screen link's token, a judge's invitation token: not a reply link."""
    ScreenLink.objects.create(edition=invited.edition, label="Hall",
                              token_digest=token_digest("screen-token"))
    assert CommittingClient().get(reverse("ceremony:reply", args=["screen-token"])
                                  ).status_code == 404


def test_a_replaced_link_is_404(invited, links):
    entry = first(invited)
    services.invitation_remind(edition=invited.edition, by=invited.users["secretariat"])
    assert CommittingClient().get(links[entry.pk]).status_code == 404


def test_a_withdrawn_entrys_link_is_404(invited, links):
    entry = first(invited)
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status"])
    assert CommittingClient().get(links[entry.pk]).status_code == 404


def test_a_link_of_another_finalist_answers_only_for_that_finalist(invited, links):
    mine, theirs = invited.all_finalists[0], invited.all_finalists[1]
    # Their link changes only their reply, never mine; my dashboard route does not open theirs.
    CommittingClient().post(links[theirs.pk], FORM)
    assert Invitation.objects.get(entry=theirs).replied_at is not None
    assert Invitation.objects.get(entry=mine).replied_at is None
    client = client_of(invited, "entrant")
    assert person_of(mine) == invited.users["entrant"].email
    other = Invitation.objects.get(entry=theirs)
    assert client.get(reverse("ceremony:member_reply", args=[other.pk])).status_code == 404
    assert client.post(reverse("ceremony:member_reply", args=[other.pk]),
                       {**FORM, "recipient_name": "Intruder"}).status_code == 404
    assert Invitation.objects.get(entry=theirs).recipient_name == "KIM Min-jun"


def test_after_the_deadline_the_reply_is_read_only_and_a_post_refused(invited, links):
    entry = first(invited)
    client = CommittingClient()
    client.post(links[entry.pk], FORM)
    invited.details.reply_by = timezone.now() - dt.timedelta(minutes=1)
    invited.details.save()

    page = client.get(links[entry.pk])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Replies closed" in html and "<form method=\"post\" action" not in html
    assert "KIM Min-jun" in html and "Lee Ji-eun" in html

    response = client.post(links[entry.pk], {**FORM, "attending": "no"})
    assert response.status_code == 400
    assert "Replies are closed" in response.content.decode()
    assert Invitation.objects.get(entry=entry).attending is True


@pytest.mark.parametrize(("change", "message"), [
    ({"guest_count": "3", "guest_names": "A\nB\nC"}, "Ensure this value is less than or equal"),
    ({"guest_count": "2", "guest_names": "Only one"}, "You said 2 guests but named 1"),
    ({"guest_count": "0", "guest_names": "Someone"}, "You said 0 guests but named 1"),
    ({"recipient_name": "x" * 300}, "at most 200 characters"),
    ({"dietary": "x" * 1001}, "at most 1000 characters"),
    ({"guest_names": "x" * 5000}, "at most"),
    ({"guest_count": "99999999999999999999"}, "less than or equal"),
    ({"attending": "maybe"}, "Select a valid choice"),
    ({"recipient_name": ""}, "Give the name of the person"),
])
def test_a_refused_reply_keeps_what_was_typed(invited, links, change, message):
    entry = first(invited)
    typed = {**FORM, "accessibility": "A ramp to the stage, please", **change}

    response = CommittingClient().post(links[entry.pk], typed)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "A ramp to the stage, please" in html  # nothing typed is lost
    if change.get("recipient_name", "x")[:1] != "x":
        assert "Vegetarian" in html
    assert Invitation.objects.get(entry=entry).replied_at is None


def test_nul_bytes_in_a_reply_are_dropped(invited, links):
    entry = first(invited)
    response = CommittingClient().post(links[entry.pk], {
        **FORM, "recipient_name": "KIM\x00 Min-jun", "guest_names": "Lee\x00 Ji-eun\nPark",
        "dietary": "\x00"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(entry=entry)
    assert invitation.recipient_name == "KIM Min-jun"
    assert invitation.guests == ["Lee Ji-eun", "Park"] and invitation.dietary == ""


def test_a_double_submit_saves_once(invited, links):
    entry = first(invited)
    client = CommittingClient()
    assert client.post(links[entry.pk], FORM).status_code == 302
    assert client.post(links[entry.pk], FORM).status_code == 302
    assert AuditEvent.objects.filter(action="invitation.reply").count() == 1


def test_the_calendar_file_downloads_from_the_reply_page(invited, links):
    entry = first(invited)
    token = links[entry.pk].rstrip("/").rsplit("/", 1)[1]
    response = CommittingClient().get(reverse("ceremony:reply_ics", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert ".ics" in response["Content-Disposition"]
    event, = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert "Dongdaemun Design Plaza" in str(event["location"])
    assert CommittingClient().get(reverse("ceremony:reply_ics", args=["guess"])
                                  ).status_code == 404


# --- From the dashboard ------------------------------------------------------------------------


def test_the_entrant_replies_from_the_dashboard_without_the_link(invited, links):
    client = client_of(invited, "entrant")
    dashboard = client.get(reverse("entries:dashboard")).content.decode()
    invitation = Invitation.objects.get(entry=first(invited))
    target = reverse("ceremony:member_reply", args=[invitation.pk])
    assert "Ceremony invitations" in dashboard and target in dashboard
    assert "You have not replied yet." in dashboard

    response = client.post(target, FORM, follow=True)

    assert "your reply is saved" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.replied_by == invited.users["entrant"]
    assert "You replied: attending." in client.get(reverse("entries:dashboard")
                                                   ).content.decode()
    ics = client.get(reverse("ceremony:member_reply_ics", args=[invitation.pk]))
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_dashboard_route_is_the_members_only(invited, links, persona):
    invitation = Invitation.objects.get(entry=first(invited))
    target = reverse("ceremony:member_reply", args=[invitation.pk])
    response = client_of(invited, persona).get(target)
    if persona == "entrant":
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 404  # staff too: it is the entrant's own page


def test_no_invitation_no_panel(invited):
    dashboard = client_of(invited, "entrant").get(reverse("entries:dashboard")).content.decode()
    assert "Ceremony invitations" not in dashboard


# --- The staff page -----------------------------------------------------------------------------

STAFF = {"coordinator", "secretariat", "superuser"}
PAGES = [
    ("staff_invitations", []),
    ("staff_invitations_export", ["csv"]),
    ("staff_invitations_export", ["xlsx"]),
    ("staff_invitation_badges", []),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_staff_pages_for_every_persona(invited, links, persona, name, args):
    target = url(invited, name, *args)
    response = client_of(invited, persona).get(target)
    if persona in STAFF:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={target}"
    else:
        assert response.status_code == 404


def test_an_unknown_export_format_is_404(invited):
    client = client_of(invited, "secretariat")
    assert client.get(url(invited, "staff_invitations_export", "pdf")).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ["send", "remind"])
def test_only_the_secretariat_sends_and_reminds(invited, persona, action):
    if action == "remind":
        send(invited)
    before = Notification.objects.count()
    response = client_of(invited, persona).post(url(invited, "staff_invitations"),
                                                {"action": action, "click": "c1"})
    if persona in {"secretariat", "superuser"}:
        assert response.status_code == 302
        assert Notification.objects.count() == before + 7
    else:
        assert response.status_code == (302 if persona == "anonymous" else 404)
        assert Notification.objects.count() == before


def test_the_staff_page_tells_who_replied_what(invited, links):
    rows = list(Invitation.objects.order_by("pk"))
    services.reply_save(invitation=rows[0], data=GOOD_REPLY, by=None)
    services.reply_save(invitation=rows[1], data={"attending": False}, by=None)

    html = client_of(invited, "coordinator").get(url(invited, "staff_invitations")
                                                 ).content.decode()

    assert "KIM Min-jun" in html and "kim min-JOON" in html and "Lee Ji-eun" in html
    assert "Not attending" in html and "No reply yet" in html
    assert "Step-free access to the stage" in html
    assert 'name="action" value="remind"' not in html  # coordinators read
    secretariat = client_of(invited, "secretariat").get(url(invited, "staff_invitations"))
    assert secretariat.content.decode().count('name="action" value="remind"') == 6  # 5 + all


def test_sending_and_reminding_from_the_page(invited):
    client = client_of(invited, "secretariat")
    page = client.get(url(invited, "staff_invitations")).content.decode()
    assert "Invite 7 entries" in page

    response = client.post(url(invited, "staff_invitations"), {"action": "send"}, follow=True)
    assert "7 entries are invited" in response.content.decode()
    response = client.post(url(invited, "staff_invitations"), {"action": "send"}, follow=True)
    assert "nobody was invited twice" in response.content.decode()
    assert Invitation.objects.count() == 7

    one = Invitation.objects.order_by("pk").first()
    data = {"action": "remind", "invitation": str(one.pk), "click": "abc"}
    response = client.post(url(invited, "staff_invitations"), data, follow=True)
    assert "A reminder goes to 1 entry" in response.content.decode()
    response = client.post(url(invited, "staff_invitations"), data, follow=True)  # again
    assert "No reminder was sent" in response.content.decode()
    one.refresh_from_db()
    assert one.reminders == 1


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "x", "\x00"])
def test_a_bad_invitation_to_remind_is_refused(invited, links, value):
    response = client_of(invited, "secretariat").post(
        url(invited, "staff_invitations"), {"action": "remind", "invitation": value})
    assert response.status_code == 400
    assert not Invitation.objects.filter(reminders__gt=0).exists()


def test_an_unknown_action_is_refused(invited):
    response = client_of(invited, "secretariat").post(url(invited, "staff_invitations"),
                                                      {"action": "explode"})
    assert response.status_code == 400


# --- Exports and name cards --------------------------------------------------------------------


def reply_with_a_formula(invited):
    rows = list(Invitation.objects.order_by("pk"))
    services.reply_save(invitation=rows[0], data={
        **GOOD_REPLY, "recipient_name": "=HYPERLINK(\"http://evil\")",
        "guests": ["+1+1", "@SUM(A1)"]}, by=None)
    return rows[0]


def test_the_csv_export_keeps_formulas_out(invited, links):
    reply_with_a_formula(invited)
    response = client_of(invited, "coordinator").get(
        url(invited, "staff_invitations_export", "csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["Reference", "Project title", "Entrant"]
    assert len(table) == 8
    row = next(r for r in table if r[8].startswith("'="))
    assert row[8] == "'=HYPERLINK(\"http://evil\")"
    assert row[12] == "+1+1; @SUM(A1)" or row[12].startswith("'")
    assert row[6] == "Attending" and row[11] == "2" and row[13] == "3"


def test_the_xlsx_export(invited, links):
    reply_with_a_formula(invited)
    response = client_of(invited, "secretariat").get(
        url(invited, "staff_invitations_export", "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Reference" and len(values) == 8
    names = [row[8] for row in values[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_name_cards_never_say_who_won(invited):
    invited.details.invite = "winners"
    invited.details.save()
    decide_all(invited)
    send(invited)
    for invitation in Invitation.objects.all():
        services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None)

    html = client_of(invited, "secretariat").get(url(invited, "staff_invitation_badges")
                                                 ).content.decode()

    assert html.count('class="badge-card"') == 15  # 5 entries: 1 on stage + 2 guests each
    assert "Finalist" in html and "Guest" in html
    body = html.split('class="badges"', 1)[1]
    for word in ("Winner", "Gold", "Silver", "Leadership", "Special Mention"):
        assert word not in body
    assert "@page" in html and "size: A4" in html
