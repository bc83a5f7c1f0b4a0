"""Deciding and publishing: the rules a person would trip over, each refused with a message."""

import pytest
from django.utils import timezone

from ceremony import selectors, services
from ceremony.enums import DecisionStatus
from ceremony.models import Decision
from ceremony.services import CeremonyError
from entries.enums import EntryStatus
from prize.models import AuditEvent

pytestmark = pytest.mark.django_db


def propose_ranking(final):
    """Propose what the ranking proposes, as the secretariat."""
    by = final.users["secretariat"]
    out = []
    for item in services.proposals(final.edition):
        for award in item.awards:
            for entry_id in item.proposal.placed[award.pk]:
                out.append(
                    services.decision_propose(
                        award=award, entry=item.entries[entry_id], by=by, citation="Valued."
                    )
                )
    return out


def decide_all(final):
    decisions = propose_ranking(final)
    mention = services.decision_propose(
        award=final.mention, entry=final.others[0], by=final.users["secretariat"]
    )
    decisions.append(mention)
    for decision in decisions:
        services.decision_confirm(decision=decision, by=final.users["coordinator"])
    return decisions


def test_the_proposal_fills_tiers_from_the_ranking(final):
    first, second = final.categories
    items = {item.category.pk: item for item in services.proposals(final.edition)}

    top = final.finalists[first.pk]
    assert items[first.pk].proposal.placed[final.gold.pk] == [top[0].pk]
    assert items[first.pk].proposal.placed[final.silver.pk] == [top[1].pk, top[2].pk]
    assert items[second.pk].proposal.placed[final.prize.pk] == [final.finalists[second.pk][0].pk]


def test_a_proposal_keeps_rank_and_score_at_the_time(final):
    decision = propose_ranking(final)[0]

    assert decision.rank == 1
    assert decision.score is not None
    assert decision.departs is False
    assert AuditEvent.objects.filter(action="decision.propose").count() == 4


def test_departing_from_the_ranking_needs_a_reason(final):
    first = final.categories[0]
    fourth = final.finalists[first.pk][3]

    with pytest.raises(CeremonyError, match="departs from the ranking"):
        services.decision_propose(award=final.gold, entry=fourth, by=final.users["secretariat"])
    decision = services.decision_propose(
        award=final.gold, entry=fourth, by=final.users["secretariat"], reason="Jury vote"
    )

    assert decision.departs and decision.reason == "Jury vote" and decision.rank == 4


def test_an_entry_that_is_not_a_finalist_cannot_win_a_finalists_award(final):
    with pytest.raises(CeremonyError, match="not a finalist"):
        services.decision_propose(
            award=final.gold, entry=final.others[0], by=final.users["secretariat"], reason="x"
        )


def test_an_entry_of_another_category_cannot_win(final):
    second = final.categories[1]
    with pytest.raises(CeremonyError, match="is not in"):
        services.decision_propose(
            award=final.gold,
            entry=final.finalists[second.pk][0],
            by=final.users["secretariat"],
            reason="x",
        )


def test_a_special_mention_may_choose_any_eligible_entry(final):
    decision = services.decision_propose(
        award=final.mention, entry=final.others[0], by=final.users["secretariat"]
    )

    assert decision.departs is False


def test_an_award_takes_no_more_winners_than_its_seats(final):
    first = final.categories[0]
    services.decision_propose(
        award=final.gold, entry=final.finalists[first.pk][0], by=final.users["secretariat"]
    )

    with pytest.raises(CeremonyError, match="has it already"):
        services.decision_propose(
            award=final.gold,
            entry=final.finalists[first.pk][1],
            by=final.users["secretariat"],
            reason="x",
        )


def test_the_same_entry_twice_in_one_award_is_refused(final):
    first = final.categories[0]
    entry = final.finalists[first.pk][1]
    services.decision_propose(award=final.silver, entry=entry, by=final.users["secretariat"])

    with pytest.raises(CeremonyError, match="already a winner"):
        services.decision_propose(award=final.silver, entry=entry, by=final.users["secretariat"])
    assert Decision.objects.filter(entry=entry).count() == 1


def test_no_one_confirms_their_own_proposal(final):
    decision = propose_ranking(final)[0]

    with pytest.raises(CeremonyError, match="another person confirms"):
        services.decision_confirm(decision=decision, by=final.users["secretariat"])
    confirmed = services.decision_confirm(decision=decision, by=final.users["secretariat2"])

    assert confirmed.status == DecisionStatus.CONFIRMED
    assert confirmed.confirmed_by == final.users["secretariat2"]


