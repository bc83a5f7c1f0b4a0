"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
staff overview of an edition, and its Translations page."""


def params(season, judging) -> dict:
    return {"overview:edition": [{"slug": season.edition.slug}],
            "overview:translations": [{"slug": season.edition.slug}]}
