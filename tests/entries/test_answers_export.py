"""Every answer of every entry exported: one sheet (XLSX) or one CSV per application form in
use, a column per question headed by its label and key, typed values, files as links to the
staff download page, formulas neutralised, exactly the list's rows, for the edition's staff
alone, in the same number of queries for one entry or many."""

import csv
import io
import zipfile
from datetime import date
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from entries.enums import EntryStatus
from entries.models import Attachment, Entry, EntryForm
from prize.models import AuditEvent
from tests.factories import EntrantFactory, EntryFactory, EntryFormUseFactory

pytestmark = pytest.mark.django_db

PROJECT_SCHEMA = {
    "title_field": "title",
    "steps": [
        {"key": "basics", "title": "The project", "fields": [
            {"key": "title", "type": "text", "label": "Project title", "required": True},
            {"key": "started", "type": "date", "label": "Started on"},
            {"key": "cost", "type": "money", "label": "Cost"},
            {"key": "people", "type": "number", "label": "People reached"},
            {"key": "open_data", "type": "boolean", "label": "Open data"},
            {"key": "country", "type": "country", "label": "Where"},
            {"key": "sectors", "type": "multichoice", "label": "Sectors",
             "choices": [["mobility", "Mobility"], ["energy", "Energy"]]},
            {"key": "team", "type": "table", "label": "Team",
             "columns": [["name", "Name"], ["role", "Role"]]},
            {"key": "why", "type": "text", "label": "Why not",
             "show_if": {"field": "open_data", "in": ["no"]}},
        ]},
        {"key": "files", "title": "Files", "kind": "attachments"},
    ],
}


def export_url(season, fmt, **params):
    url = reverse("entry_tools:answers_export", kwargs={"edition_slug": season.edition.slug})
    return url + "?" + urlencode({"format": fmt, **params}, doseq=True)


def content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def two_forms(season):
    """The season's entry (the test form) and two entries of a second form, one with a file
    and a title a spreadsheet would run as a formula."""
    project = EntryForm.objects.create(edition=season.edition, name="Project form B",
                                       slug="project-b", schema=PROJECT_SCHEMA)
    EntryFormUseFactory(category=season.category, entrant_kind="corporation", form=project)
    firm = EntrantFactory(name="Sensors Ltd", kind="corporation", country="FR", city="Lyon")
    answers = {
        "title": "=HYPERLINK(\"http://evil.example\")", "started": "2022-03-01",
        "cost": {"amount": "250000", "currency": "KRW"}, "people": "1200",
        "open_data": True, "country": "KE", "sectors": ["mobility", "energy"],
        "team": [{"name": "Ana", "role": "Lead"}, {"name": "Bo", "role": "Data"}],
        "why": "hidden, open_data is yes",
    }
    first = EntryFactory(edition=season.edition, category=season.category, entrant=firm,
                         form=project, submitted=True, reference="SCP00-TI-0100",
                         answers=answers, title=answers["title"],
                         pending_answers={**answers, "title": "Not submitted yet"})
    attachment = Attachment.objects.create(
        entry=first, file=ContentFile(b"%PDF-1.4 test", name="plan.pdf"),
        original_name="plan.pdf", content_type="application/pdf", size=13, sha256="0" * 64)
    second = EntryFactory(edition=season.edition, category=season.category, entrant=firm,
                          form=project, submitted=True, reference="SCP00-TI-0101",
                          answers={"title": "Quiet", "open_data": False, "why": "Privacy"},
                          title="Quiet")
    return {"form": project, "first": first, "second": second, "attachment": attachment}


@pytest.mark.parametrize("persona,status", [
    ("anonymous", 302), ("entrant", 404), ("other_entrant", 404), ("judge", 404),
    ("coordinator", 200), ("secretariat", 200), ("superuser", 200),
])
def test_only_the_editions_staff_export(season, persona, status):
    response = season.client(persona).get(export_url(season, "csv"))
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]


def test_another_editions_staff_gets_404(season, make_persona):
    from prize.enums import Role
    from tests.factories import EditionFactory, RoleFactory, UserFactory

    other = EditionFactory(slug="elsewhere", is_current=False)
    user = UserFactory(email="elsewhere@example.org")
    RoleFactory(user=user, edition=other, role=Role.SECRETARIAT)
    client = season.client("anonymous")
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(export_url(season, "xlsx")).status_code == 404


def test_bad_format_and_unknown_form(season, two_forms):
    client = season.client("secretariat")
    assert client.get(export_url(season, "pdf")).status_code == 400
    assert client.get(export_url(season, "csv", form="999999")).status_code == 404
    assert client.get(export_url(season, "csv", form="x\x00")).status_code == 404
    assert client.get(export_url(season, "csv", form="9" * 40)).status_code == 404


