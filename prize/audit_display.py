"""The audit log as people read it: each recorded change with the field's label and readable
values (choice labels, names instead of ids, times in the active time zone, Yes/No, numbers
grouped, long text shortened with the whole kept), never a raw dict, a hash or a token.

``describe(events)`` sets ``event.readable_changes`` on every event of a page, looking names up
with one query per related model for the whole page. ``readable(changes)`` does the same for
bare (field, before, after) triples, without a model to ask (labels from the mapping below).
The values recorded stay as they were: the CSV export keeps them raw.
"""

from __future__ import annotations

import re
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.apps import apps
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SHORT = 120  # characters shown before "show all"
DATETIME_FORMAT = "SHORT_DATETIME_FORMAT"
DATE_FORMAT = "SHORT_DATE_FORMAT"

# Keys that are never shown on a page, whatever records them: credentials (never written out
# anywhere, the CSV included) and fingerprints of files (kept in the CSV, for machines).
CREDENTIAL_PATTERN = re.compile(r"(^|_)(token|secret|password|accept_path)($|_)")
FINGERPRINT_PATTERN = re.compile(r"(^|_)(sha\d*|hash|checksum)($|_)")

# Labels of keys that are not a field of the object the event is about.
KEY_LABELS = {
    "added": gettext_lazy("Added"),
    "advanced": gettext_lazy("Entries advanced"),
    "anonymised": gettext_lazy("Anonymised file"),
    "assigned": gettext_lazy("Assignments made"),
    "assignments": gettext_lazy("Assignments"),
    "attending": gettext_lazy("Attending"),
    "audience": gettext_lazy("Group of recipients"),
    "award": gettext_lazy("Award"),
    "authenticators": gettext_lazy("Two-factor methods"),
    "awards": gettext_lazy("Awards"),
    "categories": gettext_lazy("Categories"),
    "category": gettext_lazy("Category"),
    "ceremony": gettext_lazy("Ceremony"),
    "ceremony_at": gettext_lazy("Ceremony"),
    "cue": gettext_lazy("Cue"),
    "deadline": gettext_lazy("Deadline"),
    "decisions": gettext_lazy("Decisions"),
    "direction": gettext_lazy("Direction"),
    "email": gettext_lazy("E-mail"),
    "entries": gettext_lazy("Entries"),
    "entry": gettext_lazy("Entry"),
    "file": gettext_lazy("File"),
    "files": gettext_lazy("Files"),
    "forms": gettext_lazy("Application forms"),
    "format": gettext_lazy("Format"),
    "from": gettext_lazy("Copied from"),
    "guests": gettext_lazy("Guests"),
    "invite": gettext_lazy("Invitation text"),
    "is_current": gettext_lazy("Current edition"),
    "judge": gettext_lazy("Judge"),
    "judges": gettext_lazy("Judges"),
    "kinds": gettext_lazy("Messages"),
    "label": gettext_lazy("Label"),
    "milestones": gettext_lazy("Milestones"),
    "mode": gettext_lazy("Mode"),
    "organisations": gettext_lazy("Organisations"),
    "accounts_anonymised": gettext_lazy("Accounts anonymised"),
    "accounts_kept": gettext_lazy("Accounts kept (winners, finalists)"),
    "drafts_deleted": gettext_lazy("Drafts deleted"),
    "kept_record": gettext_lazy("Record kept (winner or finalist)"),
    "partners": gettext_lazy("Partners"),
    "photo": gettext_lazy("Photo"),
    "position": gettext_lazy("Position"),
    "presenters": gettext_lazy("Presenters"),
    "programme": gettext_lazy("Programme items"),
    "published_at": gettext_lazy("Published"),
    "rank": gettext_lazy("Rank"),
    "reason": gettext_lazy("Reason"),
    "recipients": gettext_lazy("Recipients"),
    "reference": gettext_lazy("Reference"),
    "removed": gettext_lazy("Removed"),
    "reply_by": gettext_lazy("Replies until"),
    "role": gettext_lazy("Role"),
    "rounds": gettext_lazy("Rounds"),
    "scheduled_at": gettext_lazy("Scheduled for"),
    "scope": gettext_lazy("Scope"),
    "scores": gettext_lazy("Scores"),
    "seed": gettext_lazy("Seed"),
    "send_after": gettext_lazy("Send after"),
    "send_at": gettext_lazy("To be sent at"),
    "short": gettext_lazy("Judges short"),
    "size": gettext_lazy("Size (bytes)"),
    "source": gettext_lazy("Source"),
    "starts_at": gettext_lazy("Starts"),
    "state": gettext_lazy("State"),
    "status": gettext_lazy("Status"),
    "tag": gettext_lazy("Tag"),
    "target": gettext_lazy("Conflict with"),
    "title": gettext_lazy("Title"),
    "total": gettext_lazy("Total"),
    "type": gettext_lazy("Type"),
    "venue": gettext_lazy("Venue"),
    "version": gettext_lazy("Version"),
}

