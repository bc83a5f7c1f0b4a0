"""The live reveal: the operator's console (staff) and the venue's screen (staff, or a screen
link that opens the screen and nothing else).

The screen follows the operator by polling (htmx, every second) a small response that carries
the state's token: unchanged, it is an empty 204 after one query (two through a link); changed,
it is the new slide. A few screens and phones in a hall make a few requests a second, one cheap
GET each, through any proxy, with no extra server process to run (server-sent events or a
WebSocket would need a long-lived connection per screen, an async server or a channel layer,
and their own reconnection logic; a poll is its own reconnection: after a network drop the
next one that gets through brings the screen up to date).

Every response a screen gets holds the current cue and nothing after it: the cues are read in
full (``ceremony.show``) only to find the current one, and never leave this module whole.
Nothing is cached (``no-store``).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found

from prize.formats import moment
from prize.inputs import int_param, text_param
from prize.models import Edition

from .. import reveal as stage_reads
from .. import services, showcase
from ..cues import CueKind
from ..enums import ItemKind, RevealMode
from ..images import NotAnImage
from ..models import Ceremony, ScreenLink
from .staff.common import edition_page, error_list, may, render_page, require

RUN = "ceremony.run_reveal"
POLL_SECONDS = 1
CONSOLE_POLL_SECONDS = 2


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def _never_cached(view):
    """A screen's response, its 404 included, is never kept by a browser or a proxy."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exc:
            response = page_not_found(request, exc)
        return _no_store(response)

    return wrapped


# --- The screen ---------------------------------------------------------------------------------


class _Urls:
    """Where a screen polls and fetches its pictures: the staff routes or a link's."""

    def __init__(self, edition: Edition, token: str | None = None):
        self.edition, self.token = edition, token

    def poll(self, version: str) -> str:
        if self.token:
            base = reverse("ceremony:reveal_screen_poll", args=[self.token])
        else:
            base = reverse("ceremony:staff_reveal_poll", args=[self.edition.slug])
        return f"{base}?v={version}"

    def image(self, decision_id: int) -> str:
        if self.token:
            return reverse("ceremony:reveal_screen_image", args=[self.token, decision_id])
        return reverse("ceremony:staff_reveal_image", args=[self.edition.slug, decision_id])


def _slide_context(edition: Edition, current: stage_reads.Stage, urls: _Urls) -> dict:
    """What the slide shows: the current cue (or a black or holding slide), nothing else."""
    cue = current.shown
    context = {"edition": edition, "blackout": current.blackout, "cue": cue,
               "poll_url": urls.poll(current.token), "poll_seconds": POLL_SECONDS,
               "image_url": None, "kind_label": ""}
    if cue is not None:
        context["kind_label"] = ItemKind(cue.item.kind).label if cue.item.kind in \
            ItemKind.values else ""
        if cue.kind == CueKind.WINNER and cue.winner.has_image:
            context["image_url"] = urls.image(cue.winner.decision_id)
    return context


def _screen(request, edition: Edition, urls: _Urls, *, fragment: bool) -> HttpResponse:
    current = stage_reads.stage_of(edition)
    template = "ceremony/reveal/_slide.html" if fragment else "ceremony/reveal/screen.html"
    return _no_store(render(request, template, _slide_context(edition, current, urls)))


def _poll(request, edition: Edition | int, urls, at=None) -> HttpResponse:
    """204 when the state is still the one the screen shows (``?v=``), else the new slide."""
    at = at or stage_reads.pointer_of(edition)
    if text_param(request.GET, "v") == at.token:
        return _no_store(HttpResponse(status=204))
    edition = urls().edition
    with timezone.override(edition.tz):
        current = stage_reads.stage_of(edition, at=at)
        return _no_store(render(request, "ceremony/reveal/_slide.html",
                                _slide_context(edition, current, urls())))


def _image(edition: Edition, decision: int) -> HttpResponse:
    """The picture of a winner whose cue is at or before the operator's position, re-encoded
    like the public pages' (``ceremony.images``); a 404 for any other decision."""
    current = stage_reads.stage_of(edition)
    found = next((n for n, cue in enumerate(current.cues)
                  if cue.kind == CueKind.WINNER and cue.winner.decision_id == decision), None)
    if found is None or not current.revealed(found):
        raise Http404
    entry_id = current.cues[found].winner.entry_id
    attachment = showcase.first_images([entry_id]).get(entry_id)
    if attachment is None:
        raise Http404
    try:
        content, content_type = showcase.image_content(attachment)
    except (OSError, NotAnImage) as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=content_type)
    response["Content-Length"] = str(len(content))
    response["Content-Disposition"] = "inline"
    return _no_store(response)


