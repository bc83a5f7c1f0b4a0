"""The judging part of an edition's checklist (prize.checklist): the rounds, and the criteria
of each round for each category. Usually set up before the call opens, but it can wait."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from prize.checklist import Item, register
from prize.models import Edition

from .models import Criterion, Round


@register
def rounds_and_criteria(edition: Edition) -> list[Item]:
    rounds = list(Round.objects.filter(edition=edition).order_by("number"))
    url = reverse("judging:staff_rounds", args=[edition.slug])
    if not rounds:
        return [Item(_("Plan the judging rounds (dates, judges per entry, blind or not)."), url,
                     _("Rounds"), blocker=False)]
    with_criteria = set(Criterion.objects.filter(round__edition=edition)
                        .values_list("round_id", "category_id"))
    categories = list(edition.categories.all())
    items = []
    for round in rounds:
        lacking = [c.name for c in categories if (round.pk, c.pk) not in with_criteria]
        if lacking:
            items.append(Item(
                _("Give %(round)s its criteria for %(categories)s.")
                % {"round": round.name, "categories": ", ".join(lacking)},
                reverse("judging:staff_criteria", args=[round.pk]), _("Criteria"),
                blocker=False))
    return items
