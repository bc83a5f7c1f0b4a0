"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
page that hides passages of the season's entry from judges of blind rounds, and one passage
hidden there (to remove)."""


def params(season, judging) -> dict:
    from entries.models import Redaction

    entry = season.entry
    hidden = Redaction.objects.create(entry=entry, field_key="summary", text="Sensors")
    everywhere = Redaction.objects.create(entry=entry, text="Seoul")
    page = {"edition_slug": season.edition.slug, "pk": entry.pk}
    return {
        "entries:staff_redaction": [page],
        "entries:staff_redaction_remove": [{**page, "redaction_id": hidden.pk},
                                           {**page, "redaction_id": everywhere.pk}],
    }
