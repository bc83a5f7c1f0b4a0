"""The ceremony's public side: the evening's page (date and time, venue, address, map link,
description, the programme's outline and the people on stage), a presenter's photo, and the
link on the edition's home page.

The page is public once the edition is (not a draft) and has a ceremony date; staff of a draft
edition see a preview. It never shows a winner (an award item names its award only), nor
anything staff only (the MC's notes, pronunciation hints). Anonymous visitors get a copy that
shared caches may keep for a few minutes, like the published results pages.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from prize.selectors import editions_visible_to

from .. import evening, images, selectors
from ..models import Presenter
from .public import _SHAREABLE, _shareable, results_page

PHOTO_CACHE_SECONDS = 24 * 3600


def _photo_url(edition, presenter: Presenter) -> str | None:
    if not presenter.photo:
        return None
    return (reverse("ceremony:presenter_photo", args=[edition.slug, presenter.pk])
            + f"?v={presenter.photo.name.rsplit('/', 1)[-1][:12]}")


@require_safe
@results_page
def ceremony(request, slug):
    edition = get_object_or_404(editions_visible_to(request.user), slug=slug)
    public = evening.ceremony_is_public(edition)
    if not public and not (selectors.is_results_staff(request.user, edition)
                           and edition.ceremony_at is not None):
        raise Http404
    outline = evening.public_ceremony(edition)
    for presenter in outline.presenters:
        presenter.photo_url = _photo_url(edition, presenter)
    shareable = _shareable(request, public)
    context = {
        "edition": edition,
        "outline": outline,
        "ceremony": outline.ceremony,
        "results_public": selectors.results_public(edition),
        "preview": not public,  # a draft edition's staff: never indexed, never cached
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
    }
    if shareable:
        context.update(_SHAREABLE)
    response = render(request, "ceremony/public/ceremony.html", context)
    response.shareable = shareable
    return response


@require_safe
@results_page
def presenter_photo(request, edition, pk):
    """A presenter's photo, re-encoded from its pixels (upright, at most 1,600 pixels, no EXIF,
    GPS or other metadata: see ceremony/images.py) and kept in the cache. Public for the people
    the public programme names; the edition's staff see every presenter's."""
    presenter = get_object_or_404(
        Presenter.objects.filter(edition__in=editions_visible_to(request.user))
        .select_related("edition"), pk=pk, edition__slug=edition)
    staff = selectors.is_results_staff(request.user, presenter.edition)
    public = evening.presenter_is_public(presenter)
    if not presenter.photo or not (public or staff):
        raise Http404
    key = f"ceremony:presenter-photo:{presenter.photo.name}"
    content = cache.get(key)
    if content is None:
        try:
            with presenter.photo.open("rb") as handle:
                content = images.public_image(handle.read())
        except (OSError, images.NotAnImage) as exc:
            raise Http404 from exc
        cache.set(key, content, PHOTO_CACHE_SECONDS)
    data, content_type = content
    response = HttpResponse(data, content_type=content_type)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response.shareable = _shareable(request, public)
    return response


def edition_home_panel(request, objects):
    """For the ``prize.edition_home`` slot: a link to the ceremony's page, once it is public."""
    if not objects or not evening.ceremony_is_public(objects[0]):
        return None
    edition = objects[0]
    return {"edition": edition, "ceremony_url": reverse("ceremony:ceremony", args=[edition.slug])}
