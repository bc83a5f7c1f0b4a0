"""The awards page: the edition's awards grouped by category in tier order, created, changed
and deleted through a form limited to the edition's categories and organisations; the
services' refusals land on the form, never as a server error."""

import pytest

from ceremony import services
from ceremony.models import Award
from prize.models import AuditEvent
from tests.ceremony.staff_support import ceremony_fixture, client_of, url  # noqa: F401
from tests.factories import CategoryFactory, EditionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def form_data(final, **changes):
    data = {"name": "Bronze", "kind": "category", "category": final.categories[0].pk,
            "tier": "Bronze", "order": "3", "winners": "2", "pool": "finalists",
            "description": "Third tier."}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_awards_grouped_by_category_in_tier_order(ceremony):
    gggi = OrganisationFactory(edition=ceremony.edition, name="GGGI")
    ceremony.mention.partners.add(gggi)
    services.decision_propose(award=ceremony.gold, entry=ceremony.finalists[
        ceremony.categories[0].pk][0], by=ceremony.users["secretariat"])

    html = client_of(ceremony, "coordinator").get(url(ceremony, "staff_awards")).content.decode()

    assert html.index("Category 0") < html.index(">Gold<") < html.index(">Silver<") \
        < html.index("Category 1") < html.index("Leadership") < html.index("Special mentions")
    assert "GGGI" in html
    assert "1 of 1" in html and "0 of 2" in html


def test_create_an_award(ceremony):
    imd = OrganisationFactory(edition=ceremony.edition, name="IMD")
    response = client_of(ceremony, "secretariat").post(
        url(ceremony, "staff_awards"),
        form_data(ceremony, name="IMD Mention", kind="special_mention", category="",
                  pool="eligible", partners=[imd.pk]), follow=True)
    award = Award.objects.get(name="IMD Mention")
    assert list(award.partners.all()) == [imd]
    assert award.category is None and award.winners == 2
    assert "IMD Mention (Bronze) is created." in response.content.decode()
    assert AuditEvent.objects.filter(action="award.create").count() == 1


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": "gold"}, "name", "Choose another name: this edition already has an award called"),
    ({"category": ""}, "category", "Choose the category this award belongs to"),
    ({"winners": "0"}, "winners", "greater than or equal to 1"),
    ({"winners": "101"}, "winners", "less than or equal to 100"),
    ({"winners": "99999999999999999999999"}, "winners", "less than or equal to"),
    ({"order": "-1"}, "order", "greater than or equal to 0"),
    ({"kind": "grand_prix"}, "kind", "Select a valid choice"),
    ({"description": "x" * 5001}, "description", "at most 5000 characters"),
])
def test_bad_award_input_is_a_form_error(ceremony, changes, field, message):
    response = client_of(ceremony, "secretariat").post(url(ceremony, "staff_awards"),
                                                       form_data(ceremony, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Award.objects.filter(name__startswith="Bronze").exists()


def test_another_editions_category_or_partner_is_refused(ceremony):
    other = EditionFactory(slug="elsewhere", is_current=False)
    category = CategoryFactory(edition=other, code="X", slug="x")
    partner = OrganisationFactory(edition=other, name="Elsewhere Org")
    client = client_of(ceremony, "secretariat")

    response = client.post(url(ceremony, "staff_awards"),
                           form_data(ceremony, category=category.pk))
    assert response.status_code == 400 and "category" in response.context["form"].errors
    response = client.post(url(ceremony, "staff_awards"),
                           form_data(ceremony, partners=[partner.pk]))
    assert response.status_code == 400 and "partners" in response.context["form"].errors
    assert not Award.objects.filter(name="Bronze").exists()


def test_change_an_award_and_the_services_refusal_lands_on_the_form(ceremony):
    first = ceremony.finalists[ceremony.categories[0].pk]
    for entry in first[1:3]:
        services.decision_propose(award=ceremony.silver, entry=entry,
                                  by=ceremony.users["secretariat"])
    client = client_of(ceremony, "secretariat")
    target = url(ceremony, "staff_award", ceremony.silver.pk)

    response = client.post(target, form_data(ceremony, name="Silver", winners="1"))
    assert response.status_code == 400
    assert "Silver (Silver) already has 2 winners: remove decisions before taking seats " \
        "away." in response.content.decode()
    ceremony.silver.refresh_from_db()
    assert ceremony.silver.winners == 2

    client.post(target, form_data(ceremony, name="Silver", tier="Silver", winners="3"))
    ceremony.silver.refresh_from_db()
    assert ceremony.silver.winners == 3 and ceremony.silver.description == "Third tier."


def test_delete_is_refused_while_the_award_has_decisions(ceremony):
    decision = services.decision_propose(
        award=ceremony.gold, entry=ceremony.finalists[ceremony.categories[0].pk][0],
        by=ceremony.users["secretariat"])
    client = client_of(ceremony, "secretariat")
    target = url(ceremony, "staff_award", ceremony.gold.pk)

    response = client.post(target, {"action": "delete"})
    assert response.status_code == 400
    assert "Gold (Gold) has 1 decided winners. Remove those decisions first" in \
        response.content.decode()
    assert Award.objects.filter(pk=ceremony.gold.pk).exists()

    services.decision_remove(decision=decision, by=ceremony.users["secretariat"])
    response = client.post(target, {"action": "delete"}, follow=True)
    assert not Award.objects.filter(pk=ceremony.gold.pk).exists()
    assert "is deleted" in response.content.decode()
