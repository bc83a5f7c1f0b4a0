"""Configuration that others depend on is never deleted with what depends on it: the staff page
and the admin refuse with the same sentence (what depends on it, what to do instead), and
nothing is deleted."""

import html
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from ceremony.enums import DecisionStatus
from ceremony.models import Award, Decision
from entries.models import Entry
from judging.enums import ReviewStatus, RoundStatus
from judging.models import Assignment, Criterion, PanelMembership, Review, Round, Score
from prize.deletion import refusal
from prize.models import Category, Edition, Organisation, User
from tests.ceremony.conftest import final  # noqa: F401 (the fixture, by name)
from tests.factories import CriterionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def review_with_score(judging, criterion, persona="judge", entry=None):
    review = Review.objects.create(assignment=judging.assignment(persona, entry),
                                   status=ReviewStatus.SUBMITTED)
    Score.objects.create(review=review, criterion=criterion, value=7)
    return review


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def delete_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])


def changelist_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def assert_admin_refuses(admin_client, obj, message):
    """The object's delete page and the list's "delete selected" action both refuse, with the
    message, and the object stays."""
    for response in (
        admin_client.get(delete_url(obj), follow=True),
        admin_client.post(delete_url(obj), {"post": "yes"}, follow=True),
        admin_client.post(changelist_url(type(obj)), {
            "action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes",
        }, follow=True),
    ):
        assert response.status_code == 200
        assert message in page_text(response)
        assert type(obj).objects.filter(pk=obj.pk).exists()


# --- Criteria --------------------------------------------------------------------------------


def test_criterion_with_scores_is_refused_on_the_staff_page_and_in_the_admin(judging,
                                                                             admin_client):
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.DRAFT)
    innovation = judging.criteria[0]
    review_with_score(judging, innovation)
    review_with_score(judging, innovation, "second_judge")
    message = ("“Innovation” cannot be deleted: it has 2 scores. Nothing was deleted. Keep the "
               "criterion and change its name or guidance instead; its scores stay with it.")
    assert refusal(innovation) == message

    response = judging.client("coordinator").post(
        reverse("judging:staff_criteria", args=[judging.round.pk]),
        {"action": "delete", "criterion": innovation.pk})
    assert response.status_code == 400
    assert message in page_text(response)
    assert Score.objects.filter(criterion=innovation).count() == 2

    assert_admin_refuses(admin_client, innovation, message)
    assert Score.objects.filter(criterion=innovation).count() == 2


