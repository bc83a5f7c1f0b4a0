"""The staff overview of one edition (``prize/overview.py``): for its secretariat, its
coordinators and superusers; a 404 for anyone else, the login page for anonymous visitors."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import overview, selectors
from .permissions import deny


@never_cache
def edition_overview(request, slug):
    if not request.user.is_authenticated:
        return deny(request)
    edition = get_object_or_404(selectors.editions_staffed_by(request.user), slug=slug)
    with timezone.override(edition.tz):
        sections = overview.render(request, edition)
    return render(request, "prize/overview/page.html", {
        "edition": edition, "sections": sections,
        "can_manage": request.user.has_perm("prize.manage_edition", edition),
    })
