"""What every staff judging page shares: who may open it, the round's sub-navigation, and the
edition's time zone for everything typed or shown."""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prize.models import Category
from prize.permissions import deny

from ...models import Round
from ...selectors import rounds_managed_by

MANAGE = "judging.manage_round"
RESULTS = "judging.view_results"

# The round's pages, in the order of the sub-navigation.
PAGES = [
    ("judging:staff_round", _("Overview")),
    ("judging:staff_criteria", _("Criteria")),
    ("judging:staff_panels", _("Panels")),
    ("judging:staff_assignments", _("Assignments")),
    ("judging:staff_progress", _("Progress")),
    ("judging:staff_results", _("Results")),
    ("judging:staff_shortlist", _("Shortlist")),
]


def round_page(perm: str = MANAGE, *, anonymous_404: bool = False):
    """Resolve ``pk`` to a round the user may manage (or see the results of) and hand it to the
    view; the view runs in the edition's time zone. Anyone else gets a 404; anonymous visitors
    are asked to log in, except on pages about results (``anonymous_404``)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            if not request.user.is_authenticated:
                if anonymous_404:
                    raise Http404
                return deny(request)
            round = get_object_or_404(rounds_managed_by(request.user), pk=pk)
            if not request.user.has_perm(perm, round):
                raise Http404
            with timezone.override(round.edition.tz):
                return view(request, round, *args, **kwargs)

        return wrapped

    return decorator


def categories_of(round: Round) -> list[Category]:
    return list(Category.objects.filter(edition_id=round.edition_id).order_by("order", "name"))


def render_round(request, round: Round, template: str, context: dict, *, current: str,
                 status: int = 200):
    """Render one of the round's pages with its sub-navigation."""
    context = {
        "round": round,
        "edition": round.edition,
        "pages": [(name, label, name == current) for name, label in PAGES],
        "current_label": dict(PAGES).get(current, ""),
        "is_overview": current == "judging:staff_round",
        **context,
    }
    return render(request, template, context, status=status)


def error_list(exc) -> list[str]:
    """The messages of a JudgingError (or any ValidationError)."""
    return list(getattr(exc, "messages", [str(exc)]))
