"""Coordinators' and the secretariat's judging pages: an edition's rounds, and for each round its
overview, criteria, panels, assignments, progress, results, score export and shortlist.

The edition's secretariat and coordinators (and a superuser) see them; for everyone else they do
not exist (404). Anonymous visitors are asked to log in, except on the results, an entry's
results and the export, which answer 404.
"""

from django.urls import path

from .assignments import staff_assignments
from .criteria import staff_criteria
from .panels import staff_panels
from .progress import staff_progress
from .results import staff_export, staff_result_entry, staff_results
from .rounds import staff_round, staff_rounds
from .shortlist import staff_shortlist

urlpatterns = [
    path("staff/<slug:edition>/", staff_rounds, name="staff_rounds"),
    path("staff/rounds/<id:pk>/", staff_round, name="staff_round"),
    path("staff/rounds/<id:pk>/criteria/", staff_criteria, name="staff_criteria"),
    path("staff/rounds/<id:pk>/panels/", staff_panels, name="staff_panels"),
    path("staff/rounds/<id:pk>/assignments/", staff_assignments, name="staff_assignments"),
    path("staff/rounds/<id:pk>/progress/", staff_progress, name="staff_progress"),
    path("staff/rounds/<id:pk>/results/", staff_results, name="staff_results"),
    path("staff/rounds/<id:pk>/results/<id:entry_id>/", staff_result_entry,
         name="staff_result_entry"),
    path("staff/rounds/<id:pk>/scores.<str:fmt>", staff_export, name="staff_export"),
    path("staff/rounds/<id:pk>/shortlist/", staff_shortlist, name="staff_shortlist"),
]
