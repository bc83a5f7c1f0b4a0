"""The public results pages: the archive of editions with published results, an edition's
winners and finalists, a page per winner and its picture.

Before publication every one of them is a 404 for everyone but the edition's staff, who see a
preview under a "not published" banner; nothing about them is cached then (``private,
no-store``, the 404 included). After publication anonymous visitors get pages that shared
caches may keep for ``PUBLIC_MAX_AGE`` seconds; they carry no cookie and no CSRF token, so
one copy serves everyone. Signed-in visitors get their own, uncached copy (their name is in
the page's header).
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found

from entries.stats import edition_headline
from prize import public_pages
from prize.selectors import editions_staffed_by, editions_visible_to

from .. import images, selectors, showcase

# How long shared caches and browsers may keep a published page (seconds): short, so that
# taking results back (a mistake, unpublished with a reason) reaches everyone soon.
PUBLIC_MAX_AGE = 300

# Context values that keep a page free of anything personal: no CSRF token is made (so no
# cookie is set and the page is the same for every anonymous visitor).
_SHAREABLE = {"csrf_token": ""}


def results_page(view):
    """A public results page: 404 (never cached) when the view finds nothing for the viewer;
    shared-cacheable when it is the published page seen by an anonymous visitor; private and
    uncached otherwise (a staff preview, a signed-in visitor)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exc:
            response = page_not_found(request, exc)
            add_never_cache_headers(response)
            return response
        if getattr(response, "shareable", False) and not request.user.is_authenticated:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        else:
            add_never_cache_headers(response)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def _edition(request, slug: str, *, as_revealed: bool = False):
    """The edition and whether its results are public, or a 404 when the viewer may not see
    them (everyone but its staff, before publication). ``as_revealed``: a winners page, which
    shows before publication the awards the live reveal has published (see
    ``selectors.revealed_awards``); the request is then marked ``results_as_revealed``."""
    edition = get_object_or_404(editions_visible_to(request.user), slug=slug)
    public = selectors.results_public(edition)
    if not public and not selectors.is_results_staff(request.user, edition):
        if not (as_revealed and selectors.winners_partly_public(edition)):
            raise Http404
        request.results_as_revealed = True  # live reveal: as_revealed
    return edition, public


def _shareable(request, public: bool) -> bool:
    """Whether this response may be one copy for everyone: published results, an anonymous
    visitor, and no message waiting for them (it would show in the page)."""
    return public and not request.user.is_authenticated and not len(get_messages(request))


#: What a public results page is made of (prize/public_pages.py): the editions, their
#: entries and entrants, the final round's entries (the finalists), the awards and decisions.
TOPICS = ("prize", "entries", "judging", "ceremony")


def _render(request, template: str, context: dict, *, public: bool,
            until=None) -> HttpResponse:
    """Render a results page. ``public``: the results are published (otherwise this is a
    staff preview, and the page says when they will be). The published page an anonymous
    visitor gets is one copy for everyone, kept until anything it shows changes (or until
    ``until``: prize/public_pages.py, ceremony/public_cache.py)."""
    shareable = _shareable(request, public)
    revealing = getattr(request, "results_as_revealed", False)  # live reveal: as_revealed
    context.update({"preview": not public and not revealing, "revealing": revealing,
                    "site_url": settings.SITE_URL,
                    "canonical_url": settings.SITE_URL + request.path})
    if not public and "edition" in context:
        context["publication"] = selectors.publication_of(context["edition"])
    if shareable:
        context.update(_SHAREABLE)
    response = render(request, template, context)
    response.shareable = shareable
    if shareable:
        public_pages.share(response, topics=TOPICS, until=until)
    return response


@require_safe
@results_page
def archive(request):
    """Every edition whose results are published, newest first; the edition's staff also find
    their editions still under embargo, marked as previews."""
    public = list(selectors.public_editions(request.user))
    previews = []
    if request.user.is_authenticated:
        published = {e.pk for e in public}
        # the secretariat's and the coordinators' editions: those who see results early
        previews = [e for e in editions_staffed_by(request.user) if e.pk not in published]
    # the list grows when a scheduled publication's moment comes
    return _render(request, "ceremony/public/archive.html",
                   {"editions": public, "previews": previews}, public=True,
                   until=selectors.next_publication())


@require_safe
@results_page
def winners(request, slug):
    edition, public = _edition(request, slug, as_revealed=True)
    board = showcase.winners_board(edition, showcase.public_decisions(edition, request.user))
    response = _render(request, "ceremony/public/winners.html", {
        "edition": edition,
        "board": board,
        "headline": edition_headline(edition).headline,
    }, public=public)
    return response


@require_safe
@results_page
def finalists(request, slug):
    edition, public = _edition(request, slug)
    decisions = showcase.public_decisions(edition, request.user)
    awards: dict[int, list] = {}
    for decision in decisions:
        awards.setdefault(decision.entry_id, []).append(decision)
    return _render(request, "ceremony/public/finalists.html", {
        "edition": edition,
        "categories": showcase.finalists(edition),
        "awards": awards,
    }, public=public)


def _winner(request, slug, reference):
    """The edition, whether it is public, and the viewer-visible decisions of one winning
    entry (an entry may win more than one award), or a 404."""
    edition, public = _edition(request, slug, as_revealed=True)
    decisions = list(
        selectors.winners_visible_to(request.user, edition)
        .filter(entry__reference=reference)
        .select_related("entry__form", "entry__entrant")
        .prefetch_related("award__partners")
    )
    if not decisions:
        raise Http404
    return edition, public, decisions


@require_safe
@results_page
def winner(request, slug, reference):
    edition, public, decisions = _winner(request, slug, reference)
    entry = decisions[0].entry
    image = showcase.first_images([entry.pk]).get(entry.pk)
    image_url = None
    if image is not None:
        image_url = (reverse("ceremony:winner_image", args=[edition.slug, entry.reference])
                     + f"?v={image.sha256[:12]}")
    return _render(request, "ceremony/public/winner.html", {
        "edition": edition,
        "entry": entry,
        "decisions": decisions,
        "answers": showcase.public_answers(entry),
        "image_url": image_url,
    }, public=public)


@require_safe
@results_page
def winner_image(request, slug, reference):
    """A winner's first picture, re-encoded without its metadata (see ceremony/images.py);
    the entry's other files are never public."""
    edition, public, decisions = _winner(request, slug, reference)
    attachment = showcase.first_images([decisions[0].entry_id]).get(decisions[0].entry_id)
    if attachment is None:
        raise Http404
    try:
        content, content_type = showcase.image_content(attachment)
    except (OSError, images.NotAnImage) as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=content_type)
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response.shareable = _shareable(request, public)
    if response.shareable:
        public_pages.share(response, topics=TOPICS)
    return response


# --- The edition's home page links to its results once they are public -------------------------


def edition_home_panel(request, objects):
    """For the ``prize.edition_home`` slot (see prize/panels.py): links to the winners and the
    finalists, once the edition's results are public; nothing before."""
    if not objects or not selectors.results_public(objects[0]):
        return None
    edition = objects[0]
    return {"edition": edition,
            "winners_url": reverse("ceremony:winners", args=[edition.slug]),
            "finalists_url": reverse("ceremony:finalists", args=[edition.slug])}
