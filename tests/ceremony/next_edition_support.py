"""An edition configured like 2023 in small, with a season played on it, to copy from: two
categories (projects by organisations, leadership by individuals), three forms, two rounds with
weighted criteria and quotas, four awards (a special mention chosen with two partners), three
organisations, a timeline, the ceremony's details, a presenter and a programme; and what the
season left (roles, an entry, a panel, a decision, a publication, an invitation, the reveal)."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ceremony.enums import AwardKind, AwardPool, InvitePool, ItemKind, RevealMode
from ceremony.models import (
    Award,
    Ceremony,
    Decision,
    Invitation,
    Presenter,
    ProgrammeItem,
    Publication,
    RevealState,
    ScreenLink,
    token_digest,
)
from entries.enums import EntryStatus
from entries.models import EntryForm, EntryFormUse, ScreeningReason
from judging.enums import RoundStatus
from judging.models import Criterion, Round, RoundQuota
from prize.enums import EditionStatus, EntrantKind, OrganisationRole, Role
from prize.models import Category, Edition, Milestone, Organisation, User
from tests.factories import (
    TEST_FORM_SCHEMA,
    EditionFactory,
    EntrantFactory,
    EntryFactory,
    PanelMembershipFactory,
    RoleFactory,
    UserFactory,
)

SEOUL = ZoneInfo("Asia/Seoul")
PROJECT_KINDS = [EntrantKind.CITY_GOVERNMENT, EntrantKind.CORPORATION, EntrantKind.INSTITUTION]


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


@dataclass
class Source:
    edition: Edition
    users: dict[str, User | None] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)
    awards: dict[str, Award] = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)


def configured_source(*, slug="city-prize-2023", name="City Prize 2023", short_name="CP23",
                      season: bool = True) -> Source:
    edition = EditionFactory(
        name=name, short_name=short_name, slug=slug, year=2023, time_zone="Asia/Seoul",
        tagline="Cities that work for people.", about="About the prize.",
        how_to_enter="Create an account, then enter.", contact_email="prize@example.org",
        call_opens_at=seoul(2023, 3, 1, 9), call_closes_at=seoul(2023, 6, 30, 18),
        ceremony_at=seoul(2023, 9, 25, 15), ceremony_venue="Dongdaemun Design Plaza",
        status=EditionStatus.ANNOUNCED, is_current=True)
    source = Source(edition=edition)
    ti = Category.objects.create(
        edition=edition, name="Tech-InnovaCity", slug="tech-innovacity", code="TI",
        description="Technology for cities.", allowed_entrant_kinds=list(PROJECT_KINDS),
        finalist_quota=2, winner_quota=2, order=0)
    ld = Category.objects.create(
        edition=edition, name="Leadership", slug="leadership", code="LD",
        description="Leaders.", allowed_entrant_kinds=[EntrantKind.INDIVIDUAL],
        finalist_quota=2, winner_quota=1, order=1)
    source.categories = {"TI": ti, "LD": ld}
    city_form = EntryForm.objects.create(edition=edition, name="TI: cities", slug="ti-city",
                                         schema=TEST_FORM_SCHEMA)
    org_form = EntryForm.objects.create(edition=edition, name="TI: organisations",
                                        slug="ti-organisation", schema=TEST_FORM_SCHEMA)
    leader_form = EntryForm.objects.create(edition=edition, name="Leadership", slug="ld",
                                           schema=TEST_FORM_SCHEMA)
    for kind, form in ((EntrantKind.CITY_GOVERNMENT, city_form),
                       (EntrantKind.CORPORATION, org_form), (EntrantKind.INSTITUTION, org_form)):
        EntryFormUse.objects.create(category=ti, entrant_kind=kind, form=form)
    EntryFormUse.objects.create(category=ld, entrant_kind=EntrantKind.INDIVIDUAL,
                                form=leader_form)
    ScreeningReason.objects.create(edition=edition, decision=EntryStatus.ELIGIBLE,
                                   text="Meets every condition.", order=0)
    ScreeningReason.objects.create(edition=edition, decision=EntryStatus.INELIGIBLE,
                                   text="The project has not started.", order=1)

    organisations = {}
    for order, (key, org_name, role) in enumerate([
            ("wego", "WeGO", OrganisationRole.ORGANISER),
            ("gggi", "Global Green Growth Institute (GGGI)", OrganisationRole.PARTNER),
            ("imd", "IMD Smart City Observatory", OrganisationRole.PARTNER)]):
        organisations[key] = Organisation.objects.create(
            edition=edition, name=org_name, role=role, description=f"{org_name} helps.",
            url="https://example.org", order=order)
    source.milestones = [
        Milestone.objects.create(edition=edition, title="Call opens", description="Enter.",
                                 starts_at=seoul(2023, 3, 1, 9)),
        Milestone.objects.create(edition=edition, title="Screening", starts_at=seoul(2023, 7, 1, 9),
                                 ends_at=seoul(2023, 7, 7, 18)),
        Milestone.objects.create(edition=edition, title="Ceremony",
                                 starts_at=seoul(2023, 9, 25, 15)),
    ]

    first = Round.objects.create(
        edition=edition, number=1, name="Online screening", opens_at=seoul(2023, 7, 1, 9),
        closes_at=seoul(2023, 7, 7, 18), status=RoundStatus.FINALISED, judges_per_entry=1,
        blind=True, rank_by="mean", tie_break=["median", "reviews"],
        disagreement_threshold=Decimal("12.50"), conflict_same_organisation=True,
        conflict_same_city=False, conflict_same_country=True, reminder_hours=[48])
    final = Round.objects.create(
        edition=edition, number=2, name="Final jury", opens_at=seoul(2023, 7, 10, 9),
        closes_at=seoul(2023, 8, 31, 18), status=RoundStatus.FINALISED, judges_per_entry=2)
    source.rounds = [first, final]
    for round, advance in ((first, {"TI": 3, "LD": 2}), (final, {"TI": 2, "LD": 1})):
        for code, category in source.categories.items():
            RoundQuota.objects.create(round=round, category=category, advance=advance[code])
            Criterion.objects.create(round=round, category=category, name="Impact",
                                     guidance="What changed for people.", weight=Decimal("2"),
                                     scale_min=1, scale_max=5, required=True, order=0)
            Criterion.objects.create(round=round, category=category, name="Design",
                                     weight=Decimal("1.5"), scale_min=0, scale_max=10,
                                     required=False, order=1)

    gold = Award.objects.create(edition=edition, name="TI Gold", kind=AwardKind.CATEGORY,
                                category=ti, tier="Gold", order=1, winners=1,
                                description="The best project.")
    silver = Award.objects.create(edition=edition, name="TI Silver", category=ti, tier="Silver",
                                  order=2, winners=1)
    leader = Award.objects.create(edition=edition, name="Leadership Award",
                                  kind=AwardKind.INDIVIDUAL, category=ld, winners=1)
    mention = Award.objects.create(edition=edition, name="Special Mention",
                                   kind=AwardKind.SPECIAL_MENTION, pool=AwardPool.ELIGIBLE,
                                   winners=1, order=9)
    mention.partners.set([organisations["gggi"], organisations["imd"]])
    source.awards = {"gold": gold, "silver": silver, "leader": leader, "mention": mention}

    Ceremony.objects.create(edition=edition, address="281 Eulji-ro, Seoul",
                            map_url="https://maps.example.org/ddp", description="The evening.",
                            invite=InvitePool.WINNERS, reply_by=seoul(2023, 9, 15, 18),
                            max_guests=3, publish_as_revealed=True)
    host = Presenter.objects.create(edition=edition, name="Kim Min-jun", title="Host",
                                    organisation="WeGO", bio="Hosts.", pronunciation="kim",
                                    order=0)
    welcome = ProgrammeItem.objects.create(
        edition=edition, starts_at=seoul(2023, 9, 25, 15), duration=10, title="Welcome",
        kind=ItemKind.WELCOME, description="Doors open.", notes="Lights down.", order=0)
    welcome.presenters.add(host)
    prizes = ProgrammeItem.objects.create(
        edition=edition, starts_at=seoul(2023, 9, 25, 15, 30), duration=20,
        title="Tech-InnovaCity prizes", kind=ItemKind.AWARD, order=1)
    prizes.awards.set([gold, silver])
    prizes.presenters.add(host)

    for persona in ("secretariat", "coordinator", "judge", "entrant"):
        user = UserFactory(email=f"{persona}@example.org")
        RoleFactory(user=user, edition=edition, role=Role(persona))
        source.users[persona] = user
    if season:
        entry = EntryFactory(edition=edition, category=ti, form=city_form,
                             entrant=EntrantFactory(name="City of Lyon"), submitted=True,
                             status=EntryStatus.ELIGIBLE, reference="CP23-TI-0001")
        PanelMembershipFactory(round=final, category=ti, judge=source.users["judge"])
        Decision.objects.create(award=gold, entry=entry, status="proposed",
                                proposed_by=source.users["secretariat"], citation="Valued.")
        Publication.objects.create(edition=edition, show_scores=True,
                                   finalist_certificates=True,
                                   signatories=[{"name": "Oh Se-hoon", "title": "Mayor"}])
        Invitation.objects.create(edition=edition, entry=entry, token_digest=token_digest("t"))
        RevealState.objects.create(edition=edition, mode=RevealMode.LIVE, position=3)
        ScreenLink.objects.create(edition=edition, label="Hall", token_digest=token_digest("s"))
    return source