def _gone(request) -> HttpResponse:
    """A screen whose access ended (a revoked link, a session that expired): 404, and a poll
    tells htmx to reload the page, which then says so, instead of keeping the last slide."""
    response = HttpResponse(status=404) if _htmx(request) else None
    if response is None:
        raise Http404
    response["HX-Refresh"] = "true"
    return _no_store(response)


@_never_cached
@edition_page(RUN)
@require_safe
def staff_reveal_screen(request, edition):
    return _screen(request, edition, _Urls(edition), fragment=False)


@_never_cached
@require_safe
def staff_reveal_poll(request, edition):
    """The staff screen's poll: with no session (or no right) any longer, the screen
    reloads (and asks to log in) rather than keep a slide."""
    if not request.user.is_authenticated:
        return _gone(request)
    found = get_object_or_404(Edition, slug=edition)
    if not request.user.has_perm(RUN, found):
        return _gone(request)
    return _poll(request, found, lambda: _Urls(found))


@_never_cached
@edition_page(RUN)
@require_safe
def staff_reveal_image(request, edition, decision):
    return _image(edition, decision)


def _link_view(view):
    """A screen link's page: the link's edition, in its time zone, or a 404 (never cached)
    for an unknown or revoked token. Records when the link was last seen."""

    @wraps(view)
    def wrapped(request, token, *args, **kwargs):
        link = stage_reads.screen_link_for(token)
        if link is None:
            return _gone(request)
        services.screen_link_seen(link)
        return view(request, link, token, *args, **kwargs)

    return _never_cached(require_safe(wrapped))


@_link_view
def reveal_screen(request, link, token):
    edition = Edition.objects.get(pk=link.edition_id)
    with timezone.override(edition.tz):
        return _screen(request, edition, _Urls(edition, token), fragment=False)


@_never_cached
@require_safe
def reveal_screen_poll(request, token):
    """A screen link's poll: the link and the state in one query, so an unchanged state costs
    that query and an empty 204."""
    found = stage_reads.screen_poll(token)
    if found is None:
        return _gone(request)
    link, at = found
    services.screen_link_seen(link)
    cached = {}

    def urls():
        if "urls" not in cached:
            cached["urls"] = _Urls(Edition.objects.get(pk=link.edition_id), token)
        return cached["urls"]

    return _poll(request, link.edition_id, urls, at)


@_link_view
def reveal_screen_image(request, link, token, decision):
    return _image(Edition.objects.get(pk=link.edition_id), decision)


# --- The operator's console ---------------------------------------------------------------------


def _cue_rows(edition: Edition, current: stage_reads.Stage) -> list[dict]:
    rows = []
    next_index = current.next_index
    for index, cue in enumerate(current.cues):
        rows.append({
            "index": index + 1,
            "time": moment(edition.local(cue.at), "TIME_FORMAT"),
            "cue": cue,
            "current": index == current.index,
            "next": index == next_index,
            "passed": current.revealed(index) and index != current.index,
        })
    return rows


def _console(request, edition, *, errors=None, status=200, new_link=None, current=None,
             notice=None):
    current = current or stage_reads.stage_of(edition)
    permissions = may(request, edition)
    links = []
    if permissions["manage_ceremony"]:
        links = list(ScreenLink.objects.filter(edition=edition).select_related("created_by")
                     .order_by("revoked_at", "-created_at", "pk")[:services.SCREEN_LINKS_MAX * 2])
    if _htmx(request):
        template = "ceremony/staff/_reveal_console.html"  # the part htmx swaps
    else:
        template = "ceremony/staff/reveal.html"
    return render_page(request, edition, template, {
        "stage": current,
        "cue_rows": _cue_rows(edition, current),
        "live": current.mode == RevealMode.LIVE,
        "publish_as_revealed": Ceremony.objects.filter(edition=edition,
                                                       publish_as_revealed=True).exists(),
        "links": links,
        "new_link": new_link,
        "errors": errors or [],
        "notice": notice,
        "screen_url": reverse("ceremony:staff_reveal_screen", args=[edition.slug]),
        "console_url": reverse("ceremony:staff_reveal", args=[edition.slug]),
        "console_poll_seconds": CONSOLE_POLL_SECONDS,
        "now": timezone.now(),
    }, current="ceremony:staff_reveal", status=status)


