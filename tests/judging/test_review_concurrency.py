"""One review, two tabs: the second save of the same version is refused (409) with what it typed
kept on the page, the stored scores stay the first tab's, and a double submit leaves one
submitted review with one audit event. On PostgreSQL, two threads saving at once agree too."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from judging.enums import ReviewStatus
from judging.models import Review
from prize.models import AuditEvent
from tests.conftest import need
from tests.judging.test_judge_views import HTMX, entry_url, score_data, stored_scores, text

STALE = "This review was changed in another window or tab."


@pytest.mark.django_db
def test_the_second_tab_gets_a_409_and_the_first_tabs_scores_stay(judging):
    first_tab, second_tab = judging.client("judge"), judging.client("judge")

    first = first_tab.post(entry_url("review_save", judging),
                           score_data(judging, ["8", "7", "6"], version=1), **HTMX)
    second = second_tab.post(entry_url("review_save", judging),
                             score_data(judging, ["2", "3", "4"], version=1), **HTMX)

    assert first.status_code == 200
    assert second.status_code == 409
    assert STALE in text(second)
    assert "Load the latest saved version" in text(second)
    assert "HX-Trigger" not in second  # the page keeps its version and what was typed
    assert stored_scores(judging.assignment()) == {"Innovation": 8, "Design": 7, "Impact": 6}
    assert Review.objects.get().version == 2


@pytest.mark.django_db
def test_without_javascript_the_second_tab_keeps_what_it_typed(judging):
    judging.client("judge").post(entry_url("review_save", judging),
                                 score_data(judging, ["8", "7", "6"], version=1))

    response = judging.client("judge").post(
        entry_url("review_save", judging),
        score_data(judging, ["2", "3", "4"], version=1, private_comment="From tab two"))

    assert response.status_code == 409
    html = response.content.decode()
    assert all(f'value="{v}"' in html for v in ("2", "3", "4"))
    assert "From tab two" in html
    assert 'name="version" value="1"' in html
    assert stored_scores(judging.assignment()) == {"Innovation": 8, "Design": 7, "Impact": 6}


@pytest.mark.django_db
def test_a_stale_submit_submits_nothing(judging):
    judging.client("judge").post(entry_url("review_save", judging),
                                 score_data(judging, ["8", "7", "6"], version=1))

    response = judging.client("judge").post(entry_url("review_submit", judging),
                                            score_data(judging, ["2", "3", "4"], version=1))

    assert response.status_code == 409
    review = Review.objects.get()
    assert review.status == ReviewStatus.DRAFT
    assert stored_scores(judging.assignment()) == {"Innovation": 8, "Design": 7, "Impact": 6}


@pytest.mark.django_db
def test_a_double_submit_leaves_one_submitted_review_and_one_audit_event(judging):
    client = judging.client("judge")
    data = score_data(judging, ["8", "7", "6"], version=1)

    first = client.post(entry_url("review_submit", judging), data, follow=True)
    second = client.post(entry_url("review_submit", judging), data, follow=True)

    review = Review.objects.get()
    assert review.status == ReviewStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="review.submit").count() == 1
    assert "is submitted" in text(first)
    assert "Your review of SCP00-TI-0001 was already submitted." in text(second)
    assert stored_scores(judging.assignment()) == {"Innovation": 8, "Design": 7, "Impact": 6}


@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_the_same_version_agree_on_postgresql(judging):
    need(settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
         "row locks need PostgreSQL (DATABASE_URL); SQLite serialises every write")
    clients = {"A": judging.client("judge"), "B": judging.client("judge")}
    values = {"A": ["8", "7", "6"], "B": ["2", "3", "4"]}
    barrier = threading.Barrier(2)
    statuses = {}

    def save(tab):
        try:
            barrier.wait(timeout=10)
            response = clients[tab].post(entry_url("review_save", judging),
                                         score_data(judging, values[tab], version=1), **HTMX)
            statuses[tab] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(tab,)) for tab in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses.values()) == [200, 409]
    (winner,) = [tab for tab, status in statuses.items() if status == 200]
    review = Review.objects.get()
    assert review.version == 2
    assert list(stored_scores(judging.assignment()).values()) == [int(v) for v in values[winner]]
