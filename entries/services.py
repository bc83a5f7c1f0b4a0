"""Every write about entrants and entries: one function per change, each owning its side
effects (save, revision, audit, notification) in one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prize import writers
from prize.enums import Role
from prize.formats import moment
from prize.inputs import clean_value
from prize.models import Category, Edition, User
from prize.services import audit, notify, role_grant
from prize.translations import localised

from . import schema as form_schema
from .enums import EDITABLE_STATUSES, ENTRY_TRANSITIONS, EntryStatus, MemberRole
from .models import (
    Entrant,
    EntrantMember,
    Entry,
    EntryFormUse,
    EntryRevision,
    Extension,
    Invitation,
    ScreeningDecision,
    ScreeningReason,
    closing_time,
)

# Saves of a submitted entry by one person within this time make one revision.
REVISION_WINDOW = timedelta(minutes=30)


class EntryError(ValidationError):
    """A change the rules do not allow; the message says why, for the person who tried."""


class StaleEntry(EntryError):
    """The entry changed since the editor loaded it (another tab, or a collaborator)."""


class AnswersOverLimits(EntryError):
    """Answers longer (or longer lists) than the form allows, even in a draft; ``problems``
    holds the messages by field key."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        messages = [m for found in problems.values() for m in found]
        super().__init__(" ".join(messages))


def answer_limits() -> dict[str, int]:
    """The platform's caps for answers whose form sets no limit (settings)."""
    return {"text_cap": settings.TEXT_MAX_LENGTH, "items_cap": settings.ANSWER_MAX_ITEMS}


# --- Entrants ----------------------------------------------------------------------------------


def entrant_create(*, user: User, data: dict, edition: Edition | None = None) -> Entrant:
    """Create the user's entrant profile; the user becomes its owner."""
    with transaction.atomic():
        if EntrantMember.objects.filter(user=user).exists():
            raise EntryError(_("You already have an entrant profile: change it on your profile "
                               "page instead."))
        entrant = Entrant.objects.create(**data)
        EntrantMember.objects.create(entrant=entrant, user=user, role=MemberRole.OWNER)
        audit(user, "entrant.create", entrant, edition=edition)
        user.__dict__.pop("entrant_membership", None)
    return entrant


def entrant_update(*, entrant: Entrant, data: dict, by: User) -> Entrant:
    with transaction.atomic():
        before = {k: str(getattr(entrant, k)) for k in data}
        for key, value in data.items():
            setattr(entrant, key, value)
        entrant.save()
        after = {k: str(getattr(entrant, k)) for k in data}
        changed = [k for k in data if before[k] != after[k]]
        if changed:
            audit(by, "entrant.update", entrant, before={k: before[k] for k in changed},
                  after={k: after[k] for k in changed})
    return entrant


def invitation_send(*, entrant: Entrant, email: str, by: User,
                    edition: Edition | None = None) -> Invitation:
    """Invite a collaborator by e-mail; inviting the same open address twice re-sends nothing."""
    email = email.strip().lower()
    if EntrantMember.objects.filter(entrant=entrant, user__email__iexact=email).exists():
        raise EntryError(_("%(email)s already works on these entries: there is no need to invite "
                           "them again.") % {"email": email})
    with transaction.atomic():
        if not Invitation.objects.filter(entrant=entrant, email=email,
                                         accepted_at=None).exists():
            _check_invitation_limit(entrant)
        invitation, created = Invitation.objects.get_or_create(
            entrant=entrant, email=email, accepted_at=None, defaults={"invited_by": by}
        )
        if created:
            audit(by, "entrant.invite", entrant, edition=edition, after={"email": email})
            notify(email, "entries/invitation", {
                "entrant_name": entrant.name,
                "inviter_name": by.get_full_name(),
            }, key=f"invitation:{invitation.pk}", edition=edition,
                secrets={"accept_path": f"/entries/invitations/{invitation.token}/"})
    return invitation


