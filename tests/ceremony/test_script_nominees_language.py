"""The MC's script names the nominees to read out in the reader's language, on the page and in
its PDF alike: both ask for the same message (one singular, one plural), so the one Korean
translation serves both."""

import io

import pytest
from pypdf import PdfReader

from tests.ceremony.script_support import evening_fixture  # noqa: F401
from tests.ceremony.staff_support import ceremony_fixture, client_of, url  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_page_and_the_pdf_read_the_same_korean(evening, korean_catalogue):
    korean_catalogue("Read out the nominee", "수상 후보 %(counter)s건 호명", plural=True)
    coordinator = evening.users["coordinator"]
    coordinator.language = "ko"
    coordinator.save(update_fields=["language"])
    client = client_of(evening, "coordinator")
    page = client.get(url(evening, "staff_script")).content.decode()
    response = client.get(url(evening, "staff_script_pdf"))
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "수상 후보 4건 호명" in page
    assert "수상 후보 4건 호명" in " ".join(text.split())
    assert "Read out the" not in page
