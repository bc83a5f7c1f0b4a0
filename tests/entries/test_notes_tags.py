"""Staff's private notes and tags on entries: who may see and write them, the services' rules
(names unique whatever their case, double clicks, limits, other editions), bulk tagging, the
filter, the tags page and the section of the staff entry page, with and without htmx."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from entries.models import EntryTag, Note, Tag
from entries.note_models import NOTE_MAX_LENGTH
from entries.tagging import (
    TagError,
    bulk_tag,
    entry_tag_add,
    filter_by_tags,
    note_add,
    tag_create,
    tags_of_edition,
)
from prize.enums import Role
from prize.models import AuditEvent
from tests.entries.conftest import BACKEND, ENTRY_PERSONAS
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    EntryFactory,
    EntryFormUseFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STAFF = {"coordinator", "secretariat", "superuser"}


def entry_url(season, entry=None):
    return reverse("entries:staff_entry", kwargs={"edition_slug": season.edition.slug,
                                                  "pk": (entry or season.entry).pk})


def tool_url(name, season, **kwargs):
    return reverse(f"entry_tools:{name}", kwargs={"edition_slug": season.edition.slug,
                                                  **kwargs})


def more_entries(season, count):
    return [EntryFactory(edition=season.edition, category=season.category,
                         entrant=season.other_entrant, form=season.entry.form, submitted=True,
                         reference=f"SCP00-TI-{n + 2:04d}") for n in range(count)]


@pytest.fixture
def other_edition_staff(season):
    other = EditionFactory(slug="other-edition", short_name="OTHER", is_current=False)
    user = UserFactory(email="elsewhere@example.org")
    RoleFactory(user=user, edition=other, role=Role.SECRETARIAT)
    return user, other


@pytest.fixture
def tag(season):
    return tag_create(edition=season.edition, name="Ask for budget",
                      by=season.users["secretariat"])


# --- Who may see and do what ---------------------------------------------------------------


@pytest.mark.parametrize("persona", ENTRY_PERSONAS)
def test_the_section_and_the_tags_page_are_staffs_alone(season, tag, persona):
    note_add(entry=season.entry, text="Budget looks thin", by=season.users["secretariat"])
    client = season.client(persona)
    pages = [tool_url("tags", season)]
    for url in pages:
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif persona in STAFF:
            assert response.status_code == 200
            assert "Ask for budget" in response.content.decode()
        else:
            assert response.status_code == 404
    # writes: entrants and judges get a 404 and nothing is stored
    response = client.post(tool_url("note_add", season, pk=season.entry.pk),
                           {"text": f"by {persona}"})
    stored = Note.objects.filter(text=f"by {persona}").exists()
    assert stored == (persona in STAFF)
    if persona not in STAFF and persona != "anonymous":
        assert response.status_code == 404
    if persona in STAFF:
        page = client.get(entry_url(season)).content.decode()
        assert "Budget looks thin" in page and "Notes and tags" in page


def test_entrants_judges_and_the_public_never_see_notes_or_tags(season, tag):
    entry_tag_add(entry=season.entry, tag=tag, by=season.users["secretariat"])
    note_add(entry=season.entry, text="Private remark xyzzy", by=season.users["secretariat"])
    for persona in ("entrant", "judge", "anonymous"):
        client = season.client(persona)
        for url in (reverse("entries:entry_detail", kwargs={"pk": season.entry.pk}),
                    reverse("dashboard"), reverse("home")):
            body = client.get(url, follow=True).content.decode()
            assert "xyzzy" not in body and "Ask for budget" not in body


def test_other_editions_staff_finds_nothing(season, tag, other_edition_staff):
    user, other = other_edition_staff
    client = season.client("anonymous")
    client.force_login(user, backend=BACKEND)
    assert client.get(tool_url("tags", season)).status_code == 404
    assert client.post(tool_url("note_add", season, pk=season.entry.pk),
                       {"text": "hello"}).status_code == 404
    # their own edition's pages with this edition's entry or tag: 404 too
    own = {"edition_slug": other.slug}
    assert client.post(reverse("entry_tools:note_add", kwargs={**own, "pk": season.entry.pk}),
                       {"text": "hello"}).status_code == 404
    assert client.post(reverse("entry_tools:tag_update", kwargs={**own, "tag_id": tag.pk}),
                       {"name": "x", "colour": "red"}).status_code == 404
    assert not Note.objects.exists()


def test_unknown_ids_are_404(season, tag):
    client = season.client("secretariat")
    for url in (
        tool_url("entry_tag_remove", season, pk=season.entry.pk, tag_id=999999),
        tool_url("entry_tag_remove", season, pk=999999, tag_id=tag.pk),
        tool_url("note_delete", season, pk=season.entry.pk, note_id=999999),
        reverse("entry_tools:note_add", kwargs={"edition_slug": "no-such", "pk": 1}),
    ):
        assert client.post(url).status_code == 404
    assert client.get(tool_url("tag_delete", season, tag_id=999999)).status_code == 404


def test_another_editions_tag_cannot_be_put_on_an_entry(season, other_edition_staff):
    _user, other = other_edition_staff
    foreign = Tag.objects.create(edition=other, name="Foreign", slug="foreign")
    client = season.client("secretariat")
    response = client.post(tool_url("entry_tag_add", season, pk=season.entry.pk),
                           {"tag": foreign.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not EntryTag.objects.exists()
    assert client.post(tool_url("entry_tag_remove", season, pk=season.entry.pk,
                                tag_id=foreign.pk)).status_code == 404
    with pytest.raises(TagError):
        entry_tag_add(entry=season.entry, tag=foreign, by=season.users["secretariat"])


# --- Tags ------------------------------------------------------------------------------------


def test_tag_names_are_unique_in_an_edition_whatever_their_case(season, tag,
                                                                 other_edition_staff):
    with pytest.raises(TagError, match="already a tag"):
        tag_create(edition=season.edition, name="ASK FOR  budget", by=season.users["secretariat"])
    # the same name in another edition is another tag
    _user, other = other_edition_staff
    assert tag_create(edition=other, name="Ask for budget", by=None).edition == other
    client = season.client("secretariat")
    response = client.post(tool_url("tags", season),
                           {"name": "ask for budget", "colour": "red"})
    assert response.status_code == 400
    assert "There is already a tag named “Ask for budget”" in response.content.decode()
    assert Tag.objects.filter(edition=season.edition).count() == 1
    # renaming another tag to a name taken: refused on that tag's form, kept as typed
    other = tag_create(edition=season.edition, name="Follow up", by=None)
    response = client.post(tool_url("tag_update", season, tag_id=other.pk),
                           {"name": "ASK for budget", "colour": "teal"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is already a tag named “ASK for budget”" in body
    assert 'value="ASK for budget"' in body
    other.refresh_from_db()
    assert other.name == "Follow up"


def test_the_secretariat_creates_renames_recolours_and_deletes_a_tag(season):
    client = season.client("secretariat")
    response = client.post(tool_url("tags", season), {"name": "Follow up", "colour": "green"})
    assert response.status_code == 302
    tag = Tag.objects.get(edition=season.edition)
    assert (tag.name, tag.slug, tag.colour) == ("Follow up", "follow-up", "green")
    entry_tag_add(entry=season.entry, tag=tag, by=season.users["secretariat"])
    response = client.post(tool_url("tag_update", season, tag_id=tag.pk),
                           {"name": "Call back", "colour": "purple"})
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug, tag.colour) == ("Call back", "call-back", "purple")
    # deleting asks first, saying how many entries carry it
    confirm = client.get(tool_url("tag_delete", season, tag_id=tag.pk)).content.decode()
    assert "1 entry carries it" in confirm
    assert Tag.objects.filter(pk=tag.pk).exists()
    response = client.post(tool_url("tag_delete", season, tag_id=tag.pk), follow=True)
    assert "taken off 1 entry" in response.content.decode()
    assert not Tag.objects.exists() and not EntryTag.objects.exists()
    actions = list(AuditEvent.objects.filter(action__startswith="tag.")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["tag.create", "tag.update", "tag.delete"]


def test_a_coordinator_tags_but_does_not_rename_or_delete(season, tag):
    client = season.client("coordinator")
    assert client.post(tool_url("tag_update", season, tag_id=tag.pk),
                       {"name": "Renamed", "colour": "red"}).status_code == 404
    assert client.post(tool_url("tag_delete", season, tag_id=tag.pk)).status_code == 404
    assert client.post(tool_url("entry_tag_add", season, pk=season.entry.pk),
                       {"tag": tag.pk}).status_code == 302
    assert EntryTag.objects.filter(entry=season.entry, tag=tag).exists()


def test_choose_or_create_a_tag_on_the_entry_page_and_a_double_click(season, tag):
    client = season.client("secretariat")
    url = tool_url("entry_tag_add", season, pk=season.entry.pk)
    for _click in range(2):
        response = client.post(url, {"new_name": "  needs   translation "})
        assert response.status_code == 302
        assert response["Location"] == entry_url(season) + "#notes-tags"
    assert list(season.entry.entry_tags.values_list("tag__name", flat=True)) == [
        "needs translation"]
    # typing an existing tag's name, in any case, chooses it
    client.post(url, {"new_name": "ASK FOR BUDGET"})
    assert Tag.objects.filter(edition=season.edition).count() == 2
    assert set(season.entry.entry_tags.values_list("tag__name", flat=True)) == {
        "needs translation", "Ask for budget"}
    # nothing chosen: said so, nothing stored
    response = client.post(url, {"tag": "", "new_name": ""})
    assert response.status_code == 400
    assert "Choose a tag, or type the name of a new one." in response.content.decode()


def test_removing_a_tag_through_htmx_gives_the_section_back(season, tag):
    entry_tag_add(entry=season.entry, tag=tag, by=season.users["secretariat"])
    client = season.client("secretariat")
    response = client.post(tool_url("entry_tag_remove", season, pk=season.entry.pk,
                                    tag_id=tag.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<section") and 'id="notes-tags"' in body
    assert "The tag “Ask for budget” was taken off." in body
    assert not EntryTag.objects.exists()
    assert AuditEvent.objects.filter(action="entry_tag.remove").count() == 1


# --- Bulk tagging and the filter -------------------------------------------------------------


def test_bulk_tag_changes_only_the_editions_screenable_entries(season, tag, count_queries,
                                                               other_edition_staff):
    _user, other = other_edition_staff
    ours = more_entries(season, 3)
    category = CategoryFactory(edition=other)
    foreign = EntryFactory(edition=other, category=category,
                           form=EntryFormUseFactory(category=category).form, submitted=True)
    secretariat = season.users["secretariat"]
    entry_tag_add(entry=ours[0], tag=tag, by=secretariat)
    count = bulk_tag(secretariat, season.edition, [*ours, foreign, season.entry], tag)
    assert count == 3  # ours[1], ours[2] and the season's entry; ours[0] had it already
    assert not EntryTag.objects.filter(entry=foreign).exists()
    event = AuditEvent.objects.get(action="tag.bulk_add")
    assert event.after == {"entries": 3}
    # a judge may screen none of them
    assert bulk_tag(season.users["judge"], season.edition, ours, tag, remove=True) == 0
    assert bulk_tag(secretariat, season.edition, [e.pk for e in ours], tag, remove=True) == 3
    assert AuditEvent.objects.get(action="tag.bulk_remove").after == {"entries": 3}


def test_bulk_tag_makes_the_same_queries_for_one_entry_or_many(season, tag, count_queries):
    secretariat = season.users["secretariat"]
    one = more_entries(season, 1)
    many = [
        EntryFactory(edition=season.edition, category=season.category,
                     entrant=season.other_entrant, form=season.entry.form, submitted=True,
                     reference=f"SCP00-TI-9{n:03d}") for n in range(25)]
    # the content type and the user's roles are cached after a first use, as in a request
    ContentType.objects.get_for_model(Tag)
    assert secretariat.role_set
    few = count_queries(lambda: bulk_tag(secretariat, season.edition, one, tag))
    lots = count_queries(lambda: bulk_tag(secretariat, season.edition, many, tag))
    assert few == lots


def test_filter_by_tags_keeps_the_entries_with_any_of_them(season, tag):
    secretariat = season.users["secretariat"]
    other_tag = tag_create(edition=season.edition, name="Follow up", by=secretariat)
    a, b, c = more_entries(season, 3)
    entry_tag_add(entry=a, tag=tag, by=secretariat)
    entry_tag_add(entry=b, tag=other_tag, by=secretariat)
    entry_tag_add(entry=b, tag=tag, by=secretariat)
    entries = season.edition.entries.order_by("reference")
    assert list(filter_by_tags(entries, [tag.slug, other_tag.slug])) == [a, b]
    assert list(filter_by_tags(entries, ["follow-up"])) == [b]
    assert list(filter_by_tags(entries, ["no-such-tag"])) == []
    assert filter_by_tags(entries, []).count() == entries.count()
    assert [t.entry_count for t in tags_of_edition(season.edition)] == [2, 1]


def test_the_bulk_tag_page_goes_back_to_the_filtered_list(season, tag):
    entries = more_entries(season, 2)
    client = season.client("coordinator")
    response = client.post(tool_url("bulk_tag", season) + "?q=Smart&sort=-title",
                           {"tag": tag.pk, "entries": [e.pk for e in entries] + ["x", "-1"]})
    assert response.status_code == 302
    assert response["Location"].endswith("/entries/?q=Smart&sort=-title")
    assert EntryTag.objects.filter(tag=tag).count() == 2


# --- Notes -----------------------------------------------------------------------------------


def test_a_note_is_written_once_whatever_the_double_click(season):
    client = season.client("coordinator")
    url = tool_url("note_add", season, pk=season.entry.pk)
    for _click in range(2):
        assert client.post(url, {"text": "Check the budget table"}).status_code == 302
    assert Note.objects.filter(entry=season.entry).count() == 1
    assert AuditEvent.objects.filter(action="note.add").count() == 1


def test_bad_notes_are_refused_with_what_was_typed(season):
    client = season.client("secretariat")
    url = tool_url("note_add", season, pk=season.entry.pk)
    long_text = "x" * 10_000
    response = client.post(url, {"text": long_text})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ensure this value has at most 4000 characters (it has 10000)." in body
    assert long_text in body  # nothing lost
    response = client.post(url, {"text": "   "})
    assert response.status_code == 400
    # NUL bytes are taken out, the rest kept
    assert client.post(url, {"text": "a\x00b"}).status_code == 302
    assert list(Note.objects.values_list("text", flat=True)) == ["ab"]
    # through htmx, the section comes back with the message
    response = client.post(url, {"text": "y" * (NOTE_MAX_LENGTH + 1)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "at most 4000 characters" in response.content.decode()


def test_authors_edit_their_own_notes_and_the_secretariat_deletes_any(season):
    coordinator, secretariat = season.users["coordinator"], season.users["secretariat"]
    theirs = note_add(entry=season.entry, text="Coordinator's note", by=coordinator)
    mine = note_add(entry=season.entry, text="Secretariat's note", by=secretariat)
    coord = season.client("coordinator")
    sec = season.client("secretariat")
    # nobody edits someone else's note
    assert sec.post(tool_url("note_edit", season, pk=season.entry.pk, note_id=theirs.pk),
                    {"text": "changed"}).status_code == 404
    assert coord.get(tool_url("note_edit", season, pk=season.entry.pk,
                              note_id=mine.pk)).status_code == 404
    # the author does; the page says it was edited
    form = coord.get(tool_url("note_edit", season, pk=season.entry.pk, note_id=theirs.pk))
    assert form.status_code == 200 and "Save the note" in form.content.decode()
    assert coord.post(tool_url("note_edit", season, pk=season.entry.pk, note_id=theirs.pk),
                      {"text": "Changed by its author"}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.text == "Changed by its author" and theirs.edited_at is not None
    assert "edited" in coord.get(entry_url(season)).content.decode()
    # a coordinator may not delete the secretariat's note; the secretariat deletes any
    assert coord.post(tool_url("note_delete", season, pk=season.entry.pk,
                               note_id=mine.pk)).status_code == 404
    assert sec.post(tool_url("note_delete", season, pk=season.entry.pk,
                             note_id=theirs.pk)).status_code == 302
    assert list(Note.objects.values_list("text", flat=True)) == ["Secretariat's note"]
    assert list(AuditEvent.objects.filter(action__startswith="note.").order_by("pk")
                .values_list("action", flat=True)) == [
        "note.add", "note.add", "note.edit", "note.delete"]


def test_a_note_of_another_entry_is_404(season):
    other = more_entries(season, 1)[0]
    note = note_add(entry=other, text="elsewhere", by=season.users["secretariat"])
    client = season.client("secretariat")
    assert client.post(tool_url("note_delete", season, pk=season.entry.pk,
                                note_id=note.pk)).status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()


# --- The section's queries -------------------------------------------------------------------


def test_the_entry_page_makes_the_same_queries_with_one_note_or_many(season, count_queries):
    secretariat, coordinator = season.users["secretariat"], season.users["coordinator"]
    client = season.client("secretariat")
    url = entry_url(season)
    tag = tag_create(edition=season.edition, name="One", by=secretariat)
    entry_tag_add(entry=season.entry, tag=tag, by=secretariat)
    note_add(entry=season.entry, text="first", by=secretariat)
    few = count_queries(lambda: client.get(url))
    for n in range(12):
        extra = tag_create(edition=season.edition, name=f"Tag {n}", by=secretariat)
        entry_tag_add(entry=season.entry, tag=extra, by=secretariat)
        note_add(entry=season.entry, text=f"note {n}", by=coordinator if n % 2 else secretariat)
    many = count_queries(lambda: client.get(url))
    assert few == many


def every_tools_url(season, tag, note):
    on_entry = {"pk": season.entry.pk}
    return [
        ("get", tool_url("tags", season)),
        ("post", tool_url("tags", season)),
        ("post", tool_url("tag_update", season, tag_id=tag.pk)),
        ("get", tool_url("tag_delete", season, tag_id=tag.pk)),
        ("post", tool_url("tag_delete", season, tag_id=tag.pk)),
        ("post", tool_url("bulk_tag", season)),
        ("get", tool_url("next_to_screen", season)),
        ("get", tool_url("answers_export", season) + "?format=csv"),
        ("post", tool_url("entry_tag_add", season, **on_entry)),
        ("post", tool_url("entry_tag_remove", season, **on_entry, tag_id=tag.pk)),
        ("post", tool_url("note_add", season, **on_entry)),
        ("get", tool_url("note_edit", season, **on_entry, note_id=note.pk)),
        ("post", tool_url("note_edit", season, **on_entry, note_id=note.pk)),
        ("post", tool_url("note_delete", season, **on_entry, note_id=note.pk)),
    ]


@pytest.mark.parametrize("persona", ["anonymous", "entrant", "other_entrant", "judge"])
def test_every_page_is_404_or_login_for_those_outside_the_staff(season, tag, persona):
    note = note_add(entry=season.entry, text="Kept", by=season.users["secretariat"])
    entry_tag_add(entry=season.entry, tag=tag, by=season.users["secretariat"])
    client = season.client(persona)
    for method, url in every_tools_url(season, tag, note):
        response = getattr(client, method)(url, {"name": "X", "colour": "red", "text": "X",
                                                 "tag": tag.pk, "entries": season.entry.pk})
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == 404, (method, url)
    # nothing changed
    assert list(Note.objects.values_list("text", flat=True)) == ["Kept"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Ask for budget"]
    assert EntryTag.objects.count() == 1


def test_the_tags_page_makes_the_same_queries_with_one_tag_or_many(season, tag,
                                                                  count_queries):
    client = season.client("secretariat")
    url = tool_url("tags", season)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    entries = more_entries(season, 5)
    for n in range(15):
        extra = tag_create(edition=season.edition, name=f"Tag {n}", by=None)
        bulk_tag(season.users["secretariat"], season.edition, entries, extra)
    assert count_queries(lambda: client.get(url)) == few


def test_the_entry_history_reads_tags_in_words(season, tag):
    entry_tag_add(entry=season.entry, tag=tag, by=season.users["secretariat"])
    page = season.client("secretariat").get(entry_url(season)).content.decode()
    assert "Tag put on an entry" in page and "entry_tag.add" not in page
