"""Entry attachments: what an uploaded file really is, and the services that store and remove it.

A file is judged by its content, never by its name alone: the first bytes say what it is (and,
for Word and Excel files, the parts inside the ZIP package), images must really decode, and the
name's extension must agree with what was found. Sizes and counts come from the form's
attachments step (see entries/schema.py).
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prize.models import User
from prize.services import audit

from . import schema as form_schema
from .enums import EDITABLE_STATUSES, EntryStatus
from .models import AnonymisedVersion, Attachment, Entry, anonymised_version
from .services import EntryError, _check_open, _record_revision

MB = 1024 * 1024
CHUNK_SIZE = 64 * 1024
HEAD_SIZE = 8 * 1024
# An Office file is a ZIP package: bound what it may unpack to, and how many parts it may hold.
ZIP_MAX_UNCOMPRESSED = 200 * MB
ZIP_MAX_MEMBERS = 5000
CONTENT_TYPES_MAX = MB  # [Content_Types].xml is a few kilobytes in real files
# Images are decoded to prove they are images; bound the pixels that may take.
MAX_IMAGE_PIXELS = 40_000_000
MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str  # "a PDF": used in "This file is not a PDF"
    mime: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", gettext_lazy("a PDF"), "application/pdf", (".pdf",))
DOCX = FileKind(
    "docx", gettext_lazy("a Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",),
)
XLSX = FileKind(
    "xlsx", gettext_lazy("an Excel workbook"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",),
)
PNG = FileKind("png", gettext_lazy("a PNG image"), "image/png", (".png",))
JPEG = FileKind("jpeg", gettext_lazy("a JPEG image"), "image/jpeg", (".jpg", ".jpeg"))
KINDS = (PDF, DOCX, XLSX, PNG, JPEG)
KIND_BY_EXTENSION = {ext: kind for kind in KINDS for ext in kind.extensions}
# For the file input's ``accept``: a hint to the browser's file picker, never a check.
ACCEPT = ",".join([*KIND_BY_EXTENSION, *(kind.mime for kind in KINDS)])

# The package parts (and the main part's content type) each Office kind must have.
_OFFICE_PARTS = {
    "docx": ("word/document.xml",
             b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml",
             b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
_KIND_BY_KEY = {kind.key: kind for kind in KINDS}


def type_name(content_type: str) -> str:
    """The short name of a stored file's type, as the upload limits name it (PDF, DOCX…)."""
    for kind in KINDS:
        if kind.mime == content_type:
            return kind.key.upper()
    return content_type


