"""The staff's tools on entries: tags and notes, the next entry to screen, every answer as a
spreadsheet (built in the background for a long list).

Access follows the entries list (``staff_page`` of entries/views/staff.py): the edition's
secretariat and coordinators; a 404 for everyone else, the login page for anonymous visitors.
Both roles tag entries, create tags and write notes; renaming, recolouring and deleting a tag
are the secretariat's. The "Notes and tags" section of the staff entry page is rendered by
``{% notes_and_tags %}`` (entries/templatetags/entry_tools.py); each of its forms posts here
and comes back to the entry page, or, through htmx, gets the section back in place.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prize import jobs
from prize.inputs import int_param, int_params, text_param
from prize.models import Edition
from prize.services import audit

from .. import exports_full, exports_jobs
from ..enums import EntryStatus
from ..filters import filter_entries
from ..models import Entry, ScreeningDecision
from ..note_models import Note, Tag
from ..selectors import entries_screenable_by
from ..tagging import (
    TagError,
    bulk_tag,
    entry_tag_add,
    entry_tag_remove,
    may_delete_note,
    may_edit_note,
    note_add,
    note_delete,
    note_edit,
    notes_of_entry,
    tag_create,
    tag_delete,
    tag_update,
    tags_of_edition,
)
from ..tools_forms import EntryTagForm, NoteForm, TagForm
from .staff import last_list, may_screen_entries, staff_page

SECTION = "entries/tools/_section.html"


def _entry(request, edition: Edition, pk: int) -> Entry:
    return get_object_or_404(entries_screenable_by(request.user), edition=edition, pk=pk)


def _tag(edition: Edition, tag_id: int) -> Tag:
    return get_object_or_404(Tag, edition=edition, pk=tag_id)


def _entry_url(edition: Edition, entry: Entry) -> str:
    return reverse("entries:staff_entry", kwargs={"edition_slug": edition.slug,
                                                  "pk": entry.pk}) + "#notes-tags"


# --- The section on the entry page ------------------------------------------------------------


def section_context(user, edition: Edition, entry: Entry, *, tag_form=None, note_form=None,
                    editing: Note | None = None, edit_form=None, said: str = "") -> dict:
    """What the "Notes and tags" section shows: a fixed number of queries (the entry's tags,
    the edition's tags to choose from, the notes with their authors)."""
    on_entry = list(entry.entry_tags.select_related("tag").order_by("tag__name"))
    carried = {link.tag_id for link in on_entry}
    choices = Tag.objects.filter(edition=edition).exclude(pk__in=carried).order_by("name")
    notes = list(notes_of_entry(entry))
    for note in notes:
        note.editable = may_edit_note(user, note)
        note.deletable = may_delete_note(user, note, edition)
    if editing is not None and edit_form is None:
        edit_form = NoteForm(initial={"text": editing.text}, prefix_id=f"note-{editing.pk}")
    decided = entry.status in (EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE)
    return {
        "edition": edition,
        "entry": entry,
        "entry_tags": on_entry,
        "tag_form": tag_form or EntryTagForm(tags=choices),
        "notes": notes,
        "note_form": note_form or NoteForm(),
        "editing": editing,
        "edit_form": edit_form,
        "said": said,
        "next_link": decided and may_screen_entries.test(user, edition),
    }


def _done(request, edition, entry, message: str, *, level=messages.SUCCESS):
    """After a change: the section in place (htmx), else back to the entry page."""
    if request.htmx:
        return render(request, SECTION, section_context(request.user, edition, entry,
                                                        said=message))
    messages.add_message(request, level, message)
    return redirect(_entry_url(edition, entry))


def _refused(request, edition, entry, **forms):
    """A form that could not be saved: the section again with what was typed and why, in place
    (htmx) or on a page of its own (without JavaScript)."""
    context = section_context(request.user, edition, entry, **forms)
    if request.htmx:
        return render(request, SECTION, context)
    return render(request, "entries/tools/section_page.html", context, status=400)


@require_POST
@staff_page()
def entry_tag_add_view(request, edition, pk):
    entry = _entry(request, edition, pk)
    form = EntryTagForm(request.POST, tags=Tag.objects.filter(edition=edition))
    if not form.is_valid():
        return _refused(request, edition, entry, tag_form=form)
    try:
        tag = form.cleaned_data["tag"] or tag_create(
            edition=edition, name=form.cleaned_data["new_name"], by=request.user, reuse=True)
        added = entry_tag_add(entry=entry, tag=tag, by=request.user)
    except TagError as exc:
        form.add_error(None, str(exc))
        return _refused(request, edition, entry, tag_form=form)
    message = (_("Tagged “%(tag)s”.") if added
               else _("The entry already has the tag “%(tag)s”.")) % {"tag": tag.name}
    return _done(request, edition, entry, message, level=messages.SUCCESS if added
                 else messages.INFO)


@require_POST
@staff_page()
def entry_tag_remove_view(request, edition, pk, tag_id):
    entry = _entry(request, edition, pk)
    tag = _tag(edition, tag_id)
    removed = entry_tag_remove(entry=entry, tag=tag, by=request.user)
    message = (_("The tag “%(tag)s” was taken off.") if removed
               else _("The entry did not have the tag “%(tag)s”.")) % {"tag": tag.name}
    return _done(request, edition, entry, message)


@require_POST
@staff_page()
def note_add_view(request, edition, pk):
    entry = _entry(request, edition, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _refused(request, edition, entry, note_form=form)
    try:
        note_add(entry=entry, text=form.cleaned_data["text"], by=request.user)
    except TagError as exc:
        form.add_error("text", str(exc))
        return _refused(request, edition, entry, note_form=form)
    return _done(request, edition, entry, _("Note saved."))


def _note(request, edition, entry, note_id) -> Note:
    return get_object_or_404(Note.objects.select_related("author"), entry=entry, pk=note_id)


@staff_page()
def note_edit_view(request, edition, pk, note_id):
    """GET: the note in a form (its author only); POST: save it."""
    entry = _entry(request, edition, pk)
    note = _note(request, edition, entry, note_id)
    if not may_edit_note(request.user, note):
        raise Http404
    if request.method != "POST":
        context = section_context(request.user, edition, entry, editing=note)
        if request.htmx:
            return render(request, SECTION, context)
        return render(request, "entries/tools/section_page.html", context)
    form = NoteForm(request.POST, prefix_id=f"note-{note.pk}")
    if form.is_valid():
        try:
            note_edit(note=note, text=form.cleaned_data["text"], by=request.user)
        except TagError as exc:
            form.add_error("text", str(exc))
        else:
            return _done(request, edition, entry, _("Note saved."))
    return _refused(request, edition, entry, editing=note, edit_form=form)


@require_POST
@staff_page()
def note_delete_view(request, edition, pk, note_id):
    entry = _entry(request, edition, pk)
    note = get_object_or_404(Note.objects.select_related("entry"), entry=entry, pk=note_id)
    if not may_delete_note(request.user, note, edition):
        raise Http404
    note_delete(note=note, by=request.user, edition=edition)
    return _done(request, edition, entry, _("Note deleted."))


# --- Tags of the edition ----------------------------------------------------------------------


def _tags_page(request, edition, *, form=None, edit_forms=None, status=200):
    tags = list(tags_of_edition(edition))
    edit_forms = edit_forms or {}
    can_manage = may_screen_entries.test(request.user, edition)
    for tag in tags:
        tag.form = edit_forms.get(tag.pk) or TagForm(
            initial={"name": tag.name, "colour": tag.colour}, prefix_id=f"tag-{tag.pk}")
    return render(request, "entries/tools/tags.html", {
        "edition": edition,
        "tags": tags,
        "form": form or TagForm(prefix_id="new-tag"),
        "can_manage": can_manage,
    }, status=status)


@staff_page()
def tags_view(request, edition):
    """The edition's tags; POST creates one."""
    if request.method != "POST":
        return _tags_page(request, edition)
    form = TagForm(request.POST, prefix_id="new-tag")
    if form.is_valid():
        try:
            tag = tag_create(edition=edition, name=form.cleaned_data["name"],
                             colour=form.cleaned_data["colour"], by=request.user)
        except TagError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("Tag “%(tag)s” created.") % {"tag": tag.name})
            return redirect("entry_tools:tags", edition_slug=edition.slug)
    return _tags_page(request, edition, form=form, status=400)


@require_POST
@staff_page(act=True)
def tag_update_view(request, edition, tag_id):
    tag = _tag(edition, tag_id)
    form = TagForm(request.POST, prefix_id=f"tag-{tag.pk}")
    if form.is_valid():
        try:
            tag_update(tag=tag, name=form.cleaned_data["name"],
                       colour=form.cleaned_data["colour"], by=request.user)
        except TagError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("Tag “%(tag)s” saved.") % {"tag": tag.name})
            return redirect("entry_tools:tags", edition_slug=edition.slug)
    return _tags_page(request, edition, edit_forms={tag.pk: form}, status=400)


