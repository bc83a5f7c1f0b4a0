"""The ceremony's groups the staff can write to (group messages, ``prize/audiences.py``): the
finalists (the entries of the final round) and the winners (confirmed decisions), by category.

The merge fields never name an award: what a message says about the results is what the staff
write, as for the ceremony's invitations, which also reach finalists before the announcement.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from entries.audiences import ENTRY_FIELDS, recipients_of_entries
from entries.enums import EntryStatus
from entries.models import Entry
from prize import audiences
from prize.models import Edition

from . import selectors
from .enums import DecisionStatus


class CategoryFilterForm(audiences.AudienceForm):
    category = forms.ChoiceField(label=_("Category"), required=False)

    def setup(self, edition):
        self.fields["category"].choices = [("", _("All categories"))] + [
            (str(c.pk), c.name) for c in edition.categories.all()]


def _in_category(entries, data):
    return entries.filter(category_id=data["category"]) if data.get("category") else entries


def finalist_recipients(edition: Edition, data: dict) -> list[audiences.Recipient]:
    round = selectors.final_round(edition)
    if round is None:
        return []
    entries = (Entry.objects.filter(edition=edition, round_entries__round=round)
               .exclude(status=EntryStatus.WITHDRAWN))
    return recipients_of_entries(edition, _in_category(entries, data), deadline=False)


def winner_recipients(edition: Edition, data: dict) -> list[audiences.Recipient]:
    entries = Entry.objects.filter(
        edition=edition, award_decisions__status=DecisionStatus.CONFIRMED).distinct()
    return recipients_of_entries(edition, _in_category(entries, data), deadline=False)


def register() -> None:
    audiences.register(audiences.Audience(
        key="ceremony.finalists", label=_("Finalists"), form=CategoryFilterForm,
        recipients=finalist_recipients, fields=ENTRY_FIELDS, order=40,
        help_text=_("Entrants whose entry is in the final round."),
    ))
    audiences.register(audiences.Audience(
        key="ceremony.winners", label=_("Winners"), form=CategoryFilterForm,
        recipients=winner_recipients, fields=ENTRY_FIELDS, order=50,
        help_text=_("Entrants whose entry has a confirmed award. Before the results are "
                    "published, write nothing you would not tell them before the ceremony."),
    ))


register()