def types_text(kinds: tuple[str, ...] | None = None) -> str:
    """The kinds of file accepted, in words ("PDF, PNG or JPEG"); ``kinds`` are kind keys (an
    attachments step's ``file_kinds``), all of them when None."""
    if kinds is None or set(kinds) >= {kind.key for kind in KINDS}:
        return _("PDF, DOCX, XLSX, PNG or JPEG")
    names = [kind.key.upper() for kind in KINDS if kind.key in kinds]
    if len(names) == 1:
        return names[0]
    return _("%(items)s or %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}


def accept_for(kinds: tuple[str, ...] | None = None) -> str:
    """The file input's ``accept`` for these kind keys (all kinds when None)."""
    chosen = [kind for kind in KINDS if kinds is None or kind.key in kinds]
    return ",".join([ext for kind in chosen for ext in kind.extensions]
                    + [kind.mime for kind in chosen])


def megabytes(size: int, *, above: int | None = None) -> str:
    """A size for a message, to a tenth of a megabyte; rounded up when it is ``above`` a limit
    that plain rounding would reach, so a file just over a limit never reads as the limit."""
    tenths = round(size * 10 / MB)
    if above is not None and size > above and tenths * MB <= above * 10:
        tenths = math.ceil(size * 10 / MB)
    return _("%(size)s MB") % {"size": f"{tenths / 10:.1f}"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: FileKind
    size: int
    sha256: str


class FileRefused(EntryError):
    """An uploaded file that cannot be accepted; the message says why."""


def clean_name(name: str) -> str:
    """The name to show and to offer on download: no folders, no control characters, at most
    255 characters (the extension kept)."""
    name = PurePosixPath(str(name or "").replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    name = " ".join(name.split())
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(name).suffix[:16]
        name = name[: MAX_NAME_LENGTH - len(suffix)] + suffix
    return name or "file"


# --- What a file is ------------------------------------------------------------------------------


def _sniff(head: bytes) -> str | None:
    """The kind key the first bytes announce ("zip" for any ZIP package), or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def describe(head: bytes) -> str:
    """What the first bytes look like, in words, for a refusal message."""
    looks = [
        (b"%PDF-", _("a PDF")),
        (b"\x89PNG\r\n\x1a\n", _("a PNG image")),
        (b"\xff\xd8\xff", _("a JPEG image")),
        (b"GIF87a", _("a GIF image")),
        (b"GIF89a", _("a GIF image")),
        (b"II*\x00", _("a TIFF image")),
        (b"MM\x00*", _("a TIFF image")),
        (b"PK\x03\x04", _("a ZIP archive")),
        (b"PK\x05\x06", _("an empty ZIP archive")),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
         _("an older Word or Excel file (.doc, .xls) or a password-protected one")),
        (b"Rar!", _("a RAR archive")),
        (b"7z\xbc\xaf\x27\x1c", _("a 7-Zip archive")),
        (b"\x1f\x8b", _("a compressed (gzip) file")),
        (b"MZ", _("a program")),
        (b"\x7fELF", _("a program")),
        (b"{\\rtf", _("an RTF document")),
    ]
    for magic, words in looks:
        if head.startswith(magic):
            return words
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _("a WebP image")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return _("a HEIC photo")
        return _("a video or audio file")
    if _is_text(head):
        return _("HTML or text")
    return _("a file of an unknown kind")


def _is_text(head: bytes) -> bool:
    sample = head[:HEAD_SIZE]
    if b"\x00" in sample:
        # UTF-16 text has NULs; a BOM says so.
        return sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the end of the sample
            try:
                text = sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
            printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
            return printable >= 0.95 * len(text)
    return True


def _office_kind(file: File) -> tuple[str | None, str]:
    """("docx" | "xlsx" | None, what it looks like otherwise). Refuses packages that would
    unpack to something huge (zip bombs) or that hold a suspicious number of parts."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            members = package.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise FileRefused(
                    _("This file holds %(count)s parts; a Word or Excel file holds far fewer. "
                      "Save it again as DOCX, XLSX or PDF.") % {"count": len(members)}
                )
            unpacked = sum(m.file_size for m in members)
            if unpacked > ZIP_MAX_UNCOMPRESSED:
                raise FileRefused(
                    _("This file would unpack to %(size)s; the limit is %(limit)s MB. "
                      "Save it again as DOCX, XLSX or PDF.")
                    % {"size": megabytes(unpacked, above=ZIP_MAX_UNCOMPRESSED),
                       "limit": ZIP_MAX_UNCOMPRESSED // MB}
                )
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names:
                return None, _("a ZIP archive")
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX:
                return None, _("a damaged Office file")
            content_types = package.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
            RuntimeError, ValueError, OSError):
        return None, _("a damaged ZIP archive")
    for key, (part, main_type) in _OFFICE_PARTS.items():
        if part in names and main_type in content_types:
            return key, ""
    if "ppt/presentation.xml" in names:
        return None, _("a PowerPoint presentation")
    if "word/document.xml" in names or "xl/workbook.xml" in names:
        return None, _("a Word or Excel file with macros, or a template")
    return None, _("a ZIP archive")


def _check_image(file: File, kind: FileKind) -> None:
    """Decode the image: a PNG or JPEG header followed by anything else is refused."""
    from PIL import Image

    unreadable = FileRefused(
        _("This file cannot be read as %(kind)s: it is damaged, or not really an image. "
          "Open it, save it again, and upload the new copy.") % {"kind": kind.label}
    )
    expected_format = {"png": "PNG", "jpeg": "JPEG"}[kind.key]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file) as image:
                if image.format != expected_format:
                    raise unreadable
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise FileRefused(
                        _("This image is %(width)s × %(height)s pixels; the limit is "
                          "%(limit)s megapixels. Make it smaller and upload it again.")
                        % {"width": width, "height": height,
                           "limit": MAX_IMAGE_PIXELS // 1_000_000}
                    )
                image.verify()  # checksums and structure
            file.seek(0)
            with Image.open(file) as image:
                if image.format == "JPEG":
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()  # every byte of image data decodes
    except FileRefused:
        raise
    except Exception as exc:  # Pillow raises many kinds for a broken file
        raise unreadable from exc


def check_file(file: File, *, max_bytes: int,
               kinds: tuple[str, ...] | None = None) -> CheckedFile:
    """Judge one uploaded file. Returns what it is; raises FileRefused saying why not.
    ``kinds``: the kind keys accepted (an attachments step's ``file_kinds``); all when None.

    Reads the file once in chunks (for its SHA-256 and its true size), refusing an oversized
    file from its declared size before reading it."""
    accepted = tuple(kind.key for kind in KINDS) if kinds is None else tuple(kinds)
    name = clean_name(getattr(file, "name", ""))
    declared = getattr(file, "size", None)
    if declared == 0:
        raise FileRefused(_("The file is empty."))
    if declared is not None and declared > max_bytes:
        raise FileRefused(_too_large(declared, max_bytes))
    suffix = PurePosixPath(name).suffix.lower()
    expected = KIND_BY_EXTENSION.get(suffix)
    if expected is None:
        if not suffix:
            raise FileRefused(
                _("This file's name has no type ending (such as .pdf). Accepted: %(types)s.")
                % {"types": types_text(kinds)}
            )
        raise FileRefused(
            _("Files ending in %(suffix)s are not accepted. Accepted: %(types)s.")
            % {"suffix": suffix, "types": types_text(kinds)}
        )
    if expected.key not in accepted:
        raise FileRefused(_not_accepted(expected, kinds))

    digest, size, head = hashlib.sha256(), 0, b""
    file.seek(0)
    for chunk in file.chunks(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise FileRefused(_too_large(size, max_bytes))
        digest.update(chunk)
        if len(head) < HEAD_SIZE:
            head += chunk[: HEAD_SIZE - len(head)]
    if size == 0:
        raise FileRefused(_("The file is empty."))

    found, looks_like = _sniff(head), ""
    if found == "zip":
        found, looks_like = _office_kind(file)
    if found != expected.key:
        looks_like = looks_like or (
            _KIND_BY_KEY[found].label if found else describe(head)
        )
        message = _("This file is not %(kind)s (it looks like %(looks_like)s).") % {
            "kind": expected.label, "looks_like": looks_like,
        }
        if found and found not in accepted:
            message += " " + _not_accepted(_KIND_BY_KEY[found], kinds)
        elif found:
            message += " " + _("Rename it to end in %(suffix)s and upload it again.") % {
                "suffix": _KIND_BY_KEY[found].extensions[0]
            }
        raise FileRefused(message)
    if expected in (PNG, JPEG):
        _check_image(file, expected)
    file.seek(0)
    return CheckedFile(name=name, kind=expected, size=size, sha256=digest.hexdigest())


def _not_accepted(kind: FileKind, kinds: tuple[str, ...] | None) -> str:
    return _("This step does not take %(kind)s. Accepted: %(types)s.") % {
        "kind": kind.label, "types": types_text(kinds)}


def _too_large(size: int, max_bytes: int) -> str:
    return _("This file is %(size)s; the limit is %(limit)s MB per file.") % {
        "size": megabytes(size, above=max_bytes), "limit": f"{max_bytes / MB:g}",
    }


# --- Limits and rules ----------------------------------------------------------------------------


def attachment_step(entry: Entry, schema: form_schema.Schema | None = None
                    ) -> form_schema.Step | None:
    """The form's attachments step (its limits), or None when the form takes no files."""
    if schema is None:
        schema = form_schema.Schema.parse(entry.form.schema)
    for step in schema.steps:
        if step.kind == "attachments":
            return step
    return None


def change_refusal(entry: Entry) -> str:
    """Why the entrant cannot change this entry's files now ("" when they can)."""
    if entry.status not in EDITABLE_STATUSES:
        return entry.locked_message()
    try:
        _check_open(entry)
    except EntryError as exc:
        return exc.messages[0]
    return ""


def _too_many(step: form_schema.Step) -> str:
    return ngettext("An entry can have at most %(count)s file; remove it first.",
                    "An entry can have at most %(count)s files; remove one first.",
                    step.max_files) % {"count": step.max_files}


def attachment_problems(entry: Entry, *, count: int | None = None,
                        schema: form_schema.Schema | None = None) -> list[form_schema.Problem]:
    """What stops submission on the attachments step (too few files), like schema.missing.
    Callers that know the number of files (or parsed the form) pass it: no query then."""
    step = attachment_step(entry, schema)
    if step is None or not step.min_files:
        return []
    if count is None:
        count = entry.attachments.count()
    if count >= step.min_files:
        return []
    return [form_schema.Problem(
        step.key, step.title, "files", _("Files"),
        ngettext("Attach at least %(count)s file (%(have)s so far).",
                 "Attach at least %(count)s files (%(have)s so far).", step.min_files)
        % {"count": step.min_files, "have": count},
    )]


# --- Services ------------------------------------------------------------------------------------


def _require_changeable(entry: Entry) -> None:
    refusal = change_refusal(entry)
    if refusal:
        raise EntryError(refusal)


def _touch(entry: Entry, by: User, step: form_schema.Step) -> None:
    """A file change is a save of the entry (without raising ``version``: a file does not
    conflict with answers typed in another tab)."""
    entry.last_saved_at = timezone.now()
    entry.last_saved_by = by
    entry.current_step = step.key
    entry.save(update_fields=["last_saved_at", "last_saved_by", "current_step"])


def attachment_add(*, entry: Entry, uploaded_file: File, by: User) -> Attachment:
    """Check one uploaded file and attach it to the entry. Refusals raise EntryError (a
    FileRefused for the file itself) and store nothing."""
    step = attachment_step(entry)
    if step is None:
        raise EntryError(_("This entry's form does not take attachments."))
    # Cheap checks first, so the clearest reason is given; all are repeated under the lock.
    _require_changeable(entry)
    if entry.attachments.count() >= step.max_files:
        raise EntryError(_too_many(step))
    checked = check_file(uploaded_file, max_bytes=step.max_mb * MB,
                         kinds=step.file_kinds)

    stored_name = None
    try:
        with transaction.atomic():
            locked = Entry.objects.select_for_update().select_related("edition").get(
                pk=entry.pk
            )
            _require_changeable(locked)
            existing = list(locked.attachments.values_list("sha256", "original_name"))
            if len(existing) >= step.max_files:
                raise EntryError(_too_many(step))
            same = next((n for sha, n in existing if sha == checked.sha256), None)
            if same is not None:
                raise FileRefused(_("This file is already attached (as %(name)s).")
                                  % {"name": same})
            attachment = Attachment(
                entry=locked, original_name=checked.name, content_type=checked.kind.mime,
                size=checked.size, sha256=checked.sha256, uploaded_by=by,
            )
            uploaded_file.seek(0)
            attachment.file.save(checked.name, uploaded_file, save=False)
            stored_name = attachment.file.name
            attachment.save()
            _touch(locked, by, step)
            audit(by, "attachment.add", locked, edition=locked.edition, after={
                "file": checked.name, "type": checked.kind.mime, "size": checked.size,
                "sha256": checked.sha256,
            })
            if locked.status == EntryStatus.SUBMITTED:
                _record_revision(locked, by)
    except BaseException:
        if stored_name:
            attachment.file.storage.delete(stored_name)
        raise
    return attachment


def attachment_remove(*, attachment: Attachment, by: User) -> None:
    """Remove a file from an entry that can still be changed; the stored file is deleted once
    the removal is committed. Removing a file already removed does nothing."""
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("edition", "form").get(
            pk=attachment.entry_id
        )
        _require_changeable(locked)
        current = Attachment.objects.filter(entry=locked, pk=attachment.pk).first()
        if current is None:
            return
        step = attachment_step(locked)
        if (locked.status == EntryStatus.SUBMITTED and step is not None
                and locked.attachments.count() <= step.min_files):
            raise EntryError(
                ngettext("A submitted entry needs at least %(count)s file: add the new file "
                         "before removing this one.",
                         "A submitted entry needs at least %(count)s files: add the new file "
                         "before removing this one.", step.min_files) % {"count": step.min_files}
            )
        storage, stored_name = current.file.storage, current.file.name
        anonymised = anonymised_version(current)
        anonymised_name = anonymised.file.name if anonymised is not None else ""
        current.delete()
        if step is not None:
            _touch(locked, by, step)
        audit(by, "attachment.remove", locked, edition=locked.edition, before={
            "file": current.original_name, "type": current.content_type, "size": current.size,
            "sha256": current.sha256,
        })
        if locked.status == EntryStatus.SUBMITTED:
            _record_revision(locked, by)
        transaction.on_commit(lambda: storage.delete(stored_name))
        if anonymised_name:
            transaction.on_commit(lambda: storage.delete(anonymised_name))


# --- Anonymised versions, for blind rounds --------------------------------------------------------


def anonymised_add(*, attachment: Attachment, uploaded_file: File,
                   by: User) -> AnonymisedVersion:
    """Check an uploaded file and keep it as the anonymised version of ``attachment`` (the one
    judges of a blind round get), replacing an earlier one. Refusals raise EntryError."""
    entry = attachment.entry
    step = attachment_step(entry)
    if step is None or not step.blind_variant:
        raise EntryError(_("This entry's form does not ask for anonymised versions of files."))
    _require_changeable(entry)
    checked = check_file(uploaded_file, max_bytes=step.max_mb * MB,
                         kinds=step.file_kinds)
    if checked.sha256 == attachment.sha256:
        raise FileRefused(_("This is the same file as %(name)s: remove what names you from "
                            "its pages, save it as a new file and upload that.")
                          % {"name": attachment.original_name})

    stored_name, replaced_name = None, ""
    try:
        with transaction.atomic():
            locked = Entry.objects.select_for_update().select_related("edition").get(
                pk=entry.pk)
            _require_changeable(locked)
            original = Attachment.objects.filter(pk=attachment.pk, entry=locked).first()
            if original is None:
                raise EntryError(_("That file is no longer attached to this entry."))
            previous = AnonymisedVersion.objects.filter(attachment=original).first()
            if previous is not None:
                replaced_name = previous.file.name
                previous.delete()
            version = AnonymisedVersion(
                attachment=original, original_name=checked.name,
                content_type=checked.kind.mime, size=checked.size, sha256=checked.sha256,
                uploaded_by=by,
            )
            uploaded_file.seek(0)
            version.file.save(checked.name, uploaded_file, save=False)
            stored_name = version.file.name
            version.save()
            _touch(locked, by, step)
            audit(by, "attachment.anonymised_add", locked, edition=locked.edition, after={
                "file": original.original_name, "anonymised": checked.name,
                "type": checked.kind.mime, "size": checked.size, "sha256": checked.sha256,
            })
            if replaced_name:
                storage = version.file.storage
                transaction.on_commit(lambda: storage.delete(replaced_name))
    except BaseException:
        if stored_name:
            version.file.storage.delete(stored_name)
        raise
    return version


def anonymised_remove(*, attachment: Attachment, by: User) -> None:
    """Remove the anonymised version of ``attachment`` (judges of a blind round then get the
    original, without its metadata). Removing one that is gone does nothing."""
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("edition", "form").get(
            pk=attachment.entry_id)
        _require_changeable(locked)
        version = AnonymisedVersion.objects.filter(attachment_id=attachment.pk).first()
        if version is None:
            return
        storage, stored_name = version.file.storage, version.file.name
        version.delete()
        step = attachment_step(locked)
        if step is not None:
            _touch(locked, by, step)
        audit(by, "attachment.anonymised_remove", locked, edition=locked.edition, before={
            "file": attachment.original_name, "anonymised": version.original_name,
            "sha256": version.sha256,
        })
        transaction.on_commit(lambda: storage.delete(stored_name))


__all__ = [
    "ACCEPT",
    "KINDS",
    "accept_for",
    "CheckedFile",
    "FileRefused",
    "anonymised_add",
    "anonymised_remove",
    "attachment_add",
    "attachment_problems",
    "attachment_remove",
    "attachment_step",
    "change_refusal",
    "check_file",
    "types_text",
]
