"""The decisions page through the client: the ranking beside the proposal, ties left for a
person, and each action (a plain POST calling one service), refusals shown on the page."""

import re

import pytest

from ceremony import services
from ceremony.enums import DecisionStatus
from ceremony.models import Award, Decision
from prize.models import AuditEvent
from tests.ceremony.builders import final_round
from tests.ceremony.staff_support import ceremony_fixture, client_of, url  # noqa: F401
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def post(final, persona, data, follow=False):
    return client_of(final, persona).post(url(final, "staff_decisions"), data, follow=follow)


def top(final):
    first = final.categories[0]
    return final.finalists[first.pk]


def accept(final, persona, award, follow=False):
    """Press "accept the proposal" for ``award``: post the entries the page offers."""
    html = client_of(final, persona).get(url(final, "staff_decisions")).content.decode()
    block = html[html.index(f'id="award-{award.pk}"'):]
    form = block[block.index('value="accept"'):block.index("</form>")]
    entries = re.findall(r'name="entry" value="([^"]+)"', form)
    return post(final, persona, {"action": "accept", "award": award.pk, "entry": entries},
                follow=follow)


def test_the_page_shows_the_ranking_and_the_proposal(ceremony):
    html = client_of(ceremony, "secretariat").get(url(ceremony, "staff_decisions")).content.decode()
    first = top(ceremony)
    assert "The final round's ranking of Category 0" in html
    for entry in first:
        assert entry.reference in html
        assert entry.entrant.name in html
        assert entry.entrant.city in html
    assert "ranking: Gold" in html
    assert "ranking: Silver" in html
    assert "Accept the proposal (1 entry)" in html
    assert "Accept the proposal (2 entries)" in html
    assert "South Korea" in html


def test_accept_the_proposal_proposes_each_placed_entry(ceremony):
    response = accept(ceremony, "secretariat", ceremony.silver, follow=True)
    decisions = list(Decision.objects.filter(award=ceremony.silver).order_by("rank"))
    assert [d.entry for d in decisions] == top(ceremony)[1:3]
    assert [d.rank for d in decisions] == [2, 3]
    assert all(d.proposed_by == ceremony.users["secretariat"] for d in decisions)
    assert all(d.status == DecisionStatus.PROPOSED and not d.departs for d in decisions)
    assert "2 entries are proposed for Silver" in response.content.decode()


def test_accept_leaves_out_an_entry_a_person_moved_to_another_tier(ceremony):
    first = top(ceremony)
    services.decision_propose(award=ceremony.silver, entry=first[0],
                              by=ceremony.users["secretariat"], reason="Jury vote: Silver.")

    html = client_of(ceremony, "secretariat").get(url(ceremony, "staff_decisions")).content \
        .decode()
    gold = html[html.index(f'id="award-{ceremony.gold.pk}"'):]
    gold = gold[:gold.index("</article>")]
    assert 'value="accept"' not in gold  # the ranking's Gold holds Silver now: a person decides
    response = accept(ceremony, "secretariat", ceremony.silver, follow=True)
    assert "1 entry is proposed for Silver" in response.content.decode()
    assert list(Decision.objects.filter(award=ceremony.silver).order_by("rank")
                .values_list("entry", flat=True)) == [first[0].pk, first[1].pk]


def test_accept_with_nothing_or_a_stale_list_is_refused(ceremony):
    response = post(ceremony, "secretariat", {"action": "accept", "award": ceremony.gold.pk})
    assert response.status_code == 400
    assert "Choose at least one entry to propose." in response.content.decode()
    fourth = top(ceremony)[3]
    response = post(ceremony, "secretariat", {"action": "accept", "award": ceremony.gold.pk,
                                              "entry": [fourth.reference]})
    assert response.status_code == 400
    assert "departs from the ranking" in response.content.decode()
    assert not Decision.objects.exists()


def test_propose_then_confirm_by_another_person(ceremony):
    gold = top(ceremony)[0]
    response = post(ceremony, "secretariat", {
        "action": "propose", "award": ceremony.gold.pk, "entry": gold.reference,
        "citation": "Bold and careful."}, follow=True)
    decision = Decision.objects.get(award=ceremony.gold)
    assert decision.entry == gold and decision.citation == "Bold and careful."
    assert f"{gold.reference} is proposed for Gold" in response.content.decode()

    response = post(ceremony, "coordinator", {"action": "confirm", "decision": decision.pk},
                    follow=True)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CONFIRMED
    assert decision.confirmed_by == ceremony.users["coordinator"]
    html = response.content.decode()
    assert f"{gold.reference} is confirmed for Gold" in html
    assert "Confirmed by" in html


