import pytest

from ceremony.enums import AwardKind, AwardPool
from ceremony.models import Award
from tests.ceremony.builders import final_round


@pytest.fixture
def final(db):
    """Two categories of 4 finalists; Gold (1) and Silver (2) in the first, one prize in the
    second, and a special mention chosen from any eligible entry."""
    final = final_round(per_category=(4, 3))
    first, second = final.categories
    final.gold = Award.objects.create(
        edition=final.edition, name="Gold", tier="Gold", category=first, order=1, winners=1
    )
    final.silver = Award.objects.create(
        edition=final.edition, name="Silver", tier="Silver", category=first, order=2, winners=2
    )
    final.prize = Award.objects.create(
        edition=final.edition,
        name="Leadership",
        category=second,
        kind=AwardKind.INDIVIDUAL,
        winners=1,
    )
    final.mention = Award.objects.create(
        edition=final.edition,
        name="Special Mention",
        kind=AwardKind.SPECIAL_MENTION,
        pool=AwardPool.ELIGIBLE,
        winners=1,
    )
    return final
