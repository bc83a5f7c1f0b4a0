"""The staff lists' one shape (prize/staff_lists.py) seen through the outbox and the audit log:
filters, sort keys only from the list's own, page sizes within bounds, the export of exactly the
filtered rows, bulk actions only on rows one may act on; and saved views, each its owner's
alone, checked again when opened."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from prize.enums import NotificationStatus
from prize.models import AuditEvent, Notification, SavedView
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

OUTBOX = "staff_outbox"


def message(edition, to, *, status=NotificationStatus.SENT, attempts=1, template="test/hello",
            **extra):
    return Notification.objects.create(to_email=to, template=template, key=to, edition=edition,
                                       status=status, attempts=attempts, **extra)


def shown(response) -> list[str]:
    return [n.to_email for n in response.context["page"].object_list]


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def staff(client_for):
    return client_for("secretariat")


@pytest.fixture
def inbox(edition):
    return [message(edition, "b@example.org", attempts=3),
            message(edition, "a@example.org", status=NotificationStatus.FAILED, attempts=5),
            message(edition, "c@example.org", status=NotificationStatus.FAILED, attempts=1)]


# --- Filters, sort, page size -------------------------------------------------------------------


def test_filters_narrow_the_rows_and_say_what_they_did_not_understand(staff, inbox):
    failed = staff.get(reverse(OUTBOX), {"status": "failed", "sort": "to"})
    odd = staff.get(reverse(OUTBOX), {"status": "lost", "q": "b@"})

    assert shown(failed) == ["a@example.org", "c@example.org"]
    assert shown(odd) == ["b@example.org"]  # the valid filter still applies
    html = odd.content.decode()
    assert "Some filters were not understood and are ignored" in html
    assert "Status: “lost”" in html


@pytest.mark.parametrize(("sort", "expected"), [
    ("to", ["a@example.org", "b@example.org", "c@example.org"]),
    ("-to", ["c@example.org", "b@example.org", "a@example.org"]),
    ("-attempts", ["a@example.org", "b@example.org", "c@example.org"]),
])
def test_the_rows_sort_by_the_lists_own_keys(staff, inbox, sort, expected):
    response = staff.get(reverse(OUTBOX), {"sort": sort})

    assert shown(response) == expected


@pytest.mark.parametrize("sort", ["to_email", "--to", "recipient__password", "-", "pk);--"])
def test_a_sort_key_the_list_does_not_offer_falls_back_to_newest_first(staff, inbox, sort):
    response = staff.get(reverse(OUTBOX), {"sort": sort})

    assert response.status_code == 200
    assert shown(response) == ["c@example.org", "a@example.org", "b@example.org"]
    assert "sort: “" in response.content.decode()  # said, not silently dropped


def test_the_sorted_heading_says_so_and_reverses_on_click(staff, inbox):
    html = staff.get(reverse(OUTBOX), {"sort": "to", "status": "failed"}).content.decode()

    assert 'aria-sort="ascending"><a href="?sort=-to&amp;status=failed">To</a>' in html


@pytest.mark.parametrize(("per_page", "size"), [
    ("25", 25), ("200", 200), ("201", 50), ("0", 50), ("-25", 50), ("abc", 50),
    ("9" * 40, 50), ("", 50),
])
def test_the_page_size_is_one_of_the_offered_sizes(staff, edition, per_page, size):
    Notification.objects.bulk_create([
        Notification(to_email=f"p{n}@example.org", template="t", key=str(n), edition=edition)
        for n in range(210)])

    response = staff.get(reverse(OUTBOX), {"per_page": per_page, "page": "2"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(size, 210 - size)
    assert f'<option value="{size}" selected>{size}</option>' in response.content.decode()


def test_the_page_size_survives_the_filter_form_and_the_page_links(staff, edition):
    Notification.objects.bulk_create([
        Notification(to_email=f"p{n}@example.org", template="t", key=str(n), edition=edition)
        for n in range(30)])

    html = staff.get(reverse(OUTBOX), {"per_page": "25"}).content.decode()

    assert '<input type="hidden" name="per_page" value="25">' in html
    assert 'href="?per_page=25&amp;page=2"' in html


# --- Export -------------------------------------------------------------------------------------


def test_the_export_holds_exactly_the_filtered_rows_in_the_lists_order(staff, inbox, edition):
    other = EditionFactory(slug="elsewhere", is_current=False)
    message(other, "theirs@example.org", status=NotificationStatus.FAILED)
    query = {"status": "failed", "sort": "-to", "page": "2"}

    as_csv = staff.get(reverse(OUTBOX), {**query, "format": "csv"})
    as_xlsx = staff.get(reverse(OUTBOX), {**query, "format": "xlsx"})

    content = b"".join(as_csv.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(content)))
    assert header[:2] == ["Created (UTC)", "To"]
    assert [r[1] for r in rows] == ["c@example.org", "a@example.org"]
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "c@example.org", "a@example.org"]
    assert as_xlsx["Cache-Control"] == "private, no-store"


def test_the_export_link_carries_the_query_string(staff, inbox):
    html = staff.get(reverse(OUTBOX), {"status": "failed", "page": "1"}).content.decode()

    assert 'href="/staff/outbox/?status=failed&amp;format=csv"' in html


# --- Bulk actions -------------------------------------------------------------------------------


def test_a_bulk_action_changes_only_the_rows_one_may_act_on(staff, inbox, edition):
    other = EditionFactory(slug="elsewhere", is_current=False)
    theirs = message(other, "theirs@example.org", status=NotificationStatus.FAILED)
    sent, failed_a, failed_c = inbox

    response = staff.post(reverse(OUTBOX) + "?status=failed", {
        "action": "resend", "selected": [failed_a.pk, sent.pk, theirs.pk, "x", "9" * 30]})

    assert response.status_code == 302
    assert response["Location"] == "/staff/outbox/?status=failed"
    statuses = dict(Notification.objects.values_list("to_email", "status"))
    assert statuses["a@example.org"] == NotificationStatus.SENT  # queued again, and sent
    assert statuses["c@example.org"] == NotificationStatus.FAILED  # not ticked
    assert statuses["theirs@example.org"] == NotificationStatus.FAILED  # another edition's
    assert statuses["b@example.org"] == NotificationStatus.SENT
    messages = said(response)
    assert "1 message is queued to be sent again." in messages
    assert any("1 selected row is not one you may act on here" in m for m in messages)
    assert AuditEvent.objects.filter(action="notification.resend").count() == 1


def test_a_bulk_post_without_rows_or_action_changes_nothing(staff, inbox):
    nothing = staff.post(reverse(OUTBOX), {"action": "resend"})
    unknown = staff.post(reverse(OUTBOX), {"action": "delete", "selected": [inbox[1].pk]})

    assert (nothing.status_code, unknown.status_code) == (302, 302)
    assert Notification.objects.filter(status=NotificationStatus.FAILED).count() == 2
    assert "Nothing was changed: select at least one row." in said(nothing)


def test_the_audit_log_reads_its_filters_through_the_same_shape(client_for, edition):
    from datetime import UTC, datetime

    AuditEvent.objects.create(at=datetime(2023, 9, 25, 12, tzinfo=UTC), actor_repr="system",
                              edition=edition, action="edition.update", target_repr="Kept")
    AuditEvent.objects.create(at=datetime(2023, 9, 26, 12, tzinfo=UTC), actor_repr="system",
                              edition=edition, action="edition.update", target_repr="Gone")
    client = client_for("superuser")

    response = client.get(reverse("staff_audit"), {"to": "2023-09-25", "per_page": "25",
                                                   "edition": "99999999999999999999"})

    assert [e.target_repr for e in response.context["page"].object_list] == ["Kept"]
    assert "Edition: “99999999999999999999”" in response.content.decode()


# --- Saved views --------------------------------------------------------------------------------


def test_a_saved_view_stores_the_list_as_it_is_and_opens_it_again(staff, inbox):
    response = staff.post(reverse("staff_lists:save"), {
        "list": "outbox", "name": "Failed, by address",
        "query": "status=failed&sort=to&per_page=25&page=3"})

    view = SavedView.objects.get()
    assert (view.user, view.list_key, view.edition, view.query) == (
        staff.user, "outbox", None, "status=failed&sort=to&per_page=25")
    assert response["Location"] == "/staff/outbox/?status=failed&sort=to&per_page=25"
    opened = staff.get(reverse("staff_lists:open", args=[view.pk]))
    assert opened["Location"] == "/staff/outbox/?status=failed&sort=to&per_page=25"
    menu = staff.get(reverse(OUTBOX)).content.decode()
    assert f'<a href="/staff/views/{view.pk}/">Failed, by address</a>' in menu


def test_saving_under_the_same_name_replaces_the_view(staff):
    for query in ("status=failed", "status=sent"):
        staff.post(reverse("staff_lists:save"), {"list": "outbox", "name": "Mine",
                                                 "query": query})

    assert list(SavedView.objects.values_list("name", "query")) == [("Mine", "status=sent")]


def test_a_view_without_a_name_or_of_an_unknown_list_is_not_saved(staff):
    nameless = staff.post(reverse("staff_lists:save"), {"list": "outbox", "name": "  ",
                                                        "query": "status=failed"})
    unknown = staff.post(reverse("staff_lists:save"), {"list": "nothing", "name": "X"})
    elsewhere = staff.post(reverse("staff_lists:save"), {"list": "outbox", "name": "X",
                                                         "edition": "9" * 30})

    assert nameless.status_code == 302
    assert "The view was not saved: Give the view a name." in said(nameless)
    assert (unknown.status_code, elsewhere.status_code) == (404, 404)
    assert not SavedView.objects.exists()


def test_a_stale_view_opens_without_what_no_longer_reads_and_says_so(staff, inbox):
    view = SavedView.objects.create(user=staff.user, list_key="outbox", name="Old",
                                    query="status=bounced&q=a%40&sort=recipient&colour=red")

    response = staff.get(reverse("staff_lists:open", args=[view.pk]), follow=True)

    assert response.redirect_chain[0][0] == "/staff/outbox/?q=a%40"
    assert shown(response) == ["a@example.org"]
    warning = said(response)[0]
    assert "Status: “bounced”" in warning and "sort: “recipient”" in warning
    assert "colour (not a filter of this list)" in warning


def test_a_view_is_its_owners_alone(client_for, staff, make_persona):
    other = make_persona("superuser")
    view = SavedView.objects.create(user=other, list_key="outbox", name="Theirs",
                                    query="status=failed")

    assert staff.get(reverse("staff_lists:open", args=[view.pk])).status_code == 404
    assert staff.post(reverse("staff_lists:rename", args=[view.pk]),
                      {f"view-{view.pk}-name": "Mine"}).status_code == 404
    assert staff.post(reverse("staff_lists:delete", args=[view.pk])).status_code == 404
    assert "Theirs" not in staff.get(reverse("staff_lists:saved_views")).content.decode()
    assert "Theirs" not in staff.get(reverse(OUTBOX)).content.decode()
    assert SavedView.objects.get().name == "Theirs"
    anonymous = client_for("anonymous").get(reverse("staff_lists:open", args=[view.pk]))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for("entrant").get(reverse("staff_lists:saved_views")).status_code == 404


def test_views_are_renamed_and_deleted(staff):
    one = SavedView.objects.create(user=staff.user, list_key="outbox", name="One")
    SavedView.objects.create(user=staff.user, list_key="outbox", name="Two")

    clash = staff.post(reverse("staff_lists:rename", args=[one.pk]), {f"view-{one.pk}-name": "Two"})
    renamed = staff.post(reverse("staff_lists:rename", args=[one.pk]),
                         {f"view-{one.pk}-name": "Failed ones"})
    staff.post(reverse("staff_lists:delete", args=[one.pk]))

    assert any("already have a view named “Two”" in m for m in said(clash))
    assert "“One” is now named “Failed ones”." in said(renamed)
    assert list(SavedView.objects.values_list("name", flat=True)) == ["Two"]


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [OUTBOX, "staff_audit"])
def test_a_list_with_saved_views_makes_as_many_queries_for_1_as_for_40_rows(
        staff, edition, count_queries, name):
    for n in range(3):
        SavedView.objects.create(user=staff.user, list_key=name.removeprefix("staff_"),
                                 name=f"View {n}")

    def add(first, last):
        for n in range(first, last):
            message(edition, f"p{n}@example.org", status=NotificationStatus.FAILED)
            AuditEvent.objects.create(actor_repr="system", edition=edition,
                                      action="edition.update", target_repr=f"T{n}")

    url = reverse(name) + "?" + urlencode({"sort": "-" + ("created" if name == OUTBOX else "at")})
    add(0, 1)
    one = count_queries(lambda: staff.get(url))
    add(1, 40)
    many = count_queries(lambda: staff.get(url))

    assert staff.get(url).context["page"].paginator.count == 40
    assert one == many


# --- The entries list in the shape -------------------------------------------------------------


@pytest.fixture
def entries_url(season):
    return reverse("entries:staff_list", kwargs={"edition_slug": season.edition.slug})


def test_the_entries_list_filters_by_tag_and_keeps_one_entry_point(season, entries_url):
    from entries.filters import filter_entries
    from entries.models import Entry
    from entries.tagging import entry_tag_add, tag_create

    staff = season.users["secretariat"]
    tag = tag_create(edition=season.edition, name="Follow up", by=staff)
    entry_tag_add(entry=season.entry, tag=tag, by=staff)

    response = season.client("secretariat").get(entries_url, {"tag": tag.slug, "status": "all"})
    rows, form = filter_entries(Entry.objects.filter(edition=season.edition),
                                {"tag": tag.slug, "status": "all", "sort": "-title"},
                                edition=season.edition)

    assert [e.pk for e in response.context["page"].object_list] == [season.entry.pk]
    assert [e.pk for e in rows] == [season.entry.pk]
    assert form.cleaned_data["sort"] == "-title"
    assert form.applied() == {"tag": tag.slug, "status": "all"}


def test_a_saved_entries_view_outlives_a_deleted_category(season, entries_url):
    from tests.factories import CategoryFactory

    client = season.client("secretariat")
    gone = CategoryFactory(edition=season.edition, slug="gone")
    client.post(reverse("staff_lists:save"), {
        "list": "entries", "edition": season.edition.pk, "name": "Gone ones",
        "query": "category=gone&status=all&sort=-title"})
    view = SavedView.objects.get()
    assert view.query == "category=gone&status=all&sort=-title"
    gone.delete()

    response = client.get(reverse("staff_lists:open", args=[view.pk]), follow=True)

    assert response.redirect_chain[0][0] == f"{entries_url}?status=all&sort=-title"
    assert any("ignored now: Category: “gone”" in m for m in said(response))
    assert response.status_code == 200


def test_an_entries_view_needs_an_edition_the_user_may_see(season):
    other = EditionFactory(slug="elsewhere", is_current=False, status="draft")
    client = season.client("secretariat")

    hidden = client.post(reverse("staff_lists:save"), {"list": "entries", "edition": other.pk,
                                                       "name": "X"})
    without = client.post(reverse("staff_lists:save"), {"list": "entries", "name": "X"})

    assert (hidden.status_code, without.status_code) == (404, 404)
    assert not SavedView.objects.exists()


# --- A panel's entries (judging) in the shape ---------------------------------------------------


def test_a_panels_entries_sort_by_their_judges_and_keep_the_panel(judging):
    from judging.models import Assignment

    Assignment.objects.filter(round=judging.round, entry=judging.entries[2]).delete()
    url = reverse("judging:staff_assignments", args=[judging.round.pk])
    client = judging.client("coordinator")

    response = client.get(url, {"category": judging.season.category.pk, "sort": "judges",
                                "per_page": "7"})

    rows = [row["entry"] for row in response.context["rows"]]
    assert rows[0] == judging.entries[2]  # the entry with fewest judges first
    html = response.content.decode()
    assert f'aria-sort="ascending"><a href="?category={judging.season.category.pk}' \
           f'&amp;sort=-judges&amp;per_page=7">Judges</a>' in html
    assert "rows per page: “7”" in html
