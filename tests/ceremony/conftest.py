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


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """``manage.py demo`` once for a test module, rolled back after it: the 2023 edition, the
    current edition (the next one, made from 2023) and what the command printed."""
    from io import StringIO
    from types import SimpleNamespace

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    from prize.demo import DEMO_SLUG
    from prize.models import Edition

    media = tmp_path_factory.mktemp("media")
    with (django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media),
          transaction.atomic()):
        out = StringIO()
        call_command("demo", stdout=out)
        yield SimpleNamespace(edition=Edition.objects.get(slug=DEMO_SLUG),
                              current=Edition.objects.current(), printed=out.getvalue())
        transaction.set_rollback(True)
