"""Small builders for the service tests: a draft round with its panel, entries from named
places and judges with profiles, without the weight of the full ``judging`` fixture."""

from dataclasses import dataclass, field

from entries.enums import EntryStatus
from entries.models import Entry
from judging.enums import RoundStatus
from judging.models import Criterion, Round
from prize.models import Category, Edition, User
from tests.factories import (
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    EntrantFactory,
    EntryFactory,
    PanelMembershipFactory,
    RoundEntryFactory,
    RoundFactory,
    RoundQuotaFactory,
)
from tests.judging.conftest import make_judge


@dataclass
class Panel:
    edition: Edition
    category: Category
    round: Round
    entries: list[Entry] = field(default_factory=list)
    judges: list[User] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)


def place_entry(edition: Edition, category: Category, city: str, country: str, *,
                name: str = "", status: str = EntryStatus.ELIGIBLE, n: int = 0) -> Entry:
    entrant = EntrantFactory(name=name or f"City of {city}", city=city, country=country)
    return EntryFactory(edition=edition, category=category, entrant=entrant, status=status,
                        reference=f"{edition.short_name}-{category.code}-{n:04d}")


def draft_panel(*, places=(("Lyon", "FR"), ("Nairobi", "KE"), ("Quito", "EC")),
                judges=(("Berlin", "DE"), ("Tokyo", "JP"), ("Madrid", "ES")), k: int = 2,
                edition: Edition | None = None, category: Category | None = None,
                number: int = 1, criteria: int = 2, quota: int | None = None,
                **round_fields) -> Panel:
    """A draft round of one category with its entries (from ``places``), panel (judges from
    ``judges``: (city, country) or (city, country, organisation)) and criteria; nothing
    assigned yet."""
    edition = edition or EditionFactory(is_current=False)
    category = category or CategoryFactory(edition=edition, code="TI", name="Tech-InnovaCity")
    round = RoundFactory(edition=edition, number=number, status=RoundStatus.DRAFT,
                         judges_per_entry=k, **round_fields)
    panel = Panel(edition=edition, category=category, round=round)
    for n, (city, country) in enumerate(places, start=1):
        entry = place_entry(edition, category, city, country, n=n)
        RoundEntryFactory(round=round, entry=entry)
        panel.entries.append(entry)
    for n, (city, country, *organisation) in enumerate(judges, start=1):
        judge = make_judge(edition, f"panel_judge_{round.pk}_{n}@example.org", city=city,
                           country=country,
                           organisation=organisation[0] if organisation else f"Lab {n}")
        PanelMembershipFactory(round=round, category=category, judge=judge)
        panel.judges.append(judge)
    panel.criteria = [CriterionFactory(round=round, category=category, name=f"Criterion {n}")
                      for n in range(1, criteria + 1)]
    if quota is not None:
        RoundQuotaFactory(round=round, category=category, advance=quota)
    return panel
