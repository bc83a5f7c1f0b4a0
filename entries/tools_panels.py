"""Links to the staff's tools on entries among an edition's staff tools (the edition's staff
page): the tags page and every answer as a spreadsheet. Registered from ``EntriesConfig.ready``."""

from prize import panels


def staff_tools_panel(request, objects):
    """The links, for the edition's secretariat and coordinators (and a superuser)."""
    from .views.staff import may_view_entries

    edition = objects[0] if objects else None
    if edition is None or not request.user.is_authenticated \
            or not may_view_entries.test(request.user, edition):
        return None
    return {"edition": edition}


panels.register("prize.staff_edition_tools", "entries.tools", order=10,
                template="entries/tools/_staff_tools.html", context=staff_tools_panel)
