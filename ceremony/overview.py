"""The ceremony's section of an edition's staff overview (``prize/overview.py``): awards and
their places, winners proposed and confirmed, the publication's state and embargo time, and the
invitations' replies, each linking to its page.

Only counts, the same the ceremony's own staff home shows to the same people (``ceremony
.view_staff``: the secretariat, the coordinators, superusers): no winner, entry or award
decision is named, so nothing of a result under embargo travels further than its pages. Four
queries, whatever the number of awards, decisions or invitations."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse

from prize import overview
from prize.models import Edition

from . import selectors
from .enums import DecisionStatus
from .models import Award, Decision, Invitation


def ceremony_section(request, edition: Edition) -> dict | None:
    if not request.user.has_perm("ceremony.view_staff", edition):
        return None
    awards = Award.objects.filter(edition=edition).aggregate(count=Count("pk"),
                                                             places=Sum("winners"))
    decisions = Decision.objects.filter(award__edition=edition).aggregate(
        decided=Count("pk"),
        confirmed=Count("pk", filter=Q(status=DecisionStatus.CONFIRMED)),
        awards_decided=Count("award", distinct=True),
    )
    publication = selectors.publication_of(edition)
    invitations = Invitation.objects.filter(edition=edition).aggregate(
        sent=Count("pk"),
        replied=Count("pk", filter=Q(replied_at__isnull=False)),
        coming=Count("pk", filter=Q(attending=True)),
        not_coming=Count("pk", filter=Q(attending=False)),
    )
    slug = {"edition": edition.slug}
    places = awards["places"] or 0
    return {
        "awards": {"count": awards["count"], "places": places},
        "decisions": {**decisions, "percent": overview.percent(decisions["confirmed"], places)},
        "publication": publication,
        "published": bool(publication and publication.published_at),
        "scheduled": bool(publication and publication.scheduled_at
                          and not publication.published_at),
        "invitations": {**invitations, "waiting": invitations["sent"] - invitations["replied"]},
        "urls": {
            "home": reverse("ceremony:staff_home", kwargs=slug),
            "awards": reverse("ceremony:staff_awards", kwargs=slug),
            "decisions": reverse("ceremony:staff_decisions", kwargs=slug),
            "publication": reverse("ceremony:staff_publication", kwargs=slug),
            "invitations": reverse("ceremony:staff_invitations", kwargs=slug),
        },
    }


overview.register("ceremony", 30, ceremony_section, "ceremony/overview/_section.html")
