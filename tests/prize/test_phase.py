"""The edition's phase told to visitors: one rule, and every page says the same."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremony.models import Publication
from judging.enums import RoundStatus
from prize.enums import EditionStatus, Role
from prize.phase import JudgingStage, Phase, PhaseFacts, edition_phase, phase_of, phases_of
from tests.factories import EditionFactory, RoleFactory, RoundFactory, UserFactory

SEOUL = ZoneInfo("Asia/Seoul")
# The call opens at midnight on 1 March 2023 and closes at midnight on 1 June, in Seoul.
OPENS = datetime(2023, 3, 1, tzinfo=SEOUL)
CLOSES = datetime(2023, 6, 1, tzinfo=SEOUL)
SECOND = timedelta(seconds=1)


def facts(status=EditionStatus.CALL_OPEN, **kwargs) -> PhaseFacts:
    return PhaseFacts(status=status, call_opens_at=OPENS, call_closes_at=CLOSES, **kwargs)


# --- the rule alone ------------------------------------------------------------------------


def test_before_the_call_until_the_last_second_in_seoul():
    # 23:59:59 on 28 February in Seoul is 14:59:59 UTC: in UTC it is already 28 February's
    # afternoon, yet the call is still to come
    assert phase_of(facts(), OPENS - SECOND).phase == Phase.BEFORE_CALL
    assert (OPENS - SECOND).astimezone(UTC) == datetime(2023, 2, 28, 14, 59, 59, tzinfo=UTC)


def test_call_open_from_its_first_second_to_its_last():
    assert phase_of(facts(), OPENS).phase == Phase.CALL_OPEN
    assert phase_of(facts(), datetime(2023, 2, 28, 15, 0, tzinfo=UTC)).phase == Phase.CALL_OPEN
    assert phase_of(facts(), CLOSES - SECOND).phase == Phase.CALL_OPEN


def test_judging_from_the_moment_the_call_closes():
    told = phase_of(facts(), CLOSES)
    assert told.phase == Phase.JUDGING
    assert told.judging == JudgingStage.NOT_BEGUN


def test_dates_win_over_a_status_set_too_early_or_too_late():
    # staff moved the status on before the call closed, or forgot to after it closed
    assert phase_of(facts(EditionStatus.JUDGING), CLOSES - SECOND).phase == Phase.CALL_OPEN
    assert phase_of(facts(EditionStatus.CALL_OPEN), CLOSES).phase == Phase.JUDGING


def test_judging_stages_follow_the_rounds():
    after = CLOSES + timedelta(days=10)
    assert phase_of(facts(rounds=2), after).judging == JudgingStage.NOT_BEGUN
    assert phase_of(facts(rounds=2, rounds_started=1), after).judging == JudgingStage.UNDER_WAY
    assert phase_of(facts(rounds=2, rounds_started=2, rounds_finalised=1),
                    after).judging == JudgingStage.UNDER_WAY
    assert phase_of(facts(rounds=2, rounds_started=2, rounds_finalised=2),
                    after).judging == JudgingStage.COMPLETE


def test_announced_from_the_moment_of_publication():
    published = datetime(2023, 9, 20, 19, 0, tzinfo=SEOUL)
    status = EditionStatus.JUDGING
    assert phase_of(facts(status, published_at=published), published - SECOND).phase \
        == Phase.JUDGING
    assert phase_of(facts(status, published_at=published), published).phase == Phase.ANNOUNCED


def test_announced_status_without_published_results_is_still_judging():
    told = phase_of(facts(EditionStatus.ANNOUNCED), CLOSES + timedelta(days=100))
    assert told.phase == Phase.JUDGING
    assert not told.results_public


def test_draft_and_archived_whatever_the_dates():
    for at in (OPENS - SECOND, OPENS, CLOSES):
        assert phase_of(facts(EditionStatus.DRAFT), at).phase == Phase.PREPARATION
        assert phase_of(facts(EditionStatus.ARCHIVED), at).phase == Phase.ARCHIVED
    # published results of an archived edition: archived still
    assert phase_of(facts(EditionStatus.ARCHIVED, published_at=CLOSES),
                    CLOSES + SECOND).phase == Phase.ARCHIVED


# --- the facts read from the database ------------------------------------------------------


def _edition(**kwargs):
    return EditionFactory(call_opens_at=OPENS, call_closes_at=CLOSES,
                          ceremony_at=CLOSES + timedelta(days=100), **kwargs)


@pytest.mark.django_db
def test_selector_reads_rounds_and_publication():
    edition = _edition(status=EditionStatus.JUDGING)
    after = CLOSES + timedelta(days=5)
    RoundFactory(edition=edition, number=1, status=RoundStatus.FINALISED)
    second = RoundFactory(edition=edition, number=2, status=RoundStatus.DRAFT)
    assert edition_phase(edition, at=after).judging == JudgingStage.UNDER_WAY
    second.status = RoundStatus.FINALISED
    second.save()
    assert edition_phase(edition, at=after).judging == JudgingStage.COMPLETE
    Publication.objects.create(edition=edition, published_at=after)
    assert edition_phase(edition, at=after - SECOND).phase == Phase.JUDGING
    assert edition_phase(edition, at=after).phase == Phase.ANNOUNCED


@pytest.mark.django_db
def test_selector_reads_any_number_of_editions_in_one_query(django_assert_num_queries):
    editions = [_edition(is_current=False, status=EditionStatus.JUDGING) for _n in range(5)]
    for edition in editions:
        RoundFactory(edition=edition, number=1, status=RoundStatus.OPEN)
        RoundFactory(edition=edition, number=2)
        Publication.objects.create(edition=edition, published_at=None)
    with django_assert_num_queries(1):
        phases = phases_of(editions, at=CLOSES)
    assert {phase.judging for phase in phases.values()} == {JudgingStage.UNDER_WAY}


# --- every page says the same --------------------------------------------------------------

# (status, moment, published, the label visitors read, the sentence under it)
PAGES = [
    (EditionStatus.CALL_OPEN, OPENS - SECOND, None, "Call opens soon",
     "The call for entries has not opened yet."),
    (EditionStatus.CALL_OPEN, OPENS, None, "Call for entries open", None),
    (EditionStatus.CALL_OPEN, CLOSES, None, "Judging", "The call is closed. Judging begins soon."),
    (EditionStatus.JUDGING, CLOSES + timedelta(days=100), CLOSES + timedelta(days=99),
     "Winners announced", "The winners are announced."),
    (EditionStatus.ARCHIVED, CLOSES + timedelta(days=400), CLOSES + timedelta(days=99),
     "Archived", "This edition is over."),
]


@pytest.mark.django_db
@pytest.mark.parametrize("status, at, published, label, sentence", PAGES,
                         ids=["before", "open", "judging", "announced", "archived"])
def test_home_edition_page_and_dashboard_agree(client, monkeypatch, status, at, published,
                                               label, sentence):
    monkeypatch.setattr(timezone, "now", lambda: at)
    edition = _edition(status=status)
    if published:
        Publication.objects.create(edition=edition, published_at=published)
    badge = f">{label}</span>"

    home = client.get(reverse("home")).content.decode()
    page = client.get(edition.get_absolute_url()).content.decode()
    for html in (home, page):
        assert badge in html
        if sentence:
            assert sentence in html
        else:
            assert "Sign up to enter" in html

    secretariat = UserFactory()
    RoleFactory(user=secretariat, edition=edition, role=Role.SECRETARIAT)
    client.force_login(secretariat)
    assert badge in client.get(reverse("dashboard")).content.decode()
    # the staff still see the status they set, on their own pages
    staff = client.get(reverse("staff_index")).content.decode()
    assert f">{edition.get_status_display()}</span>" in staff


@pytest.mark.django_db
def test_dashboard_invites_to_enter_only_while_the_call_is_open(client, monkeypatch):
    edition = _edition()
    client.force_login(UserFactory())
    monkeypatch.setattr(timezone, "now", lambda: CLOSES - SECOND)
    assert "Enter the prize" in client.get(reverse("dashboard")).content.decode()
    monkeypatch.setattr(timezone, "now", lambda: CLOSES)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Enter the prize" not in html
    assert f"The {edition.name} is in its phase “Judging”." in html


@pytest.mark.django_db
def test_dashboard_phases_take_a_bounded_number_of_queries(client):
    user = UserFactory()
    client.force_login(user)

    def count_queries(n):
        for _i in range(n):
            edition = _edition(is_current=False)
            RoleFactory(user=user, edition=edition, role=Role.JUDGE)
            RoundFactory(edition=edition, number=1)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    one = count_queries(1)
    assert count_queries(19) == one


@pytest.mark.django_db
@pytest.mark.parametrize("published", [False, True], ids=["judging", "announced"])
def test_winners_and_ceremony_pages_agree_with_the_phase(client, monkeypatch, published):
    at = CLOSES + timedelta(days=100)
    monkeypatch.setattr(timezone, "now", lambda: at)
    edition = _edition(status=EditionStatus.JUDGING)
    if published:
        Publication.objects.create(edition=edition, published_at=at - timedelta(hours=1))
    told = edition_phase(edition)
    assert told.results_public is published
    winners = client.get(reverse("ceremony:winners", args=[edition.slug]))
    assert winners.status_code == (200 if published else 404)
    ceremony = client.get(reverse("ceremony:ceremony", args=[edition.slug])).content.decode()
    assert ("See the winners" in ceremony) is published
    home = client.get(edition.get_absolute_url()).content.decode()
    assert (f">{Phase.ANNOUNCED.label}</span>" in home) is published