@edition_page(RUN)
def staff_reveal(request, edition):
    """The console. GET ``?since=<token>`` (its own poll): 204 while nothing changed."""
    if request.method == "GET":
        since = text_param(request.GET, "since")
        if since and _htmx(request) and since == stage_reads.pointer_of(edition).token:
            return HttpResponse(status=204)
        return _console(request, edition)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    handler = ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return _console(request, edition, errors=[_("Unknown action.")], status=400)
    return handler(request, edition)


def _done(request, edition, message: str, current=None):
    """After an action: htmx gets the console at once, a plain form a redirect to it."""
    if _htmx(request):
        return _console(request, edition, current=current, notice=message)
    messages.success(request, message)
    return redirect("ceremony:staff_reveal", edition=edition.slug)


def _refused(request, edition, exc: ValidationError):
    moved = isinstance(exc, services.RevealMovedOn)
    return _console(request, edition, errors=error_list(exc), status=409 if moved else 400,
                    current=getattr(exc, "stage", None))


def _expected(request) -> str:
    return text_param(request.POST, "state") or ""


def _cue_message(current) -> str:
    cue = current.cue
    if cue is None:
        return _("Nothing to show yet.")
    label = cue.item.title
    if cue.award is not None:
        label = f"{label}: {cue.award.name}"
    return _("On the screens: %(cue)s.") % {"cue": label}


def _step(service, **extra):
    def handler(request, edition):
        try:
            current = service(edition=edition, by=request.user, expected=_expected(request),
                              **{k: f(request) for k, f in extra.items()})
        except ValidationError as exc:
            return _refused(request, edition, exc)
        return _done(request, edition, _cue_message(current), current)

    return handler


def _blackout(on: bool):
    def handler(request, edition):
        try:
            current = services.reveal_blackout(edition=edition, by=request.user,
                                               expected=_expected(request), on=on)
        except ValidationError as exc:
            return _refused(request, edition, exc)
        return _done(request, edition, _("The screens are black.") if on
                     else _cue_message(current), current)

    return handler


def _confirmed(request) -> bool:
    return request.POST.get("confirm") == "yes"


def _mode(service, message):
    def handler(request, edition):
        try:
            current = service(edition=edition, by=request.user, expected=_expected(request),
                              confirmed=_confirmed(request))
        except ValidationError as exc:
            return _refused(request, edition, exc)
        return _done(request, edition, message(), current)

    return handler


def _link_create(request, edition):
    require(request, edition, "manage_ceremony")
    try:
        link, token = services.screen_link_create(
            edition=edition, by=request.user, label=str(request.POST.get("label") or ""))
    except ValidationError as exc:
        return _console(request, edition, errors=error_list(exc), status=400)
    url = request.build_absolute_uri(reverse("ceremony:reveal_screen", args=[token]))
    # Shown once, in this response only: the database keeps its digest.
    return _console(request, edition, new_link={"label": link.label, "url": url})


def _link_revoke(request, edition):
    require(request, edition, "manage_ceremony")
    pk = int_param(request.POST, "link")
    link = get_object_or_404(ScreenLink, pk=pk or 0, edition=edition)
    try:
        services.screen_link_revoke(edition=edition, by=request.user, link=link)
    except ValidationError as exc:
        return _console(request, edition, errors=error_list(exc), status=400)
    return _done(request, edition, _("“%(label)s” no longer opens the screen.")
                 % {"label": link.label})


ACTIONS = {
    "next": _step(services.reveal_next),
    "previous": _step(services.reveal_previous),
    "jump": _step(services.reveal_jump, key=lambda r: text_param(r.POST, "key") or ""),
    "blackout": _blackout(True),
    "lights": _blackout(False),
    "rehearse": _mode(services.reveal_rehearse,
                      lambda: _("The rehearsal starts from the beginning: the screens follow "
                                "it, showing the edition's name until the first cue.")),
    "live": _mode(services.reveal_go_live,
                  lambda: _("The screens follow the live show.")),
    "link_create": _link_create,
    "link_revoke": _link_revoke,
}
