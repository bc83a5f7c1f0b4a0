from django.utils.functional import SimpleLazyObject

from .enums import Role
from .selectors import editions_visible_to


def platform(request):
    """The current edition and what the viewer may open, for the layout's header and menu."""

    def current_edition():
        if not hasattr(request, "_current_edition"):
            request._current_edition = (
                editions_visible_to(request.user).filter(is_current=True).first()
            )
        return request._current_edition

    def current_phase():
        edition = current_edition()
        if edition is None:
            return None
        from .phase import edition_phase

        return edition_phase(edition)

    def nav():
        user = request.user
        if not user.is_authenticated:
            return {}
        return {
            "staff": user.has_perm("prize.enter_staff_area"),
            "outbox": user.has_perm("prize.view_outbox"),
            "admin": user.is_superuser,
            # a judge in any edition has the judging pages (read from the roles, so the core
            # needs nothing from the judging app)
            "judging": any(role == Role.JUDGE for _edition, role in user.role_set),
        }

    return {
        "current_edition": SimpleLazyObject(current_edition),
        # what visitors are told of the current edition's phase (prize/phase.py)
        "current_phase": SimpleLazyObject(current_phase),
        "nav": SimpleLazyObject(nav),
        "viewer_time_zone": getattr(request, "viewer_time_zone", None),
    }