def test_criterion_without_scores_is_still_deleted(judging, admin_client):
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.DRAFT)
    unused = CriterionFactory(round=judging.round, category=judging.season.category,
                              name="Feasibility")
    assert refusal(unused) == ""
    response = admin_client.post(delete_url(unused), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert not Criterion.objects.filter(pk=unused.pk).exists()


def test_round_admin_refuses_to_delete_a_criterion_with_scores_from_its_inline(judging,
                                                                               admin_client):
    innovation = judging.criteria[0]
    review_with_score(judging, innovation)
    page = admin_client.get(change_url(judging.round))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    # post the page back as it is, with the first criterion marked for deletion
    for inline in page.context["inline_admin_formsets"]:
        formset, prefix = inline.formset, inline.formset.prefix
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is None or value is False:
                    continue
                data[f"{prefix}-{index}-{name}"] = value
            if inline_form.instance.pk == innovation.pk:
                data[f"{prefix}-{index}-DELETE"] = "on"
    data.update(tie_break='["median"]', reminder_hours="[24]")
    for key in ("opens_at", "closes_at"):
        moment = getattr(judging.round, key)
        data[f"{key}_0"] = moment.strftime("%Y-%m-%d")
        data[f"{key}_1"] = moment.strftime("%H:%M:%S")
        data.pop(key, None)
    response = admin_client.post(change_url(judging.round), data)
    assert response.status_code == 200  # the page again, with the error
    assert refusal(innovation) in page_text(response)
    assert Criterion.objects.filter(pk=innovation.pk).exists()


# --- Rounds and panels -----------------------------------------------------------------------


def test_round_with_assignments_and_reviews_is_refused(judging, admin_client):
    review_with_score(judging, judging.criteria[0])
    message = refusal(judging.round)
    assert message.startswith(f"“{judging.round}” cannot be deleted: it has ")
    assert "8 judges' assignments" in message and "1 review" in message
    assert "1 score" in message and "4 entries taken into a round" in message
    assert message.endswith("Nothing was deleted. Keep the round: change its dates or "
                            "settings, or close it, instead of deleting it.")
    assert_admin_refuses(admin_client, judging.round, message)
    assert Review.objects.count() == 1


def test_panel_membership_with_reviews_is_refused(judging, admin_client):
    review_with_score(judging, judging.criteria[0])
    membership = PanelMembership.objects.get(round=judging.round, judge=judging.users["judge"])
    message = refusal(membership)
    assert "it has 3 judges' assignments and 1 review." in message
    assert message.endswith("Keep the judge on the panel: remove or reassign their assignments "
                            "on the round's assignments page first.")
    assert_admin_refuses(admin_client, membership, message)
    idle = PanelMembership.objects.get(round=judging.round,
                                       judge=judging.users["unassigned_judge"])
    assert refusal(idle) == ""


def test_assignment_with_a_review_and_a_judge_with_work_are_refused(judging, admin_client):
    review = review_with_score(judging, judging.criteria[0])
    assignment = review.assignment
    assert_admin_refuses(admin_client, assignment, refusal(assignment))
    judge = judging.users["judge"]
    message = refusal(judge)
    assert "1 review" in message
    assert message.endswith("Make the account inactive instead (untick “active”): the person "
                            "can no longer log in and their work stays.")
    assert_admin_refuses(admin_client, judge, message)
    assert User.objects.filter(pk=judge.pk).exists()


# --- Entries, categories, forms, organisations -----------------------------------------------


def test_category_and_edition_with_entries_are_refused_in_the_admin(season, admin_client):
    category = season.category
    entries = Entry.objects.filter(category=category).count()
    message = refusal(category)
    assert f"it has {entries} {'entry' if entries == 1 else 'entries'}" in message
    assert message.endswith("Keep the category (rename it, or change who may enter it) instead "
                            "of deleting it.")
    assert_admin_refuses(admin_client, category, message)
    edition = season.edition
    assert refusal(edition).endswith("Keep the edition and archive it instead: its history "
                                     "stays on the site.")
    assert_admin_refuses(admin_client, edition, refusal(edition))
    assert Category.objects.filter(pk=category.pk).exists()


def test_organisation_named_on_an_award_is_refused_with_its_links(season,
                                                                           admin_client):
    organisation = OrganisationFactory(edition=season.edition, name="Seoul Institute")
    award = Award.objects.create(edition=season.edition, name="Partners' Choice",
                                 kind="special_mention", pool="eligible")
    award.partners.add(organisation)
    assert refusal(organisation) == (
        "“Seoul Institute” cannot be deleted: it has 1 award. Nothing was deleted. Take it off "
        "those awards first, or keep it and change its name or role instead.")
    OrganisationFactory(edition=season.edition, name="Free Partner")
    free = Organisation.objects.get(name="Free Partner")
    assert refusal(free) == ""


# --- Awards ----------------------------------------------------------------------------------


def test_award_with_decisions_is_refused_in_the_admin(final, admin_client):  # noqa: F811
    entry = final.finalists[final.categories[0].pk][0]
    Decision.objects.create(award=final.gold, entry=entry, status=DecisionStatus.PROPOSED,
                            proposed_by=final.judges[0])
    message = refusal(final.gold)
    assert message == (
        "“Gold (Gold)” cannot be deleted: it has 1 winner decision. Nothing was deleted. "
        "Remove its decisions on the winners page first (each with its reason), and take it "
        "off the "
        "programme; or keep the award and change it instead.")
    assert_admin_refuses(admin_client, final.gold, message)
    assert Decision.objects.filter(award=final.gold).count() == 1
    # with an unused award among the selection, nothing at all is deleted
    response = admin_client.post(changelist_url(Award), {
        "action": "delete_selected", ACTION_CHECKBOX_NAME: [final.gold.pk, final.silver.pk],
        "post": "yes"}, follow=True)
    assert message in page_text(response)
    assert Award.objects.filter(pk=final.silver.pk).exists()


def test_unused_award_is_deleted_in_the_admin(final, admin_client):  # noqa: F811
    response = admin_client.post(delete_url(final.silver), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert not Award.objects.filter(pk=final.silver.pk).exists()
    assert Edition.objects.filter(pk=final.edition.pk).exists()
    assert Assignment.objects.exists()


def test_checking_a_selection_takes_the_same_queries_for_1_or_20_unused_rows(judging, rf):
    from django.contrib.admin.sites import site
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    model_admin = site._registry[Criterion]
    request = rf.post("/")

    def queries(n):
        Criterion.objects.filter(name__startswith="Spare").delete()
        spare = [CriterionFactory(round=judging.round, category=judging.season.category,
                                  name=f"Spare {i}") for i in range(n)]
        with CaptureQueriesContext(connection) as captured:
            assert model_admin._refuse(request, Criterion.objects.filter(pk__in=[
                c.pk for c in spare])) is False
        return len(captured)

    assert queries(2) == queries(20)
