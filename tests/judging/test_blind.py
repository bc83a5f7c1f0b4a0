"""Blind means blind: in a blind round, nothing a judge can fetch names the entrant.

One blind round holds two entries whose entrant name, contact, members, city, website, title,
identifying answers (links among them), file names and file metadata (PDF author, title,
producer and XMP; JPEG EXIF artist, comment and XMP; DOCX creator) are distinctive words. The
assigned judge then fetches every URL of the site (each route with every id at hand, as a page
and as an htmx fragment), posts every action of the scoring page (the autosave, refused saves,
"Save and next", submit, reopen, abstain, recuse), the conflicts and profile forms, and follows
every redirect; no body and no header of any response may contain one of those words. The
same runs for a form of our own and for the 2023 form of city governments.

Outside a blind round the judge gets the files exactly as they were uploaded.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from PIL import Image
from pypdf import PdfReader, PdfWriter

from entries.enums import EntryStatus
from entries.forms_2023 import project_form
from entries.models import AnonymisedVersion, Attachment, Entry
from entries.samples import sample_docx, sample_pdf
from judging.enums import ConflictScope, RoundStatus
from judging.models import Assignment, Review, Round
from prize.models import User
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.factories import (
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    EntrantFactory,
    EntrantMemberFactory,
    EntryFactory,
    EntryFormFactory,
    PanelMembershipFactory,
    RoundEntryFactory,
    RoundFactory,
)
from tests.judging.conftest import make_judge

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = "application/pdf"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Every word that would tell a judge who entered. None of them is an English word, so a hit is
# a leak, never a coincidence.
ENTRANT = "Zephyrine Urban Works"
CITY = "Vellmoor"
CONTACT = "Casimir Quillfeather"
CONTACT_EMAIL = "casimir@zephyrine.example"
MEMBERS = ("Oriel Vantagepoint", "Thessaly Brightwater")
WEBSITE = "https://zephyrine-works.example/"
TITLE = "Lantern crossings of Vellmoor"
LINK = "https://press.example/zephyrine-lanterns"
LEAD = "Ottoline Marchbanks"
PDF_AUTHOR, PDF_TITLE, PDF_PRODUCER = ("Ignatius Parchmentfold", "Zephyrine board minutes",
                                       "Quillfeather Print Shop")
XMP_CREATOR = "Wendeline Xmpcreator"
EXIF_ARTIST, JPEG_COMMENT = "Perpetua Lenscraft", "Shot for Zephyrine by Lenscraft"
DOCX_CREATOR = "Bartholomew Docxauthor"
ANONYMISED_AUTHOR = "Helper Bexleyhurst"
FILE_NAMES = ("Zephyrine-report.pdf", "Vellmoor-lanterns.jpg", "Zephyrine-budget.docx",
              "Zephyrine-anonymised.pdf")
SECOND_ENTRANT, SECOND_CITY = "Brackenholt Mobility Trust", "Brackenholt"

SECRET_WORDS = (
    ENTRANT, CITY, CONTACT, CONTACT_EMAIL, *MEMBERS, WEBSITE, "zephyrine", TITLE, LINK, LEAD,
    PDF_AUTHOR, PDF_TITLE, PDF_PRODUCER, XMP_CREATOR, EXIF_ARTIST, JPEG_COMMENT, DOCX_CREATOR,
    ANONYMISED_AUTHOR, *FILE_NAMES, SECOND_ENTRANT, SECOND_CITY,
)

# What a judge of a blind round may read: the answers that do not name the entrant.
SUMMARY = "Lanterns light the crossings for older people after dark."
REPORT_TEXT = "Crossing accidents fell from 41 to 12 in two years."
ANONYMISED_TEXT = "Anonymised report: accidents fell from 41 to 12."

OUR_SCHEMA = {
    "title_field": "title",
    "steps": [
        {"key": "project", "title": "The project", "fields": [
            {"key": "title", "type": "text", "label": "Project title", "required": True,
             "identifying": True},
            {"key": "summary", "type": "textarea", "label": "Short summary", "required": True},
            {"key": "website", "type": "url", "label": "Project website", "identifying": True},
            {"key": "links", "type": "urls", "label": "Press coverage", "identifying": True},
        ]},
        {"key": "team", "title": "The team", "identifying": True, "fields": [
            {"key": "lead", "type": "text", "label": "Project lead"},
            {"key": "people", "type": "table", "label": "Team",
             "columns": [["name", "Name"], ["role", "Role"]]},
        ]},
        {"key": "files", "title": "Attachments", "kind": "attachments", "blind_variant": True},
    ],
}


def our_answers(title: str, entrant: str) -> dict:
    return {"title": title, "summary": SUMMARY, "website": WEBSITE, "links": [LINK],
            "lead": LEAD, "people": [{"name": m, "role": f"Works at {entrant}"}
                                     for m in MEMBERS]}


def answers_2023(title: str, entrant: str) -> dict:
    """The 2023 form of city governments, answered with the entrant's names only where the
    form marks them (title, the city step, partners, links)."""
    return {
        "title": title, "summary": SUMMARY, "sectors": ["mobility"], "stage": "operating",
        "period_start": "2021-03-01", "city_population": "420000",
        "department": f"{entrant}, Smart City Division", "city_strategy": f"{CITY} 2030 plan",
        "problem": "Older people are hit at dark crossings.",
        "problem_identification": "Residents mapped the crossings.",
        "design": "Motion sensors switch lanterns on.", "technology": "Low-power radio.",
        "budget_amount": "250000", "budget_currency": "USD",
        "funding_sources": "The council's budget.", "staffing": "Four engineers.",
        "implementation": "Two districts first.", "monitoring": "Monthly accident counts.",
        "outcomes": REPORT_TEXT,
        "indicators": [{"indicator": "Accidents", "baseline": "41", "result": "12"}],
        "partners": f"{MEMBERS[0]} of {entrant}", "links": [LINK, WEBSITE],
    }


FORMS = {
    "our form": (OUR_SCHEMA, our_answers),
    "2023 city form": (project_form("TI", "city"), answers_2023),
}


# --- Files with metadata -----------------------------------------------------------------------


def xmp(creator: str) -> bytes:
    return (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:'
            b'meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
            + creator.encode() + b"</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
            b'<?xpacket end="w"?>')


def pdf_with_metadata(text: str, *, author: str, title: str = "", producer: str = "",
                      creator: str = "") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf("Report", text))))
    writer.add_metadata({"/Author": author, "/Title": title or "Report",
                         "/Producer": producer or "Office", "/Creator": creator or "Office"})
    writer.xmp_metadata = xmp(XMP_CREATOR)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = EXIF_ARTIST  # Artist
    exif[0x8298] = f"(c) {ENTRANT}"  # Copyright
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, "JPEG", exif=exif,
                                              comment=JPEG_COMMENT.encode(),
                                              xmp=xmp(XMP_CREATOR))
    return buffer.getvalue()


def docx_with_creator() -> bytes:
    source = io.BytesIO(sample_docx("Budget", "Lanterns: 250000 USD."))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(out, "w") as target:
        for member in package.infolist():
            target.writestr(member, package.read(member))
        target.writestr("docProps/core.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{DOCX_CREATOR}'
            f"</dc:creator><cp:lastModifiedBy>{CONTACT}</cp:lastModifiedBy>"
            "</cp:coreProperties>"))
    return out.getvalue()


def attach(entry: Entry, name: str, content: bytes, content_type: str) -> Attachment:
    return Attachment.objects.create(
        entry=entry, file=ContentFile(content, name="stored.bin"), original_name=name,
        content_type=content_type, size=len(content), sha256=f"{len(content):064d}")


# --- The season --------------------------------------------------------------------------------


@dataclass
class Blind:
    round: Round
    open_round: Round
    judge: User
    entry: Entry
    second: Entry
    plain_entry: Entry
    attachments: list[Attachment]
    originals: dict[int, bytes] = field(default_factory=dict)

    def client(self) -> CommittingClient:
        client = CommittingClient()
        client.force_login(self.judge, backend=BACKEND)
        return client

    def url(self, name: str, entry: Entry | None = None, **extra) -> str:
        return reverse(f"judging:{name}", kwargs={
            "round_id": self.round.pk, "entry_id": (entry or self.entry).pk, **extra})


def entrant_with_members(name: str, city: str, *, members=()):
    entrant = EntrantFactory(name=name, city=city, country="IS", contact_name=CONTACT,
                             contact_email=CONTACT_EMAIL, website=WEBSITE,
                             position=f"Mayor of {city}")
    for n, member in enumerate(members):
        EntrantMemberFactory(entrant=entrant, user__name=member,
                             user__email=f"member{n}@{name.split()[0].lower()}.example")
    return entrant


def build(schema: dict, answers) -> Blind:
    edition = EditionFactory()
    category = CategoryFactory(edition=edition, code="TI", name="Tech-InnovaCity")
    form = EntryFormFactory(edition=edition, schema=schema)
    blind_round = RoundFactory(edition=edition, number=1, name="Online screening",
                               status=RoundStatus.OPEN, blind=True)
    for n, name in enumerate(("Innovation", "Design", "Impact"), start=1):
        CriterionFactory(round=blind_round, category=category, name=name, order=n)
    judge = make_judge(edition, "blind_judge@example.org", city="Berlin", country="DE",
                       organisation="Urban Institute")
    PanelMembershipFactory(round=blind_round, category=category, judge=judge)

    entries = []
    for n, (name, city, title) in enumerate([
        (ENTRANT, CITY, TITLE), (SECOND_ENTRANT, SECOND_CITY, f"Buses of {SECOND_CITY}"),
    ], start=1):
        entrant = entrant_with_members(name, city, members=MEMBERS if n == 1 else ())
        entry = EntryFactory(edition=edition, category=category, entrant=entrant, form=form,
                             status=EntryStatus.ELIGIBLE, reference=f"SCP-TI-{n:04d}",
                             answers=answers(title, name), title=title)
        RoundEntryFactory(round=blind_round, entry=entry)
        Assignment.objects.create(round=blind_round, entry=entry, judge=judge)
        entries.append(entry)
    entry = entries[0]

    report = attach(entry, FILE_NAMES[0], pdf_with_metadata(
        REPORT_TEXT, author=PDF_AUTHOR, title=PDF_TITLE, producer=PDF_PRODUCER,
        creator=CONTACT), PDF)
    photo = attach(entry, FILE_NAMES[1], jpeg_with_exif(), JPEG)
    budget = attach(entry, FILE_NAMES[2], docx_with_creator(), DOCX)
    anonymised = pdf_with_metadata(ANONYMISED_TEXT, author=ANONYMISED_AUTHOR)
    AnonymisedVersion.objects.create(
        attachment=report, file=ContentFile(anonymised, name="stored.pdf"),
        original_name=FILE_NAMES[3], content_type=PDF, size=len(anonymised), sha256="1" * 64)

    # A round that is not blind, in another category: its entrant may be named.
    other_category = CategoryFactory(edition=edition, code="HC", name="Human-CentriCity")
    open_round = RoundFactory(edition=edition, number=2, name="Open round",
                              status=RoundStatus.OPEN, blind=False)
    CriterionFactory(round=open_round, category=other_category, name="Impact")
    PanelMembershipFactory(round=open_round, category=other_category, judge=judge)
    plain_entry = EntryFactory(
        edition=edition, category=other_category, form=form, status=EntryStatus.ELIGIBLE,
        reference="SCP-HC-0001", entrant=EntrantFactory(name="Plainview Transit Board"),
        answers={"title": "Plainview buses", "summary": "Buses at night."},
        title="Plainview buses")
    RoundEntryFactory(round=open_round, entry=plain_entry)
    Assignment.objects.create(round=open_round, entry=plain_entry, judge=judge)

    blind = Blind(round=blind_round, open_round=open_round, judge=judge, entry=entry,
                  second=entries[1], plain_entry=plain_entry,
                  attachments=[report, photo, budget])
    for attachment in blind.attachments:
        with attachment.file.open("rb") as handle:
            blind.originals[attachment.pk] = handle.read()
    return blind


@pytest.fixture(params=list(FORMS))
def blind(request) -> Blind:
    schema, answers = FORMS[request.param]
    return build(schema, answers)


def test_the_files_really_carry_the_secret_words():
    """The check below would be worth nothing if the words were not in the uploads."""
    pdf = pdf_with_metadata(REPORT_TEXT, author=PDF_AUTHOR, title=PDF_TITLE,
                            producer=PDF_PRODUCER)
    for word in (PDF_AUTHOR, PDF_TITLE, PDF_PRODUCER, XMP_CREATOR):
        assert word.encode() in pdf
    jpeg = jpeg_with_exif()
    for word in (EXIF_ARTIST, JPEG_COMMENT, XMP_CREATOR, ENTRANT):
        assert word.encode() in jpeg
    with zipfile.ZipFile(io.BytesIO(docx_with_creator())) as package:
        assert DOCX_CREATOR.encode() in package.read("docProps/core.xml")


# --- Collecting every response -----------------------------------------------------------------


class Responses:
    """Every response the judge got, by what was asked."""

    def __init__(self, client: CommittingClient):
        self.client = client
        self.got: list[tuple[str, object]] = []

    def _keep(self, label, response):
        self.got.append((label, response))
        return response

    def get(self, url, **extra):
        label = f"GET {url}{' (htmx)' if extra else ''}"
        return self._keep(label, self.client.get(url, follow=True, **extra))

    def post(self, url, data=None, **extra):
        label = f"POST {url}{' (htmx)' if extra else ''} {data}"
        return self._keep(label, self.client.post(url, data or {}, follow=not extra, **extra))

    def leaks(self) -> list[str]:
        found = []
        for label, response in self.got:
            body = (b"".join(response.streaming_content) if response.streaming
                    else response.content)
            headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
            # where the redirects went (their Location headers)
            redirects = [url for url, _status in getattr(response, "redirect_chain", [])]
            texts = [body.decode("latin-1"), headers, *redirects]
            for text in texts:
                lowered = text.casefold()
                found += [f"{word!r} in {label}" for word in SECRET_WORDS
                          if word.casefold() in lowered]
        return found

    def status(self, url: str) -> list[int]:
        """The status of the GET of ``url``, as a page and as a fragment."""
        return [r.status_code for label, r in self.got
                if label in (f"GET {url}", f"GET {url} (htmx)")]


NOT_WALKED = {"account_logout"}  # the walk stays logged in


def route_names() -> list[tuple[str, tuple[str, ...]]]:
    """Every named URL of the site (but the admin's, which judges cannot enter) with its
    keyword arguments."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix)
            elif pattern.name and pattern.name not in NOT_WALKED:
                yield namespace + pattern.name, tuple(sorted(pattern.pattern.regex.groupindex))

    return sorted(set(walk(get_resolver().url_patterns, "")))


def every_url(blind: Blind) -> list[str]:
    """Each route with every combination of the ids at hand (the judge's own, the entry's files,
    another round's), as a judge could type them."""
    ids = {
        "round_id": [blind.round.pk, blind.open_round.pk],
        "entry_id": [blind.entry.pk, blind.second.pk, blind.plain_entry.pk],
        "pk": [*(a.pk for a in blind.attachments), blind.entry.pk, blind.second.pk],
        "category_id": [blind.entry.category_id],
        "token": [blind.judge.panels.first().token, "no-such-token"],
        "edition_slug": [blind.round.edition.slug], "slug": [blind.round.edition.slug],
        "step_key": ["project", "team", "files", "attachments", "overview", "city"],
        "number": [1, 2],
    }
    urls = []
    for name, kwargs in route_names():
        choices = [ids.get(k, ["1"]) for k in kwargs]
        for values in itertools.product(*choices):
            try:
                urls.append(reverse(name, kwargs=dict(zip(kwargs, values, strict=True))))
            except NoReverseMatch:
                continue
    return sorted(set(urls))


def scores(blind: Blind, values, *, version: int, entry: Entry | None = None, **more) -> dict:
    criteria = blind.round.criteria.filter(category_id=(entry or blind.entry).category_id)
    return {**{f"score-{c.pk}": v for c, v in zip(criteria.order_by("order"), values,
                                                   strict=False)},
            "version": version, "private_comment": "", "feedback": "", **more}


def collect(blind: Blind) -> Responses:
    judge = Responses(blind.client())
    # Every page, fragment, list, export and file of the site, as a page and as a fragment.
    for url in every_url(blind):
        judge.get(url)
        judge.get(url, **HTMX)
    judge.get(reverse("judging:dashboard") + "?status=bogus&category=x%27")
    judge.get(reverse("admin:index"))
    # The scoring page's actions, refused ones first.
    save, submit = blind.url("review_save"), blind.url("review_submit")

    def version(entry=blind.entry) -> int:
        return Review.objects.filter(assignment__round=blind.round, assignment__entry=entry,
                                     assignment__judge=blind.judge).values_list(
            "version", flat=True).first() or 1

    judge.post(save, scores(blind, ["abc", "99", ""], version=version()), **HTMX)
    judge.post(save, scores(blind, ["7", "8", "9"], version=version()), **HTMX)
    judge.post(save, scores(blind, ["7", "8", "9"], version=1), **HTMX)  # stale: 409
    judge.post(save, scores(blind, ["7", "x", "9"], version=version()))
    judge.post(submit, scores(blind, ["", "", ""], version=version()))
    judge.post(save, scores(blind, ["7", "8", "9"], version=version(), action="next"))
    judge.post(submit, scores(blind, ["7", "8", "9"], version=version()))
    judge.post(submit, {})  # submitted twice
    judge.post(blind.url("review_reopen"))
    judge.post(blind.url("review_abstain"), {"abstain-reason": ""})
    judge.post(blind.url("review_abstain"), {"abstain-reason": "Outside my field."})
    judge.post(blind.url("review_save", blind.second),
               scores(blind, ["5", "5", "5"], version=version(blind.second), action="next"))
    judge.post(blind.url("review_recuse"), {"recuse-reason": ""})
    judge.get(blind.url("review_attachment", pk=999_999))
    judge.get(f"/judging/rounds/{blind.round.pk}/entries/999999/")
    # Conflicts and profile: refused, then accepted (each may take entries off the list).
    edition = blind.round.edition.pk
    judge.post(reverse("judging:conflicts"), {"edition": edition, "scope": "city"})
    judge.post(reverse("judging:conflicts"), {
        "edition": edition, "scope": ConflictScope.CITY, "city": "Lisbon",
        "reason": "My home town."})
    judge.post(reverse("judging:profile"), {
        "expertise": "Energy", "organisation": "Urban Institute", "city": "Berlin",
        "country": "DE", "bio": ""})
    judge.post(blind.url("review_recuse", blind.entry), {"recuse-reason": "I know them."})
    judge.get(reverse("judging:dashboard"))
    judge.get(reverse("judging:conflicts"))
    return judge


# --- The tests ---------------------------------------------------------------------------------


def test_nothing_a_judge_can_fetch_names_the_entrant_of_a_blind_round(blind):
    judge = collect(blind)

    leaks = judge.leaks()

    assert leaks == []
    # Every action did what it does (so its page or fragment was really looked at).
    posts = [(label.split(" {")[0].split(" None")[0], r.status_code,
              [url for url, _s in getattr(r, "redirect_chain", [])]) for label, r in judge.got
             if label.startswith("POST")]
    review_url = blind.url("review")
    assert [(status, chain) for _label, status, chain in posts] == [
        (200, []), (200, []), (409, []),  # autosave: refused values, saved, stale
        (200, []), (400, []),  # a refused score; an incomplete submission
        (200, [blind.url("review", blind.second)]),  # "Save and next"
        (200, [review_url]), (200, [review_url]), (200, [review_url]),  # submit twice, reopen
        (400, []), (200, [review_url]),  # abstain without, then with a reason
        (200, [reverse("judging:dashboard")]),  # "Save and next": nothing left
        (400, []),  # recuse without a reason
        (400, []), (200, [reverse("judging:conflicts")]),  # conflicts
        (200, [reverse("judging:profile")]),
        (200, [reverse("judging:dashboard")]),  # recused
    ]
    # ...and the judge did see the entry, its answers and its files.
    page = judge.client.get(reverse("judging:dashboard")).content.decode()
    assert "SCP-TI-0002" in page  # what is left after recusing SCP-TI-0001
    assert judge.status(blind.url("review", blind.second)) == [200, 200]
    review = [r for label, r in judge.got if label == f"GET {blind.url('review')}"][0]
    assert SUMMARY in review.content.decode()
    assert "Attachment 1 (PDF," in review.content.decode()
    assert judge.status(blind.url("review_attachment", pk=blind.attachments[0].pk)) == [200, 200]


def test_the_files_of_a_blind_round_keep_their_pages_not_their_metadata(blind):
    client = blind.client()
    report, photo, budget = blind.attachments

    served = {a.pk: client.get(blind.url("review_attachment", pk=a.pk))
              for a in blind.attachments}

    assert [served[a.pk]["Content-Disposition"] for a in blind.attachments] == [
        'attachment; filename="attachment-1.pdf"', 'attachment; filename="attachment-2.jpg"',
        'attachment; filename="attachment-3.docx"']
    # The report: the entrant's anonymised version, as a PDF that still reads.
    pdf = PdfReader(io.BytesIO(served[report.pk].content))
    assert ANONYMISED_TEXT in pdf.pages[0].extract_text()
    assert pdf.metadata is None or not any(pdf.metadata.values())
    assert pdf.xmp_metadata is None
    # The photo: the same picture, without EXIF, XMP or comment.
    with Image.open(io.BytesIO(served[photo.pk].content)) as image:
        assert (image.format, image.size) == ("JPEG", (64, 48))
        assert not image.getexif() and "xmp" not in image.info and "comment" not in image.info
    # The budget: the same document, its properties empty.
    with zipfile.ZipFile(io.BytesIO(served[budget.pk].content)) as package:
        assert b"Lanterns: 250000 USD." in package.read("word/document.xml")
        assert DOCX_CREATOR.encode() not in package.read("docProps/core.xml")


def test_outside_a_blind_round_files_are_served_as_they_were_uploaded(blind):
    Round.objects.filter(pk=blind.round.pk).update(blind=False)
    client = blind.client()

    for attachment in blind.attachments:
        response = client.get(blind.url("review_attachment", pk=attachment.pk))
        body = b"".join(response.streaming_content)
        assert body == blind.originals[attachment.pk]
        assert response["Content-Disposition"].endswith(f'filename="{attachment.original_name}"')


def test_a_file_that_cannot_be_stripped_is_not_served_in_a_blind_round(blind):
    locked = attach(blind.entry, "Zephyrine-locked.pdf",
                    b"%PDF-1.4\n" + PDF_AUTHOR.encode() + b"\n(damaged)", PDF)

    response = blind.client().get(blind.url("review_attachment", pk=locked.pk))

    assert response.status_code == 422
    assert "Attachment 4 cannot be downloaded" in response.content.decode()
    assert PDF_AUTHOR.encode() not in response.content
    assert "Content-Disposition" not in response


def test_the_conflicts_page_names_no_entrant_of_a_blind_panel(blind):
    html = blind.client().get(reverse("judging:conflicts")).content.decode()

    options = re.findall(r"<option value=\"(\d*)\"[^>]*>([^<]*)</option>", html)
    blind_entries = [label for _v, label in options if label.startswith("SCP-TI")]
    assert blind_entries == ["SCP-TI-0001", "SCP-TI-0002"]
    assert (str(blind.plain_entry.entrant_id), "Plainview Transit Board") in options
    assert ENTRANT not in html and SECOND_ENTRANT not in html
    assert "Entrants of blind rounds are not listed" in html


@pytest.mark.parametrize("city", [CITY, "Lisbon"])
def test_declaring_a_city_says_the_same_whether_or_not_it_covers_a_blind_entry(blind, city):
    response = blind.client().post(reverse("judging:conflicts"), {
        "edition": blind.round.edition.pk, "scope": ConflictScope.CITY, "city": city,
        "reason": "I lived there."}, follow=True)

    page = response.content.decode()
    assert "Entries it covers, if any, are taken off your list" in page
    assert "taken off your list." not in page.replace("taken off your list and", "")
    assert "None of the entries assigned to you is affected." not in page


@pytest.mark.parametrize("city", [CITY, "Lisbon"])
def test_a_new_profile_city_says_the_same_whether_or_not_it_covers_a_blind_entry(blind, city):
    response = blind.client().post(reverse("judging:profile"), {
        "expertise": "Energy", "organisation": "Urban Institute", "city": city,
        "country": "DE", "bio": ""}, follow=True)

    page = response.content.decode()
    assert "Entries that conflict with your details, if any, are taken off your list" in page
    assert "1 entry was taken off your list" not in page


def test_the_emails_a_judge_of_a_blind_round_gets_name_no_entrant(blind):
    from judging import services

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.assignments_notify(round=blind.round) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.reminders_send(round=blind.round) == 1

    sent = [m for m in mail.outbox if m.to == [blind.judge.email]]
    assert len(sent) == 2
    for message in sent:
        texts = [message.subject, message.body,
                 *(content for content, _type in getattr(message, "alternatives", []))]
        assert [w for w in SECRET_WORDS for t in texts if w.casefold() in t.casefold()] == []


@pytest.mark.parametrize("status", [RoundStatus.CLOSED, RoundStatus.FINALISED])
def test_a_profile_change_after_a_blind_round_closed_cannot_probe_where_entries_come_from(
        blind, status):
    from judging import selectors, services

    Round.objects.filter(pk=blind.round.pk).update(status=status)
    blind.round.refresh_from_db()
    before = [a.entry_id for a in selectors.judge_assignments(blind.judge, blind.round)]

    services.judge_profile_update(user=blind.judge, by=blind.judge, data={
        "city": blind.entry.entrant.city, "country": blind.entry.entrant.country})
    during = [a.entry_id for a in selectors.judge_assignments(blind.judge, blind.round)]
    page = blind.client().get(blind.url("review"))

    assert blind.entry.pk in before
    assert during == before
    assert page.status_code == 200
