"""The entrant's pages: profile and collaborators, the dashboard, the multi-step application
form with autosave, review, submission, the entry page and withdrawal.

Thin views: they fetch through the selectors (someone else's entry is a 404), call a service
for every change, and render.

  _common.py     what the pages share: step URLs, whether the call is open, the step list
  profile.py     the entrant profile, collaborators, accepting an invitation
  dashboard.py   the dashboard and starting an entry
  steps.py       a step of the form: show, save, autosave, an expired session's typing
  submission.py  review and submit (and submit changes), the entry page, withdraw, delete a
                 draft, discard changes not submitted
"""

from django.urls import path

from .dashboard import dashboard, start
from .profile import accept_invitation, collaborators, profile
from .steps import step
from .submission import (
    delete_draft,
    discard_changes,
    entry_detail,
    review,
    submit,
    withdraw,
)

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("profile/", profile, name="profile"),
    path("profile/collaborators/", collaborators, name="collaborators"),
    path("invitations/<token:token>/", accept_invitation, name="invitation_accept"),
    path("start/<id:category_id>/", start, name="start"),
    path("<id:pk>/", entry_detail, name="entry_detail"),
    path("<id:pk>/steps/<slug:step_key>/", step, name="step"),
    path("<id:pk>/review/", review, name="review"),
    path("<id:pk>/submit/", submit, name="submit"),
    path("<id:pk>/changes/discard/", discard_changes, name="discard_changes"),
    path("<id:pk>/withdraw/", withdraw, name="withdraw"),
    path("<id:pk>/delete/", delete_draft, name="delete_draft"),
]
