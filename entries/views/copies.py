"""An entry's copies to keep: the copy of the entry and the receipt of its submission, as PDF.

The copy of the entry is for whoever may read the entry page (the entrant's team, and the
edition's secretariat and coordinators, who answer entrants' questions about what they sent);
the receipt is the entrant's own confirmation, for the entrant's team only. Anyone else finds
neither (404). Judges read entries on their own pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _

from prize.pdf import pdf_download

from .. import copies
from ..selectors import entries_editable_by, entries_visible_to


def _language() -> str:
    return translation.get_language() or "en"


@login_required
def entry_copy(request, pk):
    entry = get_object_or_404(entries_visible_to(request.user), pk=pk)
    files = list(entry.attachments.all())
    content = copies.entry_copy_pdf(entry, files, language=_language())
    return pdf_download(content, copies.filename(entry, "entry"))


@login_required
def entry_receipt(request, pk):
    # The entrant's team's entries, whatever their status (entries_editable_by).
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    if entry.submitted_at is None or not entry.reference:
        messages.info(request, _("A receipt is given once the entry is submitted; this entry "
                                 "has not been submitted yet."))
        return redirect("entries:entry_detail", pk=entry.pk)
    files = list(entry.attachments.all())
    content = copies.receipt_pdf(entry, copies.submission_of(entry), files,
                                 language=_language())
    return pdf_download(content, copies.filename(entry, "receipt"))


urlpatterns = [
    path("<id:pk>/copy.pdf", entry_copy, name="entry_copy"),
    path("<id:pk>/receipt.pdf", entry_receipt, name="entry_receipt"),
]
