"""The decisions page makes the same number of queries with 5 winners as with 100 (one award of
100 seats over 100 finalists), for the secretariat (every form) and a coordinator."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ceremony import services
from ceremony.enums import AwardKind, AwardPool
from ceremony.models import Award, Decision
from tests.ceremony.builders import final_round
from tests.ceremony.staff_support import client_of, url
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big():
    final = final_round(per_category=(100,), others=3,
                        scores=[[10 - i * 0.09 for i in range(100)]])
    category = final.categories[0]
    final.award = Award.objects.create(edition=final.edition, name="Winners", category=category,
                                       winners=100)
    final.mention = Award.objects.create(edition=final.edition, name="Mention",
                                         kind=AwardKind.SPECIAL_MENTION,
                                         pool=AwardPool.ELIGIBLE, winners=3)
    final.mention.partners.add(OrganisationFactory(edition=final.edition, name="GGGI"),
                               OrganisationFactory(edition=final.edition, name="IMD"))
    final.users["anonymous"] = None
    return final


def decide(final, upto: int):
    """Propose the first ``upto`` of the ranking (and one mention); confirm every other one."""
    final.award.winners = upto
    final.award.save(update_fields=["winners"])
    services.proposal_accept(edition=final.edition, by=final.users["secretariat"],
                             awards=[final.award])
    for decision in Decision.objects.filter(award=final.award, status="proposed"):
        if decision.entry_id % 2:
            services.decision_confirm(decision=decision, by=final.users["coordinator"])
    if not Decision.objects.filter(award=final.mention).exists():
        services.decision_propose(award=final.mention, entry=final.others[0],
                                  by=final.users["secretariat2"])


def queries(final, persona) -> int:
    client = client_of(final, persona)
    client.get(url(final, "staff_decisions"))  # warm: session, sites, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(final, "staff_decisions"))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_decisions_page_is_bounded(big):
    decide(big, 5)
    small = {p: queries(big, p) for p in ("secretariat", "coordinator")}
    html = client_of(big, "secretariat").get(url(big, "staff_decisions")).content.decode()
    assert "5 of 5 decided" in html

    decide(big, 100)
    assert Decision.objects.filter(award=big.award).count() == 100
    large = {p: queries(big, p) for p in ("secretariat", "coordinator")}
    html = client_of(big, "secretariat").get(url(big, "staff_decisions")).content.decode()
    assert "100 of 100 decided" in html

    assert small == large


@pytest.mark.parametrize("name", ["staff_home", "staff_awards", "staff_publication",
                                  "staff_emails"])
def test_the_other_pages_are_bounded(big, name):
    def count():
        client = client_of(big, "secretariat")
        client.get(url(big, name))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(big, name)).status_code == 200
        return len(captured.captured_queries)

    decide(big, 5)
    small = count()
    decide(big, 100)
    assert count() == small
