"""A finished final round to decide winners from: finalists per category with scores that rank
them (the first scores highest), awards in tiers, and the staff who propose and confirm."""

from dataclasses import dataclass, field

from entries.enums import EntryStatus
from entries.models import Entry
from judging.enums import ReviewStatus, RoundStatus
from judging.models import Review, Round, Score
from prize.enums import Role
from prize.models import Category, Edition, User
from tests.factories import (
    AssignmentFactory,
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    EntrantFactory,
    EntrantMemberFactory,
    EntryFactory,
    RoleFactory,
    RoundEntryFactory,
    RoundFactory,
    UserFactory,
)


@dataclass
class Final:
    edition: Edition
    round: Round
    categories: list[Category]
    finalists: dict[int, list[Entry]]  # category id -> finalists, best first
    others: list[Entry] = field(default_factory=list)  # eligible, not finalists
    judges: list[User] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)


def score(
    round: Round,
    entry: Entry,
    judge: User,
    criterion,
    value: float,
    feedback: str = "",
    private: str = "",
) -> Review:
    assignment = AssignmentFactory(round=round, entry=entry, judge=judge)
    review = Review.objects.create(
        assignment=assignment,
        status=ReviewStatus.SUBMITTED,
        feedback=feedback,
        private_comment=private,
    )
    Score.objects.create(review=review, criterion=criterion, value=value)
    return review


def final_round(
    *, edition: Edition | None = None, per_category=(4,), scores=None, others: int = 1
) -> Final:
    """``per_category``: how many finalists in each category. ``scores``: optional list per
    category of the scores of its finalists (best first by default: 9, 8, 7, ...)."""
    edition = edition or EditionFactory()
    round = RoundFactory(edition=edition, number=3, name="Final jury", status=RoundStatus.FINALISED)
    judges = [UserFactory(email=f"jury{n}@example.org") for n in range(2)]
    for judge in judges:
        RoleFactory(user=judge, edition=edition, role=Role.JUDGE)
    final = Final(edition=edition, round=round, categories=[], finalists={}, judges=judges)
    n = 0
    for index, count in enumerate(per_category):
        category = CategoryFactory(
            edition=edition,
            code=f"C{index}",
            name=f"Category {index}",
            slug=f"category-{index}",
            order=index,
        )
        criterion = CriterionFactory(round=round, category=category)
        final.categories.append(category)
        values = scores[index] if scores else [9 - i * 0.5 for i in range(count)]
        entries = []
        for place in range(count):
            n += 1
            entrant = EntrantFactory(name=f"City of Finalist {n}", city=f"Town {n}")
            EntrantMemberFactory(entrant=entrant, user__email=f"finalist{n}@example.org")
            entry = EntryFactory(
                edition=edition,
                category=category,
                entrant=entrant,
                status=EntryStatus.ELIGIBLE,
                submitted=True,
                reference=f"F-{category.code}-{n:03d}",
                title=f"Project {n}",
            )
            RoundEntryFactory(round=round, entry=entry)
            for judge in judges:
                score(
                    round,
                    entry,
                    judge,
                    criterion,
                    values[place],
                    feedback=f"Feedback for project {n}",
                    private=f"Private on {n}",
                )
            entries.append(entry)
        final.finalists[category.pk] = entries
        for _ in range(others):
            n += 1
            entrant = EntrantFactory(name=f"City of Other {n}")
            EntrantMemberFactory(entrant=entrant, user__email=f"other{n}@example.org")
            final.others.append(
                EntryFactory(
                    edition=edition,
                    category=category,
                    entrant=entrant,
                    submitted=True,
                    status=EntryStatus.ELIGIBLE,
                    reference=f"O-{category.code}-{n:03d}",
                )
            )
    for persona in ("secretariat", "coordinator"):
        user = UserFactory(email=f"{persona}@example.org")
        RoleFactory(user=user, edition=edition, role=Role(persona))
        final.users[persona] = user
    second = UserFactory(email="secretariat2@example.org")
    RoleFactory(user=second, edition=edition, role=Role.SECRETARIAT)
    final.users["secretariat2"] = second
    return final
