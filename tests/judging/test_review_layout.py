"""The scoring page on a phone and beside a PDF: the switch between the entry and the form (what
the server decides of it), "Read here" for PDFs, and the file served to be read in the page's
frame: inline for a PDF only, framed by our own pages only, private, the anonymised version in a
blind round, and a 404 for any file the judge may not see."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from entries.models import AnonymisedVersion
from entries.samples import sample_pdf
from judging.enums import RoundStatus
from judging.models import Round
from tests.judging.test_judge_views import attach, entry_url, make_blind, score_data, text

pytestmark = pytest.mark.django_db

PNG = "image/png"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def inline(url: str) -> str:
    return f"{url}?inline=1"


def read_here_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*\?read=\d+#file-viewer)"', html)


# --- The file served to be read in the page ----------------------------------------------------


def test_a_pdf_is_served_inline_framed_by_our_pages_only(judging):
    attachment = attach(judging.entry, "Seoul city budget 2023.pdf",
                        content=sample_pdf("Budget", "Crossings at night."))

    response = judging.client("judge").get(
        inline(entry_url("review_attachment", judging, pk=attachment.pk)))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Seoul city budget 2023.pdf"'
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_download_of_the_same_pdf_is_unchanged(judging):
    attachment = attach(judging.entry, "Seoul city budget 2023.pdf")

    response = judging.client("judge").get(
        entry_url("review_attachment", judging, pk=attachment.pk))

    assert response["Content-Disposition"] == 'attachment; filename="Seoul city budget 2023.pdf"'
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize("value", ["0", "yes", "", "1' OR 1=1"])
def test_only_inline_1_asks_for_the_inline_file(judging, value):
    attachment = attach(judging.entry, "Budget.pdf")
    url = entry_url("review_attachment", judging, pk=attachment.pk)

    response = judging.client("judge").get(url, {"inline": value})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Budget.pdf"'


def test_a_file_that_is_not_a_pdf_stays_a_download(judging):
    picture = attach(judging.entry, "Crossing.png", content=PNG_BYTES, content_type=PNG)

    response = judging.client("judge").get(
        inline(entry_url("review_attachment", judging, pk=picture.pk)))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Crossing.png"'
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_blind_round_serves_the_anonymised_version_as_its_download_does(judging):
    make_blind(judging)
    report = attach(judging.entry, "Seoul city report.pdf",
                    content=sample_pdf("Seoul city report", "Signed by the mayor of Seoul."))
    anonymised = sample_pdf("The report", "Crossings at night.")
    AnonymisedVersion.objects.create(
        attachment=report, file=ContentFile(anonymised, name="stored.pdf"),
        original_name="report-anonymised.pdf", content_type="application/pdf",
        size=len(anonymised), sha256="1" * 64)
    client = judging.client("judge")
    url = entry_url("review_attachment", judging, pk=report.pk)

    download = client.get(url)
    read = client.get(inline(url))

    assert read.status_code == 200
    assert read["Content-Disposition"] == 'inline; filename="attachment-1.pdf"'
    assert read["X-Frame-Options"] == "SAMEORIGIN"
    assert read["Cache-Control"] == "private, no-store"
    assert read.content == download.content
    assert b"Crossings at night." in read.content
    assert b"Seoul" not in read.content


def test_a_pdf_a_blind_round_cannot_clean_says_so_in_the_frame(judging):
    make_blind(judging)
    locked = attach(judging.entry, "Seoul (damaged).pdf", content=b"%PDF-1.4\n(damaged)")
    url = entry_url("review_attachment", judging, pk=locked.pk)
    client = judging.client("judge")

    read = client.get(inline(url))
    download = client.get(url)

    assert read.status_code == 422
    assert "Attachment 1 cannot be downloaded" in text(read)
    assert b"%PDF" not in read.content and b"Seoul" not in read.content
    assert read["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in read["Content-Security-Policy"]
    assert "Content-Disposition" not in read
    # the same page as a download's answer is framed by no one
    assert download.status_code == 422
    assert download["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in download["Content-Security-Policy"]


def test_a_blind_round_that_hides_the_files_serves_none_inline(judging):
    make_blind(judging, identifying_step="attachments")
    attachment = attach(judging.entry, "Seoul city budget 2023.pdf")

    response = judging.client("judge").get(
        inline(entry_url("review_attachment", judging, pk=attachment.pk)))

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "entrant", "unassigned_judge",
                                     "conflicted_judge", "coordinator", "second_judge"])
def test_whoever_may_not_see_the_file_gets_a_404(judging, persona):
    attachment = attach(judging.entry, "Seoul city budget 2023.pdf")
    url = inline(entry_url("review_attachment", judging, pk=attachment.pk))
    if persona == "second_judge":  # a judge of the entry, but through another entry's page
        url = inline(entry_url("review_attachment", judging, entry=judging.entries[3],
                               pk=attachment.pk))

    response = judging.client(persona).get(url)

    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_a_file_of_another_entry_is_not_served_inline_here(judging):
    theirs = attach(judging.entries[3], "Quito.pdf")

    response = judging.client("judge").get(
        inline(entry_url("review_attachment", judging, pk=theirs.pk)))

    assert response.status_code == 404


# --- "Read here" on the page -------------------------------------------------------------------


def test_read_here_is_offered_for_pdfs_only(judging):
    report = attach(judging.entry, "Report.pdf")
    attach(judging.entry, "Crossing.png", content=PNG_BYTES, content_type=PNG)

    html = judging.client("judge").get(entry_url("review", judging)).content.decode()

    page = entry_url("review", judging)
    assert read_here_links(html) == [f"{page}?read={report.pk}#file-viewer"]
    assert text_of(html).count("Read here") == 1
    file_url = entry_url("review_attachment", judging, pk=report.pk)
    assert f'href="{file_url}?inline=1" target="_blank"' in html
    # the viewer is there for the page's script, closed and empty
    assert re.search(r'<section class="judge-viewer[^"]*" id="file-viewer"[^>]* hidden>', html)
    assert re.search(r'<iframe [^>]*id="file-viewer-frame"[^>]*>', html)
    assert "src=" not in re.search(r"<iframe [^>]*>", html).group(0)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_read_opens_the_viewer_without_javascript(judging):
    report = attach(judging.entry, "Report.pdf")
    file_url = entry_url("review_attachment", judging, pk=report.pk)

    response = judging.client("judge").get(entry_url("review", judging), {"read": report.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="file-viewer" aria-labelledby="file-viewer-heading">', html)
    assert f'title="Report.pdf" src="{file_url}?inline=1"' in html
    assert "Reading: Report.pdf" in text(response)
    assert 'data-shown="entry"' in html  # a phone shows the entry, where the viewer is


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "", "1e3"])
def test_a_read_of_no_listed_pdf_opens_nothing(judging, value):
    attach(judging.entry, "Report.pdf")
    attach(judging.entries[3], "Quito.pdf")  # another entry's file is not read here either

    for asked in (value, str(judging.entries[3].attachments.get().pk)):
        response = judging.client("judge").get(entry_url("review", judging), {"read": asked})
        assert response.status_code == 200
        assert "Quito" not in response.content.decode()
        assert "<iframe" in response.content.decode()
        assert " src=" not in re.search(r"<iframe [^>]*>", response.content.decode()).group(0)


def test_a_picture_is_not_read_in_the_viewer(judging):
    picture = attach(judging.entry, "Crossing.png", content=PNG_BYTES, content_type=PNG)

    response = judging.client("judge").get(entry_url("review", judging), {"read": picture.pk})

    assert " src=" not in re.search(r"<iframe [^>]*>", response.content.decode()).group(0)


def test_a_blind_round_reads_the_file_under_its_neutral_name(judging):
    make_blind(judging)
    report = attach(judging.entry, "Seoul city budget 2023.pdf")

    response = judging.client("judge").get(entry_url("review", judging), {"read": report.pk})

    assert "Reading: Attachment 1 (PDF, 18 bytes)" in text(response)
    assert "Seoul city budget" not in response.content.decode()


def test_the_page_may_frame_its_own_files_and_nothing_else(judging):
    response = judging.client("judge").get(entry_url("review", judging))

    policy = dict(part.strip().split(" ", 1) for part in
                  response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["frame-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_the_page_lists_many_files_in_the_same_number_of_queries(judging, count_queries):
    make_blind(judging)
    client = judging.client("judge")
    url = entry_url("review", judging)
    counts = []
    for total in (1, 20):
        while judging.entry.attachments.count() < total:
            report = attach(judging.entry, "Report.pdf")
            AnonymisedVersion.objects.create(
                attachment=report, file=ContentFile(b"%PDF-1.4 x", name="stored.pdf"),
                original_name="anonymised.pdf", content_type="application/pdf", size=10,
                sha256="1" * 64)
        asked = {"read": judging.entry.attachments.order_by("uploaded_at", "pk").first().pk}
        client.get(url, asked)
        counts.append(count_queries(lambda q=asked: client.get(url, q)))
        html = client.get(url, asked).content.decode()
        assert len(read_here_links(html)) == total
        assert "Reading: Attachment 1 (PDF" in text_of(html)  # the first is the one read
    assert counts[0] == counts[1]


# --- The switch between the entry and the form -------------------------------------------------


def test_without_javascript_both_panels_are_there_with_a_skip_link_to_the_form(judging):
    html = judging.client("judge").get(entry_url("review", judging)).content.decode()

    assert '<a class="judge-skip btn btn-outline-primary mb-3" href="#review-heading">' \
        'Skip to your scores</a>' in html
    assert '<div class="judge-switch" role="group" aria-label="Show the entry or your scores" ' \
        'hidden>' in html
    assert 'id="entry-panel"' in html and 'id="score-panel"' in html
    assert 'data-shown=""' in html  # the browser's remembered choice decides


def test_the_score_button_counts_the_criteria_scored_and_shows_the_total(judging):
    client = judging.client("judge")
    client.post(entry_url("review_save", judging), score_data(judging, ["8", "6"]))
    html = client.get(entry_url("review", judging)).content.decode()
    assert re.search(r'id="score-state"[^>]*>2 of 3 scored</span>', html)

    client.post(entry_url("review_save", judging), score_data(judging, ["8", "6", "7"],
                                                              version=2))
    html = client.get(entry_url("review", judging)).content.decode()
    assert re.search(r'id="score-state"[^>]*>3 of 3 scored · 69\.4</span>', html)


def test_a_refused_submit_shows_the_form_with_the_first_missing_score_focused(judging):
    response = judging.client("judge").post(
        entry_url("review", judging), score_data(judging, ["8", ""], action="submit"))

    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-shown="score"' in html
    autofocused = re.findall(r'<input [^>]*autofocus[^>]*>', html)
    assert len(autofocused) == 1
    assert f'id="score-{judging.criteria[1].pk}"' in autofocused[0]


def test_a_reason_to_correct_shows_the_form(judging):
    response = judging.client("judge").post(entry_url("review_abstain", judging),
                                            {"abstain-reason": ""})

    assert response.status_code == 400
    assert 'data-shown="score"' in response.content.decode()


def test_a_closed_round_shows_the_scores_read_only_with_the_switch(judging):
    Round.objects.filter(pk=judging.round.pk).update(status=RoundStatus.CLOSED)

    response = judging.client("judge").get(entry_url("review", judging))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="review-form"' not in html
    assert re.search(r'id="score-state"[^>]*>0 of 3 scored</span>', html)
    assert reverse("judging:review_save", args=[judging.round.pk, judging.entry.pk]) not in html