def test_a_judge_cannot_propose_or_confirm(final):
    first = final.categories[0]
    with pytest.raises(CeremonyError, match="staff"):
        services.decision_propose(
            award=final.gold, entry=final.finalists[first.pk][0], by=final.judges[0]
        )


def test_a_confirmed_decision_is_locked_and_reopens_only_with_a_reason(final):
    decision = propose_ranking(final)[0]
    services.decision_confirm(decision=decision, by=final.users["coordinator"])

    with pytest.raises(CeremonyError, match="locked"):
        services.decision_edit(decision=decision, by=final.users["secretariat"], citation="x")
    with pytest.raises(CeremonyError, match="Say why"):
        services.decision_reopen(decision=decision, by=final.users["secretariat"], reason=" ")
    services.decision_reopen(decision=decision, by=final.users["secretariat"], reason="Typo")

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED and decision.confirmed_by is None
    assert AuditEvent.objects.get(action="decision.reopen").note == "Typo"


def test_publishing_with_unconfirmed_decisions_is_refused(final):
    propose_ranking(final)

    with pytest.raises(CeremonyError) as caught:
        services.publication_schedule(edition=final.edition, at=None, by=final.users["secretariat"])

    assert "not confirmed" in str(caught.value)
    assert not selectors.results_public(final.edition)


def test_an_entry_withdrawn_after_it_was_chosen_blocks_publication(final):
    decisions = decide_all(final)
    entry = decisions[0].entry
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status"])

    with pytest.raises(CeremonyError, match="Withdrawn entries"):
        services.publication_schedule(edition=final.edition, at=None, by=final.users["secretariat"])


def test_publish_at_a_moment_happens_once_whatever_runs_twice(final):
    decide_all(final)
    moment = timezone.now() + timezone.timedelta(hours=2)
    services.publication_schedule(edition=final.edition, at=moment, by=final.users["secretariat"])

    assert services.publications_due() == 0
    assert not selectors.results_public(final.edition)
    later = moment + timezone.timedelta(seconds=1)
    assert services.publications_due(later) == 1
    assert services.publications_due(later) == 0
    assert selectors.results_public(final.edition, at=later)
    assert AuditEvent.objects.filter(action="results.publish").count() == 1
    with pytest.raises(CeremonyError, match="already published"):
        services.publication_schedule(edition=final.edition, at=None, by=final.users["secretariat"])


def test_decisions_are_frozen_while_published_and_unpublishing_needs_a_reason(final):
    decisions = decide_all(final)
    services.publication_schedule(edition=final.edition, at=None, by=final.users["secretariat"])

    with pytest.raises(CeremonyError, match="published"):
        services.decision_reopen(decision=decisions[0], by=final.users["secretariat"], reason="x")
    with pytest.raises(CeremonyError, match="Say why"):
        services.publication_unpublish(
            edition=final.edition, by=final.users["secretariat"], reason=""
        )
    services.publication_unpublish(
        edition=final.edition, by=final.users["secretariat"], reason="Announced too early"
    )

    assert not selectors.results_public(final.edition)


def test_an_award_with_winners_cannot_lose_them_silently(final):
    decision = propose_ranking(final)[0]

    with pytest.raises(CeremonyError, match="decided winners"):
        services.award_delete(award=decision.award, by=final.users["secretariat"])
    with pytest.raises(CeremonyError, match="already has"):
        services.award_save(
            edition=final.edition,
            award=decision.award,
            data={"winners": 0},
            by=final.users["secretariat"],
        )


def test_the_results_of_each_entry(final):
    decide_all(final)
    first = final.categories[0]
    entries = final.finalists[first.pk] + final.others

    results = selectors.results_for_entries(final.edition, entries, with_feedback=True)

    kinds = [results[e.pk].kind for e in entries]
    assert kinds == ["winner", "winner", "winner", "finalist", "winner", "not_selected"]
    feedback = results[entries[0].pk].feedback
    assert feedback[0][1] == ["Feedback for project 1", "Feedback for project 1"]


