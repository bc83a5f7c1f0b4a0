"""Certificates: what they say (read back from the PDF), the Korean names they print, who gets
one, and who may see or download one before and after the results are public."""

import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ceremony import certificates as certs
from ceremony import selectors, services
from ceremony.certificates import pdf as drawing
from ceremony.enums import DecisionStatus, ResultKind
from ceremony.models import Certificate, Decision, Publication
from entries.enums import EntryStatus
from entries.models import Entry
from prize.enums import OrganisationRole, Role
from prize.models import Organisation
from tests.factories import EditionFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNATORIES = [
    {"name": "오세훈", "title": "서울특별시장 · Mayor of Seoul"},
    {"name": "Jung Tae-ho", "title": "Secretary General, WeGO"},
]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_lines(content: bytes) -> list[str]:
    return [line.strip() for line in pdf_text(content).splitlines()]


def assert_not_cached(response):
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}


def page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def season(final):
    """The final of the Seoul Smart City Prize 2023: decided and confirmed, not yet public.
    The ceremony is at 08:30 in Seoul on 25 September 2023, which is still 24 September in
    UTC: the certificate must say the 25th."""
    edition = final.edition
    edition.name = "Seoul Smart City Prize 2023"
    edition.time_zone = "Asia/Seoul"
    edition.ceremony_at = datetime(2023, 9, 25, 8, 30, tzinfo=ZoneInfo("Asia/Seoul"))
    edition.ceremony_venue = "Dongdaemun Design Plaza, Seoul"
    edition.save()
    final.gold.name = "Tech-InnovaCity Grand Prize"
    final.gold.save()
    Organisation.objects.create(edition=edition, name="WeGO", role=OrganisationRole.ORGANISER)
    Publication.objects.create(edition=edition, signatories=SIGNATORIES)
    final.decisions = confirm_winners(final)
    final.winner = final.finalists[final.categories[0].pk][0]  # the Gold
    return final


def confirm_winners(final) -> list[Decision]:
    """What the ranking proposes, proposed by the secretariat and confirmed by a coordinator
    (written directly: deciding is the services' tests' business)."""
    first, second = final.categories
    places = [
        (final.gold, final.finalists[first.pk][0], 1),
        (final.silver, final.finalists[first.pk][1], 2),
        (final.silver, final.finalists[first.pk][2], 3),
        (final.prize, final.finalists[second.pk][0], 1),
        (final.mention, final.others[0], None),
    ]
    return [
        Decision.objects.create(
            award=award, entry=entry, rank=rank, status=DecisionStatus.CONFIRMED,
            citation="The jury valued a service shaped with older residents."
            if award == final.gold else "",
            proposed_by=final.users["secretariat"], confirmed_by=final.users["coordinator"],
            confirmed_at=timezone.now(),
        )
        for award, entry, rank in places
    ]


def publish(final):
    services.publication_schedule(edition=final.edition, at=None, by=final.users["secretariat"])


def member(entry):
    return entry.entrant.members.select_related("user").first().user


def login(client, user):
    client.force_login(user)
    return client


def gold_certificate(season) -> Certificate:
    return certs.certificates_of_entry(season.winner)[0]


# --- What a certificate says -------------------------------------------------------------------


def test_a_winners_pdf_says_edition_award_tier_entrant_project_ceremony_and_signatories(season):
    certificate = gold_certificate(season)

    content = certs.certificates_pdf([certificate])

    lines = pdf_lines(content)
    assert content.startswith(b"%PDF-")
    assert page_count(content) == 1
    assert "Seoul Smart City Prize 2023" in lines
    assert "Organised by WeGO" in lines
    assert "Certificate of Award" in lines
    assert "Tech-InnovaCity Grand Prize" in lines
    assert "Gold · Category 0" in lines
    assert "City of Finalist 1" in lines
    assert "Town 1, South Korea" in lines
    assert "Project 1" in lines
    assert "Conferred at Dongdaemun Design Plaza, Seoul on 25 September 2023" in lines
    assert "The jury valued a service shaped with older residents." in lines
    assert "오세훈" in lines
    assert "서울특별시장 · Mayor of Seoul" in lines
    assert "Jung Tae-ho" in lines
    assert "Secretary General, WeGO" in lines
    assert certificate.kind == ResultKind.WINNER
    assert certificate.decision.award == season.gold


