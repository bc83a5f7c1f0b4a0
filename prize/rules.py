"""Who may do what in the shared core: composable predicates (django `rules`).

Objects are editions; a superuser stands above every role. Views use these through
``user.has_perm(name, edition)`` or the helpers in ``prize.permissions``.
"""

import rules

from .enums import Role


@rules.predicate
def is_superuser(user):
    return bool(user and user.is_authenticated and user.is_superuser)


def has_role(*roles: str):
    """A predicate true when the user holds one of ``roles`` in the edition passed as object."""

    @rules.predicate(name=f"has_role({', '.join(roles)})")
    def predicate(user, edition):
        if edition is None or not (user and user.is_authenticated):
            return False
        return user.has_role(edition, *roles)

    return predicate


def has_role_anywhere(*roles: str):
    @rules.predicate(name=f"has_role_anywhere({', '.join(roles)})")
    def predicate(user):
        if not (user and user.is_authenticated):
            return False
        return any(role in roles for _edition, role in user.role_set)

    return predicate


is_entrant = has_role(Role.ENTRANT)
is_judge = has_role(Role.JUDGE)
is_coordinator = has_role(Role.COORDINATOR)
is_secretariat = has_role(Role.SECRETARIAT)
is_edition_staff = is_secretariat | is_coordinator

# Edition settings, categories, roles: the secretariat runs the edition.
rules.add_perm("prize.manage_edition", is_superuser | is_secretariat)
# The audit log of an edition: the secretariat and the evaluation partner.
rules.add_perm("prize.view_audit", is_superuser | is_edition_staff)
# The outbox holds every e-mail of the site: secretariat staff of any edition.
rules.add_perm("prize.view_outbox", is_superuser | has_role_anywhere(Role.SECRETARIAT))
# The staff area at all (its index page).
rules.add_perm(
    "prize.enter_staff_area",
    is_superuser | has_role_anywhere(Role.SECRETARIAT, Role.COORDINATOR),
)
