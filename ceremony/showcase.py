"""What the public pages show of an edition's results: the winners by category and award in
tier order, the special mentions with the partners who chose them, the finalists, a winner's
published answers and picture.

Reads only, and no embargo here: the views ask ``selectors`` whether the viewer may see the
edition's results, then hand these functions the decisions that ``winners_visible_to`` gave
them. Every function makes a fixed number of queries, whatever the number of winners.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models.functions import Lower

from entries import schema as form_schema
from entries.enums import EntryStatus
from entries.models import Attachment, Entry
from entries.presentation import answer_view
from prize.models import Category, Edition

from . import images, selectors
from .enums import AwardKind
from .models import Award, Decision

IMAGE_TYPES = ("image/jpeg", "image/png")
IMAGE_CACHE_SECONDS = 24 * 3600


@dataclass
class AwardWinners:
    award: Award
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class CategoryWinners:
    category: Category
    awards: list[AwardWinners] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(a.decisions) for a in self.awards)


@dataclass
class WinnersBoard:
    categories: list[CategoryWinners]
    mentions: list[AwardWinners]
    images: dict[int, Attachment]

    @property
    def count(self) -> int:
        """Winning entries (an entry with two awards counts once)."""
        return len({d.entry_id for group in self._groups() for d in group.decisions})

    def _groups(self) -> Iterable[AwardWinners]:
        for category in self.categories:
            yield from category.awards
        yield from self.mentions


def _public_order(decision: Decision) -> tuple:
    """Joint winners of one award in the order of their titles: a public page does not tell
    which of two Silver prizes ranked higher."""
    return ((decision.entry.title or "").casefold(), decision.entry.reference or "")


def winners_board(edition: Edition, decisions: Iterable[Decision]) -> WinnersBoard:
    """The confirmed ``decisions`` (already visible to the viewer) as the winners page shows
    them: per category its awards in tier order, then the special mentions. Awards with no
    winner are left out."""
    by_award: dict[int, list[Decision]] = {}
    for decision in decisions:
        by_award.setdefault(decision.award_id, []).append(decision)
    categories: dict[int, CategoryWinners] = {}
    mentions = []
    for award in selectors.awards_of(edition):
        winners = sorted(by_award.get(award.pk, []), key=_public_order)
        if not winners:
            continue
        group = AwardWinners(award=award, decisions=winners)
        if award.kind == AwardKind.SPECIAL_MENTION:
            mentions.append(group)
        else:
            categories.setdefault(
                award.category_id, CategoryWinners(category=award.category)
            ).awards.append(group)
    ordered = sorted(categories.values(),
                     key=lambda c: (c.category.order, c.category.name, c.category.pk))
    for item in ordered:
        item.awards.sort(key=lambda a: (a.award.order, a.award.name))
    mentions.sort(key=lambda a: (a.award.order, a.award.name))
    entry_ids = list({d.entry_id for group in by_award.values() for d in group})
    pictures = first_images(entry_ids)
    for group in by_award.values():
        for decision in group:
            decision.public_image = pictures.get(decision.entry_id)
    return WinnersBoard(categories=ordered, mentions=mentions, images=pictures)


def public_decisions(edition: Edition, user) -> list[Decision]:
    """The decisions the viewer may see, with what the public pages print and nothing more
    (the entries' answers stay in the database)."""
    return list(
        selectors.winners_visible_to(user, edition)
        .select_related("entry__entrant")
        .defer("entry__answers", "entry__withdrawal_reason")
    )


def finalists(edition: Edition) -> list[tuple[Category, list[Entry]]]:
    """The finalists (the final round's entries, withdrawn ones left out) per category in the
    category's order, each category's by title."""
    round = selectors.final_round(edition)
    if round is None:
        return []
    rows = (
        Entry.objects.filter(round_entries__round=round)
        .exclude(status=EntryStatus.WITHDRAWN)
        .select_related("entrant", "category")
        .defer("answers", "withdrawal_reason")
        .order_by("category__order", "category__name", "category_id", Lower("title"), "pk")
    )
    out: list[tuple[Category, list[Entry]]] = []
    for entry in rows:
        if not out or out[-1][0].pk != entry.category_id:
            out.append((entry.category, []))
        out[-1][1].append(entry)
    return out


def public_answers(entry: Entry) -> list[dict]:
    """The entry's answers that its form marks public (``"public": true``), in the form's
    order, as ``entries.presentation.answer_view`` shows them; empty answers left out."""
    try:
        schema = form_schema.Schema.parse(entry.form.schema)
    except form_schema.SchemaError:
        return []
    return [
        answer_view(f, entry.answers.get(f.key))
        for f in schema.public_fields
        if not f.empty(entry.answers.get(f.key))
        and schema.visible(f, entry.answers)  # an answer hidden by its condition stays private
    ]


def first_images(entry_ids: list[int]) -> dict[int, Attachment]:
    """Each entry's first picture (PNG or JPEG, the earliest uploaded), in one query."""
    if not entry_ids:
        return {}
    out: dict[int, Attachment] = {}
    for attachment in (
        Attachment.objects.filter(entry_id__in=entry_ids, content_type__in=IMAGE_TYPES)
        .only("pk", "entry_id", "content_type", "sha256", "file", "uploaded_at")
        .order_by("entry_id", "uploaded_at", "pk")
    ):
        out.setdefault(attachment.entry_id, attachment)
    return out


def image_content(attachment: Attachment) -> tuple[bytes, str]:
    """The picture as the public pages serve it (see ``ceremony.images``): made once per
    stored file and kept in the cache. Raises ``images.NotAnImage``, or ``OSError`` when the
    file is missing from storage."""
    key = f"ceremony:public-image:{attachment.sha256}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    with attachment.file.open("rb") as handle:
        content = images.public_image(handle.read())
    cache.set(key, content, IMAGE_CACHE_SECONDS)
    return content
