"""A copied edition runs a whole small season by configuration alone (the brief's promise that a
later edition needs no code): the 2024 copy of a configured 2023 edition takes entries in each
category from the entrant kinds it allows and refuses the others, is screened, judged in its two
copied rounds with the copied criteria, weights, scales and quotas, shortlists its finalists,
decides and confirms its copied awards (the special mention with its copied partners) and
publishes its results; only the people are added, as a new season adds them. Every step goes
through the services, at the moment of the copied timeline it belongs to."""

from contextlib import contextmanager
from datetime import datetime

import pytest
from django.urls import reverse

from ceremony import selectors
from ceremony import services as ceremony_services
from ceremony.enums import AwardKind, DecisionStatus
from ceremony.models import Award, Decision
from entries import services as entry_services
from entries.enums import EntryStatus
from entries.models import Entry
from judging import services as judging_services
from judging.enums import RoundStatus
from judging.models import Assignment, Criterion, Round, Score
from judging.results import round_results
from prize import services as prize_services
from prize.enums import EditionStatus, EntrantKind, Role
from tests.ceremony.next_edition_support import configured_source, seoul
from tests.conftest import CommittingClient
from tests.factories import COMPLETE_ANSWERS, EntrantFactory, EntrantMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

# (category code, entrant kind, how good the entry is: 5 best)
ENTRANTS = [
    ("TI", EntrantKind.CITY_GOVERNMENT, 5),
    ("TI", EntrantKind.CORPORATION, 4),
    ("TI", EntrantKind.INSTITUTION, 3),
    ("TI", EntrantKind.CITY_GOVERNMENT, 2),
    ("TI", EntrantKind.CORPORATION, 1),  # found ineligible at screening
    ("LD", EntrantKind.INDIVIDUAL, 5),
    ("LD", EntrantKind.INDIVIDUAL, 4),
    ("LD", EntrantKind.INDIVIDUAL, 3),
]


@contextmanager
def clock(monkeypatch, moment: datetime):
    """The services' clock at ``moment`` (a step of the 2024 timeline)."""
    with monkeypatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: moment)
        yield


def judge_round(round: Round, judges, quality: dict[int, int]):
    """Every assignment of ``round`` scored on the copied criteria (the better the entry, the
    higher) and submitted by its judge."""
    criteria = {}
    for criterion in Criterion.objects.filter(round=round):
        criteria.setdefault(criterion.category_id, []).append(criterion)
    for assignment in Assignment.objects.filter(round=round).select_related("entry", "judge"):
        q = quality[assignment.entry_id]
        scores = {c.pk: str(min(c.scale_max, max(c.scale_min, q if c.scale_max <= 5 else 2 * q)))
                  for c in criteria[assignment.entry.category_id]}
        _review, errors = judging_services.review_save(
            assignment=assignment, by=assignment.judge, scores=scores,
            feedback=f"Feedback on {assignment.entry.reference}")
        assert errors == {}
        judging_services.review_submit(assignment=assignment, by=assignment.judge)


def run_round(monkeypatch, round: Round, *, judges, secretariat, quality) -> set[int]:
    """Take the round's entries, invite the panels, assign, open, judge, close and shortlist
    exactly each category's copied quota from the ranking; the entries that advance."""
    with clock(monkeypatch, round.opens_at):
        judging_services.round_take_entries(round=round, by=secretariat)
        for category in round.edition.categories.all():
            for judge in judges:
                judging_services.judge_invite(round=round, category=category, email=judge.email,
                                              by=secretariat)
            judging_services.assignment_run(round=round, category=category, by=secretariat)
        judging_services.round_set_status(round=round, status=RoundStatus.OPEN, by=secretariat)
        judge_round(round, judges, quality)
    with clock(monkeypatch, round.closes_at):
        judging_services.round_set_status(round=round, status=RoundStatus.CLOSED, by=secretariat)
        results = round_results(round)
        chosen = set()
        for category in results.categories:
            chosen |= {row.entry for row in category.ranking.rows[:category.quota]}
        judging_services.round_finalise(round=round, entry_ids=chosen, by=secretariat)
    return chosen


