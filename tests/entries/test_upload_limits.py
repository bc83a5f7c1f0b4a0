"""An upload over the limit is refused before its body is read: from its Content-Length (the
attachments page's own limit, and UPLOAD_MAX_REQUEST_MB for every request), and, while it is
read, at the first file over the step's size. The page says why; the draft is kept."""

import io

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from entries.models import Attachment
from entries.samples import sample_pdf
from prize.uploads import FORM_MARGIN, MB
from tests.entries.test_attachments_views import close_call, limit_files, stored_files, upload

pytestmark = pytest.mark.django_db


class CountingStream(io.RawIOBase):
    """The request body as the server hands it over, counting what the application reads."""

    def __init__(self, body: bytes):
        self.body = io.BytesIO(body)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = self.body.read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = self.body.readline(size)
        self.bytes_read += len(line)
        return line


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def post_body(client, url, body: bytes, *, content_length: int | None = None, **headers):
    stream = CountingStream(body)
    response = client.generic(
        "POST", url, data=body, content_type=MULTIPART_CONTENT,
        **{"wsgi.input": stream, "CONTENT_LENGTH": str(content_length or len(body))},
        **headers,
    )
    return response, stream


def files_body(*files, continue_=False) -> bytes:
    data = {"files": list(files)}
    if continue_:
        data["continue"] = "1"
    return encode_multipart(BOUNDARY, data)


def page_url(entry):
    return reverse("entries:attachments", args=[entry.pk])


def draft_state(entry):
    entry.refresh_from_db()
    return entry.answers, entry.version, entry.status


def test_a_huge_content_length_is_refused_on_the_page_without_reading_the_body(season, media):
    before = draft_state(season.draft)
    body = files_body(upload("plan.pdf", sample_pdf("plan")))

    response, stream = post_body(season.client("entrant"), page_url(season.draft), body,
                                 content_length=50 * 1024 * MB)

    assert response.status_code == 413
    assert stream.bytes_read == 0
    html = response.content.decode()
    assert "Nothing was uploaded" in html
    assert ("What you sent comes to 50.0\xa0GB, more than this upload can take (201.0\xa0MB). "
            "Nothing was saved. You can add 10 more files of at most 20 MB each; choose fewer "
            "or smaller files and upload them again.") in html
    assert 'id="upload-form"' in html  # the attachments page itself, ready for another try
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []
    assert draft_state(season.draft) == before


def test_the_page_limit_follows_the_files_the_entry_can_still_take(season, media):
    limit_files(season.draft, max_files=2, max_mb=1)
    client = season.client("entrant")
    client.post(page_url(season.draft), {"files": [upload("a.pdf", sample_pdf("a"))]})
    body = files_body(upload("b.pdf", sample_pdf("b")))

    response, stream = post_body(client, page_url(season.draft), body,
                                 content_length=MB + FORM_MARGIN + 1)

    assert response.status_code == 413
    assert stream.bytes_read == 0
    assert ("What you sent comes to 2.0\xa0MB, more than this upload can take (2.0\xa0MB). "
            "Nothing was saved. You can add 1 more file of at most 1 MB; choose a smaller "
            "one.") in response.content.decode()
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["a.pdf"]

    within, _stream = post_body(client, page_url(season.draft), body)
    assert within.status_code == 302
    assert Attachment.objects.count() == 2


def test_a_closed_entry_refuses_any_upload_before_reading_it(season, media):
    close_call(season.edition)
    body = files_body(upload("late.pdf", sample_pdf("late")))

    response, stream = post_body(season.client("entrant"), page_url(season.draft), body,
                                 content_length=FORM_MARGIN + 1)

    assert response.status_code == 413
    assert stream.bytes_read == 0
    assert "Nothing was uploaded" in response.content.decode()
    assert Attachment.objects.count() == 0


def test_an_htmx_request_gets_the_message_as_a_fragment(season):
    body = files_body(upload("plan.pdf", sample_pdf("plan")))

    response, stream = post_body(season.client("entrant"), page_url(season.draft), body,
                                 content_length=300 * MB, HTTP_HX_REQUEST="true")

    assert response.status_code == 413
    assert stream.bytes_read == 0
    html = response.content.decode()
    assert html.startswith('<div class="alert alert-danger" role="alert" id="upload-errors"')
    assert "<html" not in html
    assert "What you sent comes to 300.0\xa0MB" in html


def test_a_file_over_the_size_stops_the_upload_where_it_passes_the_limit(season, media):
    limit_files(season.draft, max_mb=1)
    before = draft_state(season.draft)
    big = b"%PDF-" + b"0" * (8 * MB)
    body = files_body(upload("first.pdf", sample_pdf("first")), upload("big.pdf", big),
                      upload("after.pdf", sample_pdf("after")))
    assert len(body) < 10 * MB + FORM_MARGIN  # the Content-Length check lets it through

    response, stream = post_body(season.client("entrant"), page_url(season.draft), body)

    # reading stopped a little past the first megabyte of big.pdf, not at the end of the body
    assert stream.bytes_read < 2 * MB
    assert len(body) - stream.bytes_read > 6 * MB
    assert response.status_code == 200
    html = response.content.decode()
    assert ("<strong class=\"text-break\">big.pdf</strong>: This file is larger than 1 MB, the "
            "limit per file. The upload stopped there: choose any files after it again.") in html
    assert "The other file was added." in html
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["first.pdf"]
    assert len(stored_files(media)) == 1
    assert draft_state(season.draft) == before


def test_every_request_over_the_site_limit_is_refused_before_it_is_read(season, settings):
    settings.UPLOAD_MAX_REQUEST_MB = 1
    body = encode_multipart(BOUNDARY, {"email": "colleague@example.org"})
    url = reverse("entries:collaborators")

    response, stream = post_body(season.client("entrant"), url, body,
                                 content_length=MB + 1, HTTP_REFERER=f"http://testserver{url}")

    assert response.status_code == 413
    assert stream.bytes_read == 0
    html = response.content.decode()
    assert "<h1>Upload too large</h1>" in html
    assert ("What you sent comes to 1.0\xa0MB, more than the 1.0\xa0MB one upload can take. "
            "Nothing was saved and nothing you had before has changed") in html
    assert f'href="http://testserver{url}"' in html  # back to where it came from
    assert "Content-Security-Policy" in response

    fragment, _stream = post_body(season.client("entrant"), url, body,
                                  content_length=MB + 1, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 413
    assert fragment.content.decode().startswith('<div class="alert alert-danger"')


def test_data_upload_max_memory_size_is_set():
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * MB
    assert settings.UPLOAD_MAX_REQUEST_MB == 210
