"""The group messages' history and a sent message's recipients in the staff lists' shape:
filters, sort keys only from the list's own, page sizes within bounds, the export of exactly
the filtered rows (CSV and XLSX) to the edition's staff only, a saved view of the history, and
as many queries for 1 row as for many."""

import pytest
from django.urls import reverse

from prize import messaging
from prize.enums import NotificationStatus
from prize.message_models import Message, MessageRecipient, MessageState
from prize.models import Notification, SavedView
from tests.list_downloads import exported, exported_xlsx
from tests.prize.test_messages import _send_to, draft, url

pytestmark = pytest.mark.django_db

JUDGES = "judging.judges"


def subjects(response) -> list[str]:
    return [m.subject for m in response.context["page"].object_list]


def emails(response) -> list[str]:
    return [copy.user.email for copy in response.context["page"].object_list]


def message(season, subject, *, state=MessageState.SENT, audience="entries.entrants"):
    return Message.objects.create(edition=season.edition, author=season.users["secretariat"],
                                  audience=audience, subject=subject, body="Text.",
                                  state=state, recipient_count=0)


@pytest.fixture
def history(season):
    """Three messages: a sent one to entrants, a draft to entrants, a sent one to judges."""
    return [message(season, "Results are out"),
            message(season, "Draft about the ceremony", state=MessageState.DRAFT),
            message(season, "Panel briefing", audience=JUDGES)]


# --- The history ---------------------------------------------------------------------------------


def test_the_history_filters_by_state_group_and_subject(season, history):
    client = season.client("secretariat")
    target = url("staff_messages", season)

    sent = client.get(target, {"state": "sent", "sort": "subject"})
    judges = client.get(target, {"audience": JUDGES})
    found = client.get(target, {"q": "CEREMONY"})
    odd = client.get(target, {"state": "lost", "audience": "nobody", "q": "results"})

    assert subjects(sent) == ["Panel briefing", "Results are out"]
    assert subjects(judges) == ["Panel briefing"]
    assert subjects(found) == ["Draft about the ceremony"]
    assert subjects(odd) == ["Results are out"]  # the valid filter still applies
    html = odd.content.decode()
    assert "Some filters were not understood and are ignored" in html
    assert "State: “lost”" in html and "To: “nobody”" in html


@pytest.mark.parametrize("sort", ["author__email", "body", "--subject", "subject desc", "-"])
def test_the_history_sorts_only_by_its_own_keys(season, history, sort):
    client = season.client("secretariat")
    response = client.get(url("staff_messages", season), {"sort": sort})
    by_subject = client.get(url("staff_messages", season), {"sort": "-subject"})

    assert response.status_code == 200
    assert response.context["list"].sort == "-when"
    assert "sort: “" in response.content.decode()
    assert subjects(by_subject) == ["Results are out", "Panel briefing",
                                    "Draft about the ceremony"]


@pytest.mark.parametrize(("per_page", "size"), [
    ("50", 30), ("25", 25), ("26", 25), ("0", 25), ("-1", 25), ("x", 25), ("9" * 50, 25),
])
def test_the_history_page_size_is_one_of_the_offered_sizes(season, per_page, size):
    Message.objects.bulk_create([
        Message(edition=season.edition, audience="entries.entrants", subject=f"Note {n}",
                body="Text.") for n in range(30)])
    response = season.client("secretariat").get(url("staff_messages", season),
                                                 {"per_page": per_page})

    assert response.status_code == 200
    assert len(subjects(response)) == size
    assert f'<option value="{size if size != 30 else 50}" selected>' in response.content.decode()


def test_the_history_export_holds_exactly_the_filtered_rows(season, history):
    client = season.client("coordinator")  # the coordinators read the history
    query = {"state": "sent", "sort": "-subject", "page": "4"}

    header, rows = exported(client, url("staff_messages", season), query)
    sheet = exported_xlsx(client, url("staff_messages", season), query)

    assert header == ["Subject", "To", "State", "When (UTC)", "Recipients", "Delivered",
                      "Failed", "Waiting"]
    assert [r[:3] for r in rows] == [["Results are out", "Entrants", "Sent"],
                                     ["Panel briefing", "Judges", "Sent"]]
    assert [row[0] for row in sheet[1:]] == ["Results are out", "Panel briefing"]


@pytest.mark.parametrize(("persona", "status"), [
    ("entrant", 404), ("judge", 404), ("other_entrant", 404), ("anonymous", 302)])
def test_the_history_export_is_the_edition_staffs_alone(season, history, persona, status):
    response = season.client(persona).get(url("staff_messages", season), {"format": "csv"})
    assert response.status_code == status
    assert "attachment" not in response.get("Content-Disposition", "")


def test_a_saved_view_of_the_history_opens_it_again(season, history):
    client = season.client("secretariat")
    response = client.post(reverse("staff_lists:save"), {
        "list": "messages", "edition": season.edition.pk, "name": "Judges' mail",
        "query": f"audience={JUDGES}&sort=subject&colour=red"})
    view = SavedView.objects.get(user=season.users["secretariat"], name="Judges' mail")
    opened = client.get(reverse("staff_lists:open", args=[view.pk]), follow=True)

    assert response.status_code == 302
    assert view.query == f"audience={JUDGES}&sort=subject"
    assert subjects(opened) == ["Panel briefing"]