def test_a_copied_edition_runs_a_whole_season_by_configuration_alone(monkeypatch):
    source = configured_source()
    secretariat = source.users["secretariat"]
    with clock(monkeypatch, seoul(2023, 12, 1, 10)):
        edition = ceremony_services.edition_copy(
            source.edition, by=secretariat, name="City Prize 2024", slug="city-prize-2024",
            year=2024, open_call=True)
    # A new season's people: the evaluation partner and two judges.
    coordinator = UserFactory(email="partner@example.org")
    prize_services.role_grant(user=coordinator, edition=edition, role=Role.COORDINATOR,
                              by=secretariat)
    judges = [UserFactory(email=f"judge{n}@example.org") for n in (1, 2)]
    categories = {c.code: c for c in edition.categories.all()}

    # The call (March to June 2024): each category entered by the kinds it allows.
    entries, quality = [], {}
    with clock(monkeypatch, seoul(2024, 4, 1, 10)):
        for n, (code, kind, q) in enumerate(ENTRANTS):
            entrant = EntrantFactory(kind=kind, name=f"Entrant {n}", city=f"City {n}")
            user = EntrantMemberFactory(entrant=entrant, user__email=f"e{n}@example.org").user
            entry = entry_services.entry_start(edition=edition, category=categories[code],
                                               entrant=entrant, by=user)
            assert entry.form.edition == edition
            for step in ("basics", "budget"):
                entry = entry_services.entry_save_step(
                    entry=entry, step=step, version=entry.version, by=user,
                    data={**COMPLETE_ANSWERS, "title": f"Project {n}"})
            entry = entry_services.entry_submit(entry=entry, by=user)
            entries.append(entry)
            quality[entry.pk] = q
        # Who may not enter a category is refused, by the copied configuration.
        individual = EntrantFactory(kind=EntrantKind.INDIVIDUAL, name="A mayor")
        with pytest.raises(entry_services.EntryError):
            entry_services.entry_start(edition=edition, category=categories["TI"],
                                       entrant=individual, by=secretariat)
    assert [e.reference for e in entries[:2]] == ["CP24-TI-0001", "CP24-TI-0002"]
    assert {e.status for e in entries} == {EntryStatus.SUBMITTED}

    # Screening once the call has closed, with the copied reasons.
    with clock(monkeypatch, seoul(2024, 6, 30, 20)):
        edition = prize_services.edition_set_status(edition=edition,
                                                    status=EditionStatus.JUDGING, by=secretariat)
        reasons = {r.decision: r.text for r in edition.screening_reasons.all()}
        for entry in entries:
            decision = EntryStatus.INELIGIBLE if quality[entry.pk] == 1 and (
                entry.category.code == "TI") else EntryStatus.ELIGIBLE
            entry_services.screening_decide(entry=entry, decision=decision,
                                            reason=reasons[decision], by=secretariat)
        entry_services.screening_release(edition=edition, by=secretariat)

    # The two copied rounds, at their copied dates, with the copied quotas.
    first, final = Round.objects.filter(edition=edition).order_by("number")
    assert (first.opens_at, final.closes_at) == (seoul(2024, 7, 1, 9), seoul(2024, 8, 31, 18))
    advanced = run_round(monkeypatch, first, judges=judges, secretariat=secretariat,
                         quality=quality)
    assert sorted(quality[pk] for pk in advanced) == [3, 4, 4, 5, 5]  # TI 3, LD 2
    winners = run_round(monkeypatch, final, judges=judges, secretariat=secretariat,
                        quality=quality)
    assert sorted(quality[pk] for pk in winners) == [4, 5, 5]  # TI 2, LD 1
    assert Score.objects.filter(review__assignment__round__edition=edition).exclude(
        criterion__round__edition=edition).count() == 0
    assert selectors.finalist_ids(edition) == advanced

    # The copied awards decided from the ranking, confirmed by a second person, published.
    with clock(monkeypatch, seoul(2024, 9, 10, 10)):
        made = ceremony_services.proposal_accept(edition=edition, by=secretariat)
        assert len(made) == 3
        mention = Award.objects.get(edition=edition, kind=AwardKind.SPECIAL_MENTION)
        assert sorted(p.name for p in mention.partners.all()) == [
            "Global Green Growth Institute (GGGI)", "IMD Smart City Observatory"]
        eligible = Entry.objects.get(pk=next(e.pk for e in entries
                                             if e.pk not in advanced and quality[e.pk] == 2))
        ceremony_services.decision_propose(award=mention, entry=eligible, by=secretariat,
                                           reason="Chosen with GGGI and IMD.")
        confirmed = ceremony_services.decisions_confirm(
            decisions=list(Decision.objects.filter(award__edition=edition)), by=coordinator)
        assert confirmed == 4
        assert ceremony_services.publication_problems(edition) == []
        ceremony_services.publication_schedule(edition=edition, at=None, by=secretariat)

    edition.refresh_from_db()
    assert edition.status == EditionStatus.ANNOUNCED
    assert selectors.results_public(edition)
    won = {(d.award.name, quality[d.entry_id]) for d in Decision.objects.filter(
        award__edition=edition, status=DecisionStatus.CONFIRMED).select_related("award")}
    assert won == {("TI Gold", 5), ("TI Silver", 4), ("Leadership Award", 5),
                   ("Special Mention", 2)}
    page = CommittingClient().get(reverse("ceremony:winners", args=[edition.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert all(f"Project {n}" in html for n in (0, 1, 5, 3))
    # Last year's season is untouched: its entry, its decision, its unpublished results.
    assert Entry.objects.filter(edition=source.edition).count() == 1
    assert Decision.objects.filter(award__edition=source.edition).count() == 1
    assert not selectors.results_public(source.edition)
