"""Published results pages, rendered once and kept for anonymous visitors.

Once an edition's results are published, its winners page is the same for every anonymous
visitor (no cookie, no CSRF token: ``ceremony.views.public``) and it changes only when someone
changes what it shows. The rendered page is kept in the cache under a key made of:

* a version, raised on every save or delete of anything of the prize, its entries or its
  ceremony (``bump``: awards, decisions, the publication, entries, entrants, editions,
  categories, images...), whichever way it is made (a service, the admin, a shell);
* the edition's publication as just read (when it was published, its last change), so that a
  publication undone or redone is followed at once whatever the cache;
* the address (with its query) and the reader's language.

Only what the view already decided is shareable is kept (published results, an anonymous
visitor, no message waiting), and nothing that carries a per-request nonce. Kept for
``TIMEOUT`` seconds at most: no longer than any shared cache may keep the page anyway
(``PUBLIC_MAX_AGE``).
"""

from __future__ import annotations

import contextlib
import hashlib

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation

from prize.cache_versions import SharedVersion

from .models import Publication

TIMEOUT = 300
VERSION_KEY = "ceremony.public.version"
#: Apps whose rows a public results page may show.
APPS = ("prize", "entries", "ceremony")
#: Written on nearly every request or never shown on a results page.
IGNORED = {"prize.User", "prize.Notification", "prize.AuditEvent", "prize.Job", "prize.SavedView",
           "prize.Message", "prize.MessageRecipient", "entries.Note"}


_version = SharedVersion(VERSION_KEY)
version = _version.current
bump = _version.bump


def key_for(request, edition) -> str | None:
    """The page's key in the cache; ``None`` when the cache is unreachable (serve it fresh)."""
    current = version()
    if current is None:
        return None
    publication = (Publication.objects.filter(edition=edition)
                   .values_list("published_at", "updated_at").first())
    parts = (current, edition.pk, publication, request.get_full_path(),
             translation.get_language())
    return "ceremony.public.page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def kept(key: str) -> HttpResponse | None:
    try:
        found = cache.get(key)
    except Exception:  # unreachable since the key was made: serve the page fresh
        return None
    if found is None:
        return None
    content, content_type = found
    response = HttpResponse(content, content_type=content_type)
    response.shareable = True
    return response


def keep(key: str, response: HttpResponse) -> None:
    if response.status_code != 200 or not getattr(response, "shareable", False):
        return
    if b"nonce=" in response.content:
        return
    with contextlib.suppress(Exception):  # an unreachable cache keeps nothing, and that is all
        cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)


def connect() -> None:
    """Listen to every change of what a results page may show (from ``CeremonyConfig``)."""
    from django.apps import apps

    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            name = f"{model._meta.app_label}.{model.__name__}"
            if name in IGNORED:
                continue
            uid = f"ceremony.public_cache.{name}"
            post_save.connect(bump, sender=model, dispatch_uid=f"{uid}.save", weak=False)
            post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
    m2m_changed.connect(bump, dispatch_uid="ceremony.public_cache.m2m", weak=False)