def test_xlsx_has_a_sheet_per_form_with_typed_answers_links_and_no_formulas(season, two_forms):
    response = season.client("coordinator").get(export_url(season, "xlsx"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    book = load_workbook(io.BytesIO(content(response)))
    form_a = season.entry.form
    assert book.sheetnames == sorted([form_a.name, "Project form B"])
    sheet = book["Project form B"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Reference", "Title", "Category", "Status", "Entrant", "Country",
        "Project title [title]", "Started on [started]", "Cost [cost]: amount",
        "Cost [cost]: currency", "People reached [people]", "Open data [open_data]",
        "Where [country]", "Sectors [sectors]", "Team [team]", "Why not [why]",
        "Files (links)",
    )
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Reference"] == "SCP00-TI-0100"
    # text that looks like a formula stays text
    assert first["Title"] == "'=HYPERLINK(\"http://evil.example\")"
    assert sheet["B2"].data_type == "s"
    assert first["Started on [started]"].date() == date(2022, 3, 1)
    assert first["Cost [cost]: amount"] == 250000
    assert first["Cost [cost]: currency"] == "KRW"
    assert first["People reached [people]"] == 1200
    assert first["Open data [open_data]"] == "Yes"
    assert first["Where [country]"] == "Kenya"
    assert first["Sectors [sectors]"] == "Mobility\nEnergy"
    assert first["Team [team]"] == "Name: Ana · Role: Lead\nName: Bo · Role: Data"
    assert first["Why not [why]"] is None  # hidden by its condition, as on the page
    link = "http://testserver" + reverse("entries:attachment_download",
                                         kwargs={"pk": two_forms["attachment"].pk})
    assert first["Files (links)"] == link
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["Why not [why]"] == "Privacy" and second["Files (links)"] is None
    assert "Not submitted yet" not in str(rows)  # the submitted answers only
    other = list(book[form_a.name].iter_rows(values_only=True))
    assert other[0][6:] == ("Project title [title]", "Short summary [summary]",
                            "Sectors [sectors]", "Budget [budget_amount]", "Links [links]",
                            "Files (links)")
    assert [row[0] for row in other[1:]] == ["SCP00-TI-0001"]
    assert AuditEvent.objects.filter(action="entry.export_answers").count() == 1


def test_csv_is_a_zip_of_one_file_per_form_or_the_form_chosen(season, two_forms):
    client = season.client("secretariat")
    response = client.get(export_url(season, "csv"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(content(response)))
    assert sorted(archive.namelist()) == sorted([f"{season.entry.form.slug}.csv",
                                                 "project-b.csv"])
    raw = archive.read("project-b.csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][8:10] == ["Cost [cost]: amount", "Cost [cost]: currency"]
    assert rows[1][1] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows[1][7] == "2022-03-01" and rows[1][8] == "250000"
    # one form asked for: its CSV alone, streamed
    response = client.get(export_url(season, "csv", form=two_forms["form"].pk))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["SCP00-TI-0100", "SCP00-TI-0101"]


def test_the_rows_are_exactly_the_lists(season, two_forms):
    """The filters and the order of the entries list apply: search, status, sort."""
    client = season.client("secretariat")
    withdrawn = two_forms["second"]
    Entry.objects.filter(pk=withdrawn.pk).update(status=EntryStatus.WITHDRAWN)

    def references(**params):
        book = load_workbook(io.BytesIO(content(client.get(export_url(season, "xlsx",
                                                                      **params)))))
        return {name: [row[0] for row in list(book[name].iter_rows(values_only=True))[1:]]
                for name in book.sheetnames}

    form_a = season.entry.form.name
    # the default list: entered entries only (the withdrawn one is left out)
    assert references() == {form_a: ["SCP00-TI-0001"], "Project form B": ["SCP00-TI-0100"]}
    # every status (the season's draft has no reference yet), newest reference first
    assert references(status="all", sort="-reference") == {
        form_a: ["SCP00-TI-0001", None], "Project form B": ["SCP00-TI-0101", "SCP00-TI-0100"]}
    # a search keeps one form's entries: only that form's sheet
    assert references(q="Sensors") == {"Project form B": ["SCP00-TI-0100"]}
    # the list's page shows the same rows
    page = client.get(reverse("entries:staff_list", kwargs={
        "edition_slug": season.edition.slug}) + "?q=Sensors").content.decode()
    assert "SCP00-TI-0100" in page and "SCP00-TI-0001" not in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_same_queries_for_one_entry_or_many(season, two_forms, count_queries, fmt):
    client = season.client("secretariat")
    url = export_url(season, fmt)

    def export():
        assert content(client.get(url))

    export()  # warm caches (content types, the user's roles)
    few = count_queries(export)
    form = two_forms["form"]
    for n in range(30):
        entry = EntryFactory(edition=season.edition, category=season.category,
                             entrant=two_forms["first"].entrant, form=form, submitted=True,
                             reference=f"SCP00-TI-2{n:03d}",
                             answers=two_forms["first"].answers)
        Attachment.objects.create(entry=entry, file=ContentFile(b"%PDF-1.4", name="a.pdf"),
                                  original_name="a.pdf", content_type="application/pdf",
                                  size=8, sha256="0" * 64)
    many = count_queries(export)
    assert few == many


def test_the_editions_staff_page_links_to_the_tags_and_the_exports(season):
    page = season.client("coordinator").get(
        reverse("staff_edition", kwargs={"slug": season.edition.slug})).content.decode()
    assert reverse("entry_tools:tags", kwargs={"edition_slug": season.edition.slug}) in page
    assert export_url(season, "xlsx") in page and export_url(season, "csv") in page
