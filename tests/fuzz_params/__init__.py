"""Path parameters for the hostile-input walk (tests/test_fuzz.py), one module per family of
pages, so each family names its own routes' parameters beside its tests."""

FAMILIES = ("judge_page", "redaction", "staff_config", "staff_display", "copies", "changes",
            "narrow", "team", "builder", "schema_types", "messaging", "staff_lists",
            "entry_tools", "two_factor", "privacy", "api", "overview", "books")


def params(season, judging) -> dict:
    from importlib import import_module

    found = {}
    for family in FAMILIES:
        found.update(import_module(f"{__name__}.{family}").params(season, judging))
    return found
