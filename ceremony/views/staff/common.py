"""What every ceremony staff page shares: who may open it, the edition's sub-navigation, and the
edition's time zone for everything typed or shown."""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from prize.models import Edition
from prize.permissions import deny

from ... import selectors

VIEW = "ceremony.view_staff"

# The edition's ceremony pages, in the order of the sub-navigation.
PAGES = [
    ("ceremony:staff_home", _("Overview")),
    ("ceremony:staff_awards", _("Awards")),
    ("ceremony:staff_decisions", _("Winners")),
    ("ceremony:staff_publication", _("Publication")),
    ("ceremony:staff_emails", _("Result e-mails")),
    ("ceremony:staff_ceremony", _("Ceremony")),
    ("ceremony:staff_invitations", _("Invitations")),
    ("ceremony:staff_script", _("Script")),
    ("ceremony:staff_reveal", _("Reveal")),
    ("ceremony:staff_next_edition", _("Next edition")),
]

# Pages the sub-navigation shows only to those who may open them (the others: VIEW).
PAGE_PERMISSIONS = {"ceremony:staff_next_edition": "ceremony.manage_ceremony"}

# What the templates ask: may the viewer do this here?
PERMISSIONS = {
    "manage_awards": "ceremony.manage_awards",
    "propose": "ceremony.propose",
    "confirm": "ceremony.confirm",
    "publish": "ceremony.publish",
    "send_results": "ceremony.send_results",
    "manage_ceremony": "ceremony.manage_ceremony",
    "run_reveal": "ceremony.run_reveal",
}


def edition_page(perm: str = VIEW):
    """Resolve the ``edition`` slug to an edition whose ceremony the user runs or oversees and
    hand it to the view, which runs in the edition's time zone. Anyone else gets a 404;
    anonymous visitors are asked to log in. Responses are never cached (results under embargo)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, edition, *args, **kwargs):
            if not request.user.is_authenticated:
                return deny(request)
            edition = get_object_or_404(Edition, slug=edition)
            if not request.user.has_perm(perm, edition):
                raise Http404
            with timezone.override(edition.tz):
                return view(request, edition, *args, **kwargs)

        return never_cache(wrapped)

    return decorator


def may(request, edition: Edition) -> dict[str, bool]:
    return {key: request.user.has_perm(perm, edition) for key, perm in PERMISSIONS.items()}


def require(request, edition: Edition, key: str) -> None:
    """An action the viewer may not take does not exist for them."""
    if not request.user.has_perm(PERMISSIONS[key], edition):
        raise Http404


def render_page(request, edition: Edition, template: str, context: dict, *, current: str,
                status: int = 200, publication=None):
    """Render one of the edition's ceremony pages with its sub-navigation and the state of the
    publication (embargoed, scheduled, published)."""
    if publication is None:
        publication = selectors.publication_of(edition)
    context = {
        "edition": edition,
        "publication": publication,
        "pages": [(name, label, name == current) for name, label in PAGES
                  if request.user.has_perm(PAGE_PERMISSIONS.get(name, VIEW), edition)],
        "current_label": dict(PAGES).get(current, ""),
        "may": may(request, edition),
        **context,
    }
    return render(request, template, context, status=status)


def error_list(exc) -> list[str]:
    """The messages of a CeremonyError (or any ValidationError)."""
    return [str(m) for m in getattr(exc, "messages", [str(exc)])]
