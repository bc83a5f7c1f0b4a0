"""Decisions on awards read as words in the audit log: status labels, not codes."""

import pytest
from django.urls import reverse

from ceremony import services
from ceremony.models import Decision
from tests.ceremony.staff_support import ceremony_fixture, client_of  # noqa: F401
from tests.ceremony.test_services import decide_all
from tests.prize.test_audit_display import changes_of

pytestmark = pytest.mark.django_db


def test_confirming_and_reopening_a_decision_reads_as_words(ceremony):
    decide_all(ceremony)
    gold = Decision.objects.get(award=ceremony.gold)
    services.decision_reopen(decision=gold, by=ceremony.users["coordinator"],
                             reason="The jury asked to check the citation.")
    client = client_of(ceremony, "secretariat")

    confirmed = client.get(reverse("staff_audit"), {"action": "decision.confirm"})
    reopened = client.get(reverse("staff_audit"), {"action": "decision.reopen"}).content.decode()

    assert set(changes_of(confirmed.content.decode())) == {"Status: Proposed → Confirmed"}
    assert changes_of(reopened) == ["Confirmed by: coordinator@example.org → (empty)",
                                    "Status: Confirmed → Proposed"]
    assert "The jury asked to check the citation." in reopened
