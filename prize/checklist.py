"""What an edition still lacks before its call can open, each with what to do and where.

Each app adds the checks about its own part (``register``, from its ``AppConfig.ready``): the
core checks the edition's own settings, categories and team; ``entries`` checks that every
category has a form for each kind of entrant it admits; ``judging`` checks the rounds. A check
returns ``Item`` rows: a *blocker* stops the call from opening, a *warning* only says what is
usually set up before (and can wait).

Checks read a fixed number of queries whatever the number of categories.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import EditionStatus, Role
from .models import Edition, RoleAssignment


@dataclass(frozen=True)
class Item:
    message: str  # what to do, as an instruction
    url: str = ""  # where to do it
    link: str = ""  # the link's words
    blocker: bool = True


Check = Callable[[Edition], list[Item]]
_CHECKS: list[Check] = []


def register(check: Check) -> Check:
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def missing(edition: Edition) -> list[Item]:
    """Everything the edition still lacks, blockers first."""
    items = [item for check in _CHECKS for item in check(edition)]
    return sorted(items, key=lambda item: not item.blocker)


def blockers(edition: Edition) -> list[Item]:
    return [item for item in missing(edition) if item.blocker]


@register
def _edition_settings(edition: Edition) -> list[Item]:
    settings_url = reverse("staff_edition_settings", args=[edition.slug])
    link = _("Edition settings")
    items = []
    if not edition.contact_email:
        items.append(Item(_("Give the edition a contact e-mail address: entrants are told to "
                            "write to it."), settings_url, link))
    if edition.status in (EditionStatus.DRAFT, EditionStatus.CALL_OPEN) and \
            edition.call_closes_at <= timezone.now():
        items.append(Item(_("Move the call's closing date into the future: it has passed."),
                          settings_url, link))
    if edition.ceremony_at and edition.ceremony_at <= edition.call_closes_at:
        items.append(Item(_("Move the ceremony after the call closes."), settings_url, link))
    if not edition.about.strip() or not edition.how_to_enter.strip():
        items.append(Item(_("Write the edition's “About” and “How to enter” texts for its public "
                            "page."), settings_url, link, blocker=False))
    categories = list(edition.categories.all())
    if not categories:
        items.append(Item(_("Add at least one category: entries are made in a category."),
                          settings_url, link))
    for category in categories:
        if not category.allowed_entrant_kinds:
            items.append(Item(_("Say who may enter %(category)s (cities, organisations, "
                                "individuals).") % {"category": category.name},
                              settings_url, link))
    if not RoleAssignment.objects.filter(edition=edition, role=Role.COORDINATOR).exists():
        items.append(Item(_("Invite the evaluation partner's coordinators to the team."),
                          reverse("staff_team", args=[edition.slug]), _("Team"),
                          blocker=False))
    return items
