"""The edition's ending at a glance: the awards and their seats, how many winners are decided
and confirmed (and how many wait for the viewer's confirmation), the state of the publication
and what still blocks it, the result e-mails asked for, and the downloads."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from ... import selectors, services
from ...enums import DecisionStatus
from ...models import Award, Decision, ResultMailing
from .common import edition_page, render_page


@edition_page()
def staff_home(request, edition):
    awards = Award.objects.filter(edition=edition).aggregate(count=Count("pk"),
                                                             seats=Sum("winners"))
    decisions = Decision.objects.filter(award__edition=edition).aggregate(
        decided=Count("pk"),
        confirmed=Count("pk", filter=Q(status=DecisionStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=DecisionStatus.PROPOSED)
                      & ~Q(proposed_by=request.user)),
    )
    publication = selectors.publication_of(edition)
    published = bool(publication and publication.published_at)
    mailings = ResultMailing.objects.filter(edition=edition).aggregate(
        count=Count("pk"), written=Sum("written"),
        waiting=Count("pk", filter=Q(written_at__isnull=True)))
    return render_page(request, edition, "ceremony/staff/home.html", {
        "awards": {"count": awards["count"], "seats": awards["seats"] or 0},
        "decisions": decisions,
        "problems": [] if published else services.publication_problems(edition),
        "published": published,
        "mailings": {k: v or 0 for k, v in mailings.items()},
    }, current="ceremony:staff_home", publication=publication)