def _check_invitation_limit(entrant: Entrant) -> None:
    """At most INVITATION_LIMIT new invitations (e-mails) per entrant in INVITATION_LIMIT_WINDOW,
    counted from the rows themselves under a lock on the entrant, so two at once cannot both
    pass and every web node agrees."""
    Entrant.objects.select_for_update().filter(pk=entrant.pk).exists()
    since = timezone.now() - settings.INVITATION_LIMIT_WINDOW
    if Invitation.objects.filter(entrant=entrant, created_at__gte=since).count() \
            >= settings.INVITATION_LIMIT:
        hours = int(settings.INVITATION_LIMIT_WINDOW.total_seconds() // 3600)
        raise EntryError(ngettext(
            "No invitation was sent: %(count)d invitations were sent for your entries in the "
            "last hour, the most allowed. Try again later.",
            "No invitation was sent: %(count)d invitations were sent for your entries in the "
            "last %(hours)d hours, the most allowed. Try again later.", hours,
        ) % {"count": settings.INVITATION_LIMIT, "hours": hours})


def invitation_accept(*, invitation: Invitation, user: User) -> EntrantMember:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise EntryError(_("This invitation has already been used: log in with the account "
                               "that accepted it, or ask for a new invitation."))
        if invitation.email.lower() != user.email.lower():
            raise EntryError(_("This invitation was sent to another e-mail address: log out, then "
                               "open the link again and log in with that address."))
        if EntrantMember.objects.filter(user=user).exists():
            raise EntryError(_("Your account already belongs to an entrant."))
        member = EntrantMember.objects.create(
            entrant=invitation.entrant, user=user, role=MemberRole.COLLABORATOR
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit(user, "entrant.join", invitation.entrant)
        user.__dict__.pop("entrant_membership", None)
        edition = Edition.objects.current()
        if edition is not None:
            role_grant(user=user, edition=edition, role=Role.ENTRANT, by=user)
    return member


# --- Entries -----------------------------------------------------------------------------------


def deadline_for(*, edition: Edition, entrant: Entrant) -> datetime:
    return closing_time(edition, Extension.objects.filter(edition=edition, entrant=entrant).first())


def _check_open(entry: Entry, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if now < entry.edition.call_opens_at:
        raise EntryError(_("The call for entries is not open yet: come back when it opens."))
    if now >= entry.deadline():
        raise EntryError(_("The call for entries has closed; entries can no longer be changed."))


def categories_open_to(*, edition: Edition, entrant: Entrant) -> list[Category]:
    return [c for c in edition.categories.all() if c.allows(entrant.kind)]


def entry_start(*, edition: Edition, category: Category, entrant: Entrant, by: User) -> Entry:
    """Start a draft in a category the entrant's kind may enter, while the call is open."""
    if category.edition_id != edition.pk:
        raise EntryError(_("Choose one of this edition's categories."))
    if not category.allows(entrant.kind):
        allowed = ", ".join(category.get_allowed_entrant_kinds_display())
        raise EntryError(
            _("Choose another category: %(category)s is open to %(allowed)s, and your profile says "
              "you enter as %(kind)s.")
            % {"category": category.name, "allowed": allowed, "kind": entrant.get_kind_display()}
        )
    now = timezone.now()
    if not (edition.call_opens_at <= now < deadline_for(edition=edition, entrant=entrant)):
        raise EntryError(_("The call for entries is not open."))
    use = EntryFormUse.objects.filter(category=category, entrant_kind=entrant.kind).first()
    if use is None:
        raise EntryError(_("This category has no application form yet: choose another category, or "
                           "write to the secretariat."))
    with transaction.atomic():
        entry = Entry.objects.create(
            edition=edition, category=category, entrant=entrant, form=use.form,
            created_by=by, last_saved_by=by,
            current_step=form_schema.Schema.parse(use.form.schema).steps[0].key,
        )
        role_grant(user=by, edition=edition, role=Role.ENTRANT, by=by)
        audit(by, "entry.start", entry, after={"category": category.slug})
    return entry


def entry_save_step(*, entry: Entry, step: str, data: dict, version: int, by: User,
                    writer: str = "") -> Entry:
    """Keep what was typed in one step. Saves are refused when the entry is closed, changed
    elsewhere since ``version``, or an answer passes its form's length or number of items
    (``AnswersOverLimits``); other invalid answers are kept, and flagged when shown. Control
    characters nobody means (NUL among them) are removed."""
    schema = form_schema.Schema.parse(entry.form.schema)
    step_obj = schema.step(step)
    cleaned = form_schema.clean_answers(schema, step_obj, clean_value(data))
    over = form_schema.step_limit_errors(step_obj, cleaned, **answer_limits())
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise EntryError(locked.locked_message())
        _check_open(locked)
        if locked.version != version and not writers.all_mine(
                "entry", locked.pk, seen=version, current=locked.version, writer=writer):
            raise StaleEntry(
                _("This entry was saved elsewhere (another tab or a collaborator) at "
                  "%(time)s, after you opened it. Your text is still in the form: copy what you "
                  "need, then reload the page to see the latest version.")
                % {"time": moment(timezone.localtime(locked.last_saved_at),
                                  "TIME_SECONDS_FORMAT")}
            )
        if over:
            raise AnswersOverLimits(over)
        now = timezone.now()
        if locked.status == EntryStatus.SUBMITTED:
            # The submitted version stands until the changes are submitted in their turn.
            base = locked.pending_answers if locked.pending_answers is not None else locked.answers
            pending = {**base, **cleaned}
            if pending == locked.answers:  # changed back to what was submitted
                locked.pending_answers, locked.pending_since = None, None
            else:
                locked.pending_answers = pending
                locked.pending_since = locked.pending_since or now
            changed = ["pending_answers", "pending_since"]
        else:
            locked.answers = {**locked.answers, **cleaned}
            locked.title = schema.title(locked.answers)
            changed = ["answers", "title"]
        locked.current_step = step
        locked.version += 1
        locked.last_saved_at = now
        locked.last_saved_by = by
        locked.save(update_fields=[*changed, "current_step", "version", "last_saved_at",
                                   "last_saved_by"])
        writers.remember("entry", locked.pk, locked.version, writer)
    return locked


def _record_revision(entry: Entry, by: User) -> EntryRevision:
    """Snapshot a submitted entry. Saves by the same person within REVISION_WINDOW after the
    submission revision update one revision, so autosave does not bury the history."""
    names = list(entry.attachments.values_list("original_name", flat=True))
    latest = entry.revisions.order_by("-number").first()
    if (latest is not None and latest.number > 1 and latest.created_by_id == by.pk
            and timezone.now() - latest.created_at < REVISION_WINDOW):
        EntryRevision.objects.filter(pk=latest.pk).update(
            answers=entry.answers, title=entry.title, attachments=names
        )
        return latest
    return EntryRevision.objects.create(
        entry=entry, number=(latest.number + 1) if latest else 1, title=entry.title,
        answers=entry.answers, attachments=names, created_by=by,
    )


def submission_problems(entry: Entry, *, schema: form_schema.Schema | None = None,
                        attachment_count: int | None = None) -> list[form_schema.Problem]:
    """Everything that stops submission: answers missing or wrong, too few files. Lists pass
    the form they parsed and the files they counted, so no query is made per entry."""
    from .attachments import attachment_problems  # attachments builds on this module

    if schema is None:
        schema = form_schema.Schema.parse(entry.form.schema)
    return form_schema.missing(schema, entry.answers) + attachment_problems(
        entry, count=attachment_count, schema=schema)


def _next_reference(entry: Entry) -> str:
    category = Category.objects.select_for_update().get(pk=entry.category_id)
    prefix = f"{entry.edition.short_name}-{category.code}-"
    taken = Entry.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(r[len(prefix):]) for r in taken if r[len(prefix):].isdigit()]
    return f"{prefix}{(max(numbers) + 1) if numbers else 1:04d}"


def _summary(text, words: int = 60) -> str:
    """The first words of the entry's summary, for the receipt."""
    parts = str(text or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def entry_submit(*, entry: Entry, by: User) -> Entry:
    """Submit a complete draft before its deadline. Submitting twice changes nothing."""
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("edition", "form").get(
            pk=entry.pk
        )
        if locked.status == EntryStatus.SUBMITTED:
            return locked  # a double click, or a second tab: already done
        if locked.status != EntryStatus.DRAFT:
            raise EntryError(_("Only a draft can be submitted: this entry is no longer one."))
        _check_open(locked)
        problems = submission_problems(locked)
        if problems:
            raise EntryError(_("Complete or fix the answers listed below, then submit again; your "
                               "draft is kept."))
        locked.reference = locked.reference or _next_reference(locked)
        locked.status = EntryStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["reference", "status", "submitted_at", "version"])
        _record_revision(locked, by)
        audit(by, "entry.submit", locked, before={"status": EntryStatus.DRAFT},
              after={"status": EntryStatus.SUBMITTED, "reference": locked.reference})
        for member in locked.entrant.members.select_related("user"):
            notify(member.user, "entries/receipt", {
                "reference": locked.reference,
                "title": locked.title,
                "summary": _summary(locked.answers.get("summary")),
                "category": localised(locked.category, "name"),
                "edition": localised(locked.edition, "name"),
                "submitted_at": locked.submitted_at,
                "time_zone": locked.edition.time_zone,
                "entry_path": locked.get_absolute_url(),
            }, key=f"entry-receipt:{locked.pk}:{member.user_id}", edition=locked.edition)
    return locked


def field_labels(schema_data: dict, keys: list[str]) -> list:
    """The labels of a form's fields ``keys``, each read in the language active when it is
    used: handed to ``notify()``, every recipient reads them in their own language (the form's
    translation, else its main language), whoever caused the message."""
    by_language: dict[str, dict[str, str]] = {}

    def label(key: str) -> str:
        language = form_schema.current_language()
        if language not in by_language:
            schema = form_schema.Schema.parse(schema_data)
            by_language[language] = {f.key: str(f.label) for st in schema.steps
                                     for f in st.fields}
        return by_language[language].get(key, key)

    return [lazy(label, str)(key) for key in keys]


def entry_submit_changes(*, entry: Entry, by: User) -> Entry:
    """Submit the changes made to a submitted entry: they replace the submitted answers only
    if the whole entry then satisfies its form; otherwise nothing changes and the changes stay
    kept for the entrant to fix. Submitting twice changes nothing."""
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("edition", "form").get(
            pk=entry.pk)
        if locked.status != EntryStatus.SUBMITTED:
            raise EntryError(locked.locked_message())
        if locked.pending_answers is None:
            return locked  # a double click, or a second tab: already done
        _check_open(locked)
        schema = form_schema.Schema.parse(locked.form.schema)
        if submission_problems(locked.editing(), schema=schema):
            raise EntryError(_("Fix the answers listed below, then submit the changes again. "
                               "Until then the version you submitted before stands."))
        fields = sorted(key for key in {*locked.answers, *locked.pending_answers}
                        if locked.answers.get(key) != locked.pending_answers.get(key))
        locked.answers = locked.pending_answers
        locked.title = schema.title(locked.answers)
        locked.pending_answers, locked.pending_since = None, None
        locked.version += 1
        locked.last_saved_at = timezone.now()
        locked.last_saved_by = by
        locked.save(update_fields=["answers", "title", "pending_answers", "pending_since",
                                   "version", "last_saved_at", "last_saved_by"])
        _record_revision(locked, by)
        labels = {f.key: f.label for st in schema.steps for f in st.fields}
        audit(by, "entry.resubmit", locked, after={"changed": [labels.get(k, k) for k in fields]})
        changed = field_labels(locked.form.schema, fields)
        for member in locked.entrant.members.select_related("user"):
            notify(member.user, "entries/changes_received", {
                "reference": locked.reference,
                "title": locked.title,
                "edition": localised(locked.edition, "name"),
                "changed": changed,
                "changed_at": locked.last_saved_at,
                "time_zone": locked.edition.time_zone,
                "entry_path": locked.get_absolute_url(),
            }, key=f"entry-changes:{locked.pk}:{locked.version}:{member.user_id}",
                edition=locked.edition)
    return locked


def entry_discard_changes(*, entry: Entry, by: User) -> Entry:
    """Drop the changes made to a submitted entry since it was submitted: the submitted
    version is what the entrant sees again."""
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.pending_answers is None:
            return locked
        locked.pending_answers, locked.pending_since = None, None
        locked.version += 1
        locked.last_saved_at = timezone.now()
        locked.last_saved_by = by
        locked.save(update_fields=["pending_answers", "pending_since", "version",
                                   "last_saved_at", "last_saved_by"])
        audit(by, "entry.discard_changes", locked)
    return locked


def entry_withdraw(*, entry: Entry, by: User, reason: str = "") -> Entry:
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
        if locked.status == EntryStatus.WITHDRAWN:
            return locked
        if EntryStatus.WITHDRAWN not in ENTRY_TRANSITIONS[locked.status]:
            raise EntryError(_("This entry can no longer be withdrawn: write to the secretariat if "
                               "you need to."))
        _check_open(locked)
        before = locked.status
        locked.status = EntryStatus.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason.strip()
        locked.version += 1
        locked.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "version"])
        audit(by, "entry.withdraw", locked, before={"status": before},
              after={"status": EntryStatus.WITHDRAWN}, note=locked.withdrawal_reason)
    return locked