# What each recorded action means, in words. Every action the code records is listed (a test
# collects them from the code); one recorded by an older version reads as its own words
# ("round.take_entries" as "Round: take entries").
ACTION_LABELS = {
    "api_token.create": gettext_lazy("API token made"),
    "api_token.revoke": gettext_lazy("API token revoked"),
    "assignment.add": gettext_lazy("Judge assigned to an entry"),
    "assignment.notify": gettext_lazy("Judges told of their assignments"),
    "assignment.remove": gettext_lazy("Judge's assignment removed"),
    "assignment.run": gettext_lazy("Judges assigned automatically"),
    "assignment.unfilled": gettext_lazy("No judge free to replace a recused judge"),
    "attachment.add": gettext_lazy("File added"),
    "attachment.anonymised_add": gettext_lazy("Anonymised copy of a file added for blind rounds"),
    "attachment.anonymised_remove": gettext_lazy("Anonymised copy of a file removed"),
    "attachment.remove": gettext_lazy("File removed"),
    "award.change": gettext_lazy("Award changed"),
    "award.create": gettext_lazy("Award created"),
    "award.delete": gettext_lazy("Award deleted"),
    "award.revealed": gettext_lazy("Award revealed in the live show"),
    "category.delete": gettext_lazy("Category deleted"),
    "category.save": gettext_lazy("Category saved"),
    "ceremony.change": gettext_lazy("Ceremony details changed"),
    "ceremony.create": gettext_lazy("Ceremony details entered"),
    "conflict.declare": gettext_lazy("Conflict of interest declared"),
    "criterion.create": gettext_lazy("Criterion added"),
    "criterion.delete": gettext_lazy("Criterion removed"),
    "criterion.update": gettext_lazy("Criterion changed"),
    "decision.accept_proposal": gettext_lazy("Proposed winners accepted"),
    "decision.confirm": gettext_lazy("Winner decision confirmed"),
    "decision.edit": gettext_lazy("Winner decision edited"),
    "decision.propose": gettext_lazy("Winner proposed"),
    "decision.remove": gettext_lazy("Winner proposal removed"),
    "decision.reopen": gettext_lazy("Winner decision reopened"),
    "edition.close_call": gettext_lazy("Call closed early"),
    "edition.copy": gettext_lazy("Next edition prepared from this one"),
    "edition.create": gettext_lazy("Edition created"),
    "edition.make_current": gettext_lazy("Edition made the current one"),
    "edition.status": gettext_lazy("Edition's stage changed"),
    "edition.update": gettext_lazy("Edition settings changed"),
    "entrant.create": gettext_lazy("Entrant profile created"),
    "entrant.invite": gettext_lazy("Invited to an entrant's team"),
    "entrant.join": gettext_lazy("Joined an entrant's team"),
    "entrant.update": gettext_lazy("Entrant profile changed"),
    "entry.delete_draft": gettext_lazy("Draft entry deleted"),
    "entry.discard_changes": gettext_lazy("Changes not submitted discarded"),
    "entry.export_answers": gettext_lazy("Every answer of the entries exported"),
    "entry.resubmit": gettext_lazy("Changes to an entry submitted"),
    "entry.screen": gettext_lazy("Entry screened"),
    "entry.start": gettext_lazy("Entry started"),
    "entry.submit": gettext_lazy("Entry submitted"),
    "entry.withdraw": gettext_lazy("Entry withdrawn"),
    "entry_tag.add": gettext_lazy("Tag put on an entry"),
    "entry_tag.remove": gettext_lazy("Tag taken off an entry"),
    "extension.grant": gettext_lazy("Deadline extended"),
    "form.change": gettext_lazy("Application form changed"),
    "form.copy": gettext_lazy("Application form copied"),
    "form_use.set": gettext_lazy("Form chosen for a category"),
    "invitation.remind": gettext_lazy("Ceremony invitation reminders sent"),
    "invitation.reply": gettext_lazy("Ceremony invitation answered"),
    "invitation.send": gettext_lazy("Ceremony invitations sent"),
    "job.start": gettext_lazy("File of entries asked for (entry book or export)"),
    "judge.profile": gettext_lazy("Judge's profile changed"),
    "message.cancel": gettext_lazy("Scheduled message to a group cancelled"),
    "message.schedule": gettext_lazy("Message to a group scheduled"),
    "message.send": gettext_lazy("Message to a group sent"),
    "milestone.delete": gettext_lazy("Timeline date removed"),
    "milestone.save": gettext_lazy("Timeline date saved"),
    "note.add": gettext_lazy("Note written on an entry"),
    "note.delete": gettext_lazy("Note on an entry deleted"),
    "note.edit": gettext_lazy("Note on an entry changed"),
    "notification.resend": gettext_lazy("Failed e-mail sent again"),
    "organisation.delete": gettext_lazy("Organisation removed"),
    "organisation.save": gettext_lazy("Organisation saved"),
    "panel.accept": gettext_lazy("Invitation to judge accepted"),
    "panel.invite": gettext_lazy("Judge invited to a round"),
    "presenter.change": gettext_lazy("Presenter changed"),
    "presenter.create": gettext_lazy("Presenter added"),
    "presenter.delete": gettext_lazy("Presenter removed"),
    "privacy.close": gettext_lazy("Account closed by its owner (personal data removed)"),
    "privacy.download": gettext_lazy("Personal data downloaded by its owner"),
    "privacy.retention": gettext_lazy("Unsuccessful entrants anonymised (retention period over)"),
    "programme.change": gettext_lazy("Programme item changed"),
    "programme.create": gettext_lazy("Programme item added"),
    "programme.delete": gettext_lazy("Programme item removed"),
    "programme.move": gettext_lazy("Programme item moved"),
    "redaction.add": gettext_lazy("Passage hidden from blind rounds"),
    "redaction.remove": gettext_lazy("Passage shown to blind rounds again"),
    "results.held": gettext_lazy("Scheduled publication held back"),
    "results.mailing": gettext_lazy("Result e-mails requested"),
    "results.options": gettext_lazy("Publication options changed"),
    "results.publish": gettext_lazy("Results published"),
    "results.schedule": gettext_lazy("Results' publication scheduled"),
    "results.unpublish": gettext_lazy("Results unpublished"),
    "results.unschedule": gettext_lazy("Scheduled publication cancelled"),
    "reveal.blackout": gettext_lazy("Screens blacked out"),
    "reveal.jump": gettext_lazy("Live show jumped to a cue"),
    "reveal.lights": gettext_lazy("Screens shown again"),
    "reveal.live": gettext_lazy("Screens switched to the live show"),
    "reveal.next": gettext_lazy("Live show moved to the next cue"),
    "reveal.previous": gettext_lazy("Live show moved back a cue"),
    "reveal.rehearse": gettext_lazy("Screens switched to a rehearsal"),
    "reveal.screen_link.create": gettext_lazy("Screen link made"),
    "reveal.screen_link.revoke": gettext_lazy("Screen link revoked"),
    "review.abstain": gettext_lazy("Judge abstained"),
    "review.recuse": gettext_lazy("Judge recused from an entry"),
    "review.reopen": gettext_lazy("Review reopened"),
    "review.submit": gettext_lazy("Review submitted"),
    "role.grant": gettext_lazy("Role given"),
    "role.revoke": gettext_lazy("Role taken away"),
    "round.closed": gettext_lazy("Round closed"),
    "round.create": gettext_lazy("Round created"),
    "round.draft": gettext_lazy("Round back to draft"),
    "round.finalised": gettext_lazy("Round's results finalised"),
    "round.open": gettext_lazy("Round opened"),
    "round.quota": gettext_lazy("Round's quota set"),
    "round.remind": gettext_lazy("Judges of a round reminded"),
    "round.take_entries": gettext_lazy("Entries taken into the round"),
    "round.update": gettext_lazy("Round changed"),
    "screening.release": gettext_lazy("Screening decisions sent"),
    "screening_reason.delete": gettext_lazy("Screening reason template deleted"),
    "screening_reason.save": gettext_lazy("Screening reason template saved"),
    "tag.bulk_add": gettext_lazy("Tag put on several entries"),
    "tag.bulk_remove": gettext_lazy("Tag taken off several entries"),
    "tag.create": gettext_lazy("Tag created"),
    "tag.delete": gettext_lazy("Tag deleted"),
    "tag.update": gettext_lazy("Tag renamed or recoloured"),
    "team.accept": gettext_lazy("Team invitation accepted"),
    "team.cancel": gettext_lazy("Team invitation withdrawn"),
    "team.invite": gettext_lazy("Invited to the team"),
    "team.resend": gettext_lazy("Team invitation sent again"),
    "two_factor.added": gettext_lazy("Two-factor verification turned on"),
    "two_factor.codes_generated": gettext_lazy("Two-factor recovery codes made"),
    "two_factor.key_added": gettext_lazy("Security key added for two-factor verification"),
    "two_factor.key_removed": gettext_lazy("Security key removed from two-factor verification"),
    "two_factor.recovery_code_used": gettext_lazy("Logged in with a recovery code"),
    "two_factor.removed": gettext_lazy("Two-factor verification turned off"),
    "two_factor.reset": gettext_lazy("Two-factor verification reset"),
    "two_factor.wrong_code": gettext_lazy("Wrong two-factor code"),
}


