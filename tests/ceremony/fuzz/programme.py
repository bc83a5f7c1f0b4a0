"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
evening of the season's edition, with a presenter (and a photo) named by an award
presentation."""


def params(the_season, entry, award) -> dict:
    from datetime import timedelta

    from ceremony import services
    from tests.ceremony.programme_support import upload

    edition = the_season.edition
    secretariat = the_season.users["secretariat"]
    services.ceremony_save(edition=edition, by=secretariat, ceremony_at=edition.ceremony_at,
                           venue=edition.ceremony_venue or "The venue", address="1 Main Street",
                           map_url="https://maps.example.org/venue")
    presenter = services.presenter_save(edition=edition, by=secretariat, data={
        "name": "The President of Le Temps", "title": "President", "organisation": "Le Temps"},
        photo=upload())
    item = services.programme_item_save(edition=edition, by=secretariat, data={
        "starts_at": edition.ceremony_at + timedelta(minutes=10), "duration": 10,
        "title": "Fuzz award", "kind": "award", "awards": [award], "presenters": [presenter]})
    services.programme_item_save(edition=edition, by=secretariat, data={
        "starts_at": edition.ceremony_at, "duration": 10, "title": "Welcome",
        "kind": "welcome", "notes": "Staff only"})
    slug = {"edition": edition.slug}
    return {
        "ceremony:staff_ceremony": [slug],
        "ceremony:staff_ceremony_details": [slug],
        "ceremony:staff_programme_item": [{**slug, "pk": item.pk}],
        "ceremony:staff_programme_move": [{**slug, "pk": item.pk}],
        "ceremony:staff_presenters": [slug],
        "ceremony:staff_presenter": [{**slug, "pk": presenter.pk}],
        "ceremony:presenter_photo": [{**slug, "pk": presenter.pk}],
        "ceremony:ceremony": [{"slug": edition.slug}],
    }
