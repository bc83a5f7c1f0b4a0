"""Deciding the winners: the decisions page (``decisions_page.py``) and its actions. Each action
is a plain POST form (CSRF, works without JavaScript) that calls one service; a refusal shows
the page again (400) with the message beside the award or decision it concerns and at the top.
Proposing, moving, removing and editing are the secretariat's; confirming and reopening also a
coordinator's (``ceremony/rules.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ... import services
from ...enums import DecisionStatus
from ...models import Award
from ...staff_forms import (
    AcceptForm,
    ConfirmAwardForm,
    DecisionForm,
    EditForm,
    MoveForm,
    ProposeForm,
    RemoveForm,
    ReopenForm,
)
from .common import edition_page, error_list, require
from .decisions_page import AWARD_ACTIONS, Failed, auto_id, page, ref, target


@edition_page()
def staff_decisions(request, edition):
    if request.method != "POST":
        return page(request, edition)
    action = request.POST.get("action", "")
    entry = ACTIONS.get(action)
    if entry is None:
        return page(request, edition, failed=Failed(action="", errors=[_("Unknown action.")]),
                    status=400)
    permission, handler = entry
    require(request, edition, permission)
    return handler(request, edition)


# --- Actions -----------------------------------------------------------------------------------


def _here(edition, anchor: str = ""):
    url = reverse("ceremony:staff_decisions", kwargs={"edition": edition.slug})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refuse(request, edition, action, form, errors=None):
    """Show the page again with the refusal: every message (the service's, and each field's
    with its label) goes at the top and beside the award or decision it concerns; the field
    errors also stay on the form, which opens again with what was typed."""
    fields = []
    for name, errs in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        label = form.fields[name].label if not form.fields[name].widget.is_hidden else ""
        fields += [f"{label}: {e}" if label else str(e) for e in errs]
    failed = Failed(
        action=action,
        award=target(request.POST.get("award", "")) if action in AWARD_ACTIONS else "",
        decision=target(request.POST.get("decision", "")) if action not in AWARD_ACTIONS
        else "",
        form=form,
        errors=list(errors or []) + [str(e) for e in form.non_field_errors()] + fields,
    )
    return page(request, edition, failed=failed, status=400)


def _bound(request, edition, form_class, action, **kwargs):
    pk = target(request.POST.get("award" if action in AWARD_ACTIONS else "decision", ""))
    return form_class(request.POST, edition=edition, auto_id=auto_id(action, pk), **kwargs)


def _run(request, edition, action: str, form, act):
    """One action of the page: a valid form, then ``act(cleaned_data)``, which calls one
    service and returns (the success message, the anchor to come back to). A refusal, by the
    form or the service, shows the page again with what was typed."""
    if not form.is_valid():
        return _refuse(request, edition, action, form)
    try:
        message, anchor = act(form.cleaned_data)
    except ValidationError as exc:
        return _refuse(request, edition, action, form, error_list(exc))
    messages.success(request, message)
    return _here(edition, anchor)


def _accept(request, edition):
    """Propose, for one award, the entries the page showed as the ranking's proposal (each a
    ``decision_propose``, all or nothing)."""

    def act(data):
        award, entries = data["award"], data["entry"]
        with transaction.atomic():
            for entry in entries:
                services.decision_propose(award=award, entry=entry, by=request.user)
        return ngettext(
            "%(count)d entry is proposed for %(award)s. Another person confirms it.",
            "%(count)d entries are proposed for %(award)s. Another person confirms them.",
            len(entries)) % {"count": len(entries), "award": award}, f"award-{award.pk}"

    return _run(request, edition, "accept", _bound(request, edition, AcceptForm, "accept"), act)


def _propose(request, edition):
    raw = target(request.POST.get("award", ""))
    award = Award.objects.filter(edition=edition, pk=raw).first() if raw != "x" else None
    form = ProposeForm(request.POST, edition=edition, auto_id=auto_id("propose", raw),
                       award=award or Award(edition=edition))
    if award is None:
        return page(request, edition, status=400, failed=Failed(
            action="propose", errors=[_("Choose one of this edition's awards.")]))

    def act(data):
        services.decision_propose(award=award, entry=data["entry"], by=request.user,
                                  reason=data["reason"], citation=data["citation"],
                                  translations=form.translated_data())
        return _("%(ref)s is proposed for %(award)s. Another person confirms it.") % {
            "ref": ref(data["entry"]), "award": award}, f"award-{award.pk}"

    return _run(request, edition, "propose", form, act)


def _edit(request, edition):
    form = _bound(request, edition, EditForm, "edit")

    def act(data):
        decision = data["decision"]
        services.decision_edit(decision=decision, by=request.user, citation=data["citation"],
                               reason=data["reason"], translations=form.translated_data())
        return _("The decision for %(ref)s is saved.") % {
            "ref": ref(decision.entry)}, f"decision-{decision.pk}"

    return _run(request, edition, "edit", form, act)


def _move(request, edition):
    def act(data):
        decision, award = data["decision"], data["award"]
        moved = services.decision_move(decision=decision, award=award, by=request.user,
                                       reason=data["reason"])
        return _("%(ref)s is moved to %(award)s.") % {
            "ref": ref(decision.entry), "award": award}, f"decision-{moved.pk}"

    return _run(request, edition, "move", _bound(request, edition, MoveForm, "move"), act)


def _remove(request, edition):
    def act(data):
        decision = data["decision"]
        services.decision_remove(decision=decision, by=request.user, reason=data["reason"])
        return _("%(ref)s is no longer proposed for %(award)s.") % {
            "ref": ref(decision.entry), "award": decision.award}, f"award-{decision.award_id}"

    return _run(request, edition, "remove", _bound(request, edition, RemoveForm, "remove"), act)


def _confirm(request, edition):
    def act(data):
        decision = data["decision"]
        services.decision_confirm(decision=decision, by=request.user)
        return _("%(ref)s is confirmed for %(award)s.") % {
            "ref": ref(decision.entry), "award": decision.award}, f"decision-{decision.pk}"

    return _run(request, edition, "confirm",
                _bound(request, edition, DecisionForm, "confirm"), act)


def _confirm_award(request, edition):
    def act(data):
        award = data["award"]
        pending = list(award.decisions.filter(status=DecisionStatus.PROPOSED).select_related(
            "award__edition", "entry"))
        count = services.decisions_confirm(decisions=pending, by=request.user)
        return ngettext(
            "%(count)d decision of %(award)s is confirmed.",
            "%(count)d decisions of %(award)s are confirmed.", count,
        ) % {"count": count, "award": award}, f"award-{award.pk}"

    return _run(request, edition, "confirm_award",
                _bound(request, edition, ConfirmAwardForm, "confirm_award"), act)


def _reopen(request, edition):
    def act(data):
        decision = data["decision"]
        services.decision_reopen(decision=decision, by=request.user, reason=data["reason"])
        return _("%(ref)s for %(award)s is open again: change it, then another person "
                 "confirms it.") % {"ref": ref(decision.entry), "award": decision.award}, \
            f"decision-{decision.pk}"

    return _run(request, edition, "reopen", _bound(request, edition, ReopenForm, "reopen"), act)


# action -> (the permission it needs, its handler)
ACTIONS = {
    "accept": ("propose", _accept),
    "propose": ("propose", _propose),
    "edit": ("propose", _edit),
    "move": ("propose", _move),
    "remove": ("propose", _remove),
    "confirm": ("confirm", _confirm),
    "confirm_award": ("confirm", _confirm_award),
    "reopen": ("confirm", _reopen),
}
