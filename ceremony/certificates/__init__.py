"""Certificates: who gets one, the code that proves it genuine, who may see it, the staff's zip.

A winner gets one certificate per confirmed decision; a finalist who did not win gets one when
the edition's publication says so (``Publication.finalist_certificates``). The rows are made
when first needed (a download, the staff's zip), one per entry and decision, each with a random
code that nobody can guess. Whether anyone but staff may see a certificate is the embargo's
question (``selectors.results_public``), asked here for every path. What a certificate says and
how it is drawn: ``ceremony.certificates.pdf``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from entries.enums import EntryStatus
from entries.models import Entry
from entries.selectors import entrant_of
from prize.models import Edition, User

from .. import selectors
from ..enums import DecisionStatus, ResultKind
from ..models import Certificate, Decision, Publication
from .pdf import (
    CertificateText,
    certificate_text,
    certificates_pdf,
    edition_context,
    render,
    verification_url,
)

__all__ = [
    "CertificateText",
    "certificate_text",
    "certificate_url_for",
    "certificate_urls_for",
    "certificate_visible_to",
    "certificates_of_edition",
    "certificates_of_entry",
    "certificates_pdf",
    "entry_certificates_for",
    "entry_filename",
    "filename",
    "is_genuine",
    "render",
    "verification_url",
    "zip_stream",
]

_RELATED = ("entry__edition", "entry__entrant", "entry__category", "decision__award__category")


# --- Who gets a certificate --------------------------------------------------------------------


@dataclass(frozen=True)
class _Due:
    entry: Entry
    decision: Decision | None
    kind: str


def _finalist_certificates(edition: Edition | int) -> bool:
    edition_id = getattr(edition, "pk", edition)
    return Publication.objects.filter(edition_id=edition_id, finalist_certificates=True).exists()


def _due(edition: Edition, entry_ids: Iterable[int] | None = None) -> list[_Due]:
    """The certificates the edition owes (for some entries, or all): one per confirmed decision
    of an entry still in the running, and one per other finalist if the edition says so."""
    decisions = (
        Decision.objects.filter(award__edition=edition, status=DecisionStatus.CONFIRMED)
        .exclude(entry__status=EntryStatus.WITHDRAWN)
        .select_related("award__category", "entry__edition", "entry__entrant",
                        "entry__category")
        .order_by(F("award__category__order").asc(nulls_last=True), "award__order",
                  "award__name", "rank", "pk")
    )
    if entry_ids is not None:
        entry_ids = set(entry_ids)
        decisions = decisions.filter(entry_id__in=entry_ids)
    due = [_Due(d.entry, d, ResultKind.WINNER) for d in decisions]
    if _finalist_certificates(edition):
        finalists = selectors.finalist_ids(edition) - {d.entry.pk for d in due}
        if entry_ids is not None:
            finalists &= entry_ids
        entries = (
            Entry.objects.filter(pk__in=finalists)
            .select_related("edition", "entrant", "category")
            .order_by("category__order", "reference", "pk")
        )
        due += [_Due(entry, None, ResultKind.FINALIST) for entry in entries]
    return due


def _issue(due: list[_Due]) -> list[Certificate]:
    """The certificates for what is due, made now where they do not exist yet."""
    if not due:
        return []
    existing: dict[tuple[int, int | None], Certificate] = {}
    for certificate in Certificate.objects.filter(
        entry_id__in={d.entry.pk for d in due}
    ).order_by("pk"):
        existing.setdefault((certificate.entry_id, certificate.decision_id), certificate)
    out = []
    for item in due:
        key = (item.entry.pk, item.decision.pk if item.decision else None)
        certificate = existing.get(key)
        if certificate is None:
            certificate = _create(item)
        certificate.entry = item.entry
        certificate.decision = item.decision
        out.append(certificate)
    return out


def _create(item: _Due) -> Certificate:
    try:
        with transaction.atomic():
            return Certificate.objects.create(entry=item.entry, decision=item.decision,
                                              kind=item.kind)
    except IntegrityError:  # made at the same moment by another request
        return Certificate.objects.filter(entry=item.entry, decision=item.decision).earliest("pk")


def certificates_of_edition(edition: Edition) -> list[Certificate]:
    """Every certificate the edition owes, in award order (made where missing). For staff:
    callers check ``selectors.is_results_staff`` first."""
    return _issue(_due(edition))


def certificates_of_entry(entry: Entry) -> list[Certificate]:
    """The entry's certificates (made where missing); none for a withdrawn entry. Callers check
    who is asking and the embargo first."""
    if entry.status == EntryStatus.WITHDRAWN:
        return []
    return _issue(_due(entry.edition, [entry.pk]))


def is_genuine(certificate: Certificate) -> bool:
    """Whether the certificate still stands for a result: a confirmed decision of its entry, or
    a finalist's place while the edition gives finalists certificates; never a withdrawn entry."""
    entry = certificate.entry
    if entry.status == EntryStatus.WITHDRAWN:
        return False
    decision = certificate.decision
    if decision is not None:
        return (decision.status == DecisionStatus.CONFIRMED and decision.entry_id == entry.pk
                and decision.award.edition_id == entry.edition_id)
    return (certificate.kind == ResultKind.FINALIST
            and _finalist_certificates(entry.edition_id)
            and entry.pk in selectors.finalist_ids(entry.edition_id))


