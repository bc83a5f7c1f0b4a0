# ruff: noqa: F811 (tests take the shared ``final`` fixture by its name)
"""Entrants' data rights: the zip of one's data holds what it says and nothing unreleased; only
its owner gets it; closing an account removes the personal data and keeps the prize's record
(a winner's public page unchanged); retention anonymises exactly the unsuccessful entrants of
long-closed editions, and a second run does nothing."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ceremony import services as ceremony_services
from entries.enums import EntryStatus
from entries.models import Attachment, Entrant, Entry, EntryRevision, ScreeningDecision
from prize import privacy
from prize.enums import EditionStatus
from prize.models import AuditEvent, User
from tests.ceremony.conftest import final  # noqa: F401 (the fixture, shared)
from tests.ceremony.test_services import decide_all
from tests.entries.conftest import BACKEND
from tests.factories import (
    PASSWORD,
    EditionFactory,
    EntrantMemberFactory,
    EntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def publish(final):
    ceremony_services.publication_schedule(edition=final.edition, at=None,
                                           by=final.users["secretariat"])


def gold_of(final):
    return final.finalists[final.categories[0].pk][0]


def member(entry):
    return entry.entrant.members.select_related("user").first().user


def add_file(entry, name="plan.pdf", content=b"%PDF-1.4 the plan"):
    return Attachment.objects.create(
        entry=entry, file=ContentFile(content, name=name), original_name=name,
        content_type="application/pdf", size=len(content), sha256="0" * 64)


@pytest.fixture
def entrant_with_two_entries(final):
    """The gold winner's entrant, with a second entry (a draft with a file), a revision, a
    released screening decision on the first and an unreleased one on a third entry."""
    decide_all(final)
    gold = gold_of(final)
    add_file(gold, "plan.pdf", b"%PDF-1.4 gold plan")
    EntryRevision.objects.create(entry=gold, number=1, title=gold.title, answers=gold.answers)
    ScreeningDecision.objects.create(entry=gold, decision=EntryStatus.ELIGIBLE,
                                     reason="Meets every rule.", released_at=timezone.now())
    draft = EntryFactory(edition=final.edition, category=final.categories[1],
                         entrant=gold.entrant, title="A second idea",
                         answers={"title": "A second idea"})
    add_file(draft, "budget.pdf", b"%PDF-1.4 budget")
    held = EntryFactory(edition=final.edition, category=final.categories[1],
                        entrant=gold.entrant, submitted=True, status=EntryStatus.INELIGIBLE,
                        title="Third")
    ScreeningDecision.objects.create(entry=held, decision=EntryStatus.INELIGIBLE,
                                     reason="Not yet told: budget missing.")
    return gold, draft, held


def download(client, user, password=PASSWORD):
    client.force_login(user, backend=BACKEND)
    return client.post(reverse("privacy:download"), {"password": password})


def unzip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def everything(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_the_zip_holds_the_entrants_data_files_and_released_results(
        client, final, entrant_with_two_entries):
    gold, draft, held = entrant_with_two_entries
    publish(final)
    user = member(gold)

    archive = unzip(download(client, user))

    names = set(archive.namelist())
    data = json.loads(archive.read("data.json"))
    assert {"README.txt", "data.json", f"entries/{gold.reference}/plan.pdf",
            f"entries/{gold.reference}/copy-of-the-entry.pdf",
            f"entries/draft-{draft.pk}/budget.pdf"} <= names
    assert archive.read(f"entries/{gold.reference}/plan.pdf") == b"%PDF-1.4 gold plan"
    assert archive.read(f"entries/{gold.reference}/copy-of-the-entry.pdf").startswith(b"%PDF")
    assert data["profile"]["email"] == user.email
    assert data["entrant"]["name"] == gold.entrant.name
    by_title = {row["title"]: row for row in data["entries"]}
    assert set(by_title) == {gold.title, "A second idea", "Third"}
    assert by_title[gold.title]["screening"] == [
        {"decision": "Eligible", "reason": "Meets every rule.",
         "released": by_title[gold.title]["screening"][0]["released"]}]
    assert len(by_title[gold.title]["revisions"]) == 1
    assert by_title["Third"]["screening"] == [] and by_title["Third"]["status"] == "Submitted"
    results = {row["entry"]: row for row in data["results"]}
    assert results[gold.reference]["result"] == "Winner"
    assert results[gold.reference]["awards"][0]["award"] == "Gold"
    assert results[gold.reference]["feedback"] == [
        {"round": "Final jury", "feedback": ["Feedback for project 1"] * 2}]
    assert any(n.startswith("certificates/") and n.endswith(".pdf") for n in names)
    readme = archive.read("README.txt").decode()
    assert "data.json: entries" in readme and "copy-of-the-entry.pdf" in readme
    text = everything(archive)
    for secret in ("Not yet told", "Private on", "Feedback for project 2",
                   final.judges[0].email, final.users["secretariat"].email):
        assert secret not in text, secret
    event = AuditEvent.objects.get(action="privacy.download")
    assert event.after["files"] == len(names) - 2


def test_nothing_of_the_results_under_embargo(client, final, entrant_with_two_entries):
    gold, _draft, _held = entrant_with_two_entries

    archive = unzip(download(client, member(gold)))

    data = json.loads(archive.read("data.json"))
    assert "results" not in data
    assert not any(n.startswith("certificates/") for n in archive.namelist())
    text = everything(archive)
    for word in ("Feedback for project", "Gold", "Winner", "Valued."):
        assert word not in text, word


def test_only_the_owner_downloads(client, final):
    url = reverse("privacy:download")
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    # the URL names nobody: another entrant who asks gets their own data, never this one's
    gold, other = gold_of(final), final.others[1]
    archive = unzip(download(client, member(other)))
    text = everything(archive)
    assert gold.entrant.name not in text and member(gold).email not in text
    assert member(other).email in text


@pytest.mark.parametrize("password", ["", "wrong password", "x" * 5000])
def test_a_wrong_password_gives_no_zip(client, final, password):
    response = download(client, member(gold_of(final)), password)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action="privacy.download").exists()


def close(client, user, password=PASSWORD, confirm=None):
    client.force_login(user, backend=BACKEND)
    return client.post(reverse("privacy:close"), {
        "password": password, "confirm": user.email if confirm is None else confirm})


def test_closing_removes_the_personal_data_and_keeps_the_record(
        client, final, entrant_with_two_entries):
    gold, draft, held = entrant_with_two_entries
    publish(final)
    user = member(gold)
    email, name, entrant = user.email, user.name, gold.entrant
    client.force_login(user, backend=BACKEND)
    assert "Winner: Gold" in client.get(reverse("privacy:close")).content.decode()

    response = close(client, user)

    assert response.status_code == 302 and response["Location"] == reverse("privacy:closed")
    user.refresh_from_db()
    assert user.email == f"account-{user.pk}@closed.invalid" and user.name == ""
    assert not user.is_active and not user.has_usable_password()
    assert not user.emailaddress_set.exists()
    entrant = Entrant.objects.get(pk=entrant.pk)
    assert entrant.name == gold.entrant.name  # an organisation's name, published with its prize
    assert entrant.contact_name == "(removed)" and entrant.phone == ""
    assert entrant.contact_email.endswith("@closed.invalid")
    assert not entrant.members.exists()
    assert set(Entry.objects.filter(entrant=entrant).values_list("pk", flat=True)) == {
        gold.pk, held.pk}  # the never-submitted draft is gone, the submitted entries stay
    event = AuditEvent.objects.get(action="privacy.close")
    recorded = json.dumps([event.actor_repr, event.target_repr, event.before, event.after,
                           event.note])
    assert email not in recorded and name not in recorded
    assert event.after["drafts_deleted"] == 1 and event.after["kept_record"] is True
    # signed out, and the old address no longer signs in
    assert client.get(reverse("privacy:home")).status_code == 302
    assert not User.objects.filter(email__iexact=email).exists()


def test_a_winners_public_page_is_unchanged_after_closing(client, final):
    decide_all(final)
    publish(final)
    gold = gold_of(final)
    url = reverse("ceremony:winner", args=[final.edition.slug, gold.reference])
    nonce = re.compile(r'nonce="[^"]*"|csrfmiddlewaretoken" value="[^"]*"')
    before = nonce.sub("", client.get(url).content.decode())

    assert close(client, member(gold)).status_code == 302
    client.logout()

    after = nonce.sub("", client.get(url).content.decode())
    assert after == before
    assert gold.entrant.name in after


def test_an_individual_who_won_nothing_loses_their_name(client, final):
    other = final.others[1]
    Entrant.objects.filter(pk=other.entrant_id).update(kind="individual", name="Jane Doe",
                                                      position="Mayor")

    assert close(client, member(other)).status_code == 302

    entrant = Entrant.objects.get(pk=other.entrant_id)
    assert entrant.name == f"Former entrant {entrant.pk}" and entrant.position == ""
    assert Entry.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("wrong", None, "That is not your password"),
    (PASSWORD, "", "Type the e-mail address you log in with"),
    (PASSWORD, "someone@else.org", "Type the e-mail address you log in with"),
    (PASSWORD, "x" * 300, "Type the e-mail address you log in with"),
])
def test_closing_needs_the_password_and_the_typed_address(client, final, password, confirm,
                                                          message):
    user = member(gold_of(final))

    response = close(client, user, password=password, confirm=confirm)

    assert response.status_code == 400
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.has_usable_password()
    assert not AuditEvent.objects.filter(action="privacy.close").exists()


def test_the_staff_cannot_close_their_account(client, final):
    user = final.users["secretariat"]

    response = close(client, user)

    assert response.status_code == 200
    assert "cannot be closed now" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_a_judge_cannot_close_while_judging(client, final):
    judge = final.judges[0]

    assert "take you off its panels" in close(client, judge).content.decode()
    judge.refresh_from_db()
    assert judge.is_active


# --- Retention -----------------------------------------------------------------------------


def over(final, days_ago: int):
    long_ago = timezone.now() - timedelta(days=days_ago)
    type(final.edition).objects.filter(pk=final.edition.pk).update(
        status=EditionStatus.ARCHIVED, call_opens_at=long_ago - timedelta(days=100),
        call_closes_at=long_ago - timedelta(days=60), ceremony_at=long_ago)


def test_retention_anonymises_exactly_the_unsuccessful_entrants(final):
    decide_all(final)  # others[0] gets the special mention; others[1] nothing
    publish(final)
    over(final, days_ago=400)
    loser, mention = member(final.others[1]), member(final.others[0])
    recent = EntryFactory(submitted=True, edition=EditionFactory(is_current=False))
    # (an entrant of an edition still running)
    UserFactory()  # someone who never entered
    EntrantMemberFactory(entrant=recent.entrant)

    plan = privacy.apply_retention(days=365)

    assert plan.done == 1
    anonymised = set(User.objects.filter(anonymisation__isnull=False).values_list("pk", flat=True))
    assert anonymised == {loser.pk}
    assert Entry.objects.filter(pk=final.others[1].pk).exists()
    assert Entrant.objects.get(pk=final.others[1].entrant_id).contact_name == "(removed)"
    mention.refresh_from_db()
    assert mention.is_active
    event = AuditEvent.objects.get(action="privacy.retention")
    assert event.after["accounts_anonymised"] == 1
    assert event.after["accounts_kept"] == 8  # 7 finalists, 1 special mention

    again = privacy.apply_retention(days=365)
    assert again.done == 0 and again.users == []
    assert AuditEvent.objects.filter(action="privacy.retention").count() == 1


def test_retention_waits_for_the_period(final):
    decide_all(final)
    over(final, days_ago=100)

    assert privacy.apply_retention(days=365).done == 0
    assert privacy.apply_retention(days=0).done == 0  # not set: never


def test_the_command_lists_without_changing_with_dry_run(final, settings):
    decide_all(final)
    over(final, days_ago=400)
    settings.PRIVACY_RETENTION_DAYS = 365
    loser = member(final.others[1])
    out = io.StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    assert f"account {loser.pk}" in out.getvalue() and "Would anonymise 1 account" in out.getvalue()
    loser.refresh_from_db()
    assert loser.is_active
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "Anonymised 1 account" in out.getvalue()


# --- Queries -------------------------------------------------------------------------------


def test_the_download_makes_the_same_queries_for_one_entry_or_seven(client, final):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    decide_all(final)
    publish(final)
    gold = gold_of(final)
    add_file(gold)
    client.force_login(member(gold), backend=BACKEND)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("privacy:download"), {"password": PASSWORD})
            assert response.status_code == 200
            b"".join(response.streaming_content)
        return len(queries)

    count()  # the first download makes the certificate's row
    one = count()
    for n in range(6):
        entry = EntryFactory(edition=final.edition, category=final.categories[1],
                             entrant=gold.entrant, submitted=True, title=f"More {n}")
        add_file(entry, f"file-{n}.pdf")
        EntryRevision.objects.create(entry=entry, number=1, answers=entry.answers)
    seven = count()

    assert seven == one
    assert one <= 40


def test_the_pages_render(client, final):
    policy = client.get(reverse("privacy:policy")).content.decode()
    assert "Privacy: your data and your rights" in policy
    assert client.get(reverse("privacy:home")).status_code == 302
    client.force_login(member(gold_of(final)), backend=BACKEND)
    assert reverse("privacy:home") in client.get(reverse("profile")).content.decode()
    assert "Download my data (zip)" in client.get(reverse("privacy:home")).content.decode()
    assert client.get(reverse("privacy:download")).status_code == 302


def test_the_closing_page_names_no_result_under_embargo(client, final):
    decide_all(final)
    gold = gold_of(final)
    client.force_login(member(gold), backend=BACKEND)

    before = client.get(reverse("privacy:close")).content.decode()
    publish(final)
    after = client.get(reverse("privacy:close")).content.decode()

    assert "Gold" not in before and "Winner" not in before
    assert "Winner: Gold" in after


def test_the_audit_log_reads_the_privacy_actions_in_words():
    from prize.audit_display import action_label

    assert action_label("privacy.close") == "Account closed by its owner (personal data removed)"
    assert action_label("privacy.download") == "Personal data downloaded by its owner"


def test_group_messages_are_in_the_zip_and_lose_their_text_on_closing(client, final):
    """An entrant's copies of the organisers' group messages are part of their data; closing
    the account empties the copies' text (it holds their name) and keeps the delivery record."""
    from prize import messaging
    from prize.message_models import MessageRecipient

    gold = gold_of(final)
    user = member(gold)
    message = messaging.draft_save(
        edition=final.edition, by=final.users["secretariat"], audience="entries.entrants",
        filters={}, subject="News for {{ name }}", body="Dear {{ name }}, about {{ entry_title }}")
    messaging.send_now(message=message, by=final.users["secretariat"])
    copy = MessageRecipient.objects.get(message=message, user=user)
    assert user.name.split()[0] in copy.body  # {{ name }}: how the person is greeted

    data = json.loads(unzip(download(client, user)).read("data.json"))
    assert [m["text"] for m in data["messages"]] == [copy.body]
    assert data["messages"][0]["subject"] == copy.subject

    response = close(client, user)

    assert response.status_code == 302
    copy.refresh_from_db()
    assert (copy.subject, copy.body) == ("", "")
    assert MessageRecipient.objects.filter(message=message).count() == \
        message.recipients.count() > 0
