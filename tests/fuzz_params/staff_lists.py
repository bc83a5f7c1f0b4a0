"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): a
saved view of the secretariat's (the entries list, filtered), to open, rename and delete."""


def params(season, judging) -> dict:
    from prize.models import SavedView

    view = SavedView.objects.create(user=season.users["secretariat"], list_key="entries",
                                    edition=season.edition, name="Submitted, by title",
                                    query="status=submitted&sort=title")
    one = [{"pk": view.pk}]
    return {"staff_lists:open": one, "staff_lists:rename": one, "staff_lists:delete": one}