def test_result_emails_wait_for_publication_and_go_once(final, django_capture_on_commit_callbacks):
    from django.core import mail

    from prize.models import Notification

    decide_all(final)
    moment = timezone.now() + timezone.timedelta(hours=1)
    services.publication_schedule(edition=final.edition, at=moment, by=final.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        services.results_mailing_create(
            edition=final.edition,
            by=final.users["secretariat"],
            kinds=["winner", "finalist", "not_selected"],
        )

    assert Notification.objects.filter(template="ceremony/result").count() == 0
    later = moment + timezone.timedelta(seconds=1)
    services.publications_due(later)
    with django_capture_on_commit_callbacks(execute=True):
        written = services.results_mail_due(later)
        again = services.results_mail_due(later)
        services.results_mailing_create(
            edition=final.edition, by=final.users["secretariat"], kinds=["winner"]
        )

    entries = sum(len(v) for v in final.finalists.values()) + len(final.others)
    assert written == entries and again == 0
    assert Notification.objects.filter(template="ceremony/result").count() == entries
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "is a winner" in bodies["finalist1@example.org"]
    assert "Valued." in bodies["finalist1@example.org"]
    assert "was one of the finalists" in bodies["finalist4@example.org"]
    assert "not selected" in bodies["other9@example.org"]
    assert "Private on" not in "".join(bodies.values())


def test_results_read_the_same_for_a_whole_edition_as_for_a_few(final, monkeypatch):
    decide_all(final)
    entries = [e for v in final.finalists.values() for e in v] + final.others
    few = selectors.results_for_entries(final.edition, entries, with_feedback=True)

    monkeypatch.setattr(selectors, "MANY", 0)  # the path a whole edition takes
    many = selectors.results_for_entries(final.edition, entries, with_feedback=True)

    assert {k: (r.kind, [d.pk for d in r.decisions], r.round_reached, r.feedback)
            for k, r in few.items()} == {
        k: (r.kind, [d.pk for d in r.decisions], r.round_reached, r.feedback)
        for k, r in many.items()}


def test_confirming_many_keeps_the_rules_of_one(final):
    decisions = propose_ranking(final)
    mine = services.decision_propose(award=final.mention, entry=final.others[0],
                                     by=final.users["secretariat2"])

    confirmed = services.decisions_confirm(decisions=[*decisions, mine],
                                           by=final.users["secretariat2"])

    assert confirmed == len(decisions)
    mine.refresh_from_db()
    assert mine.status == DecisionStatus.PROPOSED  # its proposer cannot confirm it
    assert AuditEvent.objects.filter(action="decision.confirm").count() == len(decisions)
    assert all(d.confirmed_by == final.users["secretariat2"]
               for d in Decision.objects.exclude(pk=mine.pk))


def test_confirming_many_refuses_all_when_one_was_withdrawn(final):
    decisions = propose_ranking(final)
    entry = decisions[-1].entry
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status"])

    with pytest.raises(CeremonyError, match="Withdrawn after they were chosen"):
        services.decisions_confirm(decisions=decisions, by=final.users["coordinator"])

    assert not Decision.objects.filter(status=DecisionStatus.CONFIRMED).exists()


def test_the_phase_follows_publication_whatever_the_callers_copy_of_the_edition(final):
    """A page that loaded the edition before it moved on to judging still publishes into the
    announced phase: the status is read from the database, not from the caller's object."""
    from prize.enums import EditionStatus
    from prize.models import Edition

    stale = Edition.objects.get(pk=final.edition.pk)
    stale.status = EditionStatus.CALL_OPEN  # what the page read a while ago
    Edition.objects.filter(pk=stale.pk).update(status=EditionStatus.JUDGING)
    decide_all(final)

    services.publication_schedule(edition=stale, at=None, by=final.users["secretariat"])

    assert Edition.objects.get(pk=stale.pk).status == EditionStatus.ANNOUNCED


def test_the_editions_phase_follows_publication(final):
    from prize.enums import EditionStatus

    final.edition.status = EditionStatus.JUDGING
    final.edition.save(update_fields=["status"])
    decide_all(final)

    services.publication_schedule(edition=final.edition, at=None, by=final.users["secretariat"])
    final.edition.refresh_from_db()
    assert final.edition.status == EditionStatus.ANNOUNCED

    services.publication_unpublish(edition=final.edition, by=final.users["secretariat"],
                                   reason="Too early")
    final.edition.refresh_from_db()
    assert final.edition.status == EditionStatus.JUDGING


def test_the_evaluation_partner_confirms_but_does_not_propose_or_publish(final):
    first = final.categories[0]
    coordinator = final.users["coordinator"]

    with pytest.raises(CeremonyError, match="secretariat"):
        services.decision_propose(award=final.gold, entry=final.finalists[first.pk][0],
                                  by=coordinator)
    with pytest.raises(CeremonyError, match="secretariat"):
        services.proposal_accept(edition=final.edition, by=coordinator)
    with pytest.raises(CeremonyError, match="secretariat"):
        services.award_delete(award=final.gold, by=coordinator)
    decisions = decide_all(final)  # proposed by the secretariat, confirmed by the coordinator
    with pytest.raises(CeremonyError, match="secretariat"):
        services.publication_schedule(edition=final.edition, at=None, by=coordinator)

    assert len(decisions) == Decision.objects.filter(confirmed_by=coordinator).count()
