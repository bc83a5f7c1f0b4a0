"""The ceremony's invitations for staff: who was invited, who replied what and who has not (with
a reminder, one per click), the venue's totals, the list as CSV or XLSX, and the name cards as a
printable page.

Coordinators read everything here; the secretariat sends invitations and reminders. The page
never says who won: the badges print "Finalist" or "Guest", whatever the results.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prize.inputs import int_param

from ... import guestlist, selectors, services
from ...models import Invitation
from .common import edition_page, error_list, render_page, require
from .tables import csv_response, xlsx_response

STATE_LABELS = {
    "waiting": gettext_lazy("No reply yet"),
    "attending": gettext_lazy("Attending"),
    "declined": gettext_lazy("Not attending"),
    "withdrawn": gettext_lazy("Withdrawn"),
}


def _rows(edition) -> list[Invitation]:
    rows = list(guestlist.invitations_of(edition))
    for row in rows:
        row.state = guestlist.state_of(row)
        row.state_label = STATE_LABELS[row.state]
    return rows


def _page(request, edition, *, errors=None, status=200):
    ceremony = guestlist.ceremony_of(edition)
    rows = _rows(edition)
    invited = {row.entry_id for row in rows}
    to_invite = len(guestlist.pool_ids(edition, ceremony) - invited)
    return render_page(request, edition, "ceremony/staff/invitations.html", {
        "ceremony": ceremony,
        "rows": rows,
        "totals": guestlist.totals(rows),
        "to_invite": to_invite,
        "deadline": guestlist.reply_deadline(edition, ceremony),
        "replies_open": guestlist.replies_open(edition, ceremony),
        "click": uuid.uuid4().hex,
        "errors": errors or [],
    }, current="ceremony:staff_invitations", status=status)


@edition_page()
def staff_invitations(request, edition):
    if request.method != "POST":
        return _page(request, edition)
    handler = ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return _page(request, edition, errors=[_("Unknown action.")], status=400)
    require(request, edition, "manage_ceremony")
    return handler(request, edition)


def _here(edition, anchor: str = ""):
    response = redirect("ceremony:staff_invitations", edition=edition.slug)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _send(request, edition):
    try:
        made = services.invitations_send(edition=edition, by=request.user)
    except ValidationError as exc:
        return _page(request, edition, errors=error_list(exc), status=400)
    if made:
        messages.success(request, ngettext(
            "%(count)d entry is invited: its people receive the invitation by e-mail.",
            "%(count)d entries are invited: their people receive the invitation by e-mail.",
            len(made)) % {"count": len(made)})
    else:
        messages.info(request, _("Everyone is invited already: nobody was invited twice."))
    return _here(edition)


def _remind(request, edition):
    chosen = None
    pk = int_param(request.POST, "invitation")
    if request.POST.get("invitation") is not None:
        chosen = list(Invitation.objects.filter(edition=edition, pk=pk or 0))
        if not chosen:
            return _page(request, edition, errors=[_("That invitation does not exist.")],
                         status=400)
    try:
        count = services.invitation_remind(edition=edition, by=request.user, invitations=chosen,
                                           click=request.POST.get("click", "")[:40] or None)
    except ValidationError as exc:
        return _page(request, edition, errors=error_list(exc), status=400)
    if count:
        messages.success(request, ngettext(
            "A reminder goes to %(count)d entry that has not replied.",
            "A reminder goes to %(count)d entries that have not replied.",
            count) % {"count": count})
    else:
        messages.info(request, _("No reminder was sent: everyone chosen has replied, or this "
                                 "reminder was sent already."))
    return _here(edition, f"invitation-{chosen[0].pk}" if chosen else "")


ACTIONS = {"send": _send, "remind": _remind}


# --- The list as a spreadsheet ------------------------------------------------------------------


def columns(edition) -> list[tuple[str, int]]:
    tz = edition.time_zone
    return [
        (_("Reference"), 16),
        (_("Project title"), 40),
        (_("Entrant"), 30),
        (_("Category"), 20),
        (_("City"), 18),
        (_("Country"), 18),
        (_("Reply"), 14),
        (_("Replied (%(tz)s)") % {"tz": tz}, 18),
        (_("Receives the prize"), 26),
        (_("Their title"), 26),
        (_("Pronunciation"), 26),
        (_("Guests"), 8),
        (_("Guests' names"), 40),
        (_("People"), 8),
        (_("Accessibility needs"), 40),
        (_("Dietary needs"), 40),
        (_("Reminders"), 10),
        (_("Invited (%(tz)s)") % {"tz": tz}, 18),
    ]


def rows(edition) -> Iterable[list]:
    """One row per invitation (one query)."""

    def local(moment):
        return timezone.localtime(moment, edition.tz).replace(tzinfo=None) if moment else None

    for row in guestlist.invitations_of(edition):
        entrant = row.entry.entrant
        state = guestlist.state_of(row)
        guests = row.guests or []
        yield [
            row.entry.reference or "", row.entry.title, entrant.name, row.entry.category.name,
            entrant.city, entrant.country.name or str(entrant.country), str(STATE_LABELS[state]),
            local(row.replied_at), row.recipient_name, row.recipient_title, row.pronunciation,
            len(guests), "; ".join(guests), (1 + len(guests)) if state == "attending" else 0,
            row.accessibility, row.dietary, row.reminders, local(row.created_at),
        ]


def as_csv(edition) -> StreamingHttpResponse:
    return csv_response(edition, "invitations", columns(edition), rows(edition))


def as_xlsx(edition) -> HttpResponse:
    return xlsx_response(edition, "invitations", _("Invitations"), columns(edition),
                         rows(edition))


EXPORTERS = {"csv": as_csv, "xlsx": as_xlsx}


@edition_page()
def staff_invitations_export(request, edition, fmt):
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    return exporter(edition)


# --- Name cards ------------------------------------------------------------------------------


def badges(edition) -> list[dict]:
    """A name card for each attending entry's person on stage and for each of its guests:
    name, title, entrant and city, and "Finalist" (an entry of the final round) or "Guest".
    Never the award: a badge is worn before the announcement."""
    finalists = selectors.finalist_ids(edition)
    cards = []
    for row in guestlist.invitations_of(edition):
        if guestlist.state_of(row) != "attending":
            continue
        entrant = row.entry.entrant
        place = ", ".join(p for p in [entrant.city, entrant.country.name or ""] if p)
        cards.append({
            "name": row.recipient_name or entrant.contact_name, "title": row.recipient_title,
            "entrant": entrant.name, "place": place,
            "role": _("Finalist") if row.entry_id in finalists else _("Delegate")})
        for guest in row.guests or []:
            cards.append({"name": guest, "title": "", "entrant": entrant.name, "place": place,
                          "role": _("Guest")})
    return cards


@edition_page()
def staff_invitation_badges(request, edition):
    return render_page(request, edition, "ceremony/staff/invitation_badges.html",
                       {"cards": badges(edition)}, current="ceremony:staff_invitations")
