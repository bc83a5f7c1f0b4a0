"""The ceremony's groups for group messages: the finalists and the winners (confirmed
decisions only), by category."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ceremony.enums import DecisionStatus
from ceremony.models import Decision
from prize import messaging
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def emails(final, key, **filters):
    return sorted(r.user.email for r in messaging.recipients_for(final.edition, key, filters))


def test_finalists_and_winners(final):
    first, second = final.categories
    finalists = emails(final, "ceremony.finalists")
    assert len(finalists) == 7 and all(e.startswith("finalist") for e in finalists)
    assert len(emails(final, "ceremony.finalists", category=str(second.pk))) == 3
    assert emails(final, "ceremony.winners") == []
    proposer, confirmer = UserFactory(), UserFactory()
    gold_entry, silver_entry = final.finalists[first.pk][:2]
    Decision.objects.create(award=final.gold, entry=gold_entry, proposed_by=proposer,
                            confirmed_by=confirmer, confirmed_at=timezone.now(),
                            status=DecisionStatus.CONFIRMED)
    Decision.objects.create(award=final.silver, entry=silver_entry, proposed_by=proposer)
    winners = messaging.recipients_for(final.edition, "ceremony.winners", {})
    assert [r.user for r in winners] == [gold_entry.entrant.members.get().user]
    assert winners[0].values["entry_title"] == gold_entry.title
    assert "award" not in " ".join(winners[0].values)  # a merge field never names the award
    assert emails(final, "ceremony.winners", category=str(second.pk)) == []
