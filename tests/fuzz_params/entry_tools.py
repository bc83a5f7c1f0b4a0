"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
edition's tags page, one tag (rename, delete), the season's entry with a tag on it and a note of
the secretariat's (add, remove, edit, delete), next to screen and every answer exported."""


def params(season, judging) -> dict:
    from entries.tagging import entry_tag_add, note_add, tag_create

    edition, entry = season.edition, season.entry
    secretariat = season.users["secretariat"]
    tag = tag_create(edition=edition, name="Follow up", by=secretariat)
    entry_tag_add(entry=entry, tag=tag, by=secretariat)
    note = note_add(entry=entry, text="Budget to check", by=secretariat)
    page = {"edition_slug": edition.slug}
    on_entry = {**page, "pk": entry.pk}
    return {
        "entry_tools:tags": [page],
        "entry_tools:tag_update": [{**page, "tag_id": tag.pk}],
        "entry_tools:tag_delete": [{**page, "tag_id": tag.pk}],
        "entry_tools:bulk_tag": [page],
        "entry_tools:next_to_screen": [page],
        "entry_tools:answers_export": [page],
        "entry_tools:entry_tag_add": [on_entry],
        "entry_tools:entry_tag_remove": [{**on_entry, "tag_id": tag.pk}],
        "entry_tools:note_add": [on_entry],
        "entry_tools:note_edit": [{**on_entry, "note_id": note.pk}],
        "entry_tools:note_delete": [{**on_entry, "note_id": note.pk}],
    }
