"""The reply to a ceremony invitation: by the e-mail's link (no login: the link is the key) or
from the entrant's dashboard (a member of the invited entrant, signed in), the same form either
way, and the evening's calendar file.

A wrong, guessed or replaced link, and an entry withdrawn since, are a 404 like any page that
does not exist. After the deadline the page shows the reply read-only and a POST is refused with
the reason. What was typed comes back with the messages when something is refused. The pages
are never cached and send their address to no other site (``Referrer-Policy: same-origin``:
a link's token stays off other sites' logs; ``no-referrer`` would make the browser send
``Origin: null`` with the form, which the CSRF check refuses).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from prize.permissions import deny

from .. import guestlist, services
from ..invitation_forms import ReplyForm
from ..models import Invitation


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def reply(request, token):
    invitation = guestlist.invitation_for_token(token)
    if invitation is None:
        raise Http404
    return _private(_reply(request, invitation,
                           here=reverse("ceremony:reply", args=[token]),
                           ics=reverse("ceremony:reply_ics", args=[token])))


@never_cache
def reply_ics(request, token):
    invitation = guestlist.invitation_for_token(token)
    if invitation is None:
        raise Http404
    return _private(_ics(invitation))


@never_cache
def member_reply(request, pk):
    if not request.user.is_authenticated:
        return deny(request)
    invitation = guestlist.invitation_for_member(request.user, pk)
    if invitation is None:
        raise Http404
    return _private(_reply(request, invitation,
                           here=reverse("ceremony:member_reply", args=[pk]),
                           ics=reverse("ceremony:member_reply_ics", args=[pk])))


@never_cache
def member_reply_ics(request, pk):
    if not request.user.is_authenticated:
        return deny(request)
    invitation = guestlist.invitation_for_member(request.user, pk)
    if invitation is None:
        raise Http404
    return _private(_ics(invitation))


def _ics(invitation: Invitation) -> HttpResponse:
    edition = invitation.edition
    if edition.ceremony_at is None:
        raise Http404
    response = HttpResponse(guestlist.ics_bytes(edition), content_type=guestlist.ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{guestlist.ics_filename(edition)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _reply(request, invitation: Invitation, *, here: str, ics: str):
    edition = invitation.edition
    ceremony = guestlist.ceremony_of(edition)
    is_open = guestlist.replies_open(edition, ceremony)
    context = {
        "invitation": invitation,
        "edition": edition,
        "ceremony": ceremony,
        "deadline": guestlist.reply_deadline(edition, ceremony),
        "replies_open": is_open,
        "ics_url": ics if edition.ceremony_at else "",
        "here": here,
        "errors": [],
    }
    if request.method != "POST":
        form = ReplyForm(initial=ReplyForm.initial_of(invitation), max_guests=ceremony.max_guests)
        return _page(request, edition, context, form)
    form = ReplyForm(request.POST, max_guests=ceremony.max_guests)
    if not is_open:
        context["errors"] = [_("Replies are closed: the deadline has passed. Your reply below "
                               "is the one we have; to change it now, write to the "
                               "secretariat.")]
        form = ReplyForm(initial=ReplyForm.initial_of(invitation), max_guests=ceremony.max_guests)
        return _page(request, edition, context, form, status=400)
    if not form.is_valid():
        return _page(request, edition, context, form, status=400)
    try:
        services.reply_save(invitation=invitation, data=form.values(),
                            by=request.user if request.user.is_authenticated else None)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            form.add_error(None, exc)
        else:
            context["errors"] = [str(m) for m in exc.messages]
        return _page(request, edition, context, form, status=400)
    if form.cleaned_data["attending"]:
        messages.success(request, _("Thank you: your reply is saved. We look forward to seeing "
                                    "you. You can change it until the deadline."))
    else:
        messages.success(request, _("Thank you: your reply is saved. You can change it until "
                                    "the deadline."))
    return redirect(here)


def _page(request, edition, context: dict, form: ReplyForm, *, status: int = 200):
    with timezone.override(edition.tz):
        return render(request, "ceremony/invitations/reply.html", {**context, "form": form},
                      status=status)


def dashboard_panel(request, entries) -> dict | None:
    """The ``entries.dashboard`` slot: each open invitation of the entrant's entries, with its
    reply (or the lack of one) and the way to the reply form. Nothing when there is none."""
    if not request.user.is_authenticated:
        return None
    invitations = guestlist.invitations_for_entries(list(entries))
    if not invitations:
        return None
    now = timezone.now()
    items = []
    for invitation in invitations:
        edition = invitation.edition
        ceremony = getattr(edition, "ceremony", None) or guestlist.ceremony_of(edition)
        deadline = guestlist.reply_deadline(edition, ceremony)
        items.append({
            "invitation": invitation, "edition": edition, "deadline": deadline,
            "open": deadline is None or now <= deadline,
            "url": reverse("ceremony:member_reply", args=[invitation.pk]),
        })
    return {"items": items}
