"""The entrants as a group the staff can write to (group messages, ``prize/audiences.py``):
filtered by their entries' status, category, entrant kind and country.

Every member of an entrant whose entry matches receives the message once; the merge fields
come from the first matching entry (by reference; drafts, which have none, last).
``recipients_of_entries`` is shared with the apps further along (judging: entrants by round
reached; ceremony: finalists, winners).
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from prize import audiences, message_panels
from prize.enums import EntrantKind
from prize.models import Edition

from .enums import EntryStatus
from .models import EntrantMember, Entry, Extension, closing_time

ENTRY_FIELDS = ("entry_title", "entry_reference", "entry_link")


def recipients_of_entries(edition: Edition, entries: QuerySet[Entry], *,
                          deadline: bool = True,
                          extra: Callable[[Entry], dict] | None = None
                          ) -> list[audiences.Recipient]:
    """One recipient per member of each entry's entrant, in the entries' order (three queries
    whatever their number)."""
    rows = list(entries.select_related("entrant")
                .order_by(F("reference").asc(nulls_last=True), "pk"))
    entrant_ids = entries.values("entrant_id")
    members: dict[int, list] = {}
    for member in (EntrantMember.objects.filter(entrant_id__in=entrant_ids)
                   .select_related("user").order_by("joined_at", "pk")):
        members.setdefault(member.entrant_id, []).append(member.user)
    extensions = {}
    if deadline:
        extensions = {e.entrant_id: e for e in Extension.objects.filter(
            edition=edition, entrant_id__in=entrant_ids)}
    out = []
    for entry in rows:
        values = {
            "entry_title": entry.title or str(_("(untitled)")),
            "entry_reference": entry.reference or "",
            "entry_link": entry.get_absolute_url(),
        }
        if deadline:
            values["deadline"] = closing_time(edition, extensions.get(entry.entrant_id))
        if extra:
            values.update(extra(entry))
        for user in members.get(entry.entrant_id, []):
            out.append(audiences.Recipient(user=user, values=values))
    return audiences.unique(out)


class EntrantFilterForm(audiences.AudienceForm):
    status = forms.MultipleChoiceField(
        label=_("Entry status"), required=False, choices=EntryStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every entry except withdrawn ones."),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    kind = forms.ChoiceField(label=_("Entrant kind"), required=False,
                             choices=[("", _("All kinds")), *EntrantKind.choices])
    country = forms.ChoiceField(label=_("Country"), required=False)

    def setup(self, edition):
        self.fields["category"].choices = [("", _("All categories"))] + [
            (str(c.pk), c.name) for c in edition.categories.all()]
        codes = set(Entry.objects.filter(edition=edition)
                    .values_list("entrant__country", flat=True).distinct())
        self.fields["country"].choices = [("", _("All countries"))] + [
            (code, name) for code, name in countries if code in codes]


def entrant_recipients(edition: Edition, data: dict) -> list[audiences.Recipient]:
    entries = Entry.objects.filter(edition=edition)
    if data.get("status"):
        entries = entries.filter(status__in=data["status"])
    else:
        entries = entries.exclude(status=EntryStatus.WITHDRAWN)
    if data.get("category"):
        entries = entries.filter(category_id=data["category"])
    if data.get("kind"):
        entries = entries.filter(entrant__kind=data["kind"])
    if data.get("country"):
        entries = entries.filter(entrant__country=data["country"])
    return recipients_of_entries(edition, entries)


def register() -> None:
    audiences.register(audiences.Audience(
        key="entries.entrants", label=_("Entrants"), form=EntrantFilterForm,
        recipients=entrant_recipients, fields=(*ENTRY_FIELDS, "deadline"), order=10,
        help_text=_("Everyone who works on a matching entry."),
    ))
    message_panels.install("entries.dashboard")


register()
