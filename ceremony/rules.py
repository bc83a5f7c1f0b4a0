"""Who may do what in the ceremony's staff pages (django `rules`). Objects are editions.

The edition's secretariat runs the ceremony: it manages the awards, proposes the winners,
publishes the results and sends the result e-mails. The evaluation partner (coordinators) sees
everything and is the second pair of eyes: it confirms decisions and may reopen a confirmed one
(with a reason); it does not propose, so a proposal and its confirmation always come from the
two sides of the four-eyes rule when a coordinator confirms. A superuser stands above every role.
Everyone else (judges, entrants, the public, another edition's staff) sees none of it: 404.
"""

import rules

from prize.rules import is_coordinator, is_secretariat, is_superuser

is_ceremony_staff = is_superuser | is_secretariat | is_coordinator
runs_ceremony = is_superuser | is_secretariat

# See the staff pages and the press list (before publication too).
rules.add_perm("ceremony.view_staff", is_ceremony_staff)
# Create, change and delete awards.
rules.add_perm("ceremony.manage_awards", runs_ceremony)
# Propose, move, remove a proposal, change its citation or reason.
rules.add_perm("ceremony.propose", runs_ceremony)
# Confirm someone else's proposal; reopen a confirmed decision (with a reason).
rules.add_perm("ceremony.confirm", is_ceremony_staff)
# Schedule, publish now, cancel, unpublish; the publication's options.
rules.add_perm("ceremony.publish", runs_ceremony)
# Ask for the result e-mails.
rules.add_perm("ceremony.send_results", runs_ceremony)
# The ceremony's details, programme and presenters; invitations and reminders; screen links;
# a new edition made from this one.
rules.add_perm("ceremony.manage_ceremony", runs_ceremony)
# Read the MC's script and the replies; run the reveal (operator console, screens, rehearsal).
rules.add_perm("ceremony.run_reveal", is_ceremony_staff)