@staff_page(act=True)
def tag_delete_view(request, edition, tag_id):
    """GET: how many entries carry the tag, and a confirmation; POST: delete it."""
    tag = get_object_or_404(tags_of_edition(edition), pk=tag_id)
    if request.method == "POST":
        count = tag_delete(tag=tag, by=request.user)
        messages.success(request, ngettext(
            "Tag “%(tag)s” deleted; it was taken off %(count)d entry.",
            "Tag “%(tag)s” deleted; it was taken off %(count)d entries.", count,
        ) % {"tag": tag.name, "count": count})
        return redirect("entry_tools:tags", edition_slug=edition.slug)
    return render(request, "entries/tools/tag_delete.html", {"edition": edition, "tag": tag})


def _list_rows(request, edition, data=None):
    """The entries list's rows for this query string (``data``, else the request's), exactly as
    the list computes them."""
    entries = entries_screenable_by(request.user).filter(edition=edition)
    codes = sorted(
        code for code in entries.order_by().values_list("entrant__country", flat=True).distinct()
        if code
    )
    rows, form = filter_entries(entries, request.GET if data is None else data,
                                edition=edition, country_codes=codes)
    return rows, form


def _list_url(edition, params) -> str:
    url = reverse("entries:staff_list", kwargs={"edition_slug": edition.slug})
    query = params.copy()
    for key in ("after", "format", "form"):
        query.pop(key, None)
    query = query.urlencode()
    return f"{url}?{query}" if query else url