def test_confirming_ones_own_proposal_is_refused_on_the_page(ceremony):
    decision = services.decision_propose(award=ceremony.gold, entry=top(ceremony)[0],
                                         by=ceremony.users["secretariat"])
    page = client_of(ceremony, "secretariat").get(url(ceremony, "staff_decisions"))
    assert "You proposed this: another person confirms it." in page.content.decode()
    assert f'disabled aria-describedby="confirm-why-{decision.pk}"' in page.content.decode()

    response = post(ceremony, "secretariat", {"action": "confirm", "decision": decision.pk})

    assert response.status_code == 400
    assert "You proposed this decision: another person confirms it." in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED


def test_a_departing_proposal_needs_the_reason_the_service_asks_for(ceremony):
    fourth = top(ceremony)[3]
    data = {"action": "propose", "award": ceremony.gold.pk, "entry": fourth.reference}

    response = post(ceremony, "secretariat", data)

    assert response.status_code == 400
    html = response.content.decode()
    assert f"This departs from the ranking ({fourth.reference} is ranked 4): give the " \
        "reason." in html
    assert f'<option value="{fourth.reference}" selected>' in html  # the choice is kept
    assert not Decision.objects.exists()

    post(ceremony, "secretariat", {**data, "reason": "The jury's vote."})
    decision = Decision.objects.get()
    assert decision.departs and decision.reason == "The jury's vote."
    html = client_of(ceremony, "coordinator").get(url(ceremony, "staff_decisions")).content \
        .decode()
    assert "departs from the ranking" in html
    assert "The jury&#x27;s vote." in html


def test_reopen_needs_a_reason(ceremony):
    decision = services.decision_propose(award=ceremony.gold, entry=top(ceremony)[0],
                                         by=ceremony.users["secretariat"])
    services.decision_confirm(decision=decision, by=ceremony.users["coordinator"])

    response = post(ceremony, "coordinator", {"action": "reopen", "decision": decision.pk,
                                              "reason": "  "})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why this confirmed decision is reopened." in html
    assert "<details class=\"confirm\" open>" in html
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CONFIRMED

    post(ceremony, "coordinator", {"action": "reopen", "decision": decision.pk,
                                   "reason": "Wrong citation."})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED and decision.confirmed_by is None
    assert AuditEvent.objects.get(action="decision.reopen").note == "Wrong citation."


def test_move_edit_and_remove(ceremony):
    second = top(ceremony)[1]
    decision = services.decision_propose(award=ceremony.silver, entry=second,
                                         by=ceremony.users["secretariat"], citation="Old.")

    post(ceremony, "secretariat", {"action": "edit", "decision": decision.pk,
                                   "citation": "New words.", "reason": ""})
    decision.refresh_from_db()
    assert decision.citation == "New words."

    response = post(ceremony, "secretariat", {"action": "move", "decision": decision.pk,
                                              "award": ceremony.gold.pk, "reason": ""})
    assert response.status_code == 400  # rank 2 in Gold departs: a reason is needed
    assert "give the reason" in response.content.decode()
    post(ceremony, "secretariat", {"action": "move", "decision": decision.pk,
                                   "award": ceremony.gold.pk, "reason": "Promoted by vote."})
    moved = Decision.objects.get(entry=second)
    assert moved.award == ceremony.gold and moved.citation == "New words." and moved.departs

    post(ceremony, "secretariat", {"action": "remove", "decision": moved.pk,
                                   "reason": "Changed our minds."})
    assert not Decision.objects.exists()
    assert AuditEvent.objects.filter(action="decision.remove").order_by("pk").last().note == \
        "Changed our minds."


def test_confirm_every_proposal_of_an_award_made_by_others(ceremony):
    accept(ceremony, "secretariat", ceremony.silver)
    mine = services.decision_propose(award=ceremony.gold, entry=top(ceremony)[0],
                                     by=ceremony.users["secretariat2"])

    post(ceremony, "secretariat2", {"action": "confirm_award", "award": ceremony.silver.pk})
    post(ceremony, "secretariat2", {"action": "confirm_award", "award": ceremony.gold.pk})

    assert set(Decision.objects.filter(award=ceremony.silver).values_list("status", flat=True)) \
        == {DecisionStatus.CONFIRMED}
    mine.refresh_from_db()
    assert mine.status == DecisionStatus.PROPOSED  # one's own stays for someone else