def test_korean_names_and_titles_come_back_as_they_were_typed(season):
    entrant = season.winner.entrant
    entrant.name = "서울특별시"
    entrant.city = "서울"
    entrant.save()
    season.winner.title = "모두를 위한 디지털 포용 서울"
    season.winner.save()

    content = certs.certificates_pdf(certs.certificates_of_entry(season.winner))

    lines = pdf_lines(content)
    assert "서울특별시" in lines
    assert "모두를 위한 디지털 포용 서울" in lines
    assert "서울, South Korea" in lines
    assert b"Pretendard" in content  # the shipped font is embedded, not a system one


def test_the_qr_code_and_the_printed_link_are_the_verification_url(season, monkeypatch):
    encoded = []
    widget = drawing.qr.QrCodeWidget

    def spy(value, *args, **kwargs):
        encoded.append(value)
        return widget(value, *args, **kwargs)

    monkeypatch.setattr(drawing.qr, "QrCodeWidget", spy)
    certificate = gold_certificate(season)

    content = certs.certificates_pdf([certificate])

    url = f"{settings.SITE_URL}/certificates/{certificate.code}/"
    assert certs.verification_url(certificate) == url
    assert encoded == [url]
    assert url in pdf_lines(content)
    assert PdfReader(io.BytesIO(content)).metadata["/Subject"] == url


def test_a_long_citation_is_left_off_a_short_one_printed(season):
    long = "The jury valued the project. " * 30
    Decision.objects.filter(award=season.gold).update(citation=long)

    content = certs.certificates_pdf([gold_certificate(season)])

    assert "The jury valued the project." not in pdf_text(content)
    assert "Tech-InnovaCity Grand Prize" in pdf_lines(content)


def test_a_very_long_name_is_made_to_fit(season):
    entrant = season.winner.entrant
    entrant.name = "Metropolitan Government of a Very Long Named Region " * 3
    entrant.save()

    content = certs.certificates_pdf([gold_certificate(season)])

    assert page_count(content) == 1
    assert "Metropolitan Government" in pdf_text(content)


# --- Who gets one ------------------------------------------------------------------------------


def test_certificates_are_made_once_per_decision_with_unguessable_codes(season):
    first = certs.certificates_of_edition(season.edition)
    again = certs.certificates_of_edition(season.edition)

    assert len(first) == len(season.decisions) == 5
    assert [c.pk for c in again] == [c.pk for c in first]
    assert Certificate.objects.count() == 5
    assert {c.decision_id for c in first} == {d.pk for d in season.decisions}
    codes = [c.code for c in first]
    assert len(set(codes)) == 5 and all(len(code) >= 16 for code in codes)


def test_finalists_get_certificates_only_when_the_edition_says_so(season):
    winners = {d.entry_id for d in season.decisions}
    finalists = selectors.finalist_ids(season.edition) - winners

    assert [c.kind for c in certs.certificates_of_edition(season.edition)] == ["winner"] * 5
    Publication.objects.filter(edition=season.edition).update(finalist_certificates=True)
    issued = certs.certificates_of_edition(season.edition)

    assert len(finalists) == 3
    assert {c.entry_id for c in issued if c.kind == ResultKind.FINALIST} == finalists
    finalist = next(c for c in issued if c.kind == ResultKind.FINALIST)
    lines = pdf_lines(certs.certificates_pdf([finalist]))
    assert "Certificate of Recognition" in lines
    assert "Finalist" in lines
    # taken back: the finalists' certificates no longer stand
    Publication.objects.filter(edition=season.edition).update(finalist_certificates=False)
    publish(season)
    assert certs.certificate_visible_to(UserFactory(), finalist.code) is None


