"""The statistics page of an edition's entries, for its secretariat and coordinators.

Charts are SVG drawn on the server (no JavaScript), each with a title, a description carrying
its numbers, and the same numbers in a table for anyone who would rather read them.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from prize.enums import Role
from prize.permissions import deny
from prize.selectors import editions_visible_to

from ..stats import edition_stats


def may_see_stats(user, edition) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_role(edition, Role.SECRETARIAT, Role.COORDINATOR)
    )


def staff_stats(request, edition_slug):
    if not request.user.is_authenticated:
        return deny(request)
    edition = get_object_or_404(editions_visible_to(request.user), slug=edition_slug)
    if not may_see_stats(request.user, edition):
        raise Http404
    stats = edition_stats(edition)
    return render(request, "entries/stats/page.html", {"edition": edition, "stats": stats})


urlpatterns = [
    path("staff/<slug:edition_slug>/stats/", staff_stats, name="staff_stats"),
]
