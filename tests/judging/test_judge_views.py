"""The judge's pages through the client: the dashboard, the scoring page (blind and not), the
autosave and the plain-form save, submit / reopen / abstain / recuse, conflicts and profile."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from entries.models import Attachment
from entries.samples import sample_pdf
from judging.enums import ConflictScope, ReviewStatus, RoundStatus
from judging.models import (
    Assignment,
    ConflictDeclaration,
    JudgeProfile,
    PanelMembership,
    Recusal,
    Review,
    Score,
)
from judging.selectors import judge_assignments
from prize.models import AuditEvent
from tests.entries.conftest import BACKEND
from tests.factories import TEST_FORM_SCHEMA, PanelMembershipFactory, RoundFactory
from tests.judging.conftest import make_judge

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def entry_url(name, judging, entry=None, **extra):
    entry = entry or judging.entry
    return reverse(f"judging:{name}", kwargs={"round_id": judging.round.pk,
                                               "entry_id": entry.pk, **extra})


def score_data(judging, values, *, version=1, **more):
    data = {f"score-{c.pk}": v for c, v in zip(judging.criteria, values, strict=False)}
    return {**data, "version": version, **more}


def stored_scores(assignment) -> dict[str, int]:
    return {s.criterion.name: int(s.value)
            for s in Score.objects.filter(review__assignment=assignment).select_related(
                "criterion")}


def text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def references(page: str) -> list[str]:
    """Entry references in the order they first appear."""
    return list(dict.fromkeys(re.findall(r"SCP00-TI-\d{4}", page)))


def attach(entry, name, content=b"%PDF-1.4 test file", content_type="application/pdf"):
    return Attachment.objects.create(
        entry=entry, file=ContentFile(content, name="stored.pdf"), original_name=name,
        content_type=content_type, size=len(content), sha256="0" * 64)


def make_blind(judging, *, identifying_fields=("summary",), identifying_step=None):
    """A blind round whose form marks ``summary`` (and, optionally, a whole step) as naming
    the entrant."""
    steps = []
    for step in TEST_FORM_SCHEMA["steps"]:
        step = dict(step)
        if "fields" in step:
            step["fields"] = [{**f, "identifying": True} if f["key"] in identifying_fields
                              else f for f in step["fields"]]
        if step["key"] == identifying_step:
            step["identifying"] = True
        steps.append(step)
    form = judging.entry.form
    form.schema = {**TEST_FORM_SCHEMA, "steps": steps}
    form.save()
    judging.round.blind = True
    judging.round.save()


# --- Dashboard ---------------------------------------------------------------------------------


def test_the_dashboard_lists_the_judges_entries_in_their_own_order(judging):
    judge = judging.users["judge"]
    response = judging.client("judge").get(reverse("judging:dashboard"))

    assert response.status_code == 200
    order = [a.entry.reference for a in judge_assignments(judge, judging.round)]
    page = text(response)
    assert references(page) == order
    assert "Online screening" in page
    assert "0 of 3 scored" in page
    assert 'aria-valuenow="0"' in response.content.decode()
    assert 'aria-valuemax="3"' in response.content.decode()
    assert page.count("Not started") >= 3
    assert "SCP00-TI-0004" not in page  # assigned to others only


def test_the_progress_counts_submitted_and_abstained_reviews(judging):
    first, second, _third = judge_assignments(judging.users["judge"], judging.round)
    Review.objects.create(assignment=first, status=ReviewStatus.SUBMITTED)
    Review.objects.create(assignment=second, status=ReviewStatus.ABSTAINED,
                          abstain_reason="Outside my field.")

    response = judging.client("judge").get(reverse("judging:dashboard"))

    assert "2 of 3 scored" in text(response)
    assert 'aria-valuenow="2"' in response.content.decode()


def test_the_deadline_shows_in_the_editions_and_the_judges_time_zone(judging):
    judge = judging.users["judge"]
    judge.time_zone = "Europe/Berlin"
    judge.save()
    closes = timezone.now().replace(microsecond=0) + timedelta(days=3)
    judging.round.closes_at = closes
    judging.round.save()

    page = text(judging.client("judge").get(reverse("judging:dashboard")))

    seoul = timezone.localtime(closes, timezone.get_fixed_timezone(9 * 60))
    assert f"{seoul:%H:%M} (Asia/Seoul)" in page
    assert "(Europe/Berlin)" in page


def test_the_filters_keep_the_judges_order(judging):
    judge = judging.users["judge"]
    order = judge_assignments(judge, judging.round)
    Review.objects.create(assignment=order[1], status=ReviewStatus.SUBMITTED)
    client = judging.client("judge")

    submitted = text(client.get(reverse("judging:dashboard"), {"status": "submitted"}))
    waiting = text(client.get(reverse("judging:dashboard"), {"status": "not_started"}))
    by_category = text(client.get(reverse("judging:dashboard"),
                                  {"category": judging.season.category.pk}))

    refs = [a.entry.reference for a in order]
    assert references(submitted) == [refs[1]]
    assert references(waiting) == [refs[0], refs[2]]
    assert references(by_category) == refs
    assert "2 of 3" not in submitted and "1 of 3 scored" in submitted  # progress unfiltered


def test_an_unknown_filter_value_shows_everything(judging):
    response = judging.client("judge").get(reverse("judging:dashboard"),
                                           {"status": "nonsense", "category": "x"})
    assert response.status_code == 200
    assert len(references(text(response))) == 3


def accept_all(judging):
    PanelMembership.objects.filter(round=judging.round).update(accepted_at=timezone.now())


def test_a_pending_invitation_links_to_its_page(judging):
    accept_all(judging)
    later = RoundFactory(edition=judging.season.edition, number=2, name="Expert panel")
    membership = PanelMembershipFactory(round=later, category=judging.season.category,
                                        judge=judging.users["judge"])

    response = judging.client("judge").get(reverse("judging:dashboard"))

    assert "An invitation waits for your answer" in text(response)
    assert reverse("judging:invitation", args=[membership.token]) in response.content.decode()


def test_a_panel_without_assignments_says_the_entries_will_come(judging):
    accept_all(judging)

    page = text(judging.client("unassigned_judge").get(reverse("judging:dashboard")))

    assert "Tech-InnovaCity panel, Online screening, Smart City Prize" in page
    assert "the entries appear here once they are assigned to you." in page
    assert "scored" not in page


def test_a_judge_on_no_panel_sees_an_empty_state(judging, client):
    judge = make_judge(judging.season.edition, "new_judge@example.org")
    client.force_login(judge, backend=BACKEND)

    page = text(client.get(reverse("judging:dashboard")))

    assert "Nothing to judge yet. When the secretariat assigns entries to you" in page


def test_a_closed_round_is_listed_after_the_open_one_and_read_only(judging):
    closed = RoundFactory(edition=judging.season.edition, number=2, name="Expert panel",
                          status=RoundStatus.CLOSED)
    Assignment.objects.create(round=closed, entry=judging.entries[1],
                              judge=judging.users["judge"])

    page = text(judging.client("judge").get(reverse("judging:dashboard")))

    assert page.index("Online screening") < page.index("Expert panel")
    assert "This round takes no more scores" in page


# --- Scoring page ------------------------------------------------------------------------------


def test_the_scoring_page_shows_the_entry_and_the_criteria(judging):
    response = judging.client("judge").get(entry_url("review", judging))

    assert response.status_code == 200
    page = text(response)
    html = response.content.decode()
    assert "SCP00-TI-0001" in page and "Smart crossings for Seoul" in page
    assert "Entered by: City of Seoul · Seoul, South Korea" in page
    assert "Sensors make crossings safer for older people." in page
    assert [c.name for c in judging.criteria] == re.findall(
        r'for="score-\d+">\d\. (\w+)', html)
    assert "A whole number from 1 to 10 · weight 2" in page
    for criterion in judging.criteria:
        assert re.search(
            r'<input type="number" inputmode="numeric" min="1" max="10" step="1"\s+'
            rf'class="form-control judge-score" id="score-{criterion.pk}" '
            rf'name="score-{criterion.pk}" value=""\s+'
            rf'data-weight="{criterion.weight:.2f}" data-min="1" data-max="10" data-required\s+'
            rf'aria-describedby="criterion-{criterion.pk}-help criterion-{criterion.pk}-errors"',
            html)
    assert 'name="version" value="1"' in html
    assert "Submit the review" in page and "Save and next" in page


def test_the_page_never_names_other_judges_or_their_scores(judging):
    other = judging.assignment("second_judge")
    review = Review.objects.create(assignment=other, private_comment="Second opinion here",
                                   feedback="Very strong")
    Score.objects.create(review=review, criterion=judging.criteria[0], value=9)

    page = text(judging.client("judge").get(entry_url("review", judging)))

    assert "Second Judge" not in page and "second_judge@example.org" not in page
    assert "Second opinion here" not in page and "Very strong" not in page
    assert "judges per entry" not in page.lower()
    assert 'value="9"' not in page


def test_a_blind_round_hides_who_entered(judging):
    make_blind(judging, identifying_step="budget")
    attach(judging.entry, "Seoul city budget 2023.pdf")
    attach(judging.entry, "Photos from Seoul.pdf")

    response = judging.client("judge").get(entry_url("review", judging))

    page = text(response)
    assert response.status_code == 200
    assert "City of Seoul" not in page
    assert "Entered by" not in page
    assert "Sensors make crossings safer" not in page  # identifying field
    assert "Budget" not in page and "250000" not in page  # identifying step
    assert "Seoul city budget 2023.pdf" not in page and "Photos from Seoul" not in page
    assert "Attachment 1 (PDF, 18 bytes)" in page
    assert "Attachment 2 (PDF, 18 bytes)" in page
    assert "Mobility" in page  # the rest is there


def test_a_blind_rounds_download_has_a_neutral_name(judging):
    make_blind(judging)
    attach(judging.entry, "Seoul city budget 2023.pdf")
    second = attach(judging.entry, "Photos from Seoul.pdf",
                    content=sample_pdf("Photos from Seoul", "Crossings at night."))

    response = judging.client("judge").get(
        entry_url("review_attachment", judging, pk=second.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="attachment-2.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert b"Crossings at night." in response.content  # the page is kept
    assert b"/Title" not in response.content  # its document information is not
    assert b"Smart City Prize" not in response.content  # (the producer)
    assert response["Cache-Control"] == "private, no-store"


def test_outside_a_blind_round_files_keep_their_names(judging):
    attachment = attach(judging.entry, "Seoul city budget 2023.pdf")

    page = text(judging.client("judge").get(entry_url("review", judging)))
    response = judging.client("judge").get(
        entry_url("review_attachment", judging, pk=attachment.pk))

    assert "Seoul city budget 2023.pdf" in page
    assert response["Content-Disposition"] == \
        'attachment; filename="Seoul city budget 2023.pdf"'


def test_a_file_of_another_entry_is_not_served_here(judging):
    theirs = attach(judging.entries[3], "Quito.pdf")
    response = judging.client("judge").get(entry_url("review_attachment", judging, pk=theirs.pk))
    assert response.status_code == 404


# --- Autosave and save -------------------------------------------------------------------------


def test_the_autosave_stores_scores_and_answers_with_the_new_version(judging):
    assignment = judging.assignment()

    response = judging.client("judge").post(
        entry_url("review_save", judging),
        score_data(judging, ["8", "", "6"], private_comment="Solid.", feedback=""), **HTMX)

    assert response.status_code == 200
    assert "Saved at" in text(response)
    assert 'id="review-version" hx-swap-oob="true"' in response.content.decode()
    assert json.loads(response["HX-Trigger"]) == {"reviewSaved": {"version": 2, "errors": {}}}
    assert stored_scores(assignment) == {"Innovation": 8, "Impact": 6}
    assert Review.objects.get(assignment=assignment).private_comment == "Solid."


def test_a_score_outside_the_scale_is_not_stored_and_is_named(judging):
    assignment = judging.assignment()
    innovation, design, _impact = judging.criteria

    response = judging.client("judge").post(
        entry_url("review_save", judging), score_data(judging, ["11", "4"]), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="criterion-{innovation.pk}-errors"' in html
    assert "Enter a whole number from 1 to 10." in html
    assert "except 1 score that needs correcting" in text(response)
    assert json.loads(response["HX-Trigger"])["reviewSaved"]["errors"] == {
        str(innovation.pk): "Enter a whole number from 1 to 10."}
    assert stored_scores(assignment) == {"Design": 4}


def test_without_javascript_a_save_redirects_back_with_a_message(judging):
    client = judging.client("judge")
    response = client.post(entry_url("review_save", judging),
                           score_data(judging, ["7", "7", "7"], action="save"), follow=True)

    assert response.redirect_chain[-1][0] == entry_url("review", judging)
    assert "Saved at" in text(response)
    assert 'value="7"' in response.content.decode()


def test_without_javascript_a_refused_value_is_kept_in_the_form(judging):
    response = judging.client("judge").post(
        entry_url("review_save", judging), score_data(judging, ["abc", "5", ""]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="abc"' in html and 'aria-invalid="true"' in html
    assert "Saved, except the scores marked below" in text(response)
    assert stored_scores(judging.assignment()) == {"Design": 5}


def test_save_and_next_goes_to_the_next_unfinished_entry_in_the_judges_order(judging):
    judge = judging.users["judge"]
    first, second, third = judge_assignments(judge, judging.round)
    Review.objects.create(assignment=second, status=ReviewStatus.SUBMITTED)

    response = judging.client("judge").post(
        entry_url("review_save", judging, first.entry),
        score_data(judging, ["5"], action="next"))

    assert response.status_code == 302
    assert response["Location"] == entry_url("review", judging, third.entry)


def test_save_and_next_from_the_last_unfinished_entry_goes_to_the_dashboard(judging):
    judge = judging.users["judge"]
    first, second, third = judge_assignments(judge, judging.round)
    for assignment in (second, third):
        Review.objects.create(assignment=assignment, status=ReviewStatus.SUBMITTED)

    response = judging.client("judge").post(
        entry_url("review_save", judging, first.entry),
        score_data(judging, ["5"], action="next"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("judging:dashboard")
    assert "No other entry of Online screening is waiting for your score." in text(response)


# --- Submit, reopen, abstain, recuse ----------------------------------------------------------


def test_submit_saves_what_was_typed_and_locks_the_review(judging):
    assignment = judging.assignment()
    client = judging.client("judge")

    response = client.post(entry_url("review_submit", judging),
                           score_data(judging, ["8", "6", "7"]), follow=True)

    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.SUBMITTED
    assert stored_scores(assignment) == {"Innovation": 8, "Design": 6, "Impact": 7}
    page = text(response)
    assert "Your review of SCP00-TI-0001 is submitted." in page
    assert "8 out of 10" in page
    assert "Reopen" in page
    assert 'id="review-form"' not in response.content.decode()


def test_submit_with_a_missing_score_says_which_and_keeps_the_values(judging):
    response = judging.client("judge").post(entry_url("review_submit", judging),
                                            score_data(judging, ["8", "", "7"]))

    assert response.status_code == 400
    assert "Score every required criterion first: Design." in text(response)
    assert 'value="8"' in response.content.decode()
    assert Review.objects.get(assignment=judging.assignment()).status == ReviewStatus.DRAFT


def test_the_scoring_page_shows_the_weighted_total_as_the_results_count_it(judging):
    """Weights 2, 1 and 1 on scales of 1 to 10: 8, 6 and 7 make (2×7/9 + 5/9 + 6/9) / 4 of
    100 = 69.4; until every required criterion is scored there is no total yet."""
    client = judging.client("judge")
    url = entry_url("review", judging)

    empty = text(client.get(url))
    client.post(entry_url("review_save", judging), score_data(judging, ["8", "6", "7"]))
    scored = text(client.get(url))

    assert "Weighted total: shown once every required criterion is scored" in empty
    assert "Weighted total: 69.4 / 100" in scored


def test_an_incomplete_submission_stays_on_the_scoring_page_with_the_gaps_marked(judging):
    """The submit button posts to the scoring page itself: a refusal is that page again (not
    an error page under /submit/), with each missing score marked and the first one focused."""
    url = entry_url("review", judging)
    page = judging.client("judge").get(url).content.decode()
    assert f'name="action" value="submit" class="btn btn-primary" formaction="{url}"' in page

    response = judging.client("judge").post(url, score_data(judging, ["", "6", ""],
                                                             action="submit"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Not submitted: Score every required criterion first: Innovation, Impact." in text(
        response)
    marked = re.findall(r'<input[^>]*id="score-(\d+)"[^>]*aria-invalid="true"', html)
    assert marked == [str(judging.criteria[0].pk), str(judging.criteria[2].pk)]
    focused = re.findall(r'<input[^>]*id="score-(\d+)"[^>]*autofocus', html)
    assert focused == [str(judging.criteria[0].pk)]
    assert 'value="6"' in html  # what was typed is kept
    assert Review.objects.get(assignment=judging.assignment()).status == ReviewStatus.DRAFT


def test_reopen_unlocks_a_submitted_review(judging):
    client = judging.client("judge")
    client.post(entry_url("review_submit", judging), score_data(judging, ["8", "6", "7"]))

    response = client.post(entry_url("review_reopen", judging), follow=True)

    assert Review.objects.get(assignment=judging.assignment()).status == ReviewStatus.DRAFT
    assert "is open again" in text(response)
    assert 'id="review-form"' in response.content.decode()


def test_abstaining_needs_a_reason(judging):
    client = judging.client("judge")

    refused = client.post(entry_url("review_abstain", judging), {"abstain-reason": " "})
    accepted = client.post(entry_url("review_abstain", judging),
                           {"abstain-reason": "Outside my expertise."}, follow=True)

    assert refused.status_code == 400
    assert "This field is required." in text(refused)
    review = Review.objects.get(assignment=judging.assignment())
    assert (review.status, review.abstain_reason) == (ReviewStatus.ABSTAINED,
                                                      "Outside my expertise.")
    assert "You abstained from SCP00-TI-0001." in text(accepted)
    assert "You abstained from this entry: Outside my expertise." in text(accepted)


def test_recusing_removes_the_entry_and_says_a_replacement_was_found(judging):
    response = judging.client("judge").post(
        entry_url("review_recuse", judging), {"recuse-reason": "I advised this city."},
        follow=True)

    assert response.redirect_chain[-1][0] == reverse("judging:dashboard")
    page = text(response)
    assert "You no longer judge SCP00-TI-0001. Another judge of the panel takes it over." \
        in page
    assert "Unassigned Judge" not in page
    assert not Assignment.objects.filter(round=judging.round, entry=judging.entry,
                                         judge=judging.users["judge"]).exists()
    assert Recusal.objects.get().reason == "I advised this city."
    assert "1 of 2" not in page and "0 of 2 scored" in page


def test_recusing_when_nobody_is_free_says_so(judging):
    Assignment.objects.filter(judge=judging.users["unassigned_judge"]).delete()
    judging.users["unassigned_judge"].panels.all().delete()

    response = judging.client("judge").post(
        entry_url("review_recuse", judging), {"recuse-reason": "I advised this city."},
        follow=True)

    assert "No other judge of the panel was free, so the secretariat will find one." in \
        text(response)


def test_recusing_without_a_reason_is_refused(judging):
    response = judging.client("judge").post(entry_url("review_recuse", judging),
                                            {"recuse-reason": ""})
    assert response.status_code == 400
    assert Assignment.objects.filter(judge=judging.users["judge"]).count() == 3


def test_after_the_round_closes_the_page_is_read_only(judging):
    review = Review.objects.create(assignment=judging.assignment())
    Score.objects.create(review=review, criterion=judging.criteria[0], value=6)
    judging.round.status = RoundStatus.CLOSED
    judging.round.save()

    response = judging.client("judge").get(entry_url("review", judging))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The round is closed: this review can no longer change." in text(response)
    assert "6 out of 10" in text(response)
    assert "<button" not in html.split('id="review-heading"')[1].split("</section>")[0]


# --- Conflicts and profile ---------------------------------------------------------------------


def test_declaring_an_organisation_conflict_releases_its_assignment(judging):
    client = judging.client("judge")
    lyon = judging.entries[1]
    page = client.get(reverse("judging:conflicts"))
    assert f'<option value="{lyon.entrant.pk}">City of Lyon</option>' in page.content.decode()

    response = client.post(reverse("judging:conflicts"), {
        "edition": judging.season.edition.pk, "scope": ConflictScope.ORGANISATION,
        "entrant": lyon.entrant.pk, "reason": "I work for the City of Lyon.",
    }, follow=True)

    page = text(response)
    assert "Your conflict of interest is recorded." in page
    assert "1 entry it covers was taken off your list." in page
    assert "The organisation City of Lyon" in page
    assert not Assignment.objects.filter(judge=judging.users["judge"], entry=lyon).exists()
    declaration = ConflictDeclaration.objects.get(judge=judging.users["judge"])
    assert (declaration.scope, declaration.entrant) == (ConflictScope.ORGANISATION, lyon.entrant)


def test_a_conflict_needs_its_target_and_a_reason(judging):
    response = judging.client("judge").post(reverse("judging:conflicts"), {
        "edition": judging.season.edition.pk, "scope": ConflictScope.CITY, "reason": "",
    })

    assert response.status_code == 400
    page = text(response)
    assert "Name the city." in page and "This field is required." in page
    assert not ConflictDeclaration.objects.filter(judge=judging.users["judge"]).exists()


def test_a_city_conflict_with_no_assigned_entry_says_nothing_changed(judging):
    response = judging.client("judge").post(reverse("judging:conflicts"), {
        "edition": judging.season.edition.pk, "scope": ConflictScope.CITY,
        "city": "Lisbon", "reason": "My home town.",
    }, follow=True)

    assert "None of the entries assigned to you is affected." in text(response)
    assert "The city of Lisbon" in text(response)


def test_in_a_blind_round_the_entry_choices_are_references_only(judging):
    judging.round.blind = True
    judging.round.save()

    html = judging.client("judge").get(reverse("judging:conflicts")).content.decode()

    assert f'<option value="{judging.entry.pk}">SCP00-TI-0001</option>' in html
    assert "Smart crossings" not in html


def test_the_profile_keeps_expertise_as_a_list(judging):
    client = judging.client("judge")
    response = client.post(reverse("judging:profile"), {
        "expertise": "Energy, Disaster management\nenergy\n Urban  development ",
        "organisation": "Urban Institute", "city": "Berlin", "country": "DE",
        "bio": "Engineer.",
    }, follow=True)

    profile = JudgeProfile.objects.get(user=judging.users["judge"])
    assert profile.expertise == ["Energy", "Disaster management", "Urban development"]
    assert "Your judge profile is saved." in text(response)
    assert "Energy\nDisaster management\nUrban development" in response.content.decode()


def test_a_profile_change_that_creates_a_conflict_releases_the_entry(judging):
    response = judging.client("judge").post(reverse("judging:profile"), {
        "expertise": "Energy", "organisation": "Urban Institute", "city": "Nairobi",
        "country": "KE", "bio": "",
    }, follow=True)

    assert "1 entry was taken off your list: it conflicts with your new details." in \
        text(response)
    assert not Assignment.objects.filter(judge=judging.users["judge"],
                                         entry=judging.entries[2]).exists()
    assert AuditEvent.objects.filter(action="judge.profile").count() == 1


def test_a_blind_round_hides_a_title_the_form_marks_as_identifying(judging):
    make_blind(judging, identifying_fields=("title",))
    client = judging.client("judge")

    dashboard = text(client.get(reverse("judging:dashboard")))
    review = text(client.get(entry_url("review", judging)))

    assert "Smart crossings for Seoul" not in dashboard
    assert "SCP00-TI-0001" in dashboard
    assert "Smart crossings for Seoul" not in review


# --- Navigation --------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "shown"), [
    ("judge", True), ("unassigned_judge", True), ("entrant", False), ("coordinator", False),
])
def test_the_judging_link_is_in_the_menu_of_judges_only(judging, persona, shown):
    html = judging.client(persona).get(reverse("dashboard")).content.decode()
    assert (f'href="{reverse("judging:dashboard")}"' in html) is shown


def test_the_dashboard_card_of_a_judge_leads_to_the_judging_page(judging):
    page = judging.client("judge").get(reverse("dashboard"))
    assert "Go to your judging" in text(page)
    assert "Your judging panels will appear here." not in text(page)
