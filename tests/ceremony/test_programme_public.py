"""The ceremony's public side: its page (date and time, venue, address, map link, description,
the programme's outline and the people on stage) is public before the day once the edition is;
it never shows a winner, before or after publication, beyond the awards' names, nor anything
staff only (the MC's notes, pronunciation hints). Presenters' photos are served re-encoded,
without metadata. The edition's home links to the page."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from ceremony import services
from ceremony.models import Decision, Presenter
from prize.enums import EditionStatus
from prize.models import Edition
from tests.ceremony.programme_support import (  # noqa: F401 (fixtures, by name)
    ceremony_fixture,
    evening_fixture,
    upload,
)
from tests.ceremony.staff_support import client_of
from tests.ceremony.test_services import decide_all

pytestmark = pytest.mark.django_db


def page_url(final) -> str:
    return reverse("ceremony:ceremony", args=[final.edition.slug])


def photo_url(final, presenter) -> str:
    return reverse("ceremony:presenter_photo", args=[final.edition.slug, presenter.pk])


def text(response) -> str:
    return response.content.decode()


def winners_traces(final) -> list[str]:
    """What would give a winner away: entries' references, titles and entrants, citations."""
    out = []
    for decision in Decision.objects.filter(award__edition=final.edition).select_related(
            "entry__entrant"):
        entry = decision.entry
        out += [entry.reference, entry.title, entry.entrant.name]
        if decision.citation:
            out.append(decision.citation)
    return [t for t in out if t]


def test_anyone_reads_the_evening_before_the_day(evening):
    response = client_of(evening, "anonymous").get(page_url(evening))
    html = text(response)
    assert response.status_code == 200
    assert f"{evening.day:%A} 25 September {evening.day.year}, 15:00" in html
    for shown in ("Dongdaemun Design Plaza (DDP), Seoul", "281 Eulji-ro, Jung-gu, Seoul",
                  'href="https://www.openstreetmap.org/search?query=Dongdaemun%20Design',
                  "An evening at DDP.",
                  "Times in Asia/Seoul.",
                  "15:00", "15:10", "15:25", "Welcome", "Keynote", "Category 0 awards",
                  "Award presentation", "Gold, Silver", "Doors close.",
                  "Secretary General of WeGO", "President of Le Temps", "Hosts the evening."):
        assert shown in html, shown
    order = [html.index(t) for t in ("Welcome", "Keynote", "Category 0 awards")]
    assert order == sorted(order)


def test_nothing_staff_only_is_public(evening):
    html = text(client_of(evening, "anonymous").get(page_url(evening)))
    assert "MC SECRET NOTE" not in html
    assert "WEE-go" not in html  # the MC's pronunciation hint
    assert "Leadership" not in html  # an award no item presents is not announced either


@pytest.mark.parametrize("published", [False, True])
def test_no_winner_before_or_after_publication(evening, published):
    decide_all(evening)
    if published:
        services.publication_schedule(edition=evening.edition, at=None,
                                      by=evening.users["secretariat"])
    traces = winners_traces(evening)
    assert len(traces) > 10
    for persona in ("anonymous", "entrant", "secretariat"):
        html = text(client_of(evening, persona).get(page_url(evening)))
        assert "Gold, Silver" in html
        found = [t for t in traces if t in html]
        assert found == [], (persona, found)
    anonymous = text(client_of(evening, "anonymous").get(page_url(evening)))
    winners = reverse("ceremony:winners", args=[evening.edition.slug])
    assert (winners in anonymous) is published


def test_a_draft_editions_ceremony_is_not_public(evening):
    Edition.objects.filter(pk=evening.edition.pk).update(status=EditionStatus.DRAFT)
    for persona in ("anonymous", "entrant", "judge", "other_secretariat"):
        response = client_of(evening, persona).get(page_url(evening))
        assert response.status_code == 404
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert client_of(evening, "anonymous").get(photo_url(evening, evening.host)).status_code \
        == 404
    preview = client_of(evening, "coordinator").get(page_url(evening))
    assert preview.status_code == 200
    assert "Preview: this edition is in preparation." in text(preview)
    assert '<meta name="robots" content="noindex, nofollow">' in text(preview)
    assert "public" not in preview["Cache-Control"]
    home = client_of(evening, "secretariat").get(
        reverse("edition_home", args=[evening.edition.slug]))
    assert page_url(evening) not in text(home)


