"""Starting an entry book from the secretariat's entries list: the list's query string says
which entries (exactly the rows of the list), the form says PDF or zip. GET shows the choice
with the number of entries; POST starts the book in the background and goes to its page.

The edition's secretariat and coordinators (and a superuser) may; for anyone else the page
does not exist (404); anonymous visitors are asked to log in.
"""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from prize import jobs
from prize.inputs import LimitedFormMixin
from prize.permissions import deny
from prize.selectors import editions_visible_to

from .. import book


class BookForm(LimitedFormMixin, forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Make the book as"), choices=list(book.FORMATS.items()),
        initial="pdf", widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose one PDF file or a zip of PDFs."),
                        "invalid_choice": gettext_lazy("Choose one PDF file or a zip of PDFs.")})

    def __init__(self, data=None, *, count: int = 0):
        super().__init__(data)
        self.count = count
        if count > book.pdf_max():
            self.fields["format"].initial = "zip"

    def clean_format(self):
        """One PDF is laid out whole (its contents page numbers every entry), so its memory
        grows with the entries: above ``ENTRY_BOOK_PDF_MAX`` only the zip, one PDF per entry,
        whose memory stays flat."""
        chosen = self.cleaned_data["format"]
        most = book.pdf_max()
        if chosen == "pdf" and self.count > most:
            raise forms.ValidationError(
                _("One PDF holds at most %(most)d entries and this book has %(count)d: choose "
                  "the zip of one PDF per entry, or narrow the list.")
                % {"most": most, "count": self.count})
        return chosen


def book_title(edition, filters: list[str]) -> str:
    name = edition.short_name or edition.name
    if filters:
        return _("Entry book %(edition)s (filtered)") % {"edition": name}
    return _("Entry book %(edition)s") % {"edition": name}


@require_http_methods(["GET", "HEAD", "POST"])
def book_start(request, edition_slug):
    if not request.user.is_authenticated:
        return deny(request)
    edition = get_object_or_404(editions_visible_to(request.user), slug=edition_slug)
    if not book.may_start(request.user, edition):
        raise Http404
    query = request.GET.urlencode()
    rows, filter_form = book.list_entries(request.user, edition, query)
    filters = book.filters_in_words(filter_form)
    count = rows.count()
    form = BookForm(request.POST if request.method == "POST" else None, count=count)
    if request.method == "POST" and form.is_valid():
        if not count:
            form.add_error(None, _("No entry matches these filters: the book would be empty. "
                                   "Change the filters on the list."))
        else:
            job = jobs.start_job(user=request.user, edition=edition, kind=book.KIND,
                                 params={"query": query,
                                         "format": form.cleaned_data["format"]},
                                 title=book_title(edition, filters))
            return redirect(job)
    list_url = reverse("entries:staff_list", kwargs={"edition_slug": edition.slug})
    return render(request, "entries/book/start.html", {
        "edition": edition, "form": form, "count": count, "filters": filters,
        "list_url": f"{list_url}?{query}" if query else list_url,
    }, status=400 if form.errors else 200)