@require_POST
@staff_page()
def bulk_tag_view(request, edition):
    """Put a tag on (``remove``: take it off) the entries ticked in the list; back to the list
    with the same filters (its query string)."""
    tag = Tag.objects.filter(edition=edition, pk=int_param(request.POST, "tag")).first()
    ids = int_params(request.POST, "entries")
    if tag is None or not ids:
        messages.error(request, _("Nothing was changed: choose a tag and tick at least one "
                                  "entry."))
        return redirect(_list_url(edition, request.GET))
    remove = request.POST.get("remove") == "1"
    count = bulk_tag(request.user, edition, ids, tag, remove=remove)
    if remove:
        message = ngettext("The tag “%(tag)s” was taken off %(count)d entry.",
                           "The tag “%(tag)s” was taken off %(count)d entries.", count)
    else:
        message = ngettext("%(count)d entry tagged “%(tag)s”.",
                           "%(count)d entries tagged “%(tag)s”.", count)
    messages.success(request, message % {"tag": tag.name, "count": count})
    return redirect(_list_url(edition, request.GET))


# --- Next to screen ---------------------------------------------------------------------------


@require_GET
@staff_page()
def next_to_screen(request, edition):
    """The next entry without a screening decision after ``?after=<reference>``, in the
    list's order and with its filters; back to the list, with a message, when none is left.
    ``?from=last`` (the entry page's link) walks the list this person last looked at."""
    params = request.GET
    if params.get("from") == "last":
        params = QueryDict(last_list(request, edition), mutable=True)
        params["after"] = request.GET.get("after", "")
    rows, form = _list_rows(request, edition, params)
    after = text_param(params, "after", max_length=40)
    waiting = Q(status=EntryStatus.SUBMITTED) & ~Q(
        Exists(ScreeningDecision.objects.filter(entry=OuterRef("pk"))))
    sort = form.cleaned_data.get("sort") or "reference"
    entry_id = None
    if not after:
        entry_id = rows.filter(waiting).values_list("pk", flat=True).first()
    elif sort in ("reference", "-reference"):
        beyond = Q(reference__gt=after) if sort == "reference" else Q(reference__lt=after)
        entry_id = rows.filter(waiting, beyond).values_list("pk", flat=True).first()
    else:
        # Walk the list's order past ``after`` (one query, read with a cursor).
        passed = False
        for pk, reference, is_waiting in rows.annotate(is_waiting=Exists(
                Entry.objects.filter(waiting, pk=OuterRef("pk")))).values_list(
                    "pk", "reference", "is_waiting").iterator(chunk_size=2000):
            if passed and is_waiting:
                entry_id = pk
                break
            passed = passed or reference == after
        if not passed:  # ``after`` is not in the list: from the top
            entry_id = rows.filter(waiting).values_list("pk", flat=True).first()
    if entry_id is None:
        messages.info(request, _("No entry of this list is waiting for a screening decision."))
        return redirect(_list_url(edition, params))
    return redirect("entries:staff_entry", edition_slug=edition.slug, pk=entry_id)


