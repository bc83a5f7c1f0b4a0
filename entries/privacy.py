"""The entries' part of a person's data (see prize/privacy.py): the entrant they belong to,
its entries with their answers, revisions and files, and the screening decisions released to
them; what closing an account removes from them; who retention may let go.

What goes in the download is what the person reads on their own pages: the entrant's entries
(drafts included), their submitted answers and the changes not yet submitted, the revisions,
the files (the originals and the anonymised versions), and a screening decision only once it was
released. Never: staff notes, redactions, unreleased decisions, other members' details.

Closing an account: the person leaves the entrant. When they were its last member, the drafts
that were never submitted are deleted with their files, and the entrant's contact person, e-mail
address and phone are removed (an individual's name too, unless it was published with a prize);
the submitted entries stay in the prize's record. Answers equal to the person's e-mail address
are emptied wherever they are kept.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from prize import privacy
from prize.enums import EntrantKind
from prize.models import User

from .copies import entry_copy_pdf
from .enums import EntryStatus
from .models import (
    AnonymisedVersion,
    Attachment,
    Entrant,
    EntrantMember,
    Entry,
    EntryRevision,
    Invitation,
    ScreeningDecision,
    anonymised_version,
)
from .selectors import with_released_screening


def _folder(entry: Entry) -> str:
    return f"entries/{entry.reference or f'draft-{entry.pk}'}"


def export(user: User, archive: privacy.Archive) -> None:
    membership = (EntrantMember.objects.select_related("entrant").filter(user=user).first())
    if membership is None:
        return
    entrant = membership.entrant
    archive.put("entrant", {
        "kind": entrant.get_kind_display(), "name": entrant.name, "position": entrant.position,
        "city": entrant.city, "country": str(entrant.country), "contact_person":
        entrant.contact_name, "contact_email": entrant.contact_email, "phone": entrant.phone,
        "website": entrant.website, "your_role": membership.get_role_display(),
        "joined": membership.joined_at,
    }, _("the entrant (organisation, or yourself as an individual) you enter for, and its "
         "contact details."))
    entries = list(with_released_screening(
        Entry.objects.filter(entrant=entrant)
        .select_related("edition", "category", "entrant", "form")).order_by("created_at", "pk"))
    ids = [e.pk for e in entries]
    files: dict[int, list[Attachment]] = {}
    for attachment in (Attachment.objects.filter(entry_id__in=ids)
                       .select_related("anonymised").order_by("uploaded_at", "pk")):
        files.setdefault(attachment.entry_id, []).append(attachment)
    revisions: dict[int, list[EntryRevision]] = {}
    for revision in EntryRevision.objects.filter(entry_id__in=ids).order_by("number"):
        revisions.setdefault(revision.entry_id, []).append(revision)
    released: dict[int, list[ScreeningDecision]] = {}
    for decision in (ScreeningDecision.objects.filter(entry_id__in=ids, released_at__isnull=False)
                     .order_by("decided_at", "pk")):
        released.setdefault(decision.entry_id, []).append(decision)
    rows = []
    for entry in entries:
        folder = _folder(entry)
        attached = files.get(entry.pk, [])
        row = {
            "reference": entry.reference, "title": entry.title, "edition": entry.edition.name,
            "category": entry.category.name, "status": entry.get_entrant_status_display(),
            "created": entry.created_at, "last_saved": entry.last_saved_at,
            "submitted": entry.submitted_at, "withdrawn": entry.withdrawn_at,
            "withdrawal_reason": entry.withdrawal_reason, "answers": entry.answers,
            "changes_not_submitted": entry.pending_answers if entry.pending_since else None,
            "revisions": [{"number": r.number, "at": r.created_at, "title": r.title,
                           "answers": r.answers, "files": r.attachments}
                          for r in revisions.get(entry.pk, [])],
            "screening": [{"decision": d.get_decision_display(), "reason": d.reason,
                           "released": d.released_at} for d in released.get(entry.pk, [])],
            "files": [],
        }
        for attachment in attached:
            row["files"].append({"name": attachment.original_name, "size": attachment.size,
                                 "type": attachment.content_type,
                                 "uploaded": attachment.uploaded_at,
                                 "in_archive": _copy(archive, folder, attachment)})
            version = anonymised_version(attachment)
            if version is not None:
                row["files"][-1]["anonymised_version"] = _copy(
                    archive, f"{folder}/anonymised", version)
        pdf = entry_copy_pdf(entry, attached, language=user.language or "en")
        row["copy"] = archive.add_bytes(f"{folder}/copy-of-the-entry.pdf", pdf)
        rows.append(row)
    archive.put("entries", rows, _("the entries of your entrant: answers as submitted (and "
                                   "changes not yet submitted), revisions, files, and the "
                                   "screening decisions released to you."))
    if rows:
        archive.describe("entries/<reference>/copy-of-the-entry.pdf",
                         _("a readable copy of each entry, every answer step by step."))
        archive.describe("entries/<reference>/<file>",
                         _("the files attached to the entry, as they were uploaded; "
                           "anonymised/ holds the anonymised versions given to blind rounds."))


def _copy(archive: privacy.Archive, folder: str, stored) -> str:
    """Copy one stored file into the archive; its path there ("" if the file is missing)."""
    try:
        with stored.file.open("rb") as opened:
            return archive.add_file(f"{folder}/{stored.original_name}", opened)
    except (FileNotFoundError, OSError, ValueError):
        return ""


# --- Closing an account --------------------------------------------------------------------------


def _scrub(answers, email: str):
    """The answers with every value equal to ``email`` emptied (nested lists and rows too)."""
    if isinstance(answers, dict):
        return {key: _scrub(value, email) for key, value in answers.items()}
    if isinstance(answers, list):
        return [_scrub(value, email) for value in answers]
    if isinstance(answers, str) and answers.strip().lower() == email:
        return ""
    return answers


def anonymise(closing: privacy.Closing) -> None:
    user, email = closing.user, closing.original_email.lower()
    membership = EntrantMember.objects.select_related("entrant").filter(user=user).first()
    Invitation.objects.filter(email__iexact=email, accepted_at__isnull=True).delete()
    Invitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=email)).update(
        email=privacy.closed_email(user.pk))
    if membership is None:
        return
    entrant = Entrant.objects.select_for_update().get(pk=membership.entrant_id)
    others = list(EntrantMember.objects.filter(entrant=entrant).exclude(user=user)
                  .select_related("user").order_by("joined_at", "pk"))
    entries = Entry.objects.filter(entrant=entrant)
    for entry in entries.only("pk", "answers", "pending_answers"):
        answers, pending = _scrub(entry.answers, email), _scrub(entry.pending_answers, email)
        if (answers, pending) != (entry.answers, entry.pending_answers):
            Entry.objects.filter(pk=entry.pk).update(answers=answers, pending_answers=pending)
            closing.counts["answers_emptied"] += 1
    for revision in EntryRevision.objects.filter(entry__entrant=entrant).only("pk", "answers"):
        answers = _scrub(revision.answers, email)
        if answers != revision.answers:
            EntryRevision.objects.filter(pk=revision.pk).update(answers=answers)
    changed = []
    if not others:
        drafts = entries.filter(status=EntryStatus.DRAFT, submitted_at__isnull=True)
        stored = [(a.file.storage, a.file.name)
                  for a in Attachment.objects.filter(entry__in=drafts)]
        stored += [(v.file.storage, v.file.name)
                   for v in AnonymisedVersion.objects.filter(attachment__entry__in=drafts)]
        closing.counts["drafts_deleted"] += drafts.count()
        drafts.delete()
        for storage, name in stored:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        entrant.contact_name = privacy.REMOVED
        entrant.contact_email = f"entrant-{entrant.pk}@{privacy.CLOSED_DOMAIN}"
        entrant.phone = ""
        changed += ["contact_name", "contact_email", "phone"]
        if entrant.kind == EntrantKind.INDIVIDUAL and not closing.public_name:
            entrant.name = _("Former entrant %(number)s") % {"number": entrant.pk}
            entrant.position = ""
            changed += ["name", "position"]
    elif entrant.contact_email.lower() == email:
        # the contact was this person: the next member takes over
        successor = others[0].user
        entrant.contact_name = successor.name or privacy.REMOVED
        entrant.contact_email = successor.email
        changed += ["contact_name", "contact_email"]
    if changed:
        entrant.save(update_fields=[*changed, "updated_at"])
        closing.counts["entrant_details"] += 1
    membership.delete()


# --- Retention -----------------------------------------------------------------------------------


def candidates(edition_ids: set[int]) -> set[int]:
    """Members of entrants that entered only in these editions (at least once)."""
    elsewhere = Entry.objects.exclude(edition_id__in=edition_ids).values("entrant_id")
    return set(
        EntrantMember.objects.filter(entrant__entries__edition_id__in=edition_ids)
        .exclude(entrant_id__in=elsewhere).values_list("user_id", flat=True))


privacy.register("entries", order=10, export=export, anonymise=anonymise,
                 candidates=candidates)
