"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
form builder of the season's form (its first step and its title field)."""


def params(season, judging) -> dict:
    form = season.entry.form
    step = form.schema["steps"][0]["key"]
    field = form.schema["steps"][0]["fields"][0]["key"]
    slug = {"edition_slug": season.edition.slug}
    built = {**slug, "pk": form.pk}
    return {
        "entries:staff_form_new": [slug],
        "entries:staff_form_build": [built],
        "entries:staff_form_build_copy": [built],
        "entries:staff_form_move": [built],
        "entries:staff_form_title": [built],
        "entries:staff_form_step_add": [built],
        "entries:staff_form_step": [{**built, "step_key": step}],
        "entries:staff_form_step_remove": [{**built, "step_key": step}],
        "entries:staff_form_field_add": [{**built, "step_key": step}],
        "entries:staff_form_field": [{**built, "field_key": field}],
        "entries:staff_form_field_remove": [{**built, "field_key": field}],
    }
