"""Public pages kept for anonymous visitors and served before the rest of the request cycle.

An edition's home page, its winners, finalists, a winner's page, the ceremony: seen by a visitor
who is not signed in, each is the same page for everyone who asks for the same address in the
same language and time zone. The view says so (``share(response, topics=...)``) only when it
rendered nothing personal (no CSRF token, no message waiting); this middleware then keeps the
page and serves the next anonymous visitors from the cache, before sessions, authentication and
the view are reached. A page is served from the cache only when all of these still hold:

* **Nothing it shows has changed.** Each page names its *topics* (``"prize"``, ``"entries"``,
  ``"judging"``, ``"ceremony"``: what it is made of). A topic is a version in the shared cache,
  raised on every save or delete of one of its models, whichever way it is made (a service, the
  admin, a shell: Django's signals; ``watch``), and raised again when the change is committed.
  The page is kept with the versions read *before* it was rendered, so a change made while it
  renders, or committed after it was read, makes it stale at once.
* **The database agrees.** ``guard`` functions (the publications' state, from the ceremony app)
  are read from the database on every anonymous request for a kept page and are part of its
  key: a publication undone is followed at once even when a version could not be raised (a
  bulk update, the cache unreachable at that moment).
* **Time has not changed it.** A page that depends on the time (the call opens, a milestone
  passes, a scheduled publication) says until when it holds (``until``), and is kept no longer.
  Nothing is kept longer than ``TIMEOUT`` (what shared caches may keep it anyway).

Only a ``GET`` of a language-prefixed address without a query string, from a visitor with no
session, no message and no HTMX request, is looked up; a response is kept only when its view
shared it, it is a 200, it sets no cookie, used no CSRF token and carries no per-request nonce.
When the cache is unreachable, every page is rendered afresh and nothing is kept. With a cache
in each process's memory (no Redis), a change made through one process could not reach the
others' copies: pages are then kept only with ``PUBLIC_PAGE_CACHE`` (one process serving all).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

from .cache_versions import SharedVersion
from .locale import language_from_path
from .middleware import VALID_ZONES

log = logging.getLogger(__name__)

TIMEOUT = 300
PAGE_KEY = "public.page:"
TOPIC_KEY = "public.topic:"
#: Cookies of a visitor who may see something personal (signed in, a message waiting).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")

_topics: dict[str, SharedVersion] = {}
_guards: list[Callable[[], object]] = []


# --- what a page is made of --------------------------------------------------------------------


def watch(topic: str, models: Iterable) -> None:
    """Raise ``topic``'s version on every save or delete of ``models`` (and every change of a
    many-to-many relation of theirs)."""
    version = _topics.setdefault(topic, SharedVersion(TOPIC_KEY + topic))
    bump = version.bump  # at once, and again once the change is committed
    for model in models:
        uid = f"public_pages.{topic}.{model._meta.label}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}.save", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(bump, sender=field.remote_field.through,
                                dispatch_uid=f"{uid}.{field.name}", weak=False)


def guard(read: Callable[[], object]) -> None:
    """Read ``read()`` from the database on every lookup: part of every kept page's key."""
    if read not in _guards:
        _guards.append(read)


def raise_version(topic: str) -> None:
    """For a change made without signals (a bulk creation)."""
    _topics[topic].bump()


def share(response: HttpResponse, *, topics: Iterable[str],
          until: datetime | None = None) -> HttpResponse:
    """Mark ``response`` as the page every anonymous visitor gets at this address, made of
    ``topics``, holding until ``until`` at the latest."""
    # A topic of an app that is not installed has nothing that could change.
    response.public_page = {"topics": tuple(sorted(set(topics) & set(_topics))),
                            "until": until}
    return response


def next_moment(moments: Iterable[datetime | None], *, now: datetime | None = None
                ) -> datetime | None:
    """The first of ``moments`` still to come (for ``share``'s ``until``)."""
    now = now or timezone.now()
    later = [m for m in moments if m is not None and m > now]
    return min(later) if later else None


# --- the middleware ----------------------------------------------------------------------------


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        if not settings.PUBLIC_PAGE_CACHE:  # a cache in each process: see settings
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        address = self.address(request)
        if address is None:
            return self.get_response(request)
        try:
            found = cache.get_many([address, *(v.key for v in _topics.values())])
            versions = self.versions(found)
            stamp = self.stamp()
        except Exception:  # the cache or the guard unreachable: the page afresh, kept nowhere
            log.warning("public page cache unusable", exc_info=True)
            return self.get_response(request)
        kept = found.get(address)
        if kept is not None and kept["stamp"] == stamp and all(
                versions.get(topic) == value for topic, value in kept["versions"].items()):
            response = HttpResponse(kept["content"])
            for name, value in kept["headers"]:  # the outer middleware adds its own again
                response[name] = value
            return response
        response = self.get_response(request)
        self.keep(request, address, response, versions, stamp)
        return response

    @staticmethod
    def address(request) -> str | None:
        """The key of the page asked for, or None when it is not one that may be shared."""
        if request.method != "GET" or request.META.get("QUERY_STRING"):
            return None
        if any(name in request.COOKIES for name in PERSONAL_COOKIES):
            return None
        if request.headers.get("HX-Request") or "HTTP_AUTHORIZATION" in request.META:
            return None
        language = language_from_path(request.path_info)
        if language is None:
            return None
        zone = request.COOKIES.get("tz", "")
        zone = zone if zone in VALID_ZONES else ""
        digest = hashlib.sha256(f"{request.path}\n{language}\n{zone}".encode()).hexdigest()
        return PAGE_KEY + digest

    @staticmethod
    def versions(found: dict) -> dict:
        out = {}
        for topic, version in _topics.items():
            value = found.get(version.key)
            if value is None:  # not there yet (emptied or evicted): a fresh random start
                value = version.current()
                if value is None:
                    raise ConnectionError("the cache is unreachable")
            out[topic] = value
        return out

    @staticmethod
    def stamp() -> str:
        return hashlib.sha256(repr([read() for read in _guards]).encode()).hexdigest()

    @staticmethod
    def keep(request, address, response, versions, stamp) -> None:
        shared = getattr(response, "public_page", None)
        if (shared is None or response.status_code != 200 or response.streaming
                or response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                or b"nonce=" in response.content):
            return
        timeout = TIMEOUT
        if shared["until"] is not None:
            timeout = min(timeout, int((shared["until"] - timezone.now()).total_seconds()))
        if timeout <= 0:
            return
        page = {"content": response.content,
                "headers": list(response.items()),
                "versions": {topic: versions[topic] for topic in shared["topics"]},
                "stamp": stamp}
        with contextlib.suppress(Exception):  # an unreachable cache keeps nothing, and that is all
            cache.set(address, page, timeout)
