""""Next to screen": the next entry without a screening decision after the one just screened,
in the entries list's order and with its filters; back to the list when none is left."""

from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from entries.enums import EntryStatus
from entries.models import ScreeningDecision
from entries.services import screening_decide
from tests.factories import EntrantFactory, EntryFactory

pytestmark = pytest.mark.django_db


def next_url(season, **params):
    url = reverse("entry_tools:next_to_screen", kwargs={"edition_slug": season.edition.slug})
    return url + ("?" + urlencode(params) if params else "")


def entry_url(season, entry):
    return reverse("entries:staff_entry", kwargs={"edition_slug": season.edition.slug,
                                                  "pk": entry.pk})


@pytest.fixture
def queue(season):
    """Four entered entries besides the season's own (SCP00-TI-0001, waiting)."""
    lyon = EntrantFactory(name="Lyon Metropole", city="Lyon", country="FR")
    nairobi = EntrantFactory(name="Nairobi City County", city="Nairobi", country="KE")

    def entered(reference, title, entrant, **extra):
        return EntryFactory(edition=season.edition, category=season.category, entrant=entrant,
                            form=season.entry.form, submitted=True, reference=reference,
                            title=title, answers={"title": title},
                            submitted_at=datetime(2023, 6, 1, tzinfo=UTC), **extra)

    return {
        "b": entered("SCP00-TI-0002", "Bicycles", lyon),
        "c": entered("SCP00-TI-0003", "Air quality", nairobi),
        "d": entered("SCP00-TI-0004", "Water kiosks", nairobi),
        "e": entered("SCP00-TI-0005", "Zebra crossings", lyon),
    }


def test_walks_the_unscreened_entries_in_reference_order(season, queue):
    client = season.client("secretariat")
    secretariat = season.users["secretariat"]
    response = client.get(next_url(season))
    assert response["Location"] == entry_url(season, season.entry)
    screening_decide(entry=season.entry, decision=EntryStatus.ELIGIBLE, reason="Fine",
                     by=secretariat)
    screening_decide(entry=queue["c"], decision=EntryStatus.INELIGIBLE, reason="Late",
                     by=secretariat)
    response = client.get(next_url(season, after="SCP00-TI-0001"))
    assert response["Location"] == entry_url(season, queue["b"])
    # the screened one is skipped
    response = client.get(next_url(season, after="SCP00-TI-0002"))
    assert response["Location"] == entry_url(season, queue["d"])


def test_the_lists_filters_and_order_apply(season, queue):
    client = season.client("coordinator")
    # only Nairobi's entries, sorted by title: "Air quality" (c), "Water kiosks" (d)
    response = client.get(next_url(season, q="Nairobi", sort="title"))
    assert response["Location"] == entry_url(season, queue["c"])
    response = client.get(next_url(season, q="Nairobi", sort="title", after="SCP00-TI-0003"))
    assert response["Location"] == entry_url(season, queue["d"])
    # descending reference
    response = client.get(next_url(season, sort="-reference", after="SCP00-TI-0004"))
    assert response["Location"] == entry_url(season, queue["c"])
    # after the entry just screened, which is no longer waiting, in a title order
    screening_decide(entry=queue["c"], decision=EntryStatus.ELIGIBLE, reason="Fine",
                     by=season.users["secretariat"])
    response = client.get(next_url(season, sort="title", after="SCP00-TI-0003"))
    assert response["Location"] == entry_url(season, queue["b"])  # Bicycles


def test_none_left_goes_back_to_the_list_with_a_message(season, queue):
    client = season.client("secretariat")
    response = client.get(next_url(season, q="Nairobi", after="SCP00-TI-0004"), follow=True)
    list_url = reverse("entries:staff_list", kwargs={"edition_slug": season.edition.slug})
    assert response.redirect_chain[0][0] == f"{list_url}?q=Nairobi"
    assert "No entry of this list is waiting for a screening decision." in (
        response.content.decode())


def test_drafts_withdrawn_and_decided_entries_are_never_next(season, queue):
    for entry in (season.entry, *queue.values()):
        ScreeningDecision.objects.create(entry=entry, decision=EntryStatus.ELIGIBLE,
                                         reason="ok")
    queue["b"].status = EntryStatus.WITHDRAWN
    queue["b"].save()
    response = season.client("secretariat").get(next_url(season, status="all"))
    assert "/entries/?status=all" in response["Location"]


@pytest.mark.parametrize("persona,status", [
    ("anonymous", 302), ("entrant", 404), ("judge", 404), ("coordinator", 302),
    ("secretariat", 302), ("superuser", 302),
])
def test_who_may_use_it(season, persona, status):
    response = season.client(persona).get(next_url(season))
    assert response.status_code == status
    if persona == "anonymous":
        assert "/accounts/login/" in response["Location"]
    elif status == 302:
        assert response["Location"] == entry_url(season, season.entry)


def test_bad_input_never_breaks_it(season, queue):
    client = season.client("secretariat")
    for after in ("\x00", "x" * 10_000, "'; DROP TABLE", "😀"):
        assert client.get(next_url(season, after=after)).status_code == 302
    assert client.get(next_url(season, sort="-title", after="\x00")).status_code == 302
    assert client.post(next_url(season)).status_code == 405


def test_the_entry_page_offers_the_next_entry_after_a_decision(season, queue):
    client = season.client("secretariat")
    page = client.get(entry_url(season, season.entry)).content.decode()
    assert "Screen the next entry" not in page
    screening_decide(entry=season.entry, decision=EntryStatus.ELIGIBLE, reason="Fine",
                     by=season.users["secretariat"])
    page = client.get(entry_url(season, season.entry)).content.decode()
    assert next_url(season, **{"from": "last", "after": "SCP00-TI-0001"}) in page.replace(
        "&amp;", "&")
    # a coordinator, who does not screen, is not offered it
    page = season.client("coordinator").get(entry_url(season, season.entry)).content.decode()
    assert "Screen the next entry" not in page


def test_the_same_queries_whatever_the_queue(season, count_queries):
    client = season.client("secretariat")
    url = next_url(season, sort="title", after="SCP00-TI-0001")
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for n in range(30):
        EntryFactory(edition=season.edition, category=season.category,
                     entrant=season.other_entrant, form=season.entry.form, submitted=True,
                     reference=f"SCP00-TI-3{n:03d}")
    assert count_queries(lambda: client.get(url)) == few


def test_from_an_entry_page_it_walks_the_list_last_looked_at(season, queue):
    """The entry page's link knows no filters: it walks the entries list this person last
    opened, with its filters and order (kept in their session, not the page or a download)."""
    client = season.client("secretariat")
    list_url = reverse("entries:staff_list", kwargs={"edition_slug": season.edition.slug})
    assert client.get(list_url + "?" + urlencode({"q": "Nairobi", "sort": "title",
                                                  "page": "1"})).status_code == 200
    response = client.get(next_url(season, **{"from": "last", "after": "SCP00-TI-0003"}))
    assert response["Location"] == entry_url(season, queue["d"])  # Water kiosks, Nairobi's
    # none left in that list: back to it, filters kept
    response = client.get(next_url(season, **{"from": "last", "after": "SCP00-TI-0004"}))
    assert response["Location"] == list_url + "?" + urlencode({"q": "Nairobi",
                                                               "sort": "title"})
    # someone who never opened the list walks the whole list
    other = season.client("superuser")
    response = other.get(next_url(season, **{"from": "last", "after": "SCP00-TI-0003"}))
    assert response["Location"] == entry_url(season, queue["d"])