def draft_delete(*, entry: Entry, by: User) -> None:
    """Delete a draft that was never submitted, with its files (removed from storage once the
    deletion is committed). Audited with what it was, since the row is gone."""
    from .models import AnonymisedVersion, Attachment

    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("edition", "category").filter(
            pk=entry.pk).first()
        if locked is None:
            return
        if locked.status != EntryStatus.DRAFT or locked.submitted_at is not None:
            raise EntryError(_("Only a draft that was never submitted can be deleted; "
                               "withdraw a submitted entry instead."))
        files = [(a.file.storage, a.file.name)
                 for a in Attachment.objects.filter(entry=locked)]
        files += [(v.file.storage, v.file.name)
                  for v in AnonymisedVersion.objects.filter(attachment__entry=locked)]
        audit(by, "entry.delete_draft", locked, edition=locked.edition, before={
            "title": locked.title, "category": locked.category.name, "files": len(files)})
        locked.delete()
        for storage, name in files:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


# --- The secretariat ----------------------------------------------------------------------------


REASON_FIELDS = ["decision", "text", "order"]


def screening_reason_save(*, edition: Edition, reason: ScreeningReason | None, data: dict,
                          by: User) -> ScreeningReason:
    """Add or change one templated screening reason of the edition (audited). Decisions
    already made keep the words they were given: a reason's text is copied into them."""

    text = " ".join((data.get("text") or "").split())
    if not text:
        raise EntryError(_("Write the reason as the entrant will read it."))
    with transaction.atomic():
        before = None
        if reason is None:
            reason = ScreeningReason(edition=edition)
        else:
            reason = ScreeningReason.objects.select_for_update().get(pk=reason.pk,
                                                                     edition=edition)
            before = {f: getattr(reason, f) for f in REASON_FIELDS}
        reason.decision, reason.text, reason.order = data["decision"], text, data.get("order") or 0
        # each language into its own column (text_en, text_ko), whoever types it
        for key, value in (data.get("translations") or {}).items():
            setattr(reason, key, " ".join((value or "").split()))
        reason.save()
        after = {f: getattr(reason, f) for f in REASON_FIELDS}
        if before != after:
            audit(by, "screening_reason.save", reason, edition=edition, before=before,
                  after=after)
    return reason


