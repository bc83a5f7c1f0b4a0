"""A built season for the staff overview's tests: 3 drafts (2 started this week), 5 entered
entries of which 2 are screened, a round with 4 of 9 reviews submitted, 2 pending and 1 failed
e-mail, a date on the timeline, an award with a confirmed winner under embargo."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from ceremony.enums import DecisionStatus
from ceremony.models import Award, Decision, Invitation
from entries.enums import EntryStatus
from judging.enums import ConflictScope, ReviewStatus, RoundStatus
from judging.models import ConflictDeclaration, Recusal, Review
from prize.enums import NotificationStatus, Role
from prize.models import Edition, Milestone, Notification, User
from tests.conftest import CommittingClient
from tests.factories import (
    AssignmentFactory,
    CategoryFactory,
    EditionFactory,
    EntryFactory,
    EntryFormFactory,
    RoleFactory,
    RoundFactory,
    UserFactory,
)

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
PERSONAS = ["anonymous", "entrant", "judge", "coordinator", "secretariat", "superuser",
            "other_secretariat"]
WINNER_TITLE = "Embargoed winning project"


@dataclass
class Built:
    edition: Edition
    users: dict[str, User | None]
    milestone_at: datetime
    entries: list = field(default_factory=list)
    round: object = None

    def client(self, persona: str) -> CommittingClient:
        client = CommittingClient()
        user = self.users[persona]
        if user is not None:
            client.force_login(user, backend=BACKEND)
        client.user = user
        return client


def people(edition: Edition, tag: str = "") -> dict[str, User | None]:
    users: dict[str, User | None] = {"anonymous": None}
    for persona in ("entrant", "judge", "coordinator", "secretariat"):
        users[persona] = UserFactory(email=f"{tag}{persona}@example.org")
        RoleFactory(user=users[persona], edition=edition, role=Role(persona))
    users["superuser"] = UserFactory(email=f"{tag}root@example.org", is_superuser=True,
                                     is_staff=True)
    other = EditionFactory(is_current=False)
    users["other_secretariat"] = UserFactory(email=f"{tag}elsewhere@example.org")
    RoleFactory(user=users["other_secretariat"], edition=other, role=Role.SECRETARIAT)
    return users


def build(*, entries_per_status: int = 1, rounds: int = 1, current: bool = True,
          tag: str = "") -> Built:
    """The season of the module docstring; ``entries_per_status`` and ``rounds`` scale it up
    (for query counts) keeping its shape."""
    edition = EditionFactory(time_zone="Asia/Seoul", is_current=current)
    users = people(edition, tag)
    tech = CategoryFactory(edition=edition, code="TI", name="Tech-InnovaCity", slug="tech")
    human = CategoryFactory(edition=edition, code="HC", name="Human-CentriCity", slug="human",
                            order=1)
    form = EntryFormFactory(edition=edition)
    made = []

    def entry(category, status, **kwargs):
        submitted = status != EntryStatus.DRAFT
        row = EntryFactory(edition=edition, category=category, form=form, status=status,
                           submitted=submitted, **kwargs)
        if submitted:
            row.status = status
            row.save(update_fields=["status"])
        made.append(row)
        return row

    for _n in range(entries_per_status):
        entry(tech, EntryStatus.DRAFT)
        entry(human, EntryStatus.DRAFT)
        old = entry(tech, EntryStatus.DRAFT)
        type(old).objects.filter(pk=old.pk).update(
            created_at=timezone.now() - timedelta(days=10))
        for category in (tech, tech, human):
            entry(category, EntryStatus.SUBMITTED)
        entry(tech, EntryStatus.ELIGIBLE)
        entry(human, EntryStatus.INELIGIBLE)

    winner = made[-2]
    winner.title = WINNER_TITLE
    winner.save(update_fields=["title"])

    judges = [UserFactory(email=f"{tag}judge{n}@example.org", name=f"Judge {n}") for n in range(3)]
    first = None
    for number in range(1, rounds + 1):
        rnd = RoundFactory(edition=edition, number=number, name=f"Round {number}",
                           status=RoundStatus.OPEN,
                           closes_at=datetime.now(UTC) + timedelta(days=10 + number))
        first = first or rnd
        targets = [e for e in made if e.status != EntryStatus.DRAFT]
        plan = [  # per judge: the reviews' statuses (None: not begun)
            [ReviewStatus.SUBMITTED] * 3,
            [ReviewStatus.SUBMITTED, ReviewStatus.DRAFT, None],
            [None, None, None],
        ]
        for judge, statuses in zip(judges, plan, strict=True):
            for i, status in enumerate(statuses):
                assignment = AssignmentFactory(round=rnd, entry=targets[i % len(targets)],
                                               judge=judge)
                if status:
                    Review.objects.create(
                        assignment=assignment, status=status,
                        submitted_at=timezone.now() if status == ReviewStatus.SUBMITTED
                        else None)
        Recusal.objects.create(round=rnd, entry=targets[3], judge=judges[2],
                               reason="Worked with the city")
    ConflictDeclaration.objects.create(edition=edition, judge=judges[1],
                                       scope=ConflictScope.ENTRY, entry=made[3],
                                       reason="A former client")

    now = timezone.now()
    for n, status in enumerate([NotificationStatus.PENDING, NotificationStatus.PENDING,
                                NotificationStatus.FAILED, NotificationStatus.SENT]):
        note = Notification.objects.create(to_email=f"to{n}@example.org", template="t",
                                           edition=edition, status=status,
                                           key=f"k-{edition.pk}-{n}")
        Notification.objects.filter(pk=note.pk).update(created_at=now - timedelta(hours=3 - n))
    # another edition's failed message is not counted
    Notification.objects.create(to_email="x@example.org", template="t", key=f"other-{edition.pk}",
                                edition=EditionFactory(is_current=False),
                                status=NotificationStatus.FAILED)

    milestone_at = (now + timedelta(days=2)).replace(hour=15, minute=30, second=0,
                                                     microsecond=0)
    Milestone.objects.create(edition=edition, title="Shortlist announced",
                             starts_at=milestone_at)
    Milestone.objects.create(edition=edition, title="Long past",
                             starts_at=now - timedelta(days=40))

    award = Award.objects.create(edition=edition, name="Gold", category=tech, winners=2)
    Decision.objects.create(award=award, entry=winner, status=DecisionStatus.CONFIRMED,
                            proposed_by=users["secretariat"],
                            confirmed_by=users["coordinator"], confirmed_at=now)
    Invitation.objects.create(edition=edition, entry=winner, replied_at=now, attending=True,
                              token_digest=f"d{edition.pk}".ljust(64, "0"))
    Invitation.objects.create(edition=edition, entry=made[-3],
                              token_digest=f"e{edition.pk}".ljust(64, "0"))
    return Built(edition=edition, users=users, milestone_at=milestone_at, entries=made,
                 round=first)
