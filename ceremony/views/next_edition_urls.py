"""URL patterns of the next edition's page, under /ceremony/: starting a new edition from this
one (see ceremony/views/staff/next_edition.py)."""

from django.urls import path

from .staff.next_edition import staff_next_edition

urlpatterns = [
    path("staff/<slug:edition>/next-edition/", staff_next_edition, name="staff_next_edition"),
]
