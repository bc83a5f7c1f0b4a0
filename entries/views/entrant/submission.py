"""Review and submit, the entry page, and withdrawing an entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import schema as form_schema
from ...enums import EDITABLE_STATUSES, EntryStatus
from ...forms import WithdrawForm
from ...presentation import answer_sections
from ...selectors import entrant_of, entries_editable_by, entries_visible_to
from ...services import (
    EntryError,
    draft_delete,
    entry_discard_changes,
    entry_submit,
    entry_submit_changes,
    entry_withdraw,
    submission_problems,
)
from ...templatetags.entries_tags import time_left
from ._common import call_open, step_nav, step_url


def _sections(schema, entry, attachments) -> list[dict]:
    """The answers as the staff see them (presentation.answer_sections), each step with the
    link to change it."""
    sections = answer_sections(entry, attachments, schema=schema)
    for section, step in zip(sections, schema.steps, strict=True):
        section["url"] = step_url(entry, step)
    return sections


def _problems(schema, entry, attachment_count) -> list[dict]:
    """What stops submission, each with a link to the step (and field) to fix."""
    result = []
    for p in submission_problems(entry, schema=schema, attachment_count=attachment_count):
        s = schema.step(p.step)
        url = step_url(entry, s)
        if p.field and s.kind == "fields":
            url = f"{url}#field-{p.field}"
        result.append({"problem": p, "url": url})
    return result


def _review_context(request, entry, errors=(), *, editing=False):
    """The entry's answers and what stops submitting them; ``editing``: the version the
    entrant is editing (with the changes not submitted yet), not the submitted one."""
    if editing:
        entry = entry.editing()
    schema = form_schema.Schema.parse(entry.form.schema)
    attachments = list(entry.attachments.all())
    for attachment in attachments:
        attachment.download_url = reverse("entries:attachment_download", args=[attachment.pk])
    deadline = entry.deadline()
    return {
        "entry": entry, "schema": schema, "sections": _sections(schema, entry, attachments),
        "problems": _problems(schema, entry, len(attachments)), "deadline": deadline,
        "is_open": call_open(entry.edition, deadline), "time_left": time_left(deadline),
        "errors": errors, "first_step_url": step_url(entry, schema.steps[0]),
        "nav": step_nav(schema, entry, "", len(attachments)),
    }


@login_required
def review(request, pk):
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    return render(request, "entries/entrant/review.html",
                  _review_context(request, entry, editing=True))


@require_POST
def submit(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("entries:review", args=[pk]))
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    if entry.status == EntryStatus.SUBMITTED:
        return _submit_changes(request, entry)
    try:
        entry = entry_submit(entry=entry, by=request.user)
    except EntryError as exc:
        entry.refresh_from_db()
        return render(request, "entries/entrant/review.html",
                      _review_context(request, entry, errors=exc.messages, editing=True))
    messages.success(request, _(
        "Thank you: your entry is submitted. Its reference is %(reference)s. A receipt is on "
        "its way by e-mail. You can still change it until the deadline."
    ) % {"reference": entry.reference})
    return redirect("entries:entry_detail", pk=entry.pk)


def _submit_changes(request, entry):
    """Submit the changes made since the entry was submitted; refused changes stay kept, with
    what to fix listed on the review page."""
    pending = entry.pending_answers is not None
    try:
        entry = entry_submit_changes(entry=entry, by=request.user)
    except EntryError as exc:
        entry.refresh_from_db()
        return render(request, "entries/entrant/review.html",
                      _review_context(request, entry, errors=exc.messages, editing=True),
                      status=422)
    if pending:
        messages.success(request, _(
            "Your changes are submitted: they replace the version you submitted before. A "
            "confirmation is on its way by e-mail."))
    else:
        messages.info(request, _("This entry is already submitted; its reference is "
                                 "%(reference)s.") % {"reference": entry.reference})
    return redirect("entries:entry_detail", pk=entry.pk)


@login_required
def discard_changes(request, pk):
    """Drop the changes made since submitting (asks first); the submitted version stays."""
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    if not entry.has_pending_changes:
        messages.info(request, _("There are no changes to discard."))
        return redirect("entries:entry_detail", pk=entry.pk)
    if request.method == "POST":
        entry_discard_changes(entry=entry, by=request.user)
        messages.success(request, _("Your changes are discarded: the entry is the version you "
                                    "submitted."))
        return redirect("entries:entry_detail", pk=entry.pk)
    deadline = entry.deadline()
    return render(request, "entries/entrant/discard_changes.html", {
        "entry": entry, "deadline": deadline, "is_open": call_open(entry.edition, deadline),
        "time_left": time_left(deadline),
    })


@login_required
def entry_detail(request, pk):
    entry = get_object_or_404(entries_visible_to(request.user), pk=pk)
    context = _review_context(request, entry)
    own = entrant_of(request.user)
    is_member = own is not None and own.pk == entry.entrant_id
    editable = is_member and entry.status in EDITABLE_STATUSES and context["is_open"]
    context.update({
        "is_member": is_member, "staff_view": not is_member, "can_edit": editable,
        "can_withdraw": editable,
        "edit_url": reverse("entries:step", args=[entry.pk, entry.current_step])
        if entry.current_step else context["first_step_url"],
    })
    return render(request, "entries/entrant/entry_detail.html", context)


@login_required
def withdraw(request, pk):
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    if entry.status == EntryStatus.WITHDRAWN:
        messages.info(request, _("This entry is withdrawn."))
        return redirect("entries:entry_detail", pk=entry.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    deadline = entry.deadline()
    is_open = call_open(entry.edition, deadline)
    error = ""
    if entry.status not in EDITABLE_STATUSES:
        error = entry.locked_message(withdraw=True)
    elif not is_open:
        error = _("The call for entries is closed: this entry can no longer be withdrawn.")
    if request.method == "POST" and form.is_valid():
        try:
            entry_withdraw(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except EntryError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Your entry is withdrawn. It will not be judged."))
            return redirect("entries:entry_detail", pk=entry.pk)
    return render(request, "entries/entrant/withdraw.html", {
        "entry": entry, "form": form, "error": error, "deadline": deadline,
        "is_open": is_open, "time_left": time_left(deadline),
        "can_withdraw": not error,
    })


@login_required
def delete_draft(request, pk):
    """Delete a draft, after a confirmation. Another entrant's entry does not exist here."""
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    error = "" if entry.status == EntryStatus.DRAFT and entry.submitted_at is None else _(
        "Only a draft that was never submitted can be deleted; withdraw a submitted entry "
        "instead.")
    if request.method == "POST" and not error:
        try:
            draft_delete(entry=entry, by=request.user)
        except EntryError as exc:
            error = " ".join(exc.messages)
        else:
            title = entry.title or _("Untitled entry")
            messages.success(request, _("The draft “%(title)s” is deleted.") % {"title": title})
            return redirect("entries:dashboard")
    return render(request, "entries/entrant/delete_draft.html", {
        "entry": entry, "error": error, "can_delete": not error,
    }, status=400 if request.method == "POST" and error else 200)
