"""Reading a page in Korean costs no more database queries than reading it in English: the
translated texts are columns of the rows the page reads anyway (django-modeltranslation), the
form's translations are inside its schema, and the language comes from the URL, the user row
already loaded, a cookie or a header. Checked on the pages whose query counts other tests
bound (the judge's pages, the staff's judging pages, the public results and the dashboards),
with 100 rows so a per-row query would show."""

import pytest
from django.urls import reverse
from django.utils import translation

from judging.models import Assignment
from tests.ceremony.test_public_queries import season as published_season
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.judging.test_judge_queries import build as judge_season
from tests.judging.test_staff_queries import PAGES as STAFF_PAGES
from tests.judging.test_staff_queries import build as staff_round
from tests.judging.test_staff_queries import read

pytestmark = pytest.mark.django_db


def counts_in_each_language(count_queries, client, url, user=None) -> dict[str, int]:
    counts = {}
    for language in ("en", "ko"):
        if user is not None:
            type(user).objects.filter(pk=user.pk).update(language=language)
        client.cookies["django_language"] = language
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        page = read_page(client, url, headers)
        with translation.override(language):
            assert f'lang="{language}"' in page[:400], (url, language)
        counts[language] = count_queries(lambda: read_page(client, url, headers))
    return counts


def read_page(client, url, headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


@pytest.mark.parametrize("blind", [False, True])
@pytest.mark.parametrize("page", ["judging:dashboard", "judging:review"])
def test_the_judges_pages(count_queries, blind, page):
    client, round, entries = judge_season(100, blind=blind)
    judge = Assignment.objects.filter(round=round).first().judge
    url = (reverse(page) if page == "judging:dashboard"
           else reverse(page, args=[round.pk, entries[1].pk]))
    counts = counts_in_each_language(count_queries, client, url, judge)
    assert counts["en"] == counts["ko"], counts


@pytest.mark.parametrize(("name", "extra"), [p for p in STAFF_PAGES if not p[1]])
def test_the_staff_judging_pages(count_queries, name, extra):
    from prize.enums import Role
    from tests.factories import EditionFactory, RoleFactory, UserFactory

    edition = EditionFactory()
    round = staff_round(edition, 1, 100)
    coordinator = UserFactory()
    RoleFactory(user=coordinator, edition=edition, role=Role.COORDINATOR)
    client = CommittingClient()
    client.force_login(coordinator, backend=BACKEND)
    read(client, reverse(name, args=[round.pk, *extra]))
    counts = counts_in_each_language(count_queries, client, reverse(name, args=[round.pk]),
                                     coordinator)
    assert counts["en"] == counts["ko"], counts


@pytest.mark.parametrize("page", ["winners", "finalists", "winner", "dashboard"])
def test_the_public_results_and_the_entrants_dashboard(count_queries, page):
    edition, entries, member = published_season(100)
    client = CommittingClient()
    user = None
    if page == "dashboard":
        client.force_login(member, backend=BACKEND)
        user = member
        url = reverse("entries:dashboard")
    if user is None:
        # a public page has an address per language: each is read at its own
        counts = {}
        for language in ("en", "ko"):
            with translation.override(language):
                args = [edition.slug] + ([entries[0].reference] if page == "winner" else [])
                localised = reverse(f"ceremony:{page}", args=args)
            read_page(client, localised, {})
            counts[language] = count_queries(lambda u=localised: read_page(client, u, {}))
            assert localised.startswith(f"/{language}/")
    else:
        counts = counts_in_each_language(count_queries, client, url, user)
    assert counts["en"] == counts["ko"], counts
