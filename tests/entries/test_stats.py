"""The statistics page: its numbers on a small known season, who may open it, its queries."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from entries.enums import EntryStatus
from entries.stats import edition_stats, nice_ceiling, nice_step
from prize.enums import EntrantKind, Role
from tests.entries.conftest import BACKEND, ENTRY_PERSONAS
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    EntrantFactory,
    EntryFactory,
    EntryFormFactory,
    RoleFactory,
    UserFactory,
)

OPENS = datetime(2023, 3, 1, 0, 0, tzinfo=UTC)  # 09:00 in Seoul
CLOSES = datetime(2023, 3, 10, 9, 0, tzinfo=UTC)  # 18:00 in Seoul


@pytest.fixture
def known(db):
    """Five entered entries from three cities in three countries, plus a draft and a
    withdrawn entry that do not count."""
    edition = EditionFactory(name="Known Prize", slug="known", call_opens_at=OPENS,
                             call_closes_at=CLOSES, time_zone="Asia/Seoul")
    ti = CategoryFactory(edition=edition, code="TI", name="Tech-InnovaCity", order=0)
    hc = CategoryFactory(edition=edition, code="HC", name="Human-CentriCity", order=1)
    ld = CategoryFactory(edition=edition, code="LD", name="Leadership", order=2,
                         allowed_entrant_kinds=[EntrantKind.INDIVIDUAL])
    form = EntryFormFactory(edition=edition)
    seoul = EntrantFactory(name="Seoul Metropolitan Government", city="Seoul", country="KR")
    seoul_company = EntrantFactory(kind=EntrantKind.CORPORATION, name="UrbanSense",
                                   city=" seoul ", country="KR")
    lyon = EntrantFactory(kind=EntrantKind.INSTITUTION, name="Lyon Lab", city="Lyon",
                          country="FR")
    nairobi = EntrantFactory(kind=EntrantKind.INDIVIDUAL, name="Wanjiru Mwangi",
                             city="Nairobi", country="KE")
    paris = EntrantFactory(name="City of Paris", city="Paris", country="FR")
    tokyo = EntrantFactory(name="Tokyo", city="Tokyo", country="JP")

    def entry(category, entrant, status, submitted_at, n):
        return EntryFactory(edition=edition, category=category, entrant=entrant, form=form,
                            status=status, submitted_at=submitted_at,
                            reference=None if status == EntryStatus.DRAFT
                            else f"KP-{category.code}-{n:04d}")

    # 2 March in Seoul, although still 1 March in UTC
    entry(ti, seoul, EntryStatus.ELIGIBLE, datetime(2023, 3, 1, 15, 30, tzinfo=UTC), 1)
    entry(ti, seoul, EntryStatus.SUBMITTED, datetime(2023, 3, 2, 2, 0, tzinfo=UTC), 2)
    entry(hc, seoul_company, EntryStatus.INELIGIBLE,
          datetime(2023, 3, 10, 8, 59, 59, tzinfo=UTC), 1)
    entry(ti, lyon, EntryStatus.SUBMITTED, datetime(2023, 3, 10, 1, 0, tzinfo=UTC), 3)
    entry(ld, nairobi, EntryStatus.SUBMITTED, datetime(2023, 3, 5, 3, 0, tzinfo=UTC), 1)
    entry(ti, paris, EntryStatus.DRAFT, None, 0)
    entry(hc, tokyo, EntryStatus.WITHDRAWN, datetime(2023, 3, 3, 3, 0, tzinfo=UTC), 2)
    return edition


def counts(chart):
    return {bar.key: bar.count for bar in chart.bars}


def test_headline_counts_entered_entries_and_distinct_places(known):
    stats = edition_stats(known)

    assert (stats.total, stats.cities, stats.countries) == (5, 3, 3)
    assert stats.headline == "5 entries from 3 cities in 3 countries"
    assert (stats.drafts, stats.withdrawn) == (1, 1)


def test_entries_by_category_kind_continent_and_screening(known):
    stats = edition_stats(known)

    assert [(b.label, b.count) for b in stats.by_category.bars] == [
        ("Tech-InnovaCity", 3), ("Human-CentriCity", 1), ("Leadership", 1)]
    assert counts(stats.by_kind) == {"city_government": 2, "corporation": 1,
                                     "institution": 1, "individual": 1}
    assert [(b.key, b.count) for b in stats.by_region.bars] == [
        ("asia", 3), ("europe", 1), ("africa", 1),
        ("middle_east", 0), ("americas", 0), ("oceania", 0)]
    assert counts(stats.screening) == {"eligible": 1, "ineligible": 1, "submitted": 3}
    assert [(b.label, b.count, b.percent) for b in stats.by_country.bars] == [
        ("South Korea", 3, 60), ("France", 1, 20), ("Kenya", 1, 20)]
    assert [b.length for b in stats.by_category.bars] == [60, 20, 20]


def test_submissions_per_day_are_counted_in_the_editions_time_zone(known):
    timeline = edition_stats(known).timeline

    assert timeline.days[0].day == date(2023, 3, 1)
    assert timeline.days[-1].day == date(2023, 3, 10)
    per_day = {d.day.day: d.count for d in timeline.days if d.count}
    assert per_day == {2: 2, 5: 1, 10: 2}
    assert [d.cumulative for d in timeline.days] == [0, 2, 2, 2, 3, 3, 3, 3, 3, 5]
    assert timeline.busiest.day == date(2023, 3, 10)
    assert timeline.halfway.day == date(2023, 3, 5)
    assert timeline.closes_x == 100


def test_countries_beyond_the_top_fifteen_are_grouped(db):
    edition = EditionFactory(call_opens_at=OPENS, call_closes_at=CLOSES)
    category = CategoryFactory(edition=edition)
    codes = ["KR", "JP", "CN", "IN", "ID", "FR", "DE", "ES", "IT", "GB", "US", "BR", "MX",
             "KE", "ZA", "AU", "NZ"]
    for n, code in enumerate(codes):
        for _copy in range(2 if n < 3 else 1):
            EntryFactory(edition=edition, category=category, submitted=True,
                         entrant=EntrantFactory(country=code, city=f"City {n}"),
                         submitted_at=OPENS + timedelta(days=1))

    stats = edition_stats(edition)

    assert len(stats.by_country.bars) == 16
    assert [b.key for b in stats.by_country.bars[:3]] == ["CN", "JP", "KR"]
    assert stats.by_country.bars[-1].label == "Other countries (2)"
    assert stats.by_country.bars[-1].count == 2
    assert stats.by_country.bars[-1].length == 10  # 2 of 20, not stretched to the largest
    assert stats.by_country.bars[-1].colour != stats.by_country.bars[0].colour
    assert sum(b.count for b in stats.by_country.bars) == stats.total == 20
    assert stats.other_countries == 2


@pytest.mark.parametrize(("top", "step", "ceiling"), [
    (0, 1, 0), (4, 1, 4), (16, 5, 20), (240, 50, 250), (241, 50, 250), (1200, 250, 1250)])
def test_gridlines_use_round_steps(top, step, ceiling):
    assert nice_step(top) == step
    assert nice_ceiling(top) == ceiling


def test_the_page_shows_the_numbers_in_charts_and_tables(known, client):
    user = UserFactory()
    RoleFactory(user=user, edition=known, role=Role.SECRETARIAT)
    client.force_login(user, backend=BACKEND)

    response = client.get(reverse("entries:staff_stats", args=[known.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "5 entries from 3 cities in 3 countries" in html
    assert "Not counted: 1 draft and 1 withdrawn entry." in " ".join(html.split())
    charts = re.findall(r'<svg class="stats-svg[^"]*" role="img" aria-labelledby="([^"]+)"',
                        html)
    assert len(charts) == 7  # two timelines and five bar charts
    for labels in charts:
        title, desc = labels.split()
        assert f'<title id="{title}">' in html
        assert f'<desc id="{desc}">' in html
    assert ("Tech-InnovaCity: 3 (60%); Human-CentriCity: 1 (20%); Leadership: 1 (20%)."
            in html)
    assert re.search(r'<th scope="row" class="fw-normal">Eligible</th>\s*'
                     r'<td class="text-end">1</td>', html)
    assert '<time datetime="2023-03-02">Thu 2 March 2023</time>' in html


def test_an_edition_without_entries_says_so(client, edition):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user, backend=BACKEND)

    response = client.get(reverse("entries:staff_stats", args=[edition.slug]))

    assert response.status_code == 200
    assert "0 entries from 0 cities in 0 countries" in response.content.decode()
    assert "No entries have been submitted yet." in response.content.decode()
    assert 'role="img"' not in response.content.decode()


EXPECTED = {
    "anonymous": 302,
    "entrant": 404,
    "other_entrant": 404,
    "judge": 404,
    "coordinator": 200,
    "secretariat": 200,
    "superuser": 200,
}


@pytest.mark.parametrize("persona", ENTRY_PERSONAS)
def test_permission_matrix(season, persona):
    url = reverse("entries:staff_stats", args=[season.edition.slug])

    response = season.client(persona).get(url)

    assert response.status_code == EXPECTED[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_staff_of_another_edition_and_unknown_editions_get_404(season, client):
    other = EditionFactory(is_current=False)
    staff = UserFactory()
    RoleFactory(user=staff, edition=other, role=Role.SECRETARIAT)
    client.force_login(staff, backend=BACKEND)

    assert client.get(reverse("entries:staff_stats", args=[season.edition.slug])
                      ).status_code == 404
    assert client.get(reverse("entries:staff_stats", args=["no-such-edition"])
                      ).status_code == 404
    assert client.get(reverse("entries:staff_stats", args=[other.slug])).status_code == 200


def test_the_page_makes_the_same_number_of_queries_with_1_and_50_entries(season,
                                                                         count_queries):
    client = season.client("secretariat")
    url = reverse("entries:staff_stats", args=[season.edition.slug])
    client.get(url)  # warm caches (content types, sessions)
    with_one = count_queries(lambda: client.get(url))
    codes = ["KR", "JP", "FR", "DE", "US", "BR", "KE", "AU", "AE", "IN"]
    for n in range(49):
        EntryFactory(edition=season.edition, category=season.category, submitted=True,
                     status=[EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE,
                             EntryStatus.INELIGIBLE][n % 3],
                     entrant=EntrantFactory(country=codes[n % 10], city=f"City {n}",
                                            kind=EntrantKind.CORPORATION),
                     submitted_at=season.edition.call_opens_at + timedelta(days=n % 20))

    response = client.get(url)
    with_fifty = count_queries(lambda: client.get(url))

    assert "50 entries from 50 cities in 10 countries" in response.content.decode()
    assert with_fifty == with_one