def screening_reason_delete(*, reason: ScreeningReason, by: User) -> None:
    with transaction.atomic():
        audit(by, "screening_reason.delete", reason, edition=reason.edition,
              before={f: getattr(reason, f) for f in REASON_FIELDS})
        reason.delete()



def extension_grant(*, edition: Edition, entrant: Entrant, deadline: datetime, reason: str,
                    by: User) -> Extension:
    if deadline <= edition.call_closes_at:
        raise EntryError(_("Choose an extension that ends after the call closes."))
    if not reason.strip():
        raise EntryError(_("Give a reason for the extension."))
    with transaction.atomic():
        extension, _created = Extension.objects.update_or_create(
            edition=edition, entrant=entrant,
            defaults={"deadline": deadline, "reason": reason.strip(), "granted_by": by},
        )
        audit(by, "extension.grant", entrant, edition=edition,
              after={"deadline": deadline.isoformat(), "reason": reason.strip()})
        for member in entrant.members.select_related("user"):
            notify(member.user, "entries/extension", {
                "edition": edition.name, "deadline": deadline, "time_zone": edition.time_zone,
            }, key=f"extension:{extension.pk}:{deadline.isoformat()}:{member.user_id}",
                edition=edition)
    return extension


def screening_decide(*, entry: Entry, decision: str, reason: str, by: User) -> ScreeningDecision:
    """Mark a submitted entry eligible or ineligible. The entrant hears of it on release."""
    if decision not in (EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE):
        raise EntryError(_("Choose eligible or ineligible."))
    if decision == EntryStatus.INELIGIBLE and not reason.strip():
        raise EntryError(_("Give the reason the entry is ineligible: the entrant reads it."))
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if decision not in ENTRY_TRANSITIONS[locked.status] and locked.status != decision:
            raise EntryError(_("%(ref)s is %(status)s and cannot be screened.")
                             % {"ref": locked.reference or locked.pk,
                                "status": locked.get_status_display().lower()})
        before = locked.status
        locked.status = decision
        locked.save(update_fields=["status"])
        record = ScreeningDecision.objects.create(
            entry=locked, decision=decision, reason=reason.strip(), decided_by=by
        )
        audit(by, "entry.screen", locked, before={"status": before},
              after={"status": decision}, note=reason.strip())
    return record


