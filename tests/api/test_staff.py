"""The staff endpoints: entries (with their answers on request), screening results and round
results, for an edition's secretariat, its coordinators and superusers only; any other token
gets a 404 for that edition, and no token a 401. A bounded number of queries whatever the
number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entries.models import Entry, ScreeningDecision
from tests.api.support import body, get, raw_token_for, token_for
from tests.factories import EditionFactory, EntryFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_ENDPOINTS = ["staff_entries", "staff_screening", "staff_rounds"]


def urls(final) -> list[str]:
    slug = final.edition.slug
    return [*(reverse(f"api:{name}", args=[slug]) for name in STAFF_ENDPOINTS),
            reverse("api:staff_round_results", args=[slug, final.round.number])]


def test_visibility_matrix(final):
    other_edition = EditionFactory(is_current=False, slug="another")
    other_staff = UserFactory(email="elsewhere@example.org")
    RoleFactory(user=other_staff, edition=other_edition, role="secretariat")
    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    entrant = Entry.objects.filter(edition=final.edition).first().entrant.members.first().user
    tokens = {
        "secretariat": token_for(final.users["secretariat"]),
        "coordinator": token_for(final.users["coordinator"]),
        "superuser": token_for(superuser),
        "other edition's secretariat": token_for(other_staff),
        "judge": raw_token_for(final.judges[0]),
        "entrant": raw_token_for(entrant),
    }
    for url in urls(final):
        for who, token in tokens.items():
            status = get(url, token).status_code
            expected = 200 if who in ("secretariat", "coordinator", "superuser") else 404
            assert status == expected, (who, url, status)
        assert get(url).status_code == 401
    own = body(get(reverse("api:staff_editions"), tokens["other edition's secretariat"]))
    assert [e["slug"] for e in own["results"]] == [other_edition.slug]


def test_entries_as_the_staff_list_shows_them_with_answers_on_request(final):
    token = token_for(final.users["secretariat"])
    url = reverse("api:staff_entries", args=[final.edition.slug])
    entry = Entry.objects.filter(edition=final.edition).order_by("reference").first()
    Entry.objects.filter(pk=entry.pk).update(answers={"summary": "A quiet bus network."})
    EntryFactory(edition=final.edition, category=final.categories[0], reference=None,
                 title="A draft")  # drafts are not entered: left out by default

    rows = body(get(url, token))["results"]
    assert "A draft" not in {r["title"] for r in rows}
    first = rows[0]
    assert first["reference"] == entry.reference and first["answers"] is None
    assert first["entrant"]["name"] == entry.entrant.name
    assert first["category"] == entry.category.code

    with_answers = body(get(url + "?answers=1", token))["results"]
    assert with_answers[0]["answers"] == {"summary": "A quiet bus network."}
    everything = body(get(url + "?status=all", token))
    assert "A draft" in {r["title"] for r in everything["results"]}
    searched = body(get(url + f"?q={entry.reference}", token))
    assert [r["reference"] for r in searched["results"]] == [entry.reference]


def test_screening_gives_each_entrys_latest_decision(final):
    entry = Entry.objects.filter(edition=final.edition).order_by("pk").first()
    by = final.users["secretariat"]
    earlier = timezone.now() - timezone.timedelta(days=2)
    ScreeningDecision.objects.create(entry=entry, decision="ineligible", reason="Late.",
                                     decided_by=by, decided_at=earlier)
    ScreeningDecision.objects.create(entry=entry, decision="eligible", reason="Checked again.",
                                     decided_by=by)

    rows = body(get(reverse("api:staff_screening", args=[final.edition.slug]),
                    token_for(by)))["results"]

    assert rows == [{
        "entry_id": entry.pk, "reference": entry.reference, "title": entry.title,
        "status": entry.status, "decision": "eligible", "reason": "Checked again.",
        "decided_at": rows[0]["decided_at"], "released_at": None,
    }]


def test_round_results_are_the_leaderboards_of_the_results_page(final):
    rows = body(get(reverse("api:staff_round_results",
                            args=[final.edition.slug, final.round.number]),
                    token_for(final.users["coordinator"])))["results"]
    first_category = [r for r in rows if r["category"] == final.categories[0].code]
    best = final.finalists[final.categories[0].pk][0]
    assert first_category[0]["rank"] == 1 and first_category[0]["reference"] == best.reference
    assert [r["rank"] for r in first_category] == sorted(r["rank"] for r in first_category)
    assert all(r["reviews"] == 2 for r in first_category)
    # an unknown round is a 404, like the page
    assert get(reverse("api:staff_round_results", args=[final.edition.slug, 42]),
               token_for(final.users["secretariat"], name="second")).status_code == 404


def _queries(url, token) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = get(url, token)
        assert response.status_code == 200, url
    return len(captured)


def _grow(final, n: int) -> None:
    """``n`` more of everything the endpoints list: entries screened and scored in the final
    round, categories, awards won (confirmed), public editions, editions the staff run."""
    from ceremony.enums import DecisionStatus
    from ceremony.models import Award, Decision
    from judging.models import Criterion
    from tests.ceremony.builders import score
    from tests.factories import CategoryFactory, RoundEntryFactory

    category = final.categories[0]
    criterion = Criterion.objects.filter(round=final.round, category=category).first()
    by = final.users["secretariat"]
    for i in range(n):
        entry = EntryFactory(edition=final.edition, category=category, submitted=True,
                             status="eligible", reference=f"G-{i:03d}", title=f"Grown {i}")
        ScreeningDecision.objects.create(entry=entry, decision="eligible", reason="Fine.")
        RoundEntryFactory(round=final.round, entry=entry)
        for judge in final.judges:
            score(final.round, entry, judge, criterion, 5)
        award = Award.objects.create(edition=final.edition, name=f"Grown award {i}",
                                     category=category, order=10 + i, winners=1)
        Decision.objects.create(award=award, entry=entry, status=DecisionStatus.CONFIRMED,
                                proposed_by=by, confirmed_by=final.users["coordinator"],
                                confirmed_at=timezone.now())
        CategoryFactory(edition=final.edition)
        grown = EditionFactory(is_current=False, status="announced")
        RoleFactory(user=by, edition=grown, role="secretariat")


def test_each_endpoint_makes_as_many_queries_for_one_row_as_for_many(final):
    from ceremony import services
    from tests.ceremony.test_services import decide_all

    decide_all(final)
    by = final.users["secretariat"]
    services.publication_schedule(edition=final.edition, at=None, by=by)
    for entry in Entry.objects.filter(edition=final.edition)[:1]:
        ScreeningDecision.objects.create(entry=entry, decision="eligible", reason="Fine.")
    token = token_for(by)
    slug = final.edition.slug
    endpoints = [reverse(name, args=[slug]) for name in (
        "api:staff_entries", "api:staff_screening", "api:staff_rounds", "api:categories",
        "api:awards", "api:winners", "api:edition")]
    endpoints += [reverse("api:editions"), reverse("api:staff_editions"),
                  reverse("api:staff_entries", args=[slug]) + "?answers=1",
                  reverse("api:staff_round_results", args=[slug, final.round.number])]
    get(reverse("api:staff_editions"), token)  # the token's first use writes last_used_at
    few = {url: _queries(url, token) for url in endpoints}

    _grow(final, 15)
    many = {url: _queries(url, token) for url in endpoints}

    assert many == few
    assert max(few.values()) <= 12, few
