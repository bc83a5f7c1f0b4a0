"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
changes made to a submitted entry, discarded (the page that asks first, and the discarding)."""


def params(season, judging) -> dict:
    return {"entries:discard_changes": [{"pk": season.entry.pk}, {"pk": season.draft.pk}]}