def screening_release(*, edition: Edition, by: User) -> int:
    """Tell entrants the latest unreleased decision on each of their entries."""
    with transaction.atomic():
        pending = (
            ScreeningDecision.objects.select_for_update()
            .filter(entry__edition=edition, released_at__isnull=True)
            .select_related("entry", "entry__entrant", "entry__category")
            .order_by("entry_id", "-decided_at", "-pk")
        )
        now, latest, all_pks = timezone.now(), {}, []
        for decision in pending:
            all_pks.append(decision.pk)
            latest.setdefault(decision.entry_id, decision)
        for decision in latest.values():
            entry = decision.entry
            for member in entry.entrant.members.select_related("user"):
                notify(member.user, "entries/screening", {
                    "reference": entry.reference, "title": entry.title,
                    "decision": decision.decision, "reason": decision.reason,
                    "edition": edition.name,
                    "contact_email": edition.contact_email or settings.DEFAULT_FROM_EMAIL,
                }, key=f"screening:{decision.pk}:{member.user_id}", edition=edition)
        ScreeningDecision.objects.filter(pk__in=all_pks).update(released_at=now)
        if latest:
            audit(by, "screening.release", edition, after={"entries": len(latest)})
    return len(latest)


__all__ = [
    "EntryError",
    "screening_reason_delete",
    "screening_reason_save",
    "draft_delete",
    "StaleEntry",
    "categories_open_to",
    "deadline_for",
    "entrant_create",
    "entrant_update",
    "entry_save_step",
    "entry_start",
    "entry_submit",
    "entry_withdraw",
    "extension_grant",
    "invitation_accept",
    "invitation_send",
    "screening_decide",
    "screening_release",
    "submission_problems",
]
