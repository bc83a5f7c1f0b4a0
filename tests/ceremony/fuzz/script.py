"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py)."""


def params(the_season, entry, award) -> dict:
    slug = {"edition": the_season.edition.slug}
    return {
        "ceremony:staff_script": [slug],
        "ceremony:staff_script_pdf": [slug],
    }