def certificate_visible_to(user: User, code: str) -> Certificate | None:
    """The certificate with this code, if the user may see it: anyone once the edition's results
    are public, results staff before. ``None`` (a 404) for a wrong code, an embargoed result or a
    certificate that no longer stands."""
    certificate = (
        Certificate.objects.select_related(*_RELATED).filter(code=code).first()
    )
    if certificate is None:
        return None
    if not selectors.results_visible_to(user, certificate.entry.edition_id):
        return None
    return certificate if is_genuine(certificate) else None


def _may_download(user: User, entry: Entry) -> bool:
    """Staff of the edition at any time; a member of the entry's entrant once results are
    public."""
    if not (user and user.is_authenticated):
        return False
    if selectors.is_results_staff(user, entry.edition_id):
        return True
    entrant = entrant_of(user)
    return (entrant is not None and entrant.pk == entry.entrant_id
            and selectors.results_public(entry.edition_id))


def entry_certificates_for(user: User, entry_pk: int) -> list[Certificate]:
    """The certificates of one entry that the user may download (made where missing); empty
    when the entry is not theirs, the results are embargoed or the entry has none."""
    entry = (
        Entry.objects.select_related("edition", "entrant", "category").filter(pk=entry_pk).first()
    )
    if entry is None or not _may_download(user, entry):
        return []
    return certificates_of_entry(entry)


def certificate_urls_for(user: User, entries: Iterable[Entry]) -> dict[int, str | None]:
    """For each entry, the URL of its certificate(s) as a PDF when the user may download them,
    else ``None``; a few queries per edition whatever the number of entries."""
    entries = list(entries)
    urls: dict[int, str | None] = {entry.pk: None for entry in entries}
    if not (user and user.is_authenticated) or not entries:
        return urls
    entrant = entrant_of(user)
    by_edition: dict[int, list[Entry]] = {}
    for entry in entries:
        by_edition.setdefault(entry.edition_id, []).append(entry)
    for edition_id, group in by_edition.items():
        if selectors.is_results_staff(user, edition_id):
            allowed = group
        elif entrant is not None and selectors.results_public(edition_id):
            allowed = [e for e in group if e.entrant_id == entrant.pk]
        else:
            continue
        allowed = [e for e in allowed if e.status != EntryStatus.WITHDRAWN]
        if not allowed:
            continue
        ids = {e.pk for e in allowed}
        with_certificates = set(
            Decision.objects.filter(entry_id__in=ids, status=DecisionStatus.CONFIRMED,
                                    award__edition_id=edition_id)
            .values_list("entry_id", flat=True)
        )
        if _finalist_certificates(edition_id):
            with_certificates |= ids & selectors.finalist_ids(edition_id)
        for entry_id in with_certificates:
            urls[entry_id] = reverse("ceremony:certificate_entry", args=[entry_id])
    return urls


def certificate_url_for(user: User, entry: Entry) -> str | None:
    """The URL where this user downloads the entry's certificate (a PDF), or ``None`` when
    there is none for them: not their entry, results still under embargo, no certificate due.
    For the entrant's dashboard; lists use ``certificate_urls_for``."""
    return certificate_urls_for(user, [entry])[entry.pk]


def filename(certificate: Certificate) -> str:
    """An ASCII file name: the award (or "finalist"), the entry's reference and the code."""
    if certificate.decision is not None:
        what = slugify(certificate.decision.award.name) or f"award-{certificate.decision.award_id}"
    else:
        what = "finalist"
    reference = slugify(certificate.entry.reference or str(certificate.entry.pk))
    return f"{what}-{reference}-{certificate.code}.pdf"


def entry_filename(certificates: list[Certificate]) -> str:
    if len(certificates) == 1:
        return filename(certificates[0])
    entry = certificates[0].entry
    return f"certificates-{slugify(entry.reference or str(entry.pk))}.pdf"


# --- The staff's zip ---------------------------------------------------------------------------


class _Sink(io.RawIOBase):
    """A write-only stream whose bytes are taken away as they come: the zip is sent while it
    is made, so memory holds one certificate at a time."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def zip_stream(certificates: list[Certificate], *, language: str,
               moment: datetime) -> Iterator[bytes]:
    """A zip of one PDF per certificate, as chunks (about one per certificate). The caller
    reads the certificates before the first chunk; each is drawn when its chunk is asked for."""
    contexts: dict[int, dict] = {}
    stamp = moment.timetuple()[:6]
    sink = _Sink()
    archive = zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED)
    for certificate in certificates:
        with translation.override(language):
            edition = certificate.entry.edition
            if edition.pk not in contexts:
                contexts[edition.pk] = edition_context(edition)
            text = certificate_text(certificate, context=contexts[edition.pk])
            content = render([text], title=f"{text.heading} · {text.entrant}",
                             language=language)
        archive.writestr(zipfile.ZipInfo(filename(certificate), date_time=stamp), content)
        yield sink.take()
    archive.close()
    yield sink.take()
