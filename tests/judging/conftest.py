"""Judging tests build on the entries' small season: an open round 1 of its category with three
criteria, four eligible entries, and a judge for every persona of the permission matrix.

* ``judge``: on the panel, assigned to ``entry`` (the season's entry) and two more entries;
* ``second_judge``: on the panel, assigned to every entry (2 judges per entry);
* ``unassigned_judge``: on the panel, assigned nothing;
* ``conflicted_judge``: on the panel, declared a conflict with ``entry``'s entrant.
"""

from dataclasses import dataclass

import pytest

from entries.enums import EntryStatus
from entries.models import Entry
from judging.enums import ConflictScope, RoundStatus
from judging.models import Assignment, ConflictDeclaration, Criterion, Round
from prize.enums import Role
from prize.models import User
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND, Season, season  # noqa: F401 (the fixture, by name)
from tests.factories import (
    CriterionFactory,
    EntrantFactory,
    EntryFactory,
    JudgeProfileFactory,
    PanelMembershipFactory,
    RoleFactory,
    RoundEntryFactory,
    RoundFactory,
    RoundQuotaFactory,
    UserFactory,
)

JUDGING_PERSONAS = ["anonymous", "entrant", "other_entrant", "judge", "unassigned_judge",
                    "conflicted_judge", "coordinator", "secretariat", "superuser"]


@dataclass
class Judging:
    season: Season
    round: Round
    criteria: list[Criterion]
    entries: list[Entry]  # entries[0] is season.entry
    users: dict[str, User | None]

    @property
    def entry(self) -> Entry:
        return self.entries[0]

    def assignment(self, persona: str = "judge", entry: Entry | None = None) -> Assignment:
        return Assignment.objects.get(round=self.round, judge=self.users[persona],
                                      entry=entry or self.entry)

    def client(self, persona: str) -> CommittingClient:
        client = CommittingClient()
        user = self.users[persona]
        if user is not None:
            client.force_login(user, backend=BACKEND)
        client.user = user
        return client


def make_judge(edition, email: str, **profile) -> User:
    user = UserFactory(email=email, name=email.split("@")[0].replace("_", " ").title())
    RoleFactory(user=user, edition=edition, role=Role.JUDGE)
    JudgeProfileFactory(user=user, **profile)
    return user


@pytest.fixture
def judging(season) -> Judging:  # noqa: F811 (the fixture by name)
    edition, category = season.edition, season.category
    Entry.objects.filter(pk=season.entry.pk).update(status=EntryStatus.ELIGIBLE)
    season.entry.refresh_from_db()
    round = RoundFactory(edition=edition, number=1, name="Online screening",
                         status=RoundStatus.OPEN, judges_per_entry=2)
    RoundQuotaFactory(round=round, category=category, advance=2)
    criteria = [
        CriterionFactory(round=round, category=category, name="Innovation", weight=2, order=1),
        CriterionFactory(round=round, category=category, name="Design", weight=1, order=2),
        CriterionFactory(round=round, category=category, name="Impact", weight=1, order=3),
    ]
    entries = [season.entry]
    for n, (city, country) in enumerate([("Lyon", "FR"), ("Nairobi", "KE"), ("Quito", "EC")]):
        entrant = EntrantFactory(name=f"City of {city}", city=city, country=country)
        entries.append(EntryFactory(edition=edition, category=category, entrant=entrant,
                                    form=season.entry.form, status=EntryStatus.ELIGIBLE,
                                    reference=f"SCP00-TI-{n + 2:04d}"))
    for entry in entries:
        RoundEntryFactory(round=round, entry=entry)

    users = dict(season.users)
    JudgeProfileFactory(user=users["judge"], city="Berlin", country="DE",
                        organisation="Urban Institute")
    users["second_judge"] = make_judge(edition, "second_judge@example.org", city="Tokyo",
                                       country="JP", organisation="Tokyo Lab")
    users["unassigned_judge"] = make_judge(edition, "unassigned_judge@example.org",
                                           city="Madrid", country="ES", organisation="UPM")
    users["conflicted_judge"] = make_judge(edition, "conflicted_judge@example.org",
                                           city="Toronto", country="CA", organisation="UofT")
    for persona in ("judge", "second_judge", "unassigned_judge", "conflicted_judge"):
        PanelMembershipFactory(round=round, category=category, judge=users[persona])
    ConflictDeclaration.objects.create(
        edition=edition, judge=users["conflicted_judge"], scope=ConflictScope.ORGANISATION,
        entrant=season.entry.entrant, reason="I advised the city on this project.",
    )
    for entry in entries[:3]:
        Assignment.objects.create(round=round, entry=entry, judge=users["judge"])
    for entry in entries:
        Assignment.objects.create(round=round, entry=entry, judge=users["second_judge"])
    Assignment.objects.create(round=round, entry=entries[3], judge=users["conflicted_judge"])
    return Judging(season=season, round=round, criteria=criteria, entries=entries, users=users)


@pytest.fixture(autouse=True)
def _no_results_kept():
    """Each test starts and ends with no round's results kept by the process."""
    from judging import results_cache

    results_cache.forget()
    yield
    results_cache.forget()