def test_a_special_mention_is_chosen_from_its_pool_with_its_partners(ceremony):
    gggi = OrganisationFactory(edition=ceremony.edition, name="GGGI")
    ceremony.mention.partners.add(gggi)
    other = ceremony.others[0]

    html = client_of(ceremony, "secretariat").get(url(ceremony, "staff_decisions")).content \
        .decode()
    assert "<strong>GGGI</strong>" in html
    assert "Its reference: any eligible entry of the edition may be chosen." in html

    post(ceremony, "secretariat", {"action": "propose", "award": ceremony.mention.pk,
                                   "entry": other.reference.lower()})
    decision = Decision.objects.get(award=ceremony.mention)
    assert decision.entry == other and not decision.departs


def test_a_tie_is_flagged_and_left_for_a_person(db):
    final = final_round(per_category=(4,), scores=[[9, 8, 8, 7]])
    category = final.categories[0]
    gold = Award.objects.create(edition=final.edition, name="Gold", category=category, order=1)
    Award.objects.create(edition=final.edition, name="Silver", category=category, order=2)
    final.users["anonymous"] = None
    a, b, c, _d = final.finalists[category.pk]

    html = client_of(final, "secretariat").get(url(final, "staff_decisions")).content.decode()

    assert (f"2 entries tie at rank 2 ({b.reference}, {c.reference}) for 1 seat of Silver and "
            f"no award: a person decides.") in html
    assert html.count("tied: a person decides") == 2
    accept(final, "secretariat", gold)
    assert list(Decision.objects.values_list("entry", flat=True)) == [a.pk]


def test_decisions_are_frozen_once_published(ceremony):
    from tests.ceremony.test_services import decide_all

    decide_all(ceremony)
    services.publication_schedule(edition=ceremony.edition, at=None,
                                  by=ceremony.users["secretariat"])
    html = client_of(ceremony, "secretariat").get(url(ceremony, "staff_decisions")).content \
        .decode()
    assert "The results are published, so the decisions are frozen." in html
    assert 'value="reopen"' not in html and 'value="propose"' not in html

    decision = Decision.objects.first()
    response = post(ceremony, "secretariat", {"action": "reopen", "decision": decision.pk,
                                              "reason": "Oops"})
    assert response.status_code == 400
    assert "The results are published. Unpublish them" in response.content.decode()


def test_an_unknown_action_is_a_400_not_a_500(ceremony):
    response = post(ceremony, "secretariat", {"action": "explode"})
    assert response.status_code == 400
    assert "Unknown action." in response.content.decode()


def test_every_page_of_an_edition_without_rounds_or_awards(db):
    from prize.enums import Role
    from tests.factories import CategoryFactory, EditionFactory, RoleFactory, UserFactory

    edition = EditionFactory()
    user = UserFactory(email="secretariat@example.org")
    RoleFactory(user=user, edition=edition, role=Role.SECRETARIAT)
    final = type("Bare", (), {"edition": edition, "users": {"secretariat": user}})()
    pages = ["staff_awards", "staff_decisions", "staff_publication", "staff_emails"]
    for name in pages:
        assert client_of(final, "secretariat").get(url(final, name)).status_code == 200
    html = client_of(final, "secretariat").get(url(final, "staff_decisions")).content.decode()
    assert "The edition has no awards yet." in html

    category = CategoryFactory(edition=edition)
    Award.objects.create(edition=edition, name="Gold", category=category)
    for name in pages:
        assert client_of(final, "secretariat").get(url(final, name)).status_code == 200
    html = client_of(final, "secretariat").get(url(final, "staff_decisions")).content.decode()
    assert "No entry of this category is ranked" in html
    assert "has 0 of its 1 winners" in client_of(final, "secretariat").get(
        url(final, "staff_publication")).content.decode()


def test_the_overview(ceremony):
    from tests.ceremony.test_services import propose_ranking

    propose_ranking(ceremony)
    html = client_of(ceremony, "coordinator").get(url(ceremony, "staff_home")).content.decode()
    assert "4 awards, 5 winners." in html
    assert "4 of 5 decided, 0 confirmed." in html
    assert "4 proposals made by others wait for a confirmation." in html
    assert "4 decisions are not confirmed by a second person." in html
    assert "Under embargo, not scheduled." in html
    assert "None asked for yet." in html
    html = client_of(ceremony, "secretariat").get(url(ceremony, "staff_home")).content.decode()
    assert "wait for a confirmation" not in html  # the secretariat proposed them all