# --- Every answer exported --------------------------------------------------------------------


def _export_job_page(request, edition, *, fmt: str, form_id, forms, filter_form, count: int):
    """Too many entries to export within the request: GET says so and offers to build the file
    in the background; POST starts that job (a double click makes one) and goes to its page."""
    from ..book import filters_in_words

    filters = filters_in_words(filter_form)
    if request.method == "POST":
        job = jobs.start_job(
            user=request.user, edition=edition, kind=exports_jobs.KIND,
            params=exports_jobs.params_for(query=request.GET, fmt=fmt, form_id=form_id,
                                           links=exports_full.link_base(request)),
            title=exports_jobs.title_for(edition, fmt, bool(filters or form_id)))
        return redirect(job)
    return render(request, "entries/tools/answers_export_job.html", {
        "edition": edition, "count": count, "format": fmt.upper(), "filters": filters,
        "form_chosen": forms[0] if form_id and forms else None,
        "direct_max": exports_jobs.direct_max(),
        "list_url": _list_url(edition, request.GET),
    })


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page()
def answers_export(request, edition):
    """The file at once for a list of at most ``ANSWERS_EXPORT_DIRECT_MAX`` entries; above,
    a page that builds it in the background (``entries.exports_jobs``)."""
    fmt = request.GET.get("format", "")
    if fmt not in exports_full.FORMATS:
        return HttpResponseBadRequest(_("Choose an export format: csv or xlsx."),
                                      content_type="text/plain; charset=utf-8")
    form_id = None
    if request.GET.get("form"):
        form_id = int_param(request.GET, "form")
        if form_id is None:
            raise Http404
    rows, form = _list_rows(request, edition)
    forms = exports_full.forms_for(edition, rows, form_id)
    if forms is None:
        raise Http404
    count = exports_full.rows_of(rows, form_id).count()
    if request.method == "POST" or count > exports_jobs.direct_max():
        return _export_job_page(request, edition, fmt=fmt, form_id=form_id, forms=forms,
                                filter_form=form, count=count)
    audit(request.user, "entry.export_answers", edition, edition=edition,
          after={"format": fmt, **({"form": form_id} if form_id else {}),
                 **exports_full.filters_audited(form)})
    return exports_full.answers_export(request, edition, rows, fmt, form_id, forms=forms)


urlpatterns = [
    path("staff/<slug:edition_slug>/tags/", tags_view, name="tags"),
    path("staff/<slug:edition_slug>/tags/<id:tag_id>/", tag_update_view, name="tag_update"),
    path("staff/<slug:edition_slug>/tags/<id:tag_id>/delete/", tag_delete_view,
         name="tag_delete"),
    path("staff/<slug:edition_slug>/entries/tag/", bulk_tag_view, name="bulk_tag"),
    path("staff/<slug:edition_slug>/entries/next/", next_to_screen, name="next_to_screen"),
    path("staff/<slug:edition_slug>/entries/answers/", answers_export, name="answers_export"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/tags/", entry_tag_add_view,
         name="entry_tag_add"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/tags/<id:tag_id>/remove/",
         entry_tag_remove_view, name="entry_tag_remove"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/notes/", note_add_view, name="note_add"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/notes/<id:note_id>/", note_edit_view,
         name="note_edit"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/notes/<id:note_id>/delete/",
         note_delete_view, name="note_delete"),
]