def action_label(action: str) -> str:
    """A recorded action in words: "entry.screen" reads "Entry screened"."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    subject, _dot, verb = action.partition(".")
    subject = capfirst(subject.replace("_", " "))
    return f"{subject}: {verb.replace('_', ' ').replace('.', ' ')}" if verb else subject


# Events about an object that no longer exists (target_type is empty): the model by action.
ACTION_MODELS = {
    "category": "prize.Category",
    "edition": "prize.Edition",
}

# Values recorded as codes under a key of their own, whatever the object: their choices.
KEY_CHOICES = {
    "role": ("prize", "Role"),
    "allowed_entrant_kinds": ("prize", "EntrantKind"),
}

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Shown(NamedTuple):
    """A value as shown: ``text`` (shortened when long), ``full`` (the whole, when shortened),
    ``empty`` (nothing was recorded)."""

    text: str
    full: str = ""
    empty: bool = False

    def __str__(self):
        return self.full or self.text


class Change(NamedTuple):
    label: str
    before: Shown
    after: Shown


def credential(key) -> bool:
    """Whether a recorded key would hold a credential (written out nowhere)."""
    return bool(CREDENTIAL_PATTERN.search(str(key).lower()))


def hidden(key) -> bool:
    """Whether a recorded key is kept off the page: a credential or a fingerprint."""
    return credential(key) or bool(FINGERPRINT_PATTERN.search(str(key).lower()))


def _model_of(event) -> type[models.Model] | None:
    if event.target_type_id:
        model = event.target_type.model_class()
        if model is not None:
            return model
    label = ACTION_MODELS.get(event.action.split(".", 1)[0])
    return apps.get_model(label) if label else None


def _field(model, key: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except Exception:  # noqa: BLE001 (FieldDoesNotExist, or a key no field could have)
        return None
    return field if getattr(field, "concrete", False) or field.many_to_many else None


def _label(model, key: str) -> str:
    field = _field(model, key)
    if field is not None and getattr(field, "verbose_name", None) and field.verbose_name != \
            key.replace("_", " "):
        return capfirst(str(field.verbose_name))
    if key in KEY_LABELS:
        return capfirst(str(KEY_LABELS[key]))
    if field is not None:
        return capfirst(str(field.verbose_name))
    return capfirst(str(key).replace("_", " "))


def _key_choices(key: str) -> dict:
    """Labels of the codes a key records when no field of the event's object says: the key's
    own choices, else those of every model field of that name that agree ("status": Draft,
    Submitted, Eligible…; a code two fields label differently is left as it is)."""
    if key in KEY_CHOICES:
        module, name = KEY_CHOICES[key]
        from importlib import import_module

        enum = getattr(import_module(f"{module}.enums"), name, None)
        return dict(enum.choices) if enum is not None else {}
    return _choices_named(key)


@lru_cache(maxsize=256)
def _choices_named(key: str) -> dict:
    labels: dict = {}
    clashes: set = set()
    for model in apps.get_models():
        field = next((f for f in model._meta.get_fields() if f.name == key), None)
        for value, label in getattr(field, "flatchoices", None) or []:
            if value in labels and str(labels[value]) != str(label):
                clashes.add(value)
            labels.setdefault(value, label)
    return {value: label for value, label in labels.items() if value not in clashes}


class _Names:
    """Names of related objects, looked up once per model for a whole page."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.found: dict[type[models.Model], dict] = {}

    def want(self, field, value) -> None:
        values = value if isinstance(value, list) else [value]
        model = field.related_model
        for v in values:
            if isinstance(v, int) and not isinstance(v, bool):
                self.wanted[model].add(v)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            self.found[model] = {pk: str(obj) for pk, obj in
                                 model._default_manager.in_bulk(sorted(ids)).items()}

    def name(self, field, value) -> str:
        model = field.related_model
        name = self.found.get(model, {}).get(value)
        if name is not None:
            return name
        return _("a deleted %(kind)s") % {"kind": model._meta.verbose_name}


