"""The entries' part of an edition's checklist (prize.checklist): every category has an
application form for each kind of entrant it admits, and the screening has its reasons."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from prize.checklist import Item, register
from prize.enums import EntrantKind
from prize.models import Edition

from .models import EntryFormUse, ScreeningReason


@register
def forms_for_every_kind(edition: Edition) -> list[Item]:
    used = set(EntryFormUse.objects.filter(category__edition=edition)
               .values_list("category_id", "entrant_kind"))
    kinds = dict(EntrantKind.choices)
    items = []
    for category in edition.categories.all():
        for kind in category.allowed_entrant_kinds or []:
            if (category.pk, kind) not in used:
                items.append(Item(
                    _("Choose the application form for %(kind)s in %(category)s: without one "
                      "they cannot enter.") % {"kind": str(kinds.get(kind, kind)).lower(),
                                                "category": category.name},
                    reverse("entries:staff_forms", args=[edition.slug]), _("Application forms")))
    if not ScreeningReason.objects.filter(edition=edition).exists():
        items.append(Item(_("Write the screening reasons the secretariat will choose from."),
                          reverse("entries:staff_reasons", args=[edition.slug]),
                          _("Screening reasons"), blocker=False))
    return items
