"""The ceremony as data, through its services: the evening's details (moving the date moves the
programme), presenters and their photos (judged by content, stored under a random name), the
programme's items (within the ceremony's day, 1 to 600 minutes, each award presented once, this
edition's awards and presenters only), moving items, and what is only a warning. Bad input ends
as a CeremonyError with a message, never a database error (run on PostgreSQL too)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from ceremony import evening as reads
from ceremony import services
from ceremony.models import Award, Ceremony, Presenter, ProgrammeItem
from prize.models import AuditEvent
from tests.ceremony.programme_support import (  # noqa: F401 (fixtures, by name)
    ceremony_fixture,
    evening_fixture,
    photo_bytes,
    seoul,
    upload,
)
from tests.concurrency import at_once
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def item_data(final, **changes):
    data = {"starts_at": final.day + timedelta(hours=2), "duration": 10, "title": "Photo",
            "kind": "photo", "description": "", "notes": "", "presenters": [], "awards": []}
    data.update(changes)
    return data


def add(final, **changes):
    return services.programme_item_save(edition=final.edition, by=final.users["secretariat"],
                                        data=item_data(final, **changes))


def refusal(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


def times(final):
    return [(i.title, final.edition.local(i.starts_at).strftime("%H:%M"))
            for i in reads.programme_of(final.edition)]


# --- The details --------------------------------------------------------------------------------


def test_the_details_are_kept_on_the_edition_and_the_ceremony(evening):
    edition = evening.edition
    assert edition.ceremony_at == seoul(evening.day.year, 9, 25, 15, 0)
    assert edition.ceremony_venue == "Dongdaemun Design Plaza (DDP), Seoul"
    row = Ceremony.objects.get(edition=edition)
    assert row.address == "281 Eulji-ro, Jung-gu, Seoul"
    assert row.max_guests == 2
    assert AuditEvent.objects.filter(action="ceremony.create").count() == 1


def test_moving_the_ceremony_moves_its_programme(evening):
    services.ceremony_save(edition=evening.edition, by=evening.users["secretariat"],
                           ceremony_at=evening.day + timedelta(days=1, hours=2),
                           venue="DDP")

    assert times(evening) == [("Welcome", "17:00"), ("Keynote", "17:10"),
                              ("Category 0 awards", "17:25")]
    day = evening.edition.local(reads.programme_of(evening.edition)[0].starts_at).date()
    assert day.day == 26
    event = AuditEvent.objects.get(action="ceremony.change")
    assert "3 programme items moved" in event.note


def test_a_naive_moment_is_read_in_the_editions_time_zone(evening):
    services.ceremony_save(edition=evening.edition, by=evening.users["secretariat"],
                           ceremony_at=evening.day.replace(tzinfo=None, hour=16))
    evening.edition.refresh_from_db()
    assert evening.edition.local(evening.edition.ceremony_at).hour == 16


@pytest.mark.parametrize(("changes", "message"), [
    ({"ceremony_at": None}, "The programme needs the ceremony's date"),
    ({"reply_by": "after"}, "Replies must close before the ceremony begins."),
    ({"map_url": "javascript:alert(1)"}, "The map link must be a web address"),
    ({"ceremony_at": "before the call"}, "The ceremony comes after the call closes"),
    ({"venue": "v" * 201}, "at most 200"),
    ({"description": "d" * 5001}, "at most 5000 characters"),
    ({"address": "a" * 501}, "at most 500 characters"),
    ({"max_guests": 21}, "less than or equal to 20"),
    ({"invite": "everyone"}, "Choose whom the ceremony invites."),
])
def test_bad_details_are_refused_with_a_message(evening, changes, message):
    edition = evening.edition
    data = {"ceremony_at": evening.day, "venue": "DDP"}
    data.update(changes)
    if data["ceremony_at"] == "before the call":
        data["ceremony_at"] = edition.call_closes_at - timedelta(days=1)
    if data.get("reply_by") == "after":
        data["reply_by"] = evening.day + timedelta(hours=1)
    assert message in refusal(lambda: services.ceremony_save(
        edition=edition, by=evening.users["secretariat"], **data))
    edition.refresh_from_db()
    assert edition.ceremony_venue == "Dongdaemun Design Plaza (DDP), Seoul"
    assert Ceremony.objects.get(edition=edition).address == "281 Eulji-ro, Jung-gu, Seoul"


def test_nul_bytes_never_reach_the_database(evening):
    services.ceremony_save(edition=evening.edition, by=evening.users["secretariat"],
                           ceremony_at=evening.day, venue="D\x00DP", address="Eulji\x00-ro",
                           description="An\x00 evening")
    row = Ceremony.objects.get(edition=evening.edition)
    evening.edition.refresh_from_db()
    assert (evening.edition.ceremony_venue, row.address, row.description) == (
        "DDP", "Eulji-ro", "An evening")


def test_only_the_secretariat_saves_the_details(evening):
    for persona in ("coordinator", "judge", "other_secretariat"):
        assert "secretariat" in refusal(lambda p=persona: services.ceremony_save(
            edition=evening.edition, by=evening.users[p], ceremony_at=evening.day, venue="X"))
    evening.edition.refresh_from_db()
    assert evening.edition.ceremony_venue == "Dongdaemun Design Plaza (DDP), Seoul"


# --- Presenters ---------------------------------------------------------------------------------


def test_a_photo_is_stored_under_a_random_name(evening):
    name = evening.host.photo.name
    assert name.startswith("presenters/") and name.endswith(".jpg")
    assert "portrait" not in name
    assert default_storage.exists(name)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("portrait.jpg", b"%PDF-1.4\n%%EOF\n", "This file is not a JPEG image"),
    ("portrait.png", b"<html><script>alert(1)</script></html>", "not a PNG image"),
    ("portrait.gif", b"GIF89a" + b"\x00" * 64, "Files ending in .gif are not accepted"),
    ("portrait.pdf", b"%PDF-1.4\n%%EOF\n", "The photo must be a PNG or JPEG image."),
    ("portrait.jpg", b"\xff\xd8\xff" + b"\x00" * 200, "cannot be read as a JPEG image"),
    ("portrait.jpg", b"", "The file is empty."),
])
def test_a_photo_that_is_not_an_image_is_refused(evening, name, data, message):
    before = evening.giver.photo.name
    assert message in refusal(lambda: services.presenter_save(
        edition=evening.edition, by=evening.users["secretariat"], presenter=evening.giver,
        data={"name": "President of Le Temps"},
        photo=SimpleUploadedFile(name, data, "image/jpeg")))
    evening.giver.refresh_from_db()
    assert evening.giver.photo.name == before


def test_a_huge_photo_is_refused_before_it_is_read(evening):
    huge = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 1),
                              "image/jpeg")
    assert "the limit is 5 MB" in refusal(lambda: services.presenter_save(
        edition=evening.edition, by=evening.users["secretariat"], presenter=evening.giver,
        data={}, photo=huge))


def test_a_replaced_photo_leaves_no_old_file(evening, django_capture_on_commit_callbacks):
    old = evening.host.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        presenter = services.presenter_save(
            edition=evening.edition, by=evening.users["secretariat"], presenter=evening.host,
            data={}, photo=upload("new.png", photo_bytes("PNG"), "image/png"))
    assert presenter.photo.name.endswith(".png") and presenter.photo.name != old
    assert not default_storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        presenter = services.presenter_save(
            edition=evening.edition, by=evening.users["secretariat"], presenter=presenter,
            data={}, remove_photo=True)
    assert not presenter.photo
    assert Presenter.objects.get(pk=presenter.pk).photo.name == ""


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "president of le temps"}, "already has a presenter called"),
    ({"name": ""}, "This field cannot be blank."),
    ({"name": "n" * 201}, "at most 200 characters"),
    ({"name": "X", "bio": "b" * 1501}, "at most 1500 characters"),
    ({"name": "X", "order": 1001}, "less than or equal to 1000"),
])
def test_bad_presenters_are_refused(evening, data, message):
    assert message in refusal(lambda: services.presenter_save(
        edition=evening.edition, by=evening.users["secretariat"], data=data))
    assert Presenter.objects.filter(edition=evening.edition).count() == 2


def test_a_presenter_without_nul_and_deleted_from_the_programme(evening):
    presenter = services.presenter_save(edition=evening.edition, by=evening.users["secretariat"],
                                        data={"name": "Mayor\x00 of Seoul", "bio": "A\x00B"})
    assert (presenter.name, presenter.bio) == ("Mayor of Seoul", "AB")
    named = services.presenter_delete(presenter=evening.giver, by=evening.users["secretariat"])
    assert named == 2
    assert list(evening.presentation.presenters.all()) == []
    assert AuditEvent.objects.filter(action="presenter.delete").count() == 1


def test_coordinators_do_not_change_presenters(evening):
    assert "secretariat" in refusal(lambda: services.presenter_delete(
        presenter=evening.giver, by=evening.users["coordinator"]))
    assert "secretariat" in refusal(lambda: services.presenter_save(
        edition=evening.edition, by=evening.users["coordinator"], data={"name": "X"},
        photo=upload()))
    assert Presenter.objects.filter(edition=evening.edition).count() == 2


# --- The programme ------------------------------------------------------------------------------


def test_items_are_in_order_with_their_presenters_and_awards(evening):
    items = reads.programme_of(evening.edition)
    assert times(evening) == [("Welcome", "15:00"), ("Keynote", "15:10"),
                              ("Category 0 awards", "15:25")]
    assert [a.name for a in items[2].awards.all()] == ["Gold", "Silver"]
    assert [i.order for i in items] == [0, 1, 2]
    assert AuditEvent.objects.filter(action="programme.create").count() == 3


def test_an_item_ending_after_midnight_is_refused(evening):
    message = refusal(lambda: add(evening, starts_at=evening.day.replace(hour=23, minute=30),
                                  duration=60))
    assert "would end at 00:30 the next day" in message
    assert "Start it earlier or make it shorter" in message
    # ending at midnight exactly is the day's last minute
    add(evening, starts_at=evening.day.replace(hour=23, minute=30), duration=30)


def test_an_item_on_another_day_is_refused(evening):
    message = refusal(lambda: add(evening, starts_at=evening.day + timedelta(days=1)))
    assert "the programme is the ceremony's day" in message
    message = refusal(lambda: add(evening, starts_at=evening.day.replace(hour=0)
                                  - timedelta(minutes=1)))
    assert "the programme is the ceremony's day" in message


@pytest.mark.parametrize("duration", [0, 601, -5, 10**12, True])
def test_a_duration_outside_1_to_600_minutes_is_refused(evening, duration):
    assert "from 1 to 600 minutes" in refusal(lambda: add(evening, duration=duration))
    assert ProgrammeItem.objects.filter(edition=evening.edition).count() == 3


def test_an_award_presented_twice_is_refused(evening):
    message = refusal(lambda: add(evening, kind="award", awards=[evening.gold, evening.prize]))
    assert "Gold is already presented in “Category 0 awards” at 15:25." in message
    assert "An award is presented once" in message
    # the item presenting it may keep it when it changes
    services.programme_item_save(edition=evening.edition, by=evening.users["secretariat"],
                                 item=evening.presentation,
                                 data={"title": "Gold and Silver", "awards": [evening.gold]})
    add(evening, kind="award", awards=[evening.silver, evening.prize])


def test_an_award_of_another_edition_is_refused(evening):
    elsewhere = Award.objects.create(edition=EditionFactory(is_current=False), name="Other",
                                     kind="special_mention")
    assert "An award belongs to another edition." in refusal(
        lambda: add(evening, kind="award", awards=[elsewhere]))


def test_a_presenter_of_another_edition_is_refused(evening):
    other = Presenter.objects.create(edition=EditionFactory(is_current=False), name="Someone")
    assert "A presenter belongs to another edition." in refusal(
        lambda: add(evening, presenters=[other]))


def test_awards_belong_to_award_presentations_only(evening):
    assert "names the award(s) it presents" in refusal(lambda: add(evening, kind="award"))
    assert "Only an award presentation names awards" in refusal(
        lambda: add(evening, kind="speech", awards=[evening.prize]))


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": "t" * 201}, "at most 200 characters"),
    ({"title": ""}, "This field cannot be blank."),
    ({"title": "\x00\x00"}, "This field cannot be blank."),
    ({"notes": "n" * 4001}, "at most 4000 characters"),
    ({"description": "d" * 2001}, "at most 2000 characters"),
    ({"kind": "party"}, "Choose the kind of item."),
])
def test_bad_items_are_refused(evening, changes, message):
    assert message in refusal(lambda: add(evening, **changes))
    assert ProgrammeItem.objects.filter(edition=evening.edition).count() == 3


def test_nul_bytes_are_removed_from_an_item(evening):
    item = add(evening, title="Group\x00 photo", notes="Stage\x00 left")
    item.refresh_from_db()
    assert (item.title, item.notes) == ("Group photo", "Stage left")


def test_without_a_ceremony_date_there_is_no_programme(ceremony):  # noqa: F811
    ceremony.edition.ceremony_at = None
    ceremony.edition.save()
    ceremony.day = seoul(2030, 9, 25, 15)
    assert "Set the ceremony's date and time first" in refusal(lambda: add(ceremony))


def test_only_the_secretariat_changes_the_programme(evening):
    for persona in ("coordinator", "judge", "entrant"):
        assert "secretariat" in refusal(lambda p=persona: services.programme_item_save(
            edition=evening.edition, by=evening.users[p], data=item_data(evening)))
        assert "secretariat" in refusal(lambda p=persona: services.programme_item_move(
            item=evening.speech, direction="up", by=evening.users[p]))
        assert "secretariat" in refusal(lambda p=persona: services.programme_item_delete(
            item=evening.speech, by=evening.users[p]))
    assert ProgrammeItem.objects.filter(edition=evening.edition).count() == 3


def test_deleting_an_item(evening):
    services.programme_item_delete(item=evening.speech, by=evening.users["secretariat"])
    assert times(evening) == [("Welcome", "15:00"), ("Category 0 awards", "15:25")]
    assert [i.order for i in reads.programme_of(evening.edition)] == [0, 1]
    assert AuditEvent.objects.filter(action="programme.delete").count() == 1


# --- Moving items -------------------------------------------------------------------------------


def test_moving_up_swaps_the_time_slots(evening):
    services.programme_item_move(item=evening.presentation, direction="up",
                                 by=evening.users["secretariat"])
    # the presentation (20 min) takes the keynote's start; the keynote (15 min) follows it
    assert times(evening) == [("Welcome", "15:00"), ("Category 0 awards", "15:10"),
                              ("Keynote", "15:30")]
    assert AuditEvent.objects.filter(action="programme.move").count() == 1


def test_moving_down_keeps_the_gap_between_items(evening):
    services.programme_item_save(edition=evening.edition, by=evening.users["secretariat"],
                                 item=evening.presentation,
                                 data={"starts_at": evening.day + timedelta(minutes=40)})
    services.programme_item_move(item=evening.speech, direction="down",
                                 by=evening.users["secretariat"])
    # a 15-minute gap after the keynote stays between the two
    assert times(evening) == [("Welcome", "15:00"), ("Category 0 awards", "15:10"),
                              ("Keynote", "15:45")]


def test_items_at_the_same_moment_swap_their_order(evening):
    photo = add(evening, starts_at=evening.day + timedelta(minutes=25), title="Photo")
    assert [t for t, _ in times(evening)] == ["Welcome", "Keynote", "Category 0 awards", "Photo"]
    services.programme_item_move(item=photo, direction="up", by=evening.users["secretariat"])
    assert [t for t, _ in times(evening)] == ["Welcome", "Keynote", "Photo", "Category 0 awards"]


def test_the_first_cannot_go_up_nor_the_last_down(evening):
    assert "“Welcome” is already the first item." in refusal(
        lambda: services.programme_item_move(item=evening.welcome, direction="up",
                                             by=evening.users["secretariat"]))
    assert "“Category 0 awards” is already the last item." in refusal(
        lambda: services.programme_item_move(item=evening.presentation, direction="down",
                                             by=evening.users["secretariat"]))
    assert "Move an item up or down." in refusal(
        lambda: services.programme_item_move(item=evening.speech, direction="sideways",
                                             by=evening.users["secretariat"]))


def test_a_move_that_would_cross_midnight_is_refused(evening):
    late = add(evening, starts_at=evening.day.replace(hour=23), duration=50, title="Late")
    last = add(evening, starts_at=evening.day.replace(hour=23, minute=10), duration=50,
               title="Last")
    assert "the next day" in refusal(lambda: services.programme_item_move(
        item=last, direction="up", by=evening.users["secretariat"]))
    assert [t for t, _ in times(evening)][-2:] == [late.title, last.title]


# --- Warnings -----------------------------------------------------------------------------------


def test_overlaps_and_unpresented_awards_are_warnings(evening):
    add(evening, starts_at=evening.day + timedelta(minutes=5), duration=30, title="Film")
    warnings = reads.programme_warnings(evening.edition, reads.programme_of(evening.edition))
    assert warnings == [
        "“Film” (15:05) starts before “Welcome” (15:00 to 15:10) ends.",
        "“Keynote” (15:10) starts before “Film” (15:05 to 15:35) ends.",
        "“Category 0 awards” (15:25) starts before “Film” (15:05 to 15:35) ends.",
    ]
    # (a special mention has no category: where it sorts depends on the database)
    assert sorted(a.name for a in reads.unpresented_awards(evening.edition)) == [
        "Leadership", "Special Mention"]


# --- Two people at once (PostgreSQL) ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_people_presenting_the_same_award_at_once_agree_on_postgresql(evening):
    def present(title):
        try:
            add(evening, kind="award", awards=[evening.prize], title=title)
            return "saved"
        except ValidationError as exc:
            return " ".join(exc.messages)

    outcomes = at_once(lambda: present("Leadership 0"), lambda: present("Leadership 1"))

    assert sorted(outcomes)[-1] == "saved"
    assert "Leadership is already presented" in sorted(outcomes)[0]
    assert ProgrammeItem.objects.filter(awards=evening.prize).count() == 1