def _moment(value: str, edition_tz) -> str:
    moment = parse_datetime(value)
    if moment is None:
        return value
    if timezone.is_naive(moment):
        if edition_tz is None:
            return formats.date_format(moment, DATETIME_FORMAT)
        moment = moment.replace(tzinfo=edition_tz)
    return formats.date_format(timezone.localtime(moment), DATETIME_FORMAT)


def _number(value) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _text(value, *, field=None, key: str = "", names: _Names | None = None,
          edition_tz=None) -> str:
    """One value as words (no dicts, no lists: those are spelt out)."""
    if value is None or value == "" or value == []:
        return ""
    if field is not None and (field.many_to_one or field.one_to_one or field.many_to_many):
        values = value if isinstance(value, list) else [value]
        return ", ".join(
            names.name(field, v) if names is not None and isinstance(v, int)
            and not isinstance(v, bool) else _text(v) for v in values
        )
    choices = dict(field.flatchoices) if field is not None and field.choices else \
        _key_choices(key)
    if isinstance(value, list):
        if choices:
            return ", ".join(str(choices.get(v, v)) for v in value)
        parts = [_text(v, key=key, edition_tz=edition_tz) for v in value]
        return ("; " if any(isinstance(v, dict) for v in value) else ", ").join(
            part for part in parts if part)
    if choices and not isinstance(value, dict):
        return str(choices.get(value, value))
    if isinstance(value, dict):
        return ", ".join(
            f"{_label(None, str(k)) if str(k) in KEY_LABELS else k}: "
            f"{_text(v, key=str(k), edition_tz=edition_tz) or '—'}"
            for k, v in value.items() if not hidden(k)
        )
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float | Decimal):
        return _number(value)
    if isinstance(value, datetime | date):
        return formats.date_format(timezone.localtime(value) if isinstance(value, datetime)
                                   and timezone.is_aware(value) else value,
                                   DATETIME_FORMAT if isinstance(value, datetime)
                                   else DATE_FORMAT)
    text = str(value)
    if isinstance(field, models.DateTimeField) or _DATETIME.match(text):
        return _moment(text, edition_tz)
    if isinstance(field, models.DateField) or _DATE.match(text):
        day = parse_date(text)
        return formats.date_format(day, DATE_FORMAT) if day else text
    return text


