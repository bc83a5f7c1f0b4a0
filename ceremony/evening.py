"""Reads of the ceremony as data: the programme in order with its presenters and awards, the
awards no item presents yet, what looks wrong in the programme (warnings, not refusals: see
``ceremony/services/programme.py``), and what the public may see of the evening.

The public outline never holds a winner, nor anything staff only (the MC's notes, the
pronunciation hints): an award item shows the award's name alone. It is public once the edition
is (not a draft) and has a ceremony date; the results' embargo does not concern it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from prize.enums import EditionStatus
from prize.formats import moment
from prize.models import Edition

from . import selectors
from .models import Award, Ceremony, Presenter, ProgrammeItem


def ends_at(item: ProgrammeItem) -> datetime:
    return item.starts_at + timedelta(minutes=item.duration)


def presenters_of(edition: Edition) -> QuerySet[Presenter]:
    return Presenter.objects.filter(edition=edition).order_by("order", "name", "pk")


def programme_of(edition: Edition) -> list[ProgrammeItem]:
    """The items in the evening's order, each with its presenters and awards (three queries,
    however many items)."""
    return list(
        ProgrammeItem.objects.filter(edition=edition)
        .order_by("starts_at", "order", "pk")
        .prefetch_related(
            Prefetch("presenters", queryset=Presenter.objects.order_by("order", "name", "pk")),
            Prefetch("awards", queryset=Award.objects.select_related("category")
                     .order_by("category__order", "order", "name")),
        )
    )


def ceremony_of(edition: Edition) -> Ceremony | None:
    return Ceremony.objects.filter(edition=edition).first()


def unpresented_awards(edition: Edition) -> list[Award]:
    """The edition's awards that no programme item presents: the MC's script would miss them."""
    return list(selectors.awards_of(edition).filter(programme_items__isnull=True))


def programme_warnings(edition: Edition, items: list[ProgrammeItem]) -> list[str]:
    """What looks wrong in a programme without being refused: items that overlap."""
    warnings = []
    latest: ProgrammeItem | None = None  # the item that ends latest so far
    for item in sorted(items, key=lambda i: (i.starts_at, i.order, i.pk)):
        if latest is not None and ends_at(latest) > item.starts_at:
            warnings.append(_(
                "“%(item)s” (%(start)s) starts before “%(other)s” (%(other_start)s to "
                "%(other_end)s) ends.") % {
                "item": item.title, "start": moment(edition.local(item.starts_at), "TIME_FORMAT"),
                "other": latest.title,
                "other_start": moment(edition.local(latest.starts_at), "TIME_FORMAT"),
                "other_end": moment(edition.local(ends_at(latest)), "TIME_FORMAT")})
        if latest is None or ends_at(item) > ends_at(latest):
            latest = item
    for item in items:
        if item.kind == "award" and not item.awards.all():
            warnings.append(_("“%(item)s” presents an award that was deleted: choose the award "
                              "it presents.") % {"item": item.title})
    return warnings


# --- The public side ---------------------------------------------------------------------------


@dataclass
class PublicItem:
    starts_at: datetime
    ends_at: datetime
    title: str
    kind: str
    kind_label: str
    description: str
    presenters: list[Presenter]
    awards: list[str]  # names only: never who won


@dataclass
class PublicCeremony:
    edition: Edition
    ceremony: Ceremony | None
    items: list[PublicItem] = field(default_factory=list)
    presenters: list[Presenter] = field(default_factory=list)


def ceremony_is_public(edition: Edition) -> bool:
    """An edition's ceremony is public before the day once the edition is (not a draft) and
    has a date."""
    return edition.status != EditionStatus.DRAFT and edition.ceremony_at is not None


def public_ceremony(edition: Edition) -> PublicCeremony:
    """What anyone may read of the evening: the details, the outline of the programme and the
    people on stage (those the programme names). Four queries, however long the programme."""
    items = programme_of(edition)
    on_stage: dict[int, Presenter] = {}
    outline = []
    for item in items:
        presenters = list(item.presenters.all())
        for presenter in presenters:
            on_stage.setdefault(presenter.pk, presenter)
        outline.append(PublicItem(
            starts_at=item.starts_at, ends_at=ends_at(item), title=item.title, kind=item.kind,
            kind_label=item.get_kind_display(), description=item.description,
            presenters=presenters, awards=[award.name for award in item.awards.all()]))
    people = sorted(on_stage.values(), key=lambda p: (p.order, p.name, p.pk))
    return PublicCeremony(edition=edition, ceremony=ceremony_of(edition), items=outline,
                          presenters=people)


def presenter_is_public(presenter: Presenter) -> bool:
    """A presenter the public outline shows: the edition's ceremony is public and the
    programme names them."""
    return ceremony_is_public(presenter.edition) and presenter.items.exists()
