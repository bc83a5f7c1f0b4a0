"""The round's entry book: the round's entries as one PDF or a zip of PDFs, blind when the round
is blind (``judging.book``). GET shows the choice and what goes in; POST starts the book in the
background and goes to its page. Those who manage the round may; others get a 404."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entries.views.book import BookForm
from prize import jobs

from ... import book
from .common import render_round, round_page


@require_http_methods(["GET", "HEAD", "POST"])
@round_page()
def staff_round_book(request, round):
    count = len(book.round_entry_ids(round))
    form = BookForm(request.POST if request.method == "POST" else None, count=count)
    if request.method == "POST" and form.is_valid():
        if not count:
            form.add_error(None, _("The round has no entries yet: take its entries first."))
        else:
            name = round.edition.short_name or round.edition.name
            title = (_("Blind entry book %(round)s, %(edition)s") if round.blind
                     else _("Entry book %(round)s, %(edition)s")) % {"round": round.name,
                                                                      "edition": name}
            job = jobs.start_job(user=request.user, edition=round.edition, kind=book.KIND,
                                 params={"round": round.pk,
                                         "format": form.cleaned_data["format"]},
                                 title=title)
            return redirect(job)
    return render_round(request, round, "judging/staff/book.html", {
        "form": form, "count": count, "blind": round.blind, "filters": None,
    }, current="judging:staff_round_book", status=400 if form.errors else 200)
