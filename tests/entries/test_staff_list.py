"""The secretariat's entries list: filters, search, sorting, pagination, bounded queries, and
the CSV and XLSX exports of exactly the filtered rows."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from entries.enums import EntryStatus
from entries.exports import neutralise
from entries.models import ScreeningDecision
from prize.enums import EntrantKind
from tests.factories import CategoryFactory, EntrantFactory, EntryFactory, EntryFormUseFactory

pytestmark = pytest.mark.django_db


def list_url(season, **params):
    url = reverse("entries:staff_list", kwargs={"edition_slug": season.edition.slug})
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params, doseq=True)
    return url


def export_url(season, fmt, **params):
    url = reverse("entries:staff_export", kwargs={"edition_slug": season.edition.slug})
    from urllib.parse import urlencode

    return url + "?" + urlencode({"format": fmt, **params}, doseq=True)


def entered(season, reference, title, *, entrant=None, category=None, status=None,
            submitted_at=None, saved_at=None):
    """An entered entry of the season, with its own reference and title."""
    return EntryFactory(
        edition=season.edition, category=category or season.category,
        entrant=entrant or season.other_entrant, form=season.entry.form,
        submitted=True, reference=reference, title=title,
        answers={"title": title}, status=status or EntryStatus.SUBMITTED,
        submitted_at=submitted_at or datetime(2023, 6, 1, tzinfo=UTC),
        last_saved_at=saved_at or datetime(2023, 6, 1, tzinfo=UTC),
    )


def references(response) -> list[str]:
    return [entry.reference for entry in response.context["page"].object_list]


@pytest.fixture
def staff(season):
    return season.client("secretariat")


@pytest.fixture
def world(season):
    """Entries from several places and kinds, besides the season's own submitted entry (Seoul,
    city government, SCP00-TI-0001) and its draft."""
    leadership = CategoryFactory(edition=season.edition, code="LS", name="Leadership",
                                 slug="leadership",
                                 allowed_entrant_kinds=[EntrantKind.INDIVIDUAL])
    EntryFormUseFactory(category=leadership, entrant_kind=EntrantKind.INDIVIDUAL,
                        form=season.entry.form)
    nairobi = EntrantFactory(name="Nairobi City County", city="Nairobi", country="KE",
                             wego_member=True)
    mayor = EntrantFactory(name="Ana Mayor", kind=EntrantKind.INDIVIDUAL, city="Bogotá",
                           country="CO")
    firm = EntrantFactory(name="Sensors Ltd", kind=EntrantKind.CORPORATION, city="Lyon",
                          country="FR")
    return {
        "nairobi": entered(season, "SCP00-TI-0002", "Clean water kiosks", entrant=nairobi,
                           status=EntryStatus.ELIGIBLE,
                           submitted_at=datetime(2023, 6, 3, tzinfo=UTC)),
        "mayor": entered(season, "SCP00-LS-0001", "A mayor for open data", entrant=mayor,
                         category=leadership, submitted_at=datetime(2023, 6, 2, tzinfo=UTC)),
        "firm": entered(season, "SCP00-TI-0003", "Zebra crossings that listen", entrant=firm,
                        status=EntryStatus.INELIGIBLE,
                        submitted_at=datetime(2023, 5, 30, tzinfo=UTC)),
        "withdrawn": entered(season, "SCP00-TI-0004", "Withdrawn idea", entrant=firm,
                             status=EntryStatus.WITHDRAWN),
        "leadership": leadership,
    }


# --- What the list shows -----------------------------------------------------------------------


def test_the_default_view_lists_entered_entries_and_says_so(season, world, staff):
    response = staff.get(list_url(season))

    assert response.status_code == 200
    assert references(response) == ["SCP00-LS-0001", "SCP00-TI-0001", "SCP00-TI-0002",
                                    "SCP00-TI-0003"]
    content = response.content.decode()
    assert "showing entered entries (submitted, eligible, ineligible)" in content
    assert "4 entries" in content


def test_drafts_and_withdrawn_entries_are_listed_when_asked_for(season, world, staff):
    everything = staff.get(list_url(season, status="all"))
    drafts = staff.get(list_url(season, status="draft"))
    withdrawn = staff.get(list_url(season, status="withdrawn"))

    assert everything.context["page"].paginator.count == 6
    assert [e.pk for e in drafts.context["page"].object_list] == [season.draft.pk]
    assert references(withdrawn) == ["SCP00-TI-0004"]
    assert "showing entered entries" not in everything.content.decode()


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "eligible"}, ["SCP00-TI-0002"]),
    ({"status": "ineligible"}, ["SCP00-TI-0003"]),
    ({"category": "leadership"}, ["SCP00-LS-0001"]),
    ({"kind": "individual"}, ["SCP00-LS-0001"]),
    ({"kind": "corporation"}, ["SCP00-TI-0003"]),
    ({"country": "KE"}, ["SCP00-TI-0002"]),
    ({"region": "americas"}, ["SCP00-LS-0001"]),
    ({"region": "asia"}, ["SCP00-TI-0001"]),
    ({"region": "europe"}, ["SCP00-TI-0003"]),
    ({"wego": "yes"}, ["SCP00-TI-0002"]),
    ({"wego": "no"}, ["SCP00-LS-0001", "SCP00-TI-0001", "SCP00-TI-0003"]),
    ({"region": "europe", "status": "all"}, ["SCP00-TI-0003", "SCP00-TI-0004"]),
    ({"kind": "city_government", "wego": "no"}, ["SCP00-TI-0001"]),
])
def test_each_filter_narrows_the_rows(season, world, staff, params, expected):
    response = staff.get(list_url(season, **params))

    assert references(response) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("scp00-ti-0002", ["SCP00-TI-0002"]),  # reference, any case
    ("kiosks", ["SCP00-TI-0002"]),  # title
    ("sensors", ["SCP00-TI-0003"]),  # entrant name
    ("bogot", ["SCP00-LS-0001"]),  # city
    ("zebra lyon", ["SCP00-TI-0003"]),  # every word, in any field
    ("zebra nairobi", []),
])
def test_search_finds_reference_title_entrant_and_city(season, world, staff, query, expected):
    response = staff.get(list_url(season, q=query))

    assert references(response) == expected


def test_a_search_with_no_match_says_so(season, world, staff):
    response = staff.get(list_url(season, q="nothing like this"))

    assert "No entry matches these filters." in response.content.decode()


@pytest.mark.parametrize(("sort", "expected"), [
    ("reference", ["SCP00-LS-0001", "SCP00-TI-0001", "SCP00-TI-0002", "SCP00-TI-0003"]),
    ("-reference", ["SCP00-TI-0003", "SCP00-TI-0002", "SCP00-TI-0001", "SCP00-LS-0001"]),
    # titles: "A mayor…", "Clean water…", "Smart crossings…" (the season's), "Zebra…"
    ("title", ["SCP00-LS-0001", "SCP00-TI-0002", "SCP00-TI-0001", "SCP00-TI-0003"]),
    ("-title", ["SCP00-TI-0003", "SCP00-TI-0001", "SCP00-TI-0002", "SCP00-LS-0001"]),
    # entrants: Ana Mayor, City of Seoul, Nairobi City County, Sensors Ltd
    ("entrant", ["SCP00-LS-0001", "SCP00-TI-0001", "SCP00-TI-0002", "SCP00-TI-0003"]),
    ("-entrant", ["SCP00-TI-0003", "SCP00-TI-0002", "SCP00-TI-0001", "SCP00-LS-0001"]),
    # country names: Colombia, France, Kenya, South Korea
    ("country", ["SCP00-LS-0001", "SCP00-TI-0003", "SCP00-TI-0002", "SCP00-TI-0001"]),
    ("-country", ["SCP00-TI-0001", "SCP00-TI-0002", "SCP00-TI-0003", "SCP00-LS-0001"]),
])
def test_sorting_orders_the_rows(season, world, staff, sort, expected):
    response = staff.get(list_url(season, sort=sort))

    assert references(response) == expected


def test_sorting_by_submission_and_last_save(season, world, staff):
    season.entry.submitted_at = datetime(2023, 6, 5, tzinfo=UTC)
    season.entry.last_saved_at = datetime(2023, 5, 1, tzinfo=UTC)
    season.entry.save()

    by_submission = staff.get(list_url(season, sort="submitted"))
    latest_first = staff.get(list_url(season, sort="-submitted"))
    by_save = staff.get(list_url(season, sort="saved"))

    assert references(by_submission) == ["SCP00-TI-0003", "SCP00-LS-0001", "SCP00-TI-0002",
                                         "SCP00-TI-0001"]
    assert references(latest_first) == ["SCP00-TI-0001", "SCP00-TI-0002", "SCP00-LS-0001",
                                        "SCP00-TI-0003"]
    assert references(by_save)[0] == "SCP00-TI-0001"


def test_the_sorted_column_is_announced_and_its_link_reverses_it(season, world, staff):
    content = staff.get(list_url(season, sort="-title")).content.decode()

    assert 'aria-sort="descending"><a href="?sort=title">' in content


def test_an_unknown_filter_value_is_ignored_and_explained(season, world, staff):
    response = staff.get(list_url(season, region="atlantis", kind="individual"))

    assert references(response) == ["SCP00-LS-0001"]  # the valid filter still applies
    assert "Some filters were not understood" in response.content.decode()


def test_the_list_pages_fifty_entries_at_a_time(season, staff):
    for n in range(2, 53):
        entered(season, f"SCP00-TI-{n:04d}", f"Project {n}")

    first = staff.get(list_url(season))
    second = staff.get(list_url(season, page=2))

    assert first.context["page"].paginator.count == 52
    assert len(first.context["page"].object_list) == 50
    assert references(second) == ["SCP00-TI-0051", "SCP00-TI-0052"]
    assert "Page 2 of 2" in second.content.decode()


def test_unsent_decisions_are_counted_with_a_button_to_send_them(season, world, staff):
    for entry in (world["nairobi"], world["firm"]):
        ScreeningDecision.objects.create(entry=entry, decision=entry.status, reason="Checked.")

    content = staff.get(list_url(season)).content.decode()

    assert "2 decisions not yet sent to entrants." in content
    assert reverse("entries:staff_release", args=[season.edition.slug]) in content


def test_coordinators_see_the_list_without_the_screening_controls(season, world):
    ScreeningDecision.objects.create(entry=world["nairobi"], decision="eligible", reason="Ok.")

    response = season.client("coordinator").get(list_url(season))

    content = response.content.decode()
    assert response.status_code == 200
    assert "1 decision not yet sent to its entrant." in content
    assert 'name="entries"' not in content
    assert "Mark selected eligible" not in content
    assert reverse("entries:staff_release", args=[season.edition.slug]) not in content


def test_the_list_makes_the_same_number_of_queries_for_1_and_50_entries(
    season, staff, count_queries
):
    url = list_url(season)
    staff.get(url)  # warm up: session, content types
    with_one = count_queries(lambda: staff.get(url))
    for n in range(2, 51):
        entrant = EntrantFactory(country=["KR", "FR", "KE", "CO", "BR"][n % 5])
        entry = entered(season, f"SCP00-TI-{n:04d}", f"Project {n}", entrant=entrant)
        ScreeningDecision.objects.create(entry=entry, decision="eligible", reason="Fine.")
    with_fifty = count_queries(lambda: staff.get(url))

    assert with_fifty == with_one


# --- Exports -----------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_csv_export_holds_exactly_the_filtered_rows(season, world, staff):
    response = staff.get(export_url(season, "csv", region="europe", status="all",
                                    sort="-reference"))

    rows = read_csv(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = datetime.now(season.edition.tz).date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{season.edition.short_name}-entries-{today}.csv"'
    )
    assert rows[0] == [
        "Reference", "Title", "Category", "Status", "Entrant", "Entrant kind", "City",
        "Country", "Region", "WeGO member", "Contact e-mail", "Submitted (Asia/Seoul)",
        "Last saved (Asia/Seoul)", "Changes not submitted since (Asia/Seoul)",
        "Latest screening decision", "Screening reason",
    ]
    assert [row[0] for row in rows[1:]] == ["SCP00-TI-0004", "SCP00-TI-0003"]
    firm = world["firm"].entrant
    assert rows[2] == [
        "SCP00-TI-0003", "Zebra crossings that listen", "Tech-InnovaCity", "Ineligible",
        "Sensors Ltd", "Corporation", "Lyon", "France", "Europe", "No", firm.contact_email,
        "2023-05-30 09:00", "2023-06-01 09:00", "", "", "",
    ]


def test_the_csv_keeps_korean_and_accented_names(season, world, staff):
    world["mayor"].entrant.name = "서울특별시 · Ana Bogotá"
    world["mayor"].entrant.save()

    rows = read_csv(staff.get(export_url(season, "csv", kind="individual")))

    assert rows[1][4] == "서울특별시 · Ana Bogotá"


def test_the_xlsx_export_holds_exactly_the_filtered_rows_with_real_dates(season, world, staff):
    ScreeningDecision.objects.create(entry=world["nairobi"], decision="eligible",
                                     reason="Meets every rule.")

    response = staff.get(export_url(season, "xlsx", status="all", region="africa"))

    sheet = read_xlsx(response)
    today = datetime.now(season.edition.tz).date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{season.edition.short_name}-entries-{today}.xlsx"'
    )
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b is True
    assert sheet.column_dimensions["B"].width == 50
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][:3] == ("SCP00-TI-0002", "Clean water kiosks", "Tech-InnovaCity")
    assert rows[1][9] == "Yes"  # WeGO member
    assert rows[1][11] == datetime(2023, 6, 3, 9, 0)  # 00:00 UTC is 09:00 in Seoul, no zone
    assert rows[1][13:] == (None, "Eligible", "Meets every rule.")


def test_exports_follow_the_search_and_sort_of_the_list(season, world, staff):
    rows = read_csv(staff.get(export_url(season, "csv", q="crossings", sort="-title")))
    sheet = read_xlsx(staff.get(export_url(season, "xlsx", q="crossings", sort="-title")))

    assert [row[1] for row in rows[1:]] == ["Zebra crossings that listen",
                                            "Smart crossings for Seoul"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Zebra crossings that listen", "Smart crossings for Seoul"]


def test_exports_neutralise_formulas_in_cells(season, staff):
    entered(season, "SCP00-TI-0009", '=HYPERLINK("http://evil.example","Click")')
    evil = EntrantFactory(name="@SUM(A1:A9)", city="-2+3")
    entered(season, "SCP00-TI-0010", "+cmd", entrant=evil)

    rows = read_csv(staff.get(export_url(season, "csv", sort="reference")))
    sheet = read_xlsx(staff.get(export_url(season, "xlsx", sort="reference")))

    by_ref = {row[0]: row for row in rows[1:]}
    assert by_ref["SCP00-TI-0009"][1] == '\'=HYPERLINK("http://evil.example","Click")'
    assert by_ref["SCP00-TI-0010"][1] == "'+cmd"
    assert by_ref["SCP00-TI-0010"][4] == "'@SUM(A1:A9)"
    assert by_ref["SCP00-TI-0010"][6] == "'-2+3"
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    title = cells["SCP00-TI-0009"][1]
    assert title.value == '\'=HYPERLINK("http://evil.example","Click")'
    assert title.data_type == "s"  # text, not a formula
    assert cells["SCP00-TI-0010"][4].value == "'@SUM(A1:A9)"


def test_neutralise_leaves_ordinary_text_and_non_text_alone():
    assert neutralise("Seoul = smart") == "Seoul = smart"
    assert neutralise("\tTab") == "'\tTab"
    assert neutralise(None) is None
    assert neutralise(datetime(2023, 1, 1)) == datetime(2023, 1, 1)


def test_an_unknown_export_format_is_refused(season, staff):
    response = staff.get(export_url(season, "pdf"))

    assert response.status_code == 400


def test_the_export_of_a_large_season_makes_a_bounded_number_of_queries(
    season, staff, count_queries
):
    url = export_url(season, "xlsx")
    staff.get(url)
    with_one = count_queries(lambda: staff.get(url))
    for n in range(2, 30):
        entered(season, f"SCP00-TI-{n:04d}", f"Project {n}", entrant=EntrantFactory())
    with_many = count_queries(lambda: staff.get(url))

    assert with_many == with_one


def test_export_dates_are_in_the_edition_time_zone_across_midnight(season, staff):
    entered(season, "SCP00-TI-0007", "Late night",
            submitted_at=datetime(2023, 6, 30, 15, 30, tzinfo=UTC))  # 00:30 on 1 July in Seoul

    rows = read_csv(staff.get(export_url(season, "csv", q="late")))

    assert rows[1][11] == "2023-07-01 00:30"
