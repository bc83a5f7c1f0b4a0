"""The page "Start a new edition from this one": the secretariat (and a superuser) only, a form
prefilled for next year, bad input answered on the form with what was typed kept, a summary of
what will be copied, and the same number of queries whatever the size of the configuration."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ceremony.models import Award
from judging.models import Criterion, Round, RoundQuota
from prize.enums import Role
from prize.models import Category, Edition, Milestone, Organisation
from tests.ceremony.next_edition_support import configured_source, seoul
from tests.ceremony.staff_support import PERSONAS, client_of
from tests.factories import EditionFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

ALLOWED = {"secretariat", "superuser"}


@pytest.fixture
def source():
    source = configured_source()
    other = EditionFactory(slug="another-edition", short_name="AE", is_current=False)
    elsewhere = UserFactory(email="elsewhere@example.org")
    RoleFactory(user=elsewhere, edition=other, role=Role.SECRETARIAT)
    source.users["other_secretariat"] = elsewhere
    source.users["superuser"] = UserFactory(email="root@example.org", is_superuser=True,
                                            is_staff=True)
    source.users["anonymous"] = None
    return source


def page(source) -> str:
    return reverse("ceremony:staff_next_edition", args=[source.edition.slug])


def form_data(source, **changes) -> dict:
    """What the page's form sends as it comes (next year's values), with ``changes``."""
    html = client_of(source, "secretariat").get(page(source)).content.decode()
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if name and (not kind or kind.group(1) != "checkbox"):
            data[name.group(1)] = value.group(1) if value else ""
    data.update(changes)
    return data


# --- Who may open it --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_and_a_superuser_open_the_page(source, persona):
    target = page(source)

    response = client_of(source, persona).get(target)

    if persona in ALLOWED:
        assert response.status_code == 200
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={target}"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in ALLOWED])
def test_nobody_else_can_make_an_edition(source, persona):
    data = form_data(source)

    response = client_of(source, persona).post(page(source), data)

    assert response.status_code in (302, 404)
    if persona != "anonymous":
        assert response.status_code == 404
    assert not Edition.objects.filter(slug="city-prize-2024").exists()


def test_coordinators_do_not_see_the_way_to_it(source):
    link = f'href="{page(source)}"'
    home = reverse("ceremony:staff_home", args=[source.edition.slug])

    coordinator = client_of(source, "coordinator").get(home).content.decode()
    secretariat = client_of(source, "secretariat").get(home).content.decode()

    assert link not in coordinator
    assert link in secretariat


def test_an_unknown_edition_is_404(source):
    response = client_of(source, "superuser").get(
        reverse("ceremony:staff_next_edition", args=["no-such-edition"]))

    assert response.status_code == 404


# --- The form ---------------------------------------------------------------------------------


def test_the_form_is_prefilled_for_next_year_in_the_editions_time_zone(source):
    html = client_of(source, "secretariat").get(page(source)).content.decode()
    first, final = source.rounds
    screening = source.milestones[1]

    assert 'value="City Prize 2024"' in html
    assert 'value="CP24"' in html
    assert 'value="city-prize-2024"' in html
    assert 'value="2024"' in html
    assert re.search(r'name="call_opens_at" value="2024-03-01T09:00"', html)
    assert re.search(r'name="ceremony_at" value="2024-09-25T15:00"', html)
    assert re.search(r'name="reply_by" value="2024-09-15T18:00"', html)
    assert re.search(rf'name="milestone_{screening.pk}_ends_at" value="2024-07-07T18:00"', html)
    assert re.search(rf'name="round_{final.pk}_closes_at" value="2024-08-31T18:00"', html)
    assert "Final jury closes" in html


def test_the_summary_says_what_will_be_copied_and_what_stays(source):
    html = client_of(source, "secretariat").get(page(source)).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())

    assert "2 categories" in text
    assert "Leadership (LD): Individual; 2 finalists, 1 winner." in text
    assert "City government: TI: cities" in text
    assert "3 entry forms, 2 screening reasons" in text
    assert "Leadership: Impact (×2, 1–5), Design (×1.50, 0–10); 2 entries advance" in text
    assert ("Special Mention: 1 winner, chosen with Global Green Growth Institute (GGGI), "
            "IMD Smart City Observatory") in text
    assert "programme's outline: 2 items" in text
    assert "1 entry, its files and screening" in text
    assert "1 decision on the winners" in text
    assert "1 presenter: the people on stage change every year" in text


def test_making_the_edition(source):
    client = client_of(source, "secretariat")

    response = client.post(page(source), form_data(source, open_call="on"))

    new = Edition.objects.get(slug="city-prize-2024")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_edition_settings", args=[new.slug])
    assert new.call_opens_at == seoul(2024, 3, 1, 9)
    assert new.status == "call_open"
    assert Category.objects.filter(edition=new).count() == 2
    settings_page = client.get(response["Location"])
    assert settings_page.status_code == 200
    assert "is made from City Prize 2023" in settings_page.content.decode()


def test_dates_typed_on_the_form_are_used(source):
    first, final = source.rounds
    data = form_data(source, call_closes_at="2024-06-15T18:00",
                     **{f"round_{first.pk}_opens_at": "2024-06-16T09:00",
                        f"round_{first.pk}_closes_at": "2024-06-20T18:00"})

    client_of(source, "superuser").post(page(source), data)

    new = Edition.objects.get(slug="city-prize-2024")
    assert new.call_closes_at == seoul(2024, 6, 15, 18)
    assert Round.objects.get(edition=new, number=1).opens_at == seoul(2024, 6, 16, 9)


# --- Bad input: a message on the form, what was typed kept, nothing made ------------------------


def refused(source, changes: dict, field: str, message: str):
    data = form_data(source, **changes)
    response = client_of(source, "secretariat").post(page(source), data)
    html = response.content.decode()

    assert response.status_code == 400
    assert Edition.objects.filter(year=2024).count() == 0, "nothing is made"
    assert "Nothing was made yet" in html
    error = re.search(rf'id="id_{field}_error">([^<]*)<', html)
    assert error, f"no message on {field}"
    assert message in error.group(1).replace("&#x27;", "'").replace("&quot;", '"')
    for name in ("name", "slug", "call_opens_at"):  # what was typed is still in the form
        typed = data[name].replace("\x00", "")  # (NUL is removed before any view runs)
        assert f'name="{name}" value="{typed}"' in html
    return html


def test_a_slug_already_taken(source):
    refused(source, {"slug": "another-edition", "name": "Kept Name 2024"}, "slug",
            "Another edition already uses the slug")


def test_a_call_that_closes_before_it_opens(source):
    refused(source, {"call_opens_at": "2024-06-30T18:00", "call_closes_at": "2024-03-01T09:00"},
            "call_closes_at", "The call must close after it opens.")


def test_a_ceremony_before_the_call_closes(source):
    refused(source, {"ceremony_at": "2024-05-01T15:00", "reply_by": "2024-04-01T15:00"},
            "ceremony_at", "The ceremony comes after the call closes.")


def test_rounds_out_of_order(source):
    first, final = source.rounds
    refused(source, {f"round_{final.pk}_opens_at": "2024-07-03T09:00"},
            f"round_{final.pk}_opens_at", "rounds follow one another")


def test_a_date_that_is_not_a_date(source):
    refused(source, {"call_opens_at": "next spring"}, "call_opens_at",
            "Enter a date and time")


def test_a_year_out_of_range(source):
    refused(source, {"year": "99999999999999999999"}, "year", "less than or equal to 2100")


def test_nul_bytes_never_reach_the_new_edition(source):
    """The platform removes NUL from every post before a view runs: the name is kept without
    it; a slug that is still not a slug is answered on the form."""
    client = client_of(source, "secretariat")
    html = refused(source, {"slug": "city prize\x00 2024"}, "slug", "Enter a valid")
    assert "\x00" not in html

    client.post(page(source), form_data(source, name="City\x00 Prize 2024"))

    new = Edition.objects.get(slug="city-prize-2024")
    assert new.name == "City Prize 2024"


# --- Queries ----------------------------------------------------------------------------------


def grow(source, n: int):
    """``n`` more categories, each with a form use, criteria and quotas in every round, an
    award with a partner, and ``n`` more rounds and milestones."""
    edition = source.edition
    partner = Organisation.objects.get(edition=edition, name="WeGO")
    rounds = list(Round.objects.filter(edition=edition))
    for i in range(n):
        rounds.append(Round.objects.create(
            edition=edition, number=10 + i, name=f"Extra round {i}",
            opens_at=seoul(2023, 9, 1), closes_at=seoul(2023, 9, 2)))
        Milestone.objects.create(edition=edition, title=f"Extra {i}", starts_at=seoul(2023, 9, 3))
    for i in range(n):
        category = Category.objects.create(edition=edition, name=f"Extra {i}", slug=f"extra-{i}",
                                           code=f"X{i}", allowed_entrant_kinds=["individual"])
        form = category.edition.entry_forms.first()
        category.form_uses.create(entrant_kind="individual", form=form)
        for round in rounds:
            Criterion.objects.create(round=round, category=category, name="Impact")
            RoundQuota.objects.create(round=round, category=category, advance=1)
        award = Award.objects.create(edition=edition, name=f"Extra award {i}", category=category)
        award.partners.add(partner)


def count_queries(source) -> int:
    client = client_of(source, "secretariat")
    client.get(page(source))  # warm: session, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page(source))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_page_makes_the_same_queries_whatever_the_size_of_the_configuration(source):
    small = count_queries(source)

    grow(source, 12)
    large = count_queries(source)

    assert Category.objects.filter(edition=source.edition).count() == 14
    assert Round.objects.filter(edition=source.edition).count() == 14
    assert small == large