def test_a_withdrawn_or_not_selected_entry_has_no_certificate(season):
    assert certs.certificates_of_entry(season.others[1]) == []
    withdrawn = season.winner
    withdrawn.status = EntryStatus.WITHDRAWN
    withdrawn.save(update_fields=["status"])

    assert certs.certificates_of_entry(withdrawn) == []
    assert len(certs.certificates_of_edition(season.edition)) == 4


# --- The verification page ---------------------------------------------------------------------


def test_the_verification_page_is_a_404_before_publication_and_genuine_after(season, client):
    code = gold_certificate(season).code
    url = reverse("ceremony:certificate_verify", args=[code])

    before = client.get(url)
    as_entrant = login(client, member(season.winner)).get(url)
    client.logout()
    publish(season)
    after = client.get(url)

    assert before.status_code == 404
    assert as_entrant.status_code == 404
    assert b"Tech-InnovaCity" not in before.content + as_entrant.content
    assert after.status_code == 200
    page = after.content.decode()
    for text in ("This certificate is genuine", "Seoul Smart City Prize 2023",
                 "Tech-InnovaCity Grand Prize", "City of Finalist 1", "Project 1",
                 "25 September 2023", code):
        assert text in page
    assert_not_cached(after)


def test_a_wrong_or_guessed_code_is_a_404(season, client):
    publish(season)
    gold_certificate(season)

    for code in ("AAAAAAAAAAAAAAAA", "x" * 20, "short", "../../etc"):
        assert client.get(f"/certificates/{code}/").status_code == 404
        assert client.get(f"/certificates/{code}/pdf/").status_code == 404


def test_a_withdrawn_entry_or_an_unpublished_edition_shows_nothing(season, client):
    certificate = gold_certificate(season)
    url = reverse("ceremony:certificate_verify", args=[certificate.code])
    publish(season)
    assert client.get(url).status_code == 200

    services.publication_unpublish(edition=season.edition, by=season.users["secretariat"],
                                   reason="Announced too early")
    assert client.get(url).status_code == 404
    publish(season)
    Entry.objects.filter(pk=certificate.entry_id).update(status=EntryStatus.WITHDRAWN)
    assert client.get(url).status_code == 404


def test_staff_see_the_page_and_the_pdf_before_publication(season, client):
    certificate = gold_certificate(season)
    login(client, season.users["coordinator"])

    page = client.get(reverse("ceremony:certificate_verify", args=[certificate.code]))
    pdf = client.get(reverse("ceremony:certificate_pdf", args=[certificate.code]))

    assert page.status_code == 200
    assert "not public yet" in page.content.decode()
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


# --- Downloads ---------------------------------------------------------------------------------


def test_the_pdf_by_code_is_a_404_for_anyone_before_publication(season, client):
    url = reverse("ceremony:certificate_pdf", args=[gold_certificate(season).code])

    before = client.get(url)
    publish(season)
    after = client.get(url)

    assert before.status_code == 404
    assert after.status_code == 200
    assert after["Content-Type"] == "application/pdf"
    assert after["Content-Disposition"].startswith('attachment; filename="tech-innovacity-')
    assert_not_cached(after)
    assert "City of Finalist 1" in pdf_lines(after.content)


def test_the_entrant_downloads_their_certificate_after_publication_only(season, client):
    url = reverse("ceremony:certificate_entry", args=[season.winner.pk])
    login(client, member(season.winner))

    before = client.get(url)
    assert Certificate.objects.count() == 0  # nothing made for a request refused
    publish(season)
    after = client.get(url)

    assert before.status_code == 404
    assert after.status_code == 200
    assert "Tech-InnovaCity Grand Prize" in pdf_lines(after.content)
    assert Certificate.objects.filter(entry=season.winner).count() == 1


def test_the_entrant_of_another_entry_gets_a_404(season, client):
    publish(season)
    other = season.finalists[season.categories[0].pk][1]  # a Silver winner
    login(client, member(other))

    assert client.get(reverse("ceremony:certificate_entry", args=[season.winner.pk])
                      ).status_code == 404
    assert client.get(reverse("ceremony:certificate_entry", args=[other.pk])).status_code == 200


