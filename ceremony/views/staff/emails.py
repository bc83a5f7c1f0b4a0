"""The result e-mails: how many would go to whom, a preview of each kind with a real
recipient's data (rendered from an unsaved message: a preview writes nothing), asking for them
to go out now or from a later moment, and the mailings asked for so far.

The HTML part of a preview is its own small response, shown in a sandboxed frame: an e-mail
styles itself with style attributes, which the site's pages refuse (Content-Security-Policy),
so that one response allows them and may be framed by the site, nothing more."""

from __future__ import annotations

import json

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from prize import outbox
from prize.models import Notification

from ... import selectors, services
from ...enums import ResultKind
from ...models import ResultMailing
from ...staff_forms import MailingForm
from .common import edition_page, render_page, require

TEMPLATE = "ceremony/result"


def preview(edition, entry, result, user) -> outbox.RenderedEmail:
    """The e-mail ``user`` would get for ``entry``, rendered exactly as the outbox will (the
    same JSON round trip of its values), from a message that is never saved."""
    context = json.loads(json.dumps(services.result_context(edition, entry, result),
                                    cls=DjangoJSONEncoder))
    notification = Notification(recipient=user, to_email=user.email, template=TEMPLATE,
                                context=context, edition=edition,
                                language=user.language or settings.LANGUAGE_CODE)
    return outbox.render(notification)


def _page(request, edition, *, form=None, status=200):
    recipients = services.result_recipients(edition)
    kinds = {value: {"kind": value, "label": label, "emails": 0, "entries": set(),
                     "example": None} for value, label in ResultKind.choices}
    people, entries = set(), set()
    for entry, result, user in recipients:
        row = kinds[result.kind]
        row["emails"] += 1
        row["entries"].add(entry.pk)
        people.add(user.pk)
        entries.add(entry.pk)
        if row["example"] is None:
            row["example"] = (entry, result, user)
    for row in kinds.values():
        row["entries"] = len(row["entries"])
        if row["example"] is not None:
            entry, result, user = row["example"]
            row["preview"] = preview(edition, entry, result, user)
            row["recipient"] = user
            row["entry"] = entry
    counts = {value: row["emails"] for value, row in kinds.items()}
    mailings = list(ResultMailing.objects.filter(edition=edition).select_related("created_by"))
    labels = dict(ResultKind.choices)
    for mailing in mailings:
        mailing.kind_labels = [labels.get(k, k) for k in mailing.kinds]
    if form is None and request.user.has_perm("ceremony.send_results", edition):
        form = MailingForm(edition=edition, counts=counts)
    return render_page(request, edition, "ceremony/staff/emails.html", {
        "kinds": list(kinds.values()),
        "total_emails": len(recipients),
        "total_people": len(people),
        "total_entries": len(entries),
        "mailings": mailings,
        "form": form,
        "public": selectors.results_public(edition),
    }, current="ceremony:staff_emails", status=status)


@edition_page()
def staff_emails(request, edition):
    if request.method != "POST":
        return _page(request, edition)
    require(request, edition, "send_results")
    form = MailingForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            mailing = services.results_mailing_create(
                edition=edition, kinds=form.cleaned_data["kinds"], by=request.user,
                send_after=form.cleaned_data["send_after"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if mailing.send_after is None and selectors.results_public(edition):
                messages.success(request, _(
                    "The result e-mails are being written to the outbox: the list of mailings "
                    "shows how many."))
            else:
                messages.success(request, _(
                    "The result e-mails will be written to the outbox once the results are "
                    "public and the moment has come."))
            return redirect("ceremony:staff_emails", edition=edition.slug)
    return _page(request, edition, form=form, status=400)


# The preview frame: inline styles (as e-mail clients need them), nothing else; only our pages
# may frame it.
PREVIEW_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "script-src": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'self'"],
}


@xframe_options_sameorigin
@csp_replace(PREVIEW_POLICY)
@edition_page()
def staff_email_preview(request, edition, entry):
    """The HTML part of the result e-mail the first person of ``entry``'s entrant would get."""
    entry = get_object_or_404(selectors.entries_with_results(edition), pk=entry)
    member = entry.entrant.members.select_related("user").order_by("pk").first()
    if member is None:
        return HttpResponse(status=404)
    result = selectors.results_for_entries(edition, [entry])[entry.pk]
    return HttpResponse(preview(edition, entry, result, member.user).html)
