"""The ceremony's staff pages for an edition: its awards, deciding the winners, publication
under embargo, the result e-mails and the press list.

The edition's secretariat and coordinators (and a superuser) see them; the secretariat acts,
coordinators confirm and reopen decisions (see ``ceremony/rules.py``). For everyone else they
do not exist (404); anonymous visitors are asked to log in.
"""

from .awards import staff_award, staff_awards
from .decisions import staff_decisions
from .emails import staff_email_preview, staff_emails
from .home import staff_home
from .press import staff_press
from .publication import staff_publication

__all__ = ["staff_award", "staff_awards", "staff_decisions", "staff_email_preview",
           "staff_emails", "staff_home", "staff_press", "staff_publication"]
