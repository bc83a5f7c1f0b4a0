"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
copies of an entry (a submitted entry and a draft, which has no receipt)."""


def params(season, judging) -> dict:
    entries = [{"pk": season.entry.pk}, {"pk": season.draft.pk}]
    return {"entries:entry_copy": entries, "entries:entry_receipt": entries}
