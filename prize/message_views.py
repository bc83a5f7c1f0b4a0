"""Group messages: the staff's pages (write, preview, send or schedule, history) and each
user's own messages.

The secretariat of the edition and superusers write and send; coordinators read the history;
anyone else gets a 404 (login first when anonymous). A user's messages page shows only what was
sent to them: another person's message is a 404 there, staff included.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import audiences, message_merge, messaging
from .inputs import int_param, text_param
from .message_forms import (
    AudienceChoiceForm,
    MessageForm,
    SendForm,
    filter_form,
    stored_filters,
    token,
)
from .message_lists import MessageHistoryList, RecipientList
from .message_models import Message, MessageState
from .permissions import deny
from .staff_lists import FORMAT

HISTORY_PAGE_SIZE = 25
DELIVERIES_PAGE_SIZE = 50
INBOX_PAGE_SIZE = 25
# The preview's choice of recipient lists at most this many people.
PREVIEW_CHOICES = 500


def _edition_for(request, slug, *, write: bool):
    editions = (messaging.editions_writable_by(request.user) if write
                else messaging.editions_readable_by(request.user))
    return get_object_or_404(editions, slug=slug)


def _message_for(edition, pk):
    return get_object_or_404(Message.objects.select_related("edition", "author"),
                             edition=edition, pk=pk)


def _merge_help(audience):
    names = message_merge.available(audience.fields) if audience else list(message_merge.FIELDS)
    return [(token(name), message_merge.FIELDS[name]) for name in names]


# --- History -----------------------------------------------------------------------------------


@never_cache
def staff_messages(request, slug):
    """The edition's messages as a staff list: filters (state, group, subject), sort, page size,
    and the filtered rows as CSV or XLSX (``?format=``)."""
    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, write=False)
    history = MessageHistoryList(request.GET, user=request.user, edition=edition,
                                 default_page_size=HISTORY_PAGE_SIZE)
    export = history.export_response(text_param(request.GET, FORMAT))
    if export is not None:
        return export
    return render(request, "prize/messages/history.html", {
        **history.context(),
        "edition": edition,
        "can_write": request.user.has_perm("prize.manage_edition", edition),
        "has_audiences": bool(history.labels),
    })


# --- Writing -----------------------------------------------------------------------------------


def _compose_page(request, edition, *, audience, form, filters, message=None, status=200):
    return render(request, "prize/messages/compose.html", {
        "edition": edition, "message": message, "audience": audience,
        "choice": AudienceChoiceForm(initial={"audience": audience.key}),
        "form": form, "filters": filters, "merge_fields": _merge_help(audience),
    }, status=status)


@never_cache
def staff_compose(request, slug, pk=None):
    """Write a new message (or change a draft): the group, its filters, the subject and text.
    Saving keeps a draft and shows its preview; nothing is sent from here."""
    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, write=True)
    message = None
    if pk is not None:
        message = get_object_or_404(Message, edition=edition, pk=pk, state=MessageState.DRAFT)
    if not audiences.all_audiences():
        raise Http404  # no group to write to (no app registered one)
    if request.method == "POST":
        key = text_param(request.POST, "audience")
    else:
        key = text_param(request.GET, "audience") or (message.audience if message else "")
    audience = audiences.get(key) or audiences.all_audiences()[0]
    if request.method != "POST":
        initial = {"audience": audience.key}
        filters_initial = {}
        if message is not None:
            initial.update(subject=message.subject, body=message.body)
            if message.audience == audience.key:
                filters_initial = message.filters
        form = MessageForm(initial=initial)
        filters = filter_form(audience, edition=edition)
        filters.initial = filters_initial
        return _compose_page(request, edition, audience=audience, form=form, filters=filters,
                             message=message)
    form = MessageForm(request.POST)
    filters = filter_form(audience, request.POST, edition=edition)
    if not (form.is_valid() & filters.is_valid()):
        return _compose_page(request, edition, audience=audience, form=form, filters=filters,
                             message=message, status=400)
    try:
        message = messaging.draft_save(
            edition=edition, by=request.user, audience=audience.key,
            filters=stored_filters(filters), subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"], message=message)
    except messaging.MessagingError as exc:
        form.add_error(None, str(exc))
        return _compose_page(request, edition, audience=audience, form=form, filters=filters,
                             message=message, status=400)
    flash.success(request, _("The draft is saved. Check the preview, then send it."))
    return redirect("messaging:staff_message", slug=edition.slug, pk=message.pk)


# --- One message -------------------------------------------------------------------------------


def _message_page(request, edition, message, *, send_form=None, status=200):
    can_write = request.user.has_perm("prize.manage_edition", edition)
    audience = audiences.get(message.audience)
    context = {"edition": edition, "message": message, "can_write": can_write,
               "audience_label": audience.label if audience else message.audience}
    if message.state in (MessageState.DRAFT, MessageState.SCHEDULED):
        recipients = messaging.recipients_of(message)
        chosen_pk = int_param(request.GET, "recipient")
        chosen = next((r for r in recipients if r.user.pk == chosen_pk),
                      recipients[0] if recipients else None)
        context.update(
            count=len(recipients), choices=recipients[:PREVIEW_CHOICES], chosen=chosen,
            preview=messaging.personal_copy(message, chosen) if chosen else None,
            send_form=send_form or SendForm(edition=edition),
        )
    else:
        recipients = RecipientList(request.GET, user=request.user, message=message,
                                   default_page_size=DELIVERIES_PAGE_SIZE)
        context.update(recipients.context())
    return render(request, "prize/messages/message.html", context, status=status)


@never_cache
def staff_message(request, slug, pk):
    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, write=False)
    message = _message_for(edition, pk)
    if message.state in (MessageState.SENDING, MessageState.SENT):
        # The recipients as shown (filters and sort), as CSV or XLSX.
        export = RecipientList(request.GET, user=request.user, message=message).export_response(
            text_param(request.GET, FORMAT))
        if export is not None:
            return export
    return _message_page(request, edition, message)


@require_POST
def staff_send(request, slug, pk):
    """Send a draft now or at a time; a second click (or a second tab) sends nothing more."""
    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, write=True)
    message = _message_for(edition, pk)
    if message.state != MessageState.DRAFT:
        flash.info(request, _("This message has already been sent or scheduled."))
        return redirect("messaging:staff_message", slug=edition.slug, pk=message.pk)
    form = SendForm(request.POST, edition=edition)
    if not form.is_valid():
        return _message_page(request, edition, message, send_form=form, status=400)
    try:
        if form.cleaned_data["send_at"]:
            messaging.schedule(message=message, send_at=form.cleaned_data["send_at"],
                               by=request.user)
            flash.success(request, _("The message is scheduled: it leaves at the time you "
                                     "chose, unless you cancel it before."))
        else:
            message = messaging.send_now(message=message, by=request.user)
            flash.success(request, ngettext(
                "The message is on its way to %(count)s person.",
                "The message is on its way to %(count)s people.", message.recipient_count)
                % {"count": message.recipient_count})
    except messaging.MessagingError as exc:
        form.add_error(None, str(exc))
        message.refresh_from_db()
        if message.state != MessageState.DRAFT:  # another click got there first
            flash.info(request, str(exc))
            return redirect("messaging:staff_message", slug=edition.slug, pk=message.pk)
        return _message_page(request, edition, message, send_form=form, status=400)
    return redirect("messaging:staff_message", slug=edition.slug, pk=message.pk)


@require_POST
def staff_cancel(request, slug, pk):
    if not request.user.is_authenticated:
        return deny(request)
    edition = _edition_for(request, slug, write=True)
    message = _message_for(edition, pk)
    try:
        messaging.cancel(message=message, by=request.user)
        flash.success(request, _("The scheduled message is cancelled: it will not be sent."))
    except messaging.MessagingError as exc:
        flash.error(request, str(exc))
    return redirect("messaging:staff_message", slug=edition.slug, pk=message.pk)


# --- Each user's messages ----------------------------------------------------------------------


@never_cache
def mine(request):
    if not request.user.is_authenticated:
        return deny(request)
    page = Paginator(messaging.inbox_of(request.user), INBOX_PAGE_SIZE).get_page(
        int_param(request.GET, "page") or 1)
    return render(request, "prize/messages/mine.html", {"page": page})


@never_cache
def mine_detail(request, pk):
    if not request.user.is_authenticated:
        return deny(request)
    copy = get_object_or_404(messaging.inbox_of(request.user), message_id=pk)
    return render(request, "prize/messages/mine_detail.html", {"copy": copy})
