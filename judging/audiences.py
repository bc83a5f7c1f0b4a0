"""Judging's groups the staff can write to (group messages, ``prize/audiences.py``): the judges,
by round, panel and progress; and the entrants, by the round their entry reached.

A judge is a panel member who accepted (or holds the judge's role in the edition). Their
progress in a round: not started (nothing begun), in progress (some reviews left), done (every
assigned review finished).
"""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from entries.audiences import ENTRY_FIELDS, recipients_of_entries
from entries.enums import EntryStatus
from entries.models import Entry
from prize import audiences, message_panels
from prize.enums import Role
from prize.models import Edition, RoleAssignment

from .models import Assignment, PanelMembership, Round
from .selectors import FINISHED

NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"


def _round_choices(edition, empty):
    rounds = [(str(r.pk), r.name) for r in Round.objects.filter(edition=edition)
              .order_by("number")]
    return ([("", empty)] if empty else []) + rounds


class JudgeFilterForm(audiences.AudienceForm):
    round = forms.ChoiceField(label=_("Round"), required=False)
    panel = forms.ChoiceField(label=_("Panel"), required=False)
    progress = forms.ChoiceField(label=_("Progress"), required=False, choices=[
        ("", _("Any progress")), (NOT_STARTED, _("Not started")),
        (IN_PROGRESS, _("Reviews left to finish")), (DONE, _("Every review finished"))],
        help_text=_("In the chosen round (or any round); judges with no entry assigned are "
                    "left out of these."))

    def setup(self, edition):
        self.fields["round"].choices = _round_choices(edition, _("All rounds"))
        self.fields["panel"].choices = [("", _("All panels"))] + [
            (str(c.pk), c.name) for c in edition.categories.all()]


def _progress(assigned: int, done: int, drafts: int) -> str | None:
    if not assigned:
        return None
    if done >= assigned:
        return DONE
    return IN_PROGRESS if done or drafts else NOT_STARTED


def judge_recipients(edition: Edition, data: dict) -> list[audiences.Recipient]:
    """Judges of the matching panels, latest round first (two queries)."""
    judges = RoleAssignment.objects.filter(edition=edition, role=Role.JUDGE)
    panels = (PanelMembership.objects.filter(round__edition=edition)
              .filter(Q(accepted_at__isnull=False) | Q(judge_id__in=judges.values("user_id")))
              .select_related("judge", "round").order_by("-round__number", "pk"))
    if data.get("round"):
        panels = panels.filter(round_id=data["round"])
    if data.get("panel"):
        panels = panels.filter(category_id=data["panel"])
    progress = {}
    if data.get("progress"):
        rows = (Assignment.objects.filter(round__edition=edition)
                .values("judge_id", "round_id")
                .annotate(assigned=Count("pk"),
                          done=Count("pk", filter=Q(review__status__in=FINISHED)),
                          drafts=Count("pk", filter=Q(review__isnull=False)
                                       & ~Q(review__status__in=FINISHED))))
        progress = {(r["judge_id"], r["round_id"]): _progress(r["assigned"], r["done"],
                                                              r["drafts"]) for r in rows}
    out = []
    for membership in panels:
        if data.get("progress") and progress.get(
                (membership.judge_id, membership.round_id)) != data["progress"]:
            continue
        out.append(audiences.Recipient(user=membership.judge, values={
            "round": membership.round.name, "deadline": membership.round.closes_at}))
    return audiences.unique(out)


class RoundReachedForm(audiences.AudienceForm):
    round = forms.ChoiceField(label=_("Round reached"),
                              help_text=_("Entrants whose entry is in this round."))

    def setup(self, edition):
        self.fields["round"].choices = _round_choices(edition, None)


def round_reached_recipients(edition: Edition, data: dict) -> list[audiences.Recipient]:
    round = Round.objects.filter(edition=edition, pk=data.get("round")).first()
    if round is None:
        return []
    entries = (Entry.objects.filter(edition=edition, round_entries__round=round)
               .exclude(status=EntryStatus.WITHDRAWN))
    return recipients_of_entries(edition, entries, deadline=False,
                                 extra=lambda entry: {"round": round.name})


def register() -> None:
    audiences.register(audiences.Audience(
        key="judging.judges", label=_("Judges"), form=JudgeFilterForm,
        recipients=judge_recipients, fields=("round", "deadline"), order=30,
        help_text=_("Judges who accepted a place on a panel."),
    ))
    audiences.register(audiences.Audience(
        key="judging.round_reached", label=_("Entrants by round reached"),
        form=RoundReachedForm, recipients=round_reached_recipients,
        fields=(*ENTRY_FIELDS, "round"), order=20,
    ))
    message_panels.install("judging.dashboard")


register()
