"""Every write of the ceremony app: one function per transition, owning its side effects (save,
audit, notify) in one transaction. One module per part of the prize's ending:

* ``results``: awards, decisions (proposed by one person, confirmed by another), the
  publication under embargo, the result e-mails;
* ``programme``: the ceremony's details, its presenters and programme;
* ``invitations``: the finalists' invitations and their replies;
* ``reveal``: the live reveal (operator steps, screen links, rehearsal, publication as revealed);
* ``next_edition``: a new edition made from this one's configuration.

Callers import the package: ``from ceremony import services``.
"""

from .invitations import *  # noqa: F403
from .next_edition import *  # noqa: F403
from .programme import *  # noqa: F403
from .results import *  # noqa: F403
from .results import CeremonyError  # noqa: F401
from .reveal import *  # noqa: F403
