"""Reads with rules for the API: each endpoint asks the selectors of the app that owns the
data (the public edition rule in prize, the embargo in ceremony, the staff's editions and
entries in prize and entries, the rounds in judging), and adds only what a response needs."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from ceremony import selectors as ceremony_selectors
from ceremony import showcase
from entries import exports
from entries.models import Entry, ScreeningDecision
from entries.selectors import entries_screenable_by
from judging.models import Round
from judging.selectors import rounds_managed_by
from prize.models import Edition, User
from prize.selectors import editions_staffed_by, editions_visible_to

# The public endpoints answer everyone alike, as an anonymous visitor of the public pages: a
# staff token or session does not lift the embargo there (staff preview results on the pages).
PUBLIC = AnonymousUser()


# --- Public ----------------------------------------------------------------------------------


def public_editions() -> QuerySet[Edition]:
    return editions_visible_to(PUBLIC).order_by("-year", "name")


def public_edition(slug: str) -> Edition:
    return get_object_or_404(public_editions(), slug=slug)


def published_edition_ids() -> set[int]:
    """The editions whose results the public may read (one query)."""
    return set(ceremony_selectors.public_editions(PUBLIC).values_list("pk", flat=True))


def public_results(edition: Edition):
    """The winners' decisions the public winners page shows for ``edition`` (published; or,
    during a live reveal that publishes "as revealed", those of the awards revealed so far),
    or a 404 when that page is one. Decided by ``ceremony.selectors``; nothing is decided
    here."""
    if not ceremony_selectors.results_public(edition) and \
            not ceremony_selectors.winners_partly_public(edition):
        raise Http404
    return showcase.public_decisions(edition, PUBLIC)


def public_winners(edition: Edition) -> list:
    """The visible decisions, in the winners page's order: by category and award, joint winners
    by title (the page does not tell which of two ranked higher)."""
    board = showcase.winners_board(edition, public_results(edition))
    groups = [group for category in board.categories for group in category.awards]
    groups += board.mentions
    return [decision for group in groups for decision in group.decisions]


def public_awards(edition: Edition) -> list:
    """The awards the winners page lists: those with a visible winner, in its order."""
    board = showcase.winners_board(edition, public_results(edition))
    groups = [group for category in board.categories for group in category.awards]
    return [group.award for group in [*groups, *board.mentions]]


# --- Staff -----------------------------------------------------------------------------------


def staff_edition(user: User, slug: str) -> Edition:
    """An edition ``user`` helps run (secretariat, coordinator, superuser); a 404 otherwise."""
    return get_object_or_404(editions_staffed_by(user), slug=slug)


def staff_entries(user: User, edition: Edition) -> QuerySet[Entry]:
    return entries_screenable_by(user).filter(edition=edition)


def latest_screening(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """The entries that have a screening decision, each with its latest (the one the staff
    list shows) and when it was made."""
    latest = ScreeningDecision.objects.filter(entry=OuterRef("pk")).order_by("-decided_at",
                                                                              "-pk")
    return (exports.with_latest_decision(entries)
            .annotate(latest_decided_at=Subquery(latest.values("decided_at")[:1]))
            .filter(latest_decided_at__isnull=False))


def staff_round(user: User, edition: Edition, number: int) -> Round:
    """A round of ``edition`` whose results ``user`` may see, as the results page decides."""
    round = get_object_or_404(rounds_managed_by(user), edition=edition, number=number)
    if not user.has_perm("judging.view_results", round):
        raise Http404
    return round
