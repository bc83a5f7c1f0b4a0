"""Who may do what with entries (django `rules`). Objects are entries unless named otherwise."""

import rules

from prize.rules import is_superuser

from .enums import EDITABLE_STATUSES
from .selectors import entrant_of, staff_edition_ids


@rules.predicate
def is_entry_member(user, entry):
    entrant = entrant_of(user)
    return entrant is not None and entry is not None and entry.entrant_id == entrant.pk


@rules.predicate
def is_entry_staff(user, entry):
    return entry is not None and entry.edition_id in staff_edition_ids(user)


@rules.predicate
def is_secretariat_of_entry(user, entry):
    from prize.enums import Role

    return entry is not None and user.is_authenticated and user.has_role(
        entry.edition_id, Role.SECRETARIAT
    )


@rules.predicate
def is_editable(user, entry):
    return entry is not None and entry.status in EDITABLE_STATUSES


rules.add_perm("entries.view_entry", is_superuser | is_entry_member | is_entry_staff)
rules.add_perm("entries.change_entry", is_entry_member & is_editable)
rules.add_perm("entries.screen_entry", is_superuser | is_secretariat_of_entry)
rules.add_perm("entries.view_revisions", is_superuser | is_entry_staff)
