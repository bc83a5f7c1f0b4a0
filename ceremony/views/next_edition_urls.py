"""URL patterns of one family of the ceremony's pages, under /ceremony/ (placeholder until its
views land)."""

from django.http import Http404
from django.urls import path


def _placeholder(request, edition):
    raise Http404


urlpatterns = [
    path("staff/<slug:edition>/next-edition/", _placeholder, name="staff_next_edition"),
]
