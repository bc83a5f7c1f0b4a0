"""Where group messages show on other pages: the latest messages on a dashboard, and a link to
the edition's messages among the staff's tools.

``install(slot)`` is called by each app that registers an audience (from its ``ready()``): the
entrants' app puts the messages panel on the entrant's dashboard, the judging app on the
judge's. The staff's link appears once any group can be written to. It also loads the task
that sends scheduled messages, so the Celery worker knows it.
"""

from __future__ import annotations

from . import panels

LATEST = 5


def dashboard_panel(request, objects):
    """The latest messages sent to the user (one query); nothing when there is none."""
    from .messaging import inbox_of

    latest = list(inbox_of(request.user)[:LATEST])
    if not latest:
        return None
    return {"latest": latest}


def staff_tools_panel(request, objects):
    from .enums import Role

    edition = objects[0] if objects else None
    user = request.user
    if edition is None or not user.is_authenticated or not (
            user.is_superuser or user.has_role(edition, Role.SECRETARIAT, Role.COORDINATOR)):
        return None
    return {"edition": edition}


def install(dashboard_slot: str | None = None) -> None:
    from . import message_tasks  # noqa: F401 (the worker learns the scheduled-sending task)

    if dashboard_slot:
        panels.register(dashboard_slot, "prize.messages", order=20,
                        template="prize/messages/_dashboard_panel.html",
                        context=dashboard_panel)
    panels.register("prize.staff_edition_tools", "prize.messages",
                    template="prize/messages/_staff_tools.html", context=staff_tools_panel)
