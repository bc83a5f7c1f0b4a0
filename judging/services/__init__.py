"""Every write of judging: one function per change, each owning its side effects (save, audit,
notification) in one transaction. Grouped by subject:

* ``rounds``: configuration (round, criteria, quotas), taking entries, status changes,
  finalising the shortlist;
* ``panels``: judge invitations and profiles, conflict declarations, releasing what a late
  conflict (a profile change, a declaration, joining an entrant) covers;
* ``assignments``: automatic assignment, manual add / remove / swap, telling judges;
* ``reviews``: save (autosave), submit, reopen, abstain, recuse with a replacement;
* ``reminders``: reminders to judges with unfinished reviews, now or on schedule.
"""

from .assignments import (
    assignment_add,
    assignment_problems,
    assignment_remove,
    assignment_run,
    assignment_swap,
    assignments_notify,
    panel_inputs,
)
from .common import JudgingError, MissingScores, StaleReview, scoring_open
from .panels import (
    conflict_declare,
    invitation_accept,
    judge_invite,
    judge_profile_update,
    member_conflicts_release,
)
from .reminders import reminders_send, send_due_reminders, unfinished_by_judge
from .reviews import (
    recuse,
    review_abstain,
    review_reopen,
    review_save,
    review_submit,
)
from .rounds import (
    criterion_delete,
    criterion_save,
    quota_set,
    round_create,
    round_finalise,
    round_set_status,
    round_take_entries,
    round_update,
)

__all__ = [
    "JudgingError",
    "MissingScores",
    "StaleReview",
    "assignment_add",
    "assignment_problems",
    "assignment_remove",
    "assignment_run",
    "assignment_swap",
    "assignments_notify",
    "conflict_declare",
    "criterion_delete",
    "criterion_save",
    "invitation_accept",
    "judge_invite",
    "judge_profile_update",
    "member_conflicts_release",
    "panel_inputs",
    "quota_set",
    "recuse",
    "reminders_send",
    "review_abstain",
    "review_reopen",
    "review_save",
    "review_submit",
    "round_create",
    "round_finalise",
    "round_set_status",
    "round_take_entries",
    "round_update",
    "scoring_open",
    "send_due_reminders",
    "unfinished_by_judge",
]
