"""The ceremony's part of a person's data (see prize/privacy.py): the results of their entrant's
entries with the awards and citations, the judges' feedback per round (and the mean scores where
the edition shows them), their certificates, and their replies to a ceremony invitation.

Results reach the download by the rules of the entrant's own pages (``views.entrant
.entry_panels``): only once the edition's results are public; never a judge's name, a private
comment or a single review. The ceremony also answers who the prize must keep (``keeps``): an
entrant with an award or a place in a final. Where that result is public, the name that was
published stays when the account closes.

Closing an account empties the invitation replies' accessibility and dietary needs and the
guests' names (kept only for the evening); who received the prize on stage stays.
"""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entries.enums import EntryStatus
from entries.models import EntrantMember, Entry
from judging.models import Round, RoundEntry
from prize import privacy
from prize.models import User

from .certificates import certificates_of_entry
from .certificates import filename as certificate_filename
from .certificates.pdf import certificates_pdf
from .enums import DecisionStatus
from .models import Decision, Invitation, Publication
from .views.entrant import entry_panels


def export(user: User, archive: privacy.Archive) -> None:
    membership = EntrantMember.objects.filter(user=user).first()
    if membership is None:
        return
    entries = list(Entry.objects.filter(entrant_id=membership.entrant_id)
                   .select_related("edition", "category", "entrant").order_by("pk"))
    rows = []
    for panel in entry_panels(user, entries):
        result = panel.result
        row = {
            "edition": panel.entry.edition.name, "entry": panel.entry.reference,
            "result": result.label,
            "awards": [{"award": d.award.name, "tier": d.award.tier, "citation": d.citation}
                       for d in result.decisions],
            "round_reached": result.round_reached.name if result.round_reached else "",
            "feedback": [{"round": round.name, "feedback": texts}
                         for round, texts in result.feedback],
        }
        if panel.show_scores:
            row["scores"] = panel.scores
        if panel.certificate_url:
            certificates = certificates_of_entry(panel.entry)
            if certificates:
                with translation.override(user.language or "en"):
                    pdf = certificates_pdf(certificates)
                row["certificate"] = archive.add_bytes(
                    f"certificates/{certificate_filename(certificates[0])}", pdf)
        rows.append(row)
    if rows:
        archive.put("results", rows, _("the published results of your entries: awards and "
                                       "their citations, how far each went, the judges' "
                                       "feedback per round (no names), scores where the "
                                       "edition shows them."))
    if any("certificate" in row for row in rows):
        archive.describe("certificates/", _("your certificates, as PDF."))
    replies = [
        {"edition": i.edition.name, "entry": i.entry.reference, "replied": i.replied_at,
         "attending": i.attending, "recipient_name": i.recipient_name,
         "recipient_title": i.recipient_title, "pronunciation": i.pronunciation,
         "guests": i.guests, "accessibility": i.accessibility, "dietary": i.dietary}
        for i in Invitation.objects.filter(entry__entrant_id=membership.entrant_id,
                                           replied_at__isnull=False)
        .select_related("edition", "entry").order_by("pk")
    ]
    if replies:
        archive.put("ceremony_replies", replies,
                    _("your replies to invitations to the ceremony."))


def keeps(user_ids: set[int]) -> dict[int, list[privacy.Keep]]:
    """Members of entrants with a confirmed award or a place in a final round."""
    members: dict[int, list[int]] = {}
    for user_id, entrant_id in EntrantMember.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "entrant_id"):
        members.setdefault(entrant_id, []).append(user_id)
    if not members:
        return {}
    public = set(Publication.objects.filter(published_at__lte=timezone.now())
                 .values_list("edition_id", flat=True))
    found: dict[int, list[privacy.Keep]] = {}
    for entrant_id, edition_id, award in (
        Decision.objects.filter(status=DecisionStatus.CONFIRMED, entry__entrant_id__in=members)
        .exclude(entry__status=EntryStatus.WITHDRAWN)
        .values_list("entry__entrant_id", "award__edition_id", "award__name")
    ):
        keep = privacy.Keep(_("Winner: %(award)s") % {"award": award},
                            public_name=edition_id in public)
        found.setdefault(entrant_id, []).append(keep)
    last = Round.objects.filter(edition_id=OuterRef("round__edition_id")).order_by("-number")
    for entrant_id, edition_id in (
        RoundEntry.objects.filter(entry__entrant_id__in=members)
        .annotate(last=Subquery(last.values("pk")[:1])).filter(round_id=F("last"))
        .exclude(entry__status=EntryStatus.WITHDRAWN)
        .values_list("entry__entrant_id", "entry__edition_id")
    ):
        found.setdefault(entrant_id, []).append(
            privacy.Keep(_("Finalist"), public_name=edition_id in public))
    return {user_id: reasons for entrant_id, reasons in found.items()
            for user_id in members[entrant_id]}


def anonymise(closing: privacy.Closing) -> None:
    membership = EntrantMember.objects.filter(user=closing.user).first()
    rows = Invitation.objects.filter(replied_by=closing.user)
    if membership is not None:
        others = EntrantMember.objects.filter(entrant_id=membership.entrant_id).exclude(
            user=closing.user)
        if not others.exists():
            rows = rows | Invitation.objects.filter(entry__entrant_id=membership.entrant_id)
    closing.counts["ceremony_replies"] += rows.update(
        accessibility="", dietary="", guests=[], pronunciation="")


privacy.register("ceremony", order=30, export=export, anonymise=anonymise, keeps=keeps)
