"""The demo season's entries: 240 entered entries from 93 cities in 47 countries, screened as
in 2023 (209 eligible, 31 ineligible), with a few drafts and one withdrawn entry.

``load(core)`` runs after the core demo (edition, categories, accounts) and is idempotent: an
edition that already has entries is left alone. ``reset()`` removes what ``load`` made. Rows
are written in bulk (no services, no e-mails), keeping the invariants the services keep:
references by category in order of submission, revision 1 for every submitted entry,
released screening decisions. Random but deterministic: the same season on every run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count

from prize.models import Edition, User

from ..enums import ENTERED_STATUSES, EntryStatus
from ..forms_2023 import install_forms
from ..models import Attachment, Entrant, Entry, EntryForm, EntryFormUse, ScreeningReason
from .season import CONTACT_EMAIL_REGEX, SCREENING_REASONS, Season


@dataclass
class Summary:
    entered: int = 0
    eligible: int = 0
    ineligible: int = 0
    drafts: int = 0
    withdrawn: int = 0
    cities: int = 0
    countries: int = 0
    entrants: int = 0
    attachments: int = 0
    created: bool = False

    def lines(self) -> list[str]:
        made = "created" if self.created else "already there"
        return [
            f"  {self.entered} entries from {self.cities} cities in {self.countries} countries "
            f"({made}): {self.eligible} eligible, {self.ineligible} ineligible",
            f"  {self.drafts} drafts, {self.withdrawn} withdrawn, {self.entrants} entrants, "
            f"{self.attachments} attachments",
        ]


def summarise(edition: Edition, *, created: bool) -> Summary:
    entries = Entry.objects.filter(edition=edition)
    by_status = Counter(dict(entries.values_list("status").annotate(n=Count("pk")).order_by()))
    entered = entries.filter(status__in=ENTERED_STATUSES)
    places = set(entered.values_list("entrant__country", "entrant__city"))
    return Summary(
        entered=sum(by_status[s] for s in ENTERED_STATUSES),
        eligible=by_status[EntryStatus.ELIGIBLE],
        ineligible=by_status[EntryStatus.INELIGIBLE],
        drafts=by_status[EntryStatus.DRAFT],
        withdrawn=by_status[EntryStatus.WITHDRAWN],
        cities=len(places),
        countries=len({country for country, _city in places}),
        entrants=entries.values("entrant").distinct().count(),
        attachments=Attachment.objects.filter(entry__edition=edition).count(),
        created=created,
    )


# The templated screening reasons in Korean, by their English (docs/korean-glossary.md).
SCREENING_REASONS_KO = {
    "Meets all eligibility criteria": "모든 응모 자격 요건 충족",
    "Project not yet implemented": "아직 시행되지 않은 사업",
    "Entrant kind not allowed in this category": "이 부문에 응모할 수 없는 응모자 유형",
    "Incomplete application": "작성이 완료되지 않은 응모 양식",
    "Duplicate entry": "중복 응모작",
    "Project outside the scope of the category": "부문의 대상 범위를 벗어난 사업",
}


def load(core) -> list[str]:
    """Add the entries to the core demo's season; the lines to print."""
    edition = core.edition
    install_forms(edition)
    for order, (decision, text) in enumerate(SCREENING_REASONS):
        reason, _ = ScreeningReason.objects.get_or_create(
            edition=edition, decision=decision, text_en=text, defaults={"order": order})
        if text in SCREENING_REASONS_KO and not reason.text_ko:
            ScreeningReason.objects.filter(pk=reason.pk).update(
                text_ko=SCREENING_REASONS_KO[text])
    created = False
    if not Entry.objects.filter(edition=edition).exists():
        accounts = {user.email: user for _label, user in core.accounts}
        with transaction.atomic():
            Season(edition, accounts).build()
        created = True
    return summarise(edition, created=created).lines()


def reset() -> None:
    """Remove the demo entries, their entrants, files and contact accounts."""
    from prize.demo import DEMO_SLUG

    edition = Edition.objects.filter(slug=DEMO_SLUG).first()
    if edition is not None:
        entries = Entry.objects.filter(edition=edition)
        entrant_ids = set(entries.values_list("entrant_id", flat=True))
        files = list(Attachment.objects.filter(entry__edition=edition)
                     .values_list("file", flat=True))
        entries.delete()
        Entrant.objects.filter(pk__in=entrant_ids, entries__isnull=True).delete()
        EntryFormUse.objects.filter(category__edition=edition).delete()
        EntryForm.objects.filter(edition=edition).delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in files])
    User.objects.filter(email__regex=CONTACT_EMAIL_REGEX).delete()

