"""The MC's script as a PDF: it opens, every page is headed CONFIDENTIAL and numbered "Page N
of M", its metadata says it is confidential, it holds every cue's text in order (winners with
the pronunciation and the receiver from the reply, the nominees, the presenters, the MC's
notes, the problems), in large type, with Korean as well as Latin text, and text that looks
like markup printed as it is."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from ceremony import script as run_of_show
from ceremony import script_pdf
from ceremony.models import Invitation
from tests.ceremony.script_support import evening_fixture  # noqa: F401
from tests.ceremony.staff_support import ceremony_fixture, client_of, url  # noqa: F401

pytestmark = pytest.mark.django_db


def download(final) -> tuple[PdfReader, list[str]]:
    response = client_of(final, "coordinator").get(url(final, "staff_script_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="{final.edition.short_name}-mc-script-confidential.pdf"')
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_page_is_confidential_and_numbered(evening):
    reader, pages = download(evening)
    total = len(pages)
    assert total >= 8  # the cover, then one page (at least) per cue: 7 cues
    for number, text in enumerate(pages, start=1):
        assert text.startswith("CONFIDENTIAL") or "\nCONFIDENTIAL\n" in f"\n{text}\n"
        assert f"Page {number} of {total}" in text
        assert f"MC's script · {evening.edition.short_name}" in text
    meta = reader.metadata
    assert meta.title == f"CONFIDENTIAL: MC's script, {evening.edition.name}"
    assert meta.subject.startswith("CONFIDENTIAL")
    assert "CONFIDENTIAL" in meta["/Keywords"]


def test_it_holds_every_cue_in_order(evening):
    first = evening.finalists[evening.categories[0].pk]
    _reader, pages = download(evening)
    cover, text = flat(pages[0]), flat(" ".join(pages))
    assert "Before the evening" in cover
    assert "Leadership" in cover  # presented by no item
    assert "Cue 7, Special Mention: No confirmed winner: the reveal will refuse this cue." \
        in cover
    starts = [text.index(f"Cue {n} of 7 · ") for n in range(1, 8)]
    assert starts == sorted(starts)
    cue = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    assert cue[0].startswith("Cue 1 of 7 · 18:00 · Welcome Welcome 18:00 to 18:10 (10 min)")
    assert "Speaks: Host Park, Master of ceremonies, WeGO (say: PARK)" in cue[0]
    assert "Notes for the MC Thank the Mayor of Seoul first. Then the sponsors." in cue[0]
    assert cue[2].startswith("Cue 3 of 7 · 18:10 · Nominees The nominees for Silver")
    assert all(n.entrant.name in cue[2] for n in first)
    assert cue[3].startswith(f"Cue 4 of 7 · 18:10 · Winner Silver: {first[1].entrant.name}")
    assert "Only 1 of 2 winners confirmed for this award." in cue[3]
    assert "Receives the prize: not told yet" in cue[3]
    assert first[1].entrant.name not in cue[4]  # Gold's nominees: Silver's winner is out
    gold = cue[5]
    assert gold.startswith(f"Cue 6 of 7 · 18:10 · Winner Gold: {first[0].entrant.name}")
    for part in ("Award: Gold · Tier: Gold · Category: Category 0", "Say: FIN-a-list WON",
                 "City, country Town 1, South Korea", "Project Project 1",
                 "Citation For a city that listens & learns.",
                 "Presents: Ms Presenter, President & CEO, SEMI (say: pre-ZEN-ter)",
                 "Receives the prize: Deputy Mayor Lee, Deputy Mayor for Digital Affairs"):
        assert part in gold, part
    assert cue[6].startswith("Cue 7 of 7 · 18:10 · No confirmed winner Special Mention")
    assert "Skip this award on the night" in cue[6]


def test_large_type_for_the_stage(evening):
    reader = PdfReader(io.BytesIO(script_pdf.render(run_of_show.script(evening.edition))))
    gold = next(page for page in reader.pages if "· Winner Gold:" in flat(page.extract_text()))
    sizes = []
    gold.extract_text(visitor_text=lambda text, cm, tm, font, size:
                                 text.strip() and sizes.append(size * tm[0]))
    assert min(sizes) >= 10  # the header and footer; the cue itself is larger
    assert max(sizes) >= 30  # the winner's name
    assert sorted(sizes)[len(sizes) // 2] >= 16


def test_korean_and_markup_are_printed_as_they_are(evening):
    first = evening.finalists[evening.categories[0].pk]
    entrant = first[0].entrant
    entrant.name = "서울특별시 <b>& Co</b>"
    entrant.save(update_fields=["name"])
    Invitation.objects.filter(entry=first[0]).update(
        pronunciation="서울: SUH-ool", recipient_name="오세훈 <i>", replied_at=timezone.now())
    evening.evening.welcome.notes = "Line <br/> one\x0b & two"
    evening.evening.welcome.save(update_fields=["notes"])
    _reader, pages = download(evening)
    text = flat(" ".join(pages))
    assert "Winner Gold: 서울특별시 <b>& Co</b>" in text
    assert "Say: 서울: SUH-ool" in text
    assert "Receives the prize: 오세훈 <i>" in text
    assert "Line <br/> one" in text


def test_an_empty_programme_still_makes_a_pdf(ceremony):
    _reader, pages = download(ceremony)
    assert len(pages) == 1
    assert "The programme has no items yet: the script is empty." in flat(pages[0])
    assert "Page 1 of 1" in pages[0]