def test_without_a_date_there_is_no_page(ceremony):  # noqa: F811
    Edition.objects.filter(pk=ceremony.edition.pk).update(ceremony_at=None)
    assert client_of(ceremony, "anonymous").get(page_url(ceremony)).status_code == 404
    assert client_of(ceremony, "secretariat").get(page_url(ceremony)).status_code == 404


def test_an_unknown_edition_is_404(evening):
    response = client_of(evening, "anonymous").get(reverse("ceremony:ceremony",
                                                           args=["no-such-edition"]))
    assert response.status_code == 404


def test_one_copy_for_every_anonymous_visitor(evening):
    response = client_of(evening, "anonymous").get(page_url(evening))
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in text(response)
    signed_in = client_of(evening, "entrant").get(page_url(evening))
    assert "public" not in signed_in["Cache-Control"]


def test_the_editions_home_links_to_the_ceremony(evening):
    html = text(client_of(evening, "anonymous").get(
        reverse("edition_home", args=[evening.edition.slug])))
    assert f'href="{page_url(evening)}"' in html
    assert "The award ceremony: programme, venue and who is on stage" in html


def test_a_programme_not_yet_written(evening):
    from ceremony.models import ProgrammeItem

    ProgrammeItem.objects.filter(edition=evening.edition).delete()
    html = text(client_of(evening, "anonymous").get(page_url(evening)))
    assert "The programme will be published soon." in html
    assert "Secretary General of WeGO" not in html  # nobody on stage yet


# --- Photos -------------------------------------------------------------------------------------


def test_a_photo_is_served_without_its_metadata(evening):
    html = text(client_of(evening, "anonymous").get(page_url(evening)))
    assert photo_url(evening, evening.host) in html
    response = client_of(evening, "anonymous").get(photo_url(evening, evening.host))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]
    picture = Image.open(io.BytesIO(response.content))
    assert picture.size == (300, 400)
    assert not picture.getexif()
    assert b"Secret Photographer" not in response.content
    with evening.host.photo.open("rb") as handle:
        assert b"Secret Photographer" in handle.read()  # the stored file still has it


def test_a_photo_of_someone_off_the_programme_is_for_staff_only(evening):
    backstage = services.presenter_save(edition=evening.edition, by=None,
                                        data={"name": "Not announced"}, photo=upload())
    target = photo_url(evening, backstage)
    assert client_of(evening, "anonymous").get(target).status_code == 404
    assert client_of(evening, "entrant").get(target).status_code == 404
    staff = client_of(evening, "coordinator").get(target)
    assert staff.status_code == 200
    assert "public" not in staff["Cache-Control"]
    assert "Not announced" not in text(client_of(evening, "anonymous").get(page_url(evening)))


def test_no_photo_or_another_editions_slug_is_404(evening):
    client = client_of(evening, "secretariat")
    assert client.get(photo_url(evening, evening.giver)).status_code == 404  # has no photo
    wrong = reverse("ceremony:presenter_photo", args=["another-edition", evening.host.pk])
    assert client.get(wrong).status_code == 404
    Presenter.objects.filter(pk=evening.host.pk).update(photo="presenters/missing.jpg")
    assert client.get(photo_url(evening, evening.host)).status_code == 404


# --- Queries ------------------------------------------------------------------------------------


def _count(final) -> int:
    client = client_of(final, "anonymous")
    client.get(page_url(final))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page_url(final)).status_code == 200
    return len(captured.captured_queries)


def test_the_page_makes_the_same_queries_with_a_short_and_a_long_programme(evening):
    small = _count(evening)
    people = [services.presenter_save(edition=evening.edition, by=None,
                                      data={"name": f"Mayor {n}", "bio": "A mayor."})
              for n in range(20)]
    for n in range(50):
        services.programme_item_save(edition=evening.edition, by=None, data={
            "starts_at": evening.day + timedelta(hours=1, minutes=5 * n), "duration": 5,
            "title": f"Moment {n}", "kind": "speech", "presenters": people[n % 20:n % 20 + 2]})
    assert _count(evening) == small
