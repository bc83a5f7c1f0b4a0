"""The public results pages: a 404 for all but staff before publication (a staff preview says
so), then the winners, the finalists, a page per winner with its picture, the archive, the
links from the edition's home, social cards and cache headers."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from ceremony import services
from ceremony.views.public import PUBLIC_MAX_AGE
from entries import schema as form_schema
from entries.models import Attachment, EntryForm
from prize.models import Organisation
from tests.ceremony.test_services import decide_all
from tests.entries.conftest import BACKEND
from tests.factories import TEST_FORM_SCHEMA

pytestmark = pytest.mark.django_db

PUBLIC_SCHEMA = {
    **TEST_FORM_SCHEMA,
    "steps": [
        {**TEST_FORM_SCHEMA["steps"][0], "fields": [
            {**f, "public": True} if f["key"] == "summary" else f
            for f in TEST_FORM_SCHEMA["steps"][0]["fields"]
        ]},
        *TEST_FORM_SCHEMA["steps"][1:],
    ],
}


def jpeg_with_exif() -> bytes:
    picture = Image.new("RGB", (2400, 1200), (20, 120, 160))
    exif = Image.Exif()
    exif[0x013B] = "Artist Secret Name"  # Artist
    exif[0x010E] = "Secret description"  # ImageDescription
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def add_image(entry, data: bytes | None = None, name="photo.jpg", content_type="image/jpeg"):
    data = data or jpeg_with_exif()
    attachment = Attachment(entry=entry, original_name=name, content_type=content_type,
                            size=len(data), sha256=f"{entry.pk:064d}")
    attachment.file.save(f"{entry.pk}-{name}", ContentFile(data), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def decided(final):
    """Every award decided and confirmed (not published); the winners' forms publish the
    summary; the special mention is chosen with two partners; the Gold winner has a picture."""
    final.decisions = decide_all(final)
    EntryForm.objects.filter(entries__edition=final.edition).update(schema=PUBLIC_SCHEMA)
    partners = [Organisation.objects.create(edition=final.edition, name=name, role="partner")
                for name in ("GGGI", "IMD")]
    final.mention.partners.set(partners)
    final.gold_entry = final.finalists[final.categories[0].pk][0]
    final.image = add_image(final.gold_entry)
    return final


def publish(final):
    services.publication_schedule(edition=final.edition, at=None, by=final.users["secretariat"])


def client_for(client, user):
    if user is not None:
        client.force_login(user, backend=BACKEND)
    return client


def urls(final):
    slug, ref = final.edition.slug, final.gold_entry.reference
    return {
        "winners": reverse("ceremony:winners", args=[slug]),
        "finalists": reverse("ceremony:finalists", args=[slug]),
        "winner": reverse("ceremony:winner", args=[slug, ref]),
        "image": reverse("ceremony:winner_image", args=[slug, ref]),
    }


# --- Before publication -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "winner", "judge"])
def test_before_publication_every_page_is_a_404_never_cached(decided, client, persona):
    user = {"anonymous": None, "winner": decided.gold_entry.entrant.members.first().user,
            "judge": decided.judges[0]}[persona]
    client_for(client, user)

    for name, url in urls(decided).items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert "no-store" in response["Cache-Control"], name
        assert "public" not in response["Cache-Control"], name
        assert decided.gold_entry.title.encode() not in response.content


def test_staff_see_a_preview_that_says_it_is_not_published(decided, client):
    client_for(client, decided.users["coordinator"])

    for name, url in urls(decided).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = client.get(urls(decided)["winners"]).content.decode()
    assert "Preview: these results are not published." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert decided.gold_entry.title in page


# --- After publication --------------------------------------------------------------------------


def test_the_winners_page_lists_categories_awards_in_tier_order_and_mentions(decided, client):
    publish(decided)

    response = client.get(urls(decided)["winners"])

    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview" not in page
    first, second = decided.categories
    assert page.index(first.name) < page.index(second.name) < page.index("Special mentions")
    assert page.index(f'id="award-{decided.gold.pk}"') < page.index(
        f'id="award-{decided.silver.pk}"')
    for decision in decided.decisions:
        assert decision.entry.title in page
        assert decision.entry.entrant.name in page
    assert "Chosen with GGGI and IMD." in page
    # 4 + 3 finalists (each in a town of its own) and one other entry per category (both in
    # Seoul), every one submitted
    assert "Chosen from 9 entries from 8 cities in 1 country." in page
    finalist = decided.finalists[first.pk][3]
    assert finalist.title not in page  # a finalist who did not win is not on the winners page


def test_published_pages_are_the_same_for_every_anonymous_visitor_and_cached_briefly(
        decided, client):
    publish(decided)

    for name, url in urls(decided).items():
        response = client.get(url)
        assert response.status_code == 200, name
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", f"max-age={PUBLIC_MAX_AGE}"}, name
        assert "Cookie" in response["Vary"], name
        assert not response.cookies, name  # no CSRF cookie, no session: one copy for all
        assert b"csrfmiddlewaretoken" not in response.content


def test_signed_in_visitors_get_their_own_uncached_copy(decided, client):
    publish(decided)
    client_for(client, decided.judges[0])

    response = client.get(urls(decided)["winners"])

    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_winners_page_shows_the_award_citation_and_public_answers_only(decided, client):
    publish(decided)
    entry = decided.gold_entry
    entrant = entry.entrant

    page = client.get(urls(decided)["winner"]).content.decode()

    assert f"<h1 id=\"winner-title\">{entry.title}</h1>" in page
    assert entrant.name in page and entrant.city in page and "South Korea" in page
    assert "Gold" in page and "Valued." in page  # the award and its citation
    assert entry.answers["summary"] in page  # marked public
    assert entry.answers["budget_amount"] not in page  # not marked public
    assert "Private on" not in page and "Feedback for project" not in page
    assert reverse("ceremony:winner_image", args=[decided.edition.slug, entry.reference]) in page


def test_a_winners_page_has_social_cards_with_absolute_addresses(decided, client, settings):
    settings.SITE_URL = "https://prize.example.org"
    publish(decided)
    entry = decided.gold_entry

    page = client.get(urls(decided)["winner"]).content.decode()

    assert f'<meta property="og:title" content="{entry.title}">' in page
    assert '<meta property="og:description" content="Valued.">' in page
    assert '<meta property="og:type" content="article">' in page
    site = "https://prize.example.org"
    assert f'<meta property="og:url" content="{site}{urls(decided)["winner"]}">' in page
    assert f'<meta property="og:image" content="{site}{urls(decided)["image"]}?v=' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert f'<link rel="canonical" href="{site}{urls(decided)["winner"]}">' in page


def test_the_picture_is_served_upright_smaller_and_without_its_metadata(decided, client):
    publish(decided)

    response = client.get(urls(decided)["image"])

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    picture = Image.open(io.BytesIO(response.content))
    assert max(picture.size) == 1600
    assert b"Artist Secret Name" not in response.content
    assert not picture.getexif()


def test_only_a_winners_first_picture_is_ever_public(decided, client):
    publish(decided)
    slug = decided.edition.slug
    finalist = decided.finalists[decided.categories[0].pk][3]  # a finalist, not a winner
    add_image(finalist)
    winner_without_picture = decided.finalists[decided.categories[0].pk][1]

    assert client.get(reverse("ceremony:winner_image", args=[slug, finalist.reference])
                      ).status_code == 404
    assert client.get(reverse("ceremony:winner", args=[slug, finalist.reference])
                      ).status_code == 404
    assert client.get(reverse("ceremony:winner_image",
                              args=[slug, winner_without_picture.reference])).status_code == 404
    assert client.get(reverse("ceremony:winner", args=[slug, "NOPE-0001"])).status_code == 404


def test_a_png_with_transparency_stays_a_png(decided, client):
    Attachment.objects.all().delete()
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(out, format="PNG")
    add_image(decided.gold_entry, out.getvalue(), name="logo.png", content_type="image/png")
    publish(decided)

    response = client.get(urls(decided)["image"])

    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (40, 30)


def test_the_finalists_page_lists_every_finalist_and_marks_the_winners(decided, client):
    publish(decided)

    page = client.get(urls(decided)["finalists"]).content.decode()

    for entries in decided.finalists.values():
        for entry in entries:
            assert entry.title in page
            assert entry.entrant.name in page
    assert decided.others[1].entrant.name not in page  # an entry that did not reach the final
    winner_url = reverse("ceremony:winner", args=[decided.edition.slug,
                                                  decided.gold_entry.reference])
    assert f'href="{winner_url}"' in page


def test_the_archive_lists_published_editions_and_previews_for_staff(decided, client):
    archive = reverse("ceremony:archive")
    winners = urls(decided)["winners"]

    assert winners not in client.get(archive).content.decode()
    client_for(client, decided.users["secretariat"])
    staff_page = client.get(archive).content.decode()
    assert winners in staff_page and "Not published yet" in staff_page
    client.logout()
    publish(decided)
    response = client.get(archive)
    assert winners in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_the_edition_home_links_to_the_results_once_public(decided, client):
    home = reverse("edition_home", args=[decided.edition.slug])
    winners = urls(decided)["winners"]

    assert winners not in client.get(home).content.decode()
    publish(decided)
    page = client.get(home).content.decode()
    assert f'href="{winners}"' in page and urls(decided)["finalists"] in page


def test_a_form_marks_the_answers_a_winners_page_publishes():
    parsed = form_schema.Schema.parse(PUBLIC_SCHEMA)
    assert [f.key for f in parsed.public_fields] == ["summary"]
    step_public = {**TEST_FORM_SCHEMA, "steps": [
        TEST_FORM_SCHEMA["steps"][0], {**TEST_FORM_SCHEMA["steps"][1], "public": True},
        TEST_FORM_SCHEMA["steps"][2]]}
    assert [f.key for f in form_schema.Schema.parse(step_public).public_fields] == [
        "budget_amount", "links"]
    assert form_schema.Schema.parse(TEST_FORM_SCHEMA).public_fields == []


def test_the_2023_forms_publish_the_short_summary_only():
    from entries.forms_2023 import forms_2023

    for _slug, _name, schema in forms_2023():
        assert [f.key for f in form_schema.Schema.parse(schema).public_fields] == ["summary"]


def test_a_page_that_shows_a_visitors_message_is_not_shared(decided, client):
    publish(decided)
    client_for(client, decided.judges[0])
    client.post(reverse("account_logout"))  # "You have logged out." waits for the next page

    response = client.get(urls(decided)["winners"])

    assert "You have logged out." in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "public" in client.get(urls(decided)["winners"])["Cache-Control"]  # shown once
