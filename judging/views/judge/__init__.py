"""The judge's panel: the dashboard, the scoring page of an entry with its autosave and actions,
conflicts of interest, the judge profile and the invitation link.

Thin views: each entry page fetches the judge's own assignment through
``judging.selectors.assignment_for_judge`` (anything else is a 404), every change goes through
``judging.services``.

  _common.py     the assignment or a 404, review statuses, typed scores, blind-round hiding
  dashboard.py   rounds, progress, assignments in the judge's order, filters, invitations
  review.py      the scoring page and the entry's files
  actions.py     autosave and save, submit, reopen, abstain, recuse
  conflicts.py   declared conflicts and the form to declare one
  profile.py     the judge profile and the invitation link
"""

from django.urls import path

from .actions import review_abstain, review_recuse, review_reopen, review_save, review_submit
from .conflicts import conflicts
from .dashboard import dashboard
from .profile import invitation, profile
from .review import review, review_attachment

ENTRY = "rounds/<id:round_id>/entries/<id:entry_id>/"

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path(ENTRY, review, name="review"),
    path(f"{ENTRY}save/", review_save, name="review_save"),
    path(f"{ENTRY}submit/", review_submit, name="review_submit"),
    path(f"{ENTRY}reopen/", review_reopen, name="review_reopen"),
    path(f"{ENTRY}abstain/", review_abstain, name="review_abstain"),
    path(f"{ENTRY}recuse/", review_recuse, name="review_recuse"),
    path(f"{ENTRY}attachments/<id:pk>/", review_attachment, name="review_attachment"),
    path("conflicts/", conflicts, name="conflicts"),
    path("profile/", profile, name="profile"),
    path("invitations/<token:token>/", invitation, name="invitation"),
]
