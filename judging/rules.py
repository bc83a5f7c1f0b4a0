"""Who may do what in judging (django `rules`). Objects are rounds unless named otherwise.

Judging is run by the edition's secretariat and coordinators (the evaluation partner); a judge's
own pages check the assignment through ``judging.selectors`` (404 for anything else).
"""

import rules

from prize.enums import Role
from prize.rules import is_superuser


@rules.predicate
def is_round_staff(user, round):
    return (round is not None and user.is_authenticated
            and user.has_role(round.edition_id, Role.SECRETARIAT, Role.COORDINATOR))


@rules.predicate
def is_judge_of_edition(user, edition):
    return edition is not None and user.is_authenticated and user.has_role(edition, Role.JUDGE)


rules.add_perm("judging.manage_round", is_superuser | is_round_staff)
rules.add_perm("judging.view_results", is_superuser | is_round_staff)
rules.add_perm("judging.declare_conflicts", is_superuser | is_judge_of_edition)
