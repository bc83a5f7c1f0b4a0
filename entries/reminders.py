"""Deadline reminders: entrants holding unsubmitted drafts hear from us 7 days and 1 day
before their deadline (an extension moves it).

``send_due_reminders`` runs every hour (beat). Each member of such an entrant gets one e-mail
per reminder, listing the drafts with what is still missing. The outbox key names the edition,
entrant, member, reminder and deadline, so running again sends nothing twice, and a new
deadline (an extension) earns its own reminders. Queries are per run, not per entry: the
editions, the drafts, the extensions, the members and the keys already used, then one write
per e-mail sent.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation

from prize.enums import EditionStatus
from prize.models import Edition, Notification
from prize.services import notify

from . import schema as form_schema
from .enums import EntryStatus
from .models import EntrantMember, Entry, Extension, closing_time

log = logging.getLogger(__name__)

# (name, how long before the deadline). The nearest one due is sent; once the 1-day reminder
# is due, a 7-day reminder that was never sent is not sent late.
REMINDERS = [("1d", timedelta(days=1)), ("7d", timedelta(days=7))]
MISSING_SHOWN = 5  # missing answers named per draft; the rest are counted


@dataclass(frozen=True)
class DraftNote:
    title: str
    category: str
    missing: list[str]
    more: int
    path: str

    def as_context(self) -> dict:
        return {"title": self.title, "category": self.category, "missing": self.missing,
                "more": self.more, "path": self.path}


def due_reminder(deadline: datetime, now: datetime) -> str | None:
    """Which reminder is due ``now`` for ``deadline``: "1d", "7d" or None."""
    if now >= deadline:
        return None
    for name, before in REMINDERS:
        if deadline - before <= now:
            return name
    return None


def _note(entry: Entry, schemas: dict[tuple[int, str], form_schema.Schema],
          language: str) -> DraftNote:
    """What the reminder says of one draft, its missing answers named in ``language`` (the
    recipient's)."""
    if (entry.form_id, language) not in schemas:
        schemas[(entry.form_id, language)] = form_schema.Schema.parse(entry.form.schema,
                                                                      language=language)
    schema = schemas[(entry.form_id, language)]
    labels: list[str] = []
    with translation.override(language):
        for problem in form_schema.missing(schema, entry.answers):
            if problem.label not in labels:
                labels.append(problem.label)
        return DraftNote(
            title=entry.title, category=str(entry.category.name),
            missing=labels[:MISSING_SHOWN], more=max(0, len(labels) - MISSING_SHOWN),
            path=entry.get_absolute_url(),
        )


def reminder_key(*, edition_id: int, entrant_id: int, user_id: int, reminder: str,
                 deadline: datetime) -> str:
    stamp = deadline.astimezone(UTC)
    return (f"reminder:{edition_id}:{entrant_id}:{user_id}:{reminder}:"
            f"{stamp:%Y%m%dT%H%M}")


def send_due_reminders(now: datetime | None = None) -> int:
    """Send the reminders due at ``now`` (default: the present); returns how many e-mails."""
    now = now or timezone.now()
    # Editions whose call has opened and has not closed for somebody (extensions count).
    editions = {
        e.pk: e for e in Edition.objects.exclude(status=EditionStatus.DRAFT)
        .filter(call_opens_at__lte=now)
        .annotate(latest_extension=Max("extensions__deadline"))
        .filter(Q(call_closes_at__gt=now) | Q(latest_extension__gt=now))
    }
    if not editions:
        return 0
    drafts = list(
        Entry.objects.filter(edition_id__in=editions, status=EntryStatus.DRAFT)
        .select_related("category", "form")
        .order_by("edition_id", "entrant_id", "created_at", "pk")
    )
    if not drafts:
        return 0
    entrant_ids = {d.entrant_id for d in drafts}
    extensions = {
        (x.edition_id, x.entrant_id): x
        for x in Extension.objects.filter(edition_id__in=editions, entrant_id__in=entrant_ids)
    }

    due: dict[tuple[int, int], tuple[str, datetime, list[Entry]]] = {}
    by_holder: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for draft in drafts:
        by_holder[(draft.edition_id, draft.entrant_id)].append(draft)
    for (edition_id, entrant_id), entries in by_holder.items():
        deadline = closing_time(editions[edition_id], extensions.get((edition_id, entrant_id)))
        reminder = due_reminder(deadline, now)
        if reminder:
            due[(edition_id, entrant_id)] = (reminder, deadline, entries)
    if not due:
        return 0

    members = defaultdict(list)
    for member in EntrantMember.objects.filter(
        entrant_id__in={entrant_id for _e, entrant_id in due}
    ).select_related("user", "entrant"):
        if member.user.is_active:
            members[member.entrant_id].append(member)
    planned = []
    for (edition_id, entrant_id), (reminder, deadline, entries) in due.items():
        for member in members[entrant_id]:
            key = reminder_key(edition_id=edition_id, entrant_id=entrant_id,
                               user_id=member.user_id, reminder=reminder, deadline=deadline)
            planned.append((key, member, editions[edition_id], reminder, deadline, entries))
    sent_keys = set(
        Notification.objects.filter(key__in=[p[0] for p in planned]).values_list("key",
                                                                                 flat=True)
    )

    schemas: dict[tuple[int, str], form_schema.Schema] = {}
    notes: dict[tuple[int, str], list[DraftNote]] = {}
    sent = 0
    for key, member, edition, reminder, deadline, entries in planned:
        if key in sent_keys:
            continue
        language = member.user.language or settings.LANGUAGE_CODE
        entry_notes = notes.get((id(entries), language))
        if entry_notes is None:
            entry_notes = notes[(id(entries), language)] = [
                _note(e, schemas, language) for e in entries]
        with transaction.atomic():
            notify(member.user, "entries/reminder", {
                "edition": edition.name,
                "entrant": member.entrant.name,
                "reminder": reminder,
                "deadline": deadline,
                "time_zone": edition.time_zone,
                "recipient_time_zone": member.user.time_zone,
                "extended": deadline > edition.call_closes_at,
                "drafts": [n.as_context() for n in entry_notes],
                "dashboard_path": reverse("entries:dashboard"),
            }, key=key, edition=edition)
        sent += 1
    if sent:
        log.info("Reminders: %s e-mails about drafts before the deadline.", sent)
    return sent
