"""The demo's organisers' tools in use: the secretariat's tags and a note on a few 2023 entries,
and a group message sent to the finalists, which they read on their dashboard
(``manage.py demo``; idempotent, and gone with the edition on ``--reset``)."""

from __future__ import annotations

from datetime import timedelta

from entries.enums import EntryStatus
from entries.models import Entry, Tag
from entries.note_models import TagColour
from entries.tagging import entry_tag_add, note_add, tag_create
from prize import messaging
from prize.enums import NotificationStatus
from prize.message_models import Message, MessageRecipient
from prize.models import Notification

from .demo import SECRETARIAT_EMAIL

TAGS = [
    ("Strong data", TagColour.GREEN),
    ("Check the budget", TagColour.ORANGE),
    ("Site visit", TagColour.BLUE),
]
SUBJECT = "Your invitation to the ceremony in Seoul"
BODY = (
    "Dear {{ name }},\n\n"
    "Congratulations: {{ entry_title }} ({{ entry_reference }}) is a finalist of the "
    "{{ edition }}. The ceremony takes place at Dongdaemun Design Plaza in Seoul on "
    "25 September 2023 at 15:00. Your invitation and the reply form are on your dashboard: "
    "{{ dashboard_link }}\n\n"
    "The secretariat"
)


def load(core) -> list[str]:
    edition = core.edition
    if getattr(core, "judging_open", False):
        return []
    accounts = {user.email: user for _label, user in core.accounts}
    secretariat = accounts[SECRETARIAT_EMAIL]
    lines = []
    if not Tag.objects.filter(edition=edition).exists():
        tags = [tag_create(edition=edition, name=name, colour=colour, by=secretariat)
                for name, colour in TAGS]
        entries = list(Entry.objects.filter(edition=edition, status=EntryStatus.ELIGIBLE)
                       .order_by("reference")[:9])
        for n, entry in enumerate(entries):
            entry_tag_add(entry=entry, tag=tags[n % len(tags)], by=secretariat)
        if entries:
            note_add(entry=entries[1], by=secretariat,
                     text="The budget table adds up to more than the total: ask the city.")
        lines.append(f"  Tags: {len(tags)} on {len(entries)} entries, and a note")
    if not Message.objects.filter(edition=edition, subject=SUBJECT).exists():
        message = messaging.draft_save(edition=edition, by=secretariat,
                                       audience="ceremony.finalists", filters={},
                                       subject=SUBJECT, body=BODY)
        message = messaging.send_now(message=message, by=secretariat)
        # It left two weeks before the ceremony: the copies are on the finalists' dashboards and
        # the e-mails count as delivered (the demo prints none of them to the console).
        sent_at = edition.ceremony_at - timedelta(days=14)
        Message.objects.filter(pk=message.pk).update(sent_at=sent_at, created_at=sent_at)
        copies = MessageRecipient.objects.filter(message=message)
        copies.update(created_at=sent_at)
        Notification.objects.filter(pk__in=copies.values("notification_id")).update(
            status=NotificationStatus.SENT, sent_at=sent_at, attempts=1)
        lines.append(f"  A group message to the finalists ({message.recipient_count} people)")
    return lines


def reset() -> None:
    """Everything here belongs to the demo edition, which the reset deletes."""
