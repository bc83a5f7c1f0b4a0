"""The entrant's dashboard shows each entry's result and the judges' feedback per round, after
publication only: never private comments, judges' names or single reviews, and scores only
when the edition shows them. The dashboard (entries) gets it through its slot."""

import pytest
from django.urls import reverse

from ceremony import services
from ceremony.models import Publication
from entries.enums import EntryStatus
from tests.ceremony.test_services import decide_all
from tests.entries.conftest import BACKEND

pytestmark = pytest.mark.django_db


def dashboard(client, entry) -> str:
    client.force_login(entry.entrant.members.first().user, backend=BACKEND)
    response = client.get(reverse("entries:dashboard"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    return response.content.decode()


def publish(final):
    services.publication_schedule(edition=final.edition, at=None, by=final.users["secretariat"])


def test_nothing_of_the_result_before_publication(final, client):
    decide_all(final)
    gold = final.finalists[final.categories[0].pk][0]

    page = dashboard(client, gold)

    assert gold.title in page  # the entry itself is listed
    for word in ("Results", "Winner", "Gold", "Valued.", "Feedback for project", "Final jury"):
        assert word not in page, word


def test_a_winner_reads_the_award_citation_and_feedback_per_round(final, client):
    decide_all(final)
    publish(final)
    gold = final.finalists[final.categories[0].pk][0]

    page = dashboard(client, gold)

    assert '<h2 id="results-heading" class="h4">Results</h2>' in page
    assert ">Winner</span>" in page
    assert "Your entry won <strong>Gold</strong>." in page
    assert "Valued." in page
    assert "Final jury" in page  # the round of the feedback
    assert page.count("<li>Feedback for project 1</li>") == 2  # one per judge, no names
    winner_url = reverse("ceremony:winner", args=[final.edition.slug, gold.reference])
    assert f'href="{winner_url}"' in page
    assert "Private on" not in page
    for judge in final.judges:
        assert judge.email not in page and judge.name not in page
    assert "Scores" not in page and "out of 10" not in page


def test_scores_only_when_the_edition_shows_them(final, client):
    decide_all(final)
    publish(final)
    Publication.objects.filter(edition=final.edition).update(show_scores=True)
    gold = final.finalists[final.categories[0].pk][0]

    page = dashboard(client, gold)

    assert "Scores" in page
    assert "9.0 out of 10" in page  # both judges gave 9: the mean, not each judge's


@pytest.mark.parametrize(("which", "label", "text"), [
    ("finalist", ">Finalist</span>", "it reached the final round (Final jury)"),
    ("other", ">Not selected</span>", "Your entry was not selected"),
])
def test_finalists_and_others_read_their_result(final, client, which, label, text):
    decide_all(final)
    publish(final)
    entry = (final.finalists[final.categories[0].pk][3] if which == "finalist"
             else final.others[1])

    page = dashboard(client, entry)

    assert label in page and text in page
    assert "Gold" not in page


def test_drafts_and_withdrawn_entries_have_no_result(final, client):
    decide_all(final)
    publish(final)
    entry = final.others[1]
    type(entry).objects.filter(pk=entry.pk).update(status=EntryStatus.WITHDRAWN)

    page = dashboard(client, entry)

    assert "results-heading" not in page


def test_a_winner_downloads_the_certificate_from_the_dashboard(final, client):
    decide_all(final)
    gold = final.finalists[final.categories[0].pk][0]
    finalist = final.finalists[final.categories[0].pk][3]
    assert "Download your certificate" not in dashboard(client, gold)
    publish(final)

    page = dashboard(client, gold)
    url = reverse("ceremony:certificate_entry", args=[gold.pk])
    pdf = client.get(url)

    assert f'href="{url}"' in page and "Download your certificate" in page
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "Download your certificate" not in dashboard(client, finalist)