def test_an_entry_without_a_certificate_and_a_judge_get_a_404(season, client):
    publish(season)
    loser = season.others[1]
    judge = season.judges[0]

    login(client, member(loser))
    assert client.get(reverse("ceremony:certificate_entry", args=[loser.pk])).status_code == 404
    login(client, judge)
    assert client.get(reverse("ceremony:certificate_entry", args=[season.winner.pk])
                      ).status_code == 404


def test_an_anonymous_visitor_is_asked_to_log_in_for_an_entrys_certificate(season, client):
    publish(season)

    response = client.get(reverse("ceremony:certificate_entry", args=[season.winner.pk]))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_entry_with_two_awards_gets_one_pdf_of_two_pages(season, client):
    mention = Decision.objects.get(award=season.mention)
    Decision.objects.filter(pk=mention.pk).update(entry=season.winner)
    publish(season)
    login(client, member(season.winner))

    response = client.get(reverse("ceremony:certificate_entry", args=[season.winner.pk]))

    assert response.status_code == 200
    assert page_count(response.content) == 2
    assert "Special Mention" in pdf_lines(response.content)


# --- The staff's zip ---------------------------------------------------------------------------


def read_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_staff_download_every_winners_certificate_as_a_zip_before_publication(season, client):
    login(client, season.users["secretariat"])

    response = client.get(reverse("ceremony:certificates_zip", args=[season.edition.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert_not_cached(response)
    archive = read_zip(response)
    names = archive.namelist()
    assert len(names) == 5 == len(set(names))
    assert all(name.endswith(".pdf") for name in names)
    entrants = set()
    for name in names:
        content = archive.read(name)
        assert page_count(content) == 1
        entrants |= {line for line in pdf_lines(content) if line.startswith("City of")}
    winners = {d.entry.entrant.name for d in Decision.objects.select_related("entry__entrant")}
    assert entrants == winners


def test_the_zip_holds_the_finalists_too_when_the_edition_says_so(season, client):
    Publication.objects.filter(edition=season.edition).update(finalist_certificates=True)
    login(client, season.users["coordinator"])

    response = client.get(reverse("ceremony:certificates_zip", args=[season.edition.slug]))

    names = read_zip(response).namelist()
    assert len(names) == 8
    assert sum(name.startswith("finalist-") for name in names) == 3


def test_the_zip_is_a_404_for_everyone_but_results_staff(season, client):
    url = reverse("ceremony:certificates_zip", args=[season.edition.slug])
    publish(season)
    other_staff = UserFactory()
    RoleFactory(user=other_staff, role=Role.SECRETARIAT,  # another edition's secretariat
                edition=EditionFactory(is_current=False))

    assert client.get(url).status_code == 302  # anonymous: log in first
    for user in (member(season.winner), season.judges[0], other_staff):
        login(client, user)
        assert client.get(url).status_code == 404
    assert client.get("/certificates/staff/no-such-edition/all.zip").status_code == 404


# --- The entrant's dashboard link --------------------------------------------------------------


def test_the_download_link_is_offered_to_the_entrant_after_publication(season):
    winner, loser = season.winner, season.others[1]
    owner = member(winner)

    assert certs.certificate_url_for(owner, winner) is None
    assert certs.certificate_url_for(season.users["secretariat"], winner) == (
        f"/certificates/entry/{winner.pk}/")
    publish(season)
    assert certs.certificate_url_for(owner, winner) == f"/certificates/entry/{winner.pk}/"
    assert certs.certificate_url_for(member(loser), loser) is None
    assert certs.certificate_url_for(member(loser), winner) is None
    assert certs.certificate_url_for(season.judges[0], winner) is None


def test_the_links_of_many_entries_take_the_same_queries_as_one(season,
                                                                django_assert_max_num_queries):
    publish(season)
    staff = season.users["secretariat"]
    entries = list(season.edition.entries.all())
    staff.role_set  # noqa: B018 - read once per request, as in a view

    with django_assert_max_num_queries(6):
        one = certs.certificate_urls_for(staff, entries[:1])
    with django_assert_max_num_queries(6):
        many = certs.certificate_urls_for(staff, entries)

    assert len(one) == 1
    assert sum(url is not None for url in many.values()) == 5
