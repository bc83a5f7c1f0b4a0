"""A judge's entry book of one round: the entries assigned to them there, in their own order,
as one PDF or a zip of PDFs, read as their scoring pages show them (blind in a blind round:
``judging.book``). GET shows the choice and what goes in; POST starts the book in the background
and goes to its page, where the judge follows its progress and downloads it.

Only a judge with entries of the round may; for anyone else (staff included) the page does not
exist (404); anonymous visitors are asked to log in. The builder checks again when it runs.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from entries.views.book import BookForm
from prize import jobs
from prize.permissions import deny

from ... import book


@require_http_methods(["GET", "HEAD", "POST"])
def judge_book(request, round_id):
    if not request.user.is_authenticated:
        return deny(request)
    round, ids = book.judged_round(request.user, round_id)
    if round is None:
        raise Http404
    form = BookForm(request.POST if request.method == "POST" else None, count=len(ids))
    if request.method == "POST" and form.is_valid():
        job = jobs.start_job(user=request.user, edition=round.edition, kind=book.JUDGE_KIND,
                             params={"round": round.pk, "format": form.cleaned_data["format"]},
                             title=book.judge_book_title(round))
        return redirect(job)
    return render(request, "judging/judge/book.html", {
        "round": round, "form": form, "count": len(ids), "blind": round.blind, "filters": None,
    }, status=400 if form.errors else 200)