# --- A sent message's recipients --------------------------------------------------------------


@pytest.fixture
def sent(season):
    """A message sent to 4 entrants: one delivered, one failed, one waiting, one whose outbox
    row is gone."""
    message = _send_to(season, 3)
    copies = list(MessageRecipient.objects.filter(message=message).select_related("user")
                  .order_by("user__email"))
    states = [NotificationStatus.SENT, NotificationStatus.FAILED, NotificationStatus.PENDING]
    for copy, status in zip(copies, states, strict=False):
        Notification.objects.filter(pk=copy.notification_id).update(status=status)
    MessageRecipient.objects.filter(pk=copies[3].pk).update(notification=None)
    return message, [c.user.email for c in copies]


def test_the_recipients_filter_by_delivery_and_search(season, sent):
    message, people = sent
    client = season.client("secretariat")
    target = url("staff_message", season, message.pk)

    failed = client.get(target, {"delivery": "failed"})
    unrecorded = client.get(target, {"delivery": "unrecorded"})
    found = client.get(target, {"q": people[2].split("@")[0].upper()})
    odd = client.get(target, {"delivery": "bounced"})

    assert emails(failed) == [people[1]]
    assert emails(unrecorded) == [people[3]]
    assert emails(found) == [people[2]]
    assert emails(odd) == people
    assert "Delivery: “bounced”" in odd.content.decode()


def test_the_recipients_sort_only_by_their_own_keys(season, sent):
    message, people = sent
    client = season.client("secretariat")
    target = url("staff_message", season, message.pk)

    reversed_ = client.get(target, {"sort": "-recipient"})
    odd = client.get(target, {"sort": "body"})

    assert emails(reversed_) == people[::-1]
    assert emails(odd) == people and "sort: “body”" in odd.content.decode()


def test_the_recipients_export_holds_exactly_the_filtered_rows(season, sent):
    message, people = sent
    client = season.client("secretariat")
    query = {"delivery": "sent", "per_page": "25"}

    header, rows = exported(client, url("staff_message", season, message.pk), query)
    everyone = exported_xlsx(client, url("staff_message", season, message.pk),
                             {"sort": "-recipient"})

    assert header == ["Recipient", "E-mail", "Language", "Delivery", "Sent (UTC)"]
    assert [(r[1], r[3]) for r in rows] == [(people[0], "Sent")]
    assert [(row[1], row[3]) for row in everyone[1:]] == [
        (people[3], "Not recorded"), (people[2], "Pending"), (people[1], "Failed"),
        (people[0], "Sent")]
    # No copy's text (its personal links) goes into the export.
    body = MessageRecipient.objects.filter(message=message).first().body
    assert not any(body in str(cell) for row in everyone for cell in row)


def test_a_draft_has_no_recipients_export(season):
    message = draft(season)
    response = season.client("secretariat").get(url("staff_message", season, message.pk),
                                                 {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# --- Queries -------------------------------------------------------------------------------------


def test_the_lists_and_their_exports_make_the_same_queries_for_1_as_for_many(
        season, count_queries):
    client = season.client("secretariat")
    one = _send_to(season, 0)

    def counts(message):
        history, recipients = url("staff_messages", season), url("staff_message", season,
                                                                 message.pk)
        return [
            count_queries(lambda: client.get(history, {"state": "sent", "sort": "-failed"})),
            count_queries(lambda: b"".join(client.get(
                history, {"state": "sent", "format": "csv"}).streaming_content)),
            count_queries(lambda: client.get(history, {"format": "xlsx"})),
            count_queries(lambda: client.get(recipients, {"delivery": "pending",
                                                          "sort": "-sent"})),
            count_queries(lambda: b"".join(client.get(
                recipients, {"q": "example", "format": "csv"}).streaming_content)),
            count_queries(lambda: client.get(recipients, {"format": "xlsx"})),
        ]

    few = counts(one)
    many = _send_to(season, 30)
    for _n in range(30):
        messaging.draft_save(edition=season.edition, by=season.users["secretariat"],
                             audience="entries.entrants", filters={}, subject="More",
                             body="Text.")
    assert MessageRecipient.objects.filter(message=many).count() == 31
    assert counts(many) == few


def test_hostile_values_in_every_parameter_never_break_the_lists(season, sent):
    from tests.test_fuzz import QUERY_VALUES, RAW_BYTES

    message, _people = sent
    client = season.client("secretariat")
    keys = ["state", "audience", "delivery", "q", "sort", "per_page", "page", "format", "lists",
            "recipient"]
    for target in (url("staff_messages", season), url("staff_message", season, message.pk)):
        for row in range(len(QUERY_VALUES)):
            query = {key: QUERY_VALUES[(i + row) % len(QUERY_VALUES)]
                     for i, key in enumerate(keys)}
            assert client.get(target, query).status_code == 200, (target, row)
        assert client.get(f"{target}?q={RAW_BYTES}").status_code in (200, 400)