def _shown(text: str) -> Shown:
    if not text:
        return Shown(text="", empty=True)
    if len(text) <= SHORT:
        return Shown(text=text)
    return Shown(text=text[: SHORT - 1].rstrip() + "…", full=text)


def _edition_tz(event):
    edition = getattr(event, "edition", None) if event.edition_id else None
    try:
        return zoneinfo.ZoneInfo(edition.time_zone) if edition is not None else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def describe(events: Iterable) -> list:
    """Set ``readable_changes`` (a list of ``Change``) on each event; returns the events.
    One query per model named by the events' related fields, however many events."""
    events = list(events)
    names = _Names()
    plans = []
    for event in events:
        model = _model_of(event)
        rows = [(key, before, after) for key, before, after in event.changes
                if not hidden(key)]
        for key, before, after in rows:
            field = _field(model, key)
            if field is not None and field.is_relation:
                names.want(field, before)
                names.want(field, after)
        plans.append((event, model, rows))
    names.fetch()
    for event, model, rows in plans:
        zone = _edition_tz(event)
        event.readable_changes = [
            Change(
                label=_label(model, key),
                before=_shown(_text(before, field=_field(model, key), key=key, names=names,
                                    edition_tz=zone)),
                after=_shown(_text(after, field=_field(model, key), key=key, names=names,
                                   edition_tz=zone)),
            )
            for key, before, after in rows
        ]
    return events


def readable(changes) -> list[Change]:
    """Bare (field, before, after) triples as ``Change``; ones already readable pass through."""
    result = []
    for change in changes or []:
        if isinstance(change, Change):
            result.append(change)
            continue
        key, before, after = change
        if hidden(key):
            continue
        result.append(Change(label=_label(None, str(key)), before=_shown(_text(before, key=key)),
                             after=_shown(_text(after, key=key))))
    return result


def summary(event) -> str:
    """The readable changes of one described event on one line, for the CSV export."""
    empty = _("(empty)")
    return "; ".join(
        f"{change.label}: {str(change.before) or empty} → {str(change.after) or empty}"
        for change in getattr(event, "readable_changes", [])
    )
