"""The attachments step of an entry, and the only way to fetch an entry's files."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from prize import uploads

from .. import attachments as files
from ..attachments import MB
from ..models import AnonymisedVersion, Attachment, anonymised_version
from ..schema import Schema
from ..selectors import attachments_visible_to, entries_editable_by
from ..services import EntryError
from .entrant._common import step_nav

logger = logging.getLogger(__name__)


def _login_first(request):
    return redirect_to_login(request.get_full_path())


def _step_url(entry, step) -> str:
    """Where "Save and continue" leads: the next step, or the review page after the last."""
    try:
        if step is not None:
            return reverse("entries:step", args=[entry.pk, step.key])
        return reverse("entries:review", args=[entry.pk])
    except NoReverseMatch:  # the step pages are not routed in this deployment
        return reverse("entries:attachments", args=[entry.pk])


def _upload_check(request, pk):
    """Before the body is read (prize/uploads.py): refuse an upload larger than this entry can
    take now, from its Content-Length, and stop reading at the first file over the step's size.
    Whoever may not change the entry gets the view's own answer (login, 404)."""
    if not request.user.is_authenticated:
        return None
    entry = entries_editable_by(request.user).filter(pk=pk).first()
    step = files.attachment_step(entry) if entry is not None else None
    if step is None:
        return None
    refusal = files.change_refusal(entry)
    count = 0 if refusal else min(max(0, step.max_files - entry.attachments.count()),
                                  settings.DATA_UPLOAD_MAX_NUMBER_FILES)
    limit = min(uploads.max_request_bytes(), count * step.max_mb * MB + uploads.FORM_MARGIN)
    size = uploads.content_length(request)
    if size > limit:
        message = _("What you sent comes to %(size)s, more than this upload can take "
                    "(%(limit)s). Nothing was saved.") % {"size": filesizeformat(size),
                                                          "limit": filesizeformat(limit)}
        if count:
            message += " " + ngettext(
                "You can add %(count)d more file of at most %(mb)s MB; choose a smaller one.",
                "You can add %(count)d more files of at most %(mb)s MB each; choose fewer or "
                "smaller files and upload them again.", count,
            ) % {"count": count, "mb": step.max_mb}
        if request.htmx:
            return render(request, "components/upload_too_large.html",
                          {"message": message}, status=413)
        response = _page(request, entry, step, refusal, problems=[refusal or message])
        response.status_code = 413
        return response
    request.upload_limit_handler = uploads.LimitedUploadHandler(
        request, max_file_bytes=step.max_mb * MB)
    request.upload_handlers.insert(0, request.upload_limit_handler)
    return None


@uploads.upload_limit(_upload_check)
def attachments(request, pk):
    """Entry members list, add and remove the entry's files while the entry is open."""
    if not request.user.is_authenticated:
        return _login_first(request)
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    step = files.attachment_step(entry)
    if step is None:
        raise Http404
    refusal = files.change_refusal(entry)
    added, refused, problems = [], [], []
    if request.method == "POST":
        chosen = request.FILES.getlist("files")
        going_on = "continue" in request.POST
        # the upload stopped reading at a file over the size limit (see _upload_check)
        stopped_at = getattr(getattr(request, "upload_limit_handler", None), "stopped_at", None)
        if refusal:
            problems.append(refusal)
        elif not chosen and not going_on and not stopped_at:
            problems.append(_("Choose one or more files to upload first."))
        for upload in [] if refusal else chosen:
            try:
                added.append(files.attachment_add(entry=entry, uploaded_file=upload,
                                                  by=request.user))
            except EntryError as exc:
                refused.append((files.clean_name(upload.name), exc.messages))
        if stopped_at and not refusal:
            refused.append((files.clean_name(stopped_at), [_(
                "This file is larger than %(limit)s MB, the limit per file. The upload stopped "
                "there: choose any files after it again.") % {"limit": step.max_mb}]))
        if not refused and not problems:
            if added:
                messages.success(request, ngettext(
                    "%(count)d file added.", "%(count)d files added.", len(added)
                ) % {"count": len(added)})
            if going_on:
                schema = Schema.parse(entry.form.schema)
                return redirect(_step_url(entry, schema.next_step(step.key)))
            return redirect("entries:attachments", pk=entry.pk)
    return _page(request, entry, step, refusal, added=added, refused=refused, problems=problems)


def _page(request, entry, step, refusal, *, added=(), refused=(), problems=(), status=200):
    schema = Schema.parse(entry.form.schema)
    listed = list(
        entry.attachments.select_related("uploaded_by", "anonymised").order_by("uploaded_at",
                                                                                "pk")
    )
    for attachment in listed:
        attachment.type_name = files.type_name(attachment.content_type)
        attachment.anonymised_version = anonymised_version(attachment)
        if attachment.anonymised_version is not None:
            attachment.anonymised_version.type_name = files.type_name(
                attachment.anonymised_version.content_type)
    keys = [s.key for s in schema.steps]
    previous, following = schema.previous_step(step.key), schema.next_step(step.key)
    return render(request, "entries/attachments/attachments.html", {
        "entry": entry,
        "step": step,
        "step_number": keys.index(step.key) + 1,
        "step_count": len(keys),
        "previous_step": previous,
        "next_step": following,
        "attachments": listed,
        "nav": step_nav(schema, entry.editing(), step.key, len(listed)),
        "slots_left": max(0, step.max_files - len(listed)),
        "deadline": entry.deadline(),
        "refusal": refusal,
        "can_change": not refusal,
        "added": added,
        "refused": refused,
        "problems": problems,
        "accept": files.accept_for(step.file_kinds),  # the step's "types"
        "types_text": files.types_text(step.file_kinds),
        "blind_marks": schema.blind_marks,
    }, status=status)


def attachment_download(request, pk):
    """The file, as a download, to those who may see its entry; a 404 for everyone else."""
    if not request.user.is_authenticated:
        return _login_first(request)
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    return attachment_response(attachment)


def attachment_response(attachment: Attachment | AnonymisedVersion,
                        filename: str | None = None) -> FileResponse:
    """A stored file as a private download (``filename`` replaces its name, e.g. in a blind
    round); a 404 when the file is missing from storage. Callers check visibility first."""
    try:
        handle = attachment.file.open("rb")
    except OSError as exc:
        logger.error("Attachment %s is missing from storage: %s", attachment.pk, exc)
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True,
                            filename=filename or attachment.original_name,
                            content_type=attachment.content_type)
    return _private(response)


def content_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """Bytes made on the fly (a file without its metadata) as a private download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(content))
    return _private(response)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _own_attachment(request, pk) -> Attachment:
    """One of the entrant's own files (their entrant's entries), or a 404."""
    return get_object_or_404(
        Attachment.objects.select_related("entry__form", "entry__edition").filter(
            entry__in=entries_editable_by(request.user).values("pk")
        ),
        pk=pk,
    )


def _anonymised_upload_check(request, pk):
    """Before the body is read (prize/uploads.py): one file of at most the step's size."""
    if not request.user.is_authenticated:
        return None
    attachment = Attachment.objects.select_related("entry__form").filter(
        entry__in=entries_editable_by(request.user).values("pk"), pk=pk).first()
    step = files.attachment_step(attachment.entry) if attachment is not None else None
    if step is None or not step.blind_variant:
        return None
    limit = min(uploads.max_request_bytes(), step.max_mb * MB + uploads.FORM_MARGIN)
    size = uploads.content_length(request)
    if size > limit:
        return uploads.too_large_response(request, size=size, limit=limit)
    request.upload_limit_handler = uploads.LimitedUploadHandler(
        request, max_file_bytes=step.max_mb * MB)
    request.upload_handlers.insert(0, request.upload_limit_handler)
    return None


@require_POST
@uploads.upload_limit(_anonymised_upload_check)
def anonymised_upload(request, pk):
    """The entrant adds (or replaces) the anonymised version of one file, for blind rounds."""
    if not request.user.is_authenticated:
        return _login_first(request)
    attachment = _own_attachment(request, pk)
    entry = attachment.entry
    step = files.attachment_step(entry)
    if step is None or not step.blind_variant:
        raise Http404
    upload = request.FILES.get("anonymised")
    refusal = files.change_refusal(entry)
    stopped_at = getattr(getattr(request, "upload_limit_handler", None), "stopped_at", None)
    if stopped_at:
        return _page(request, entry, step, refusal, status=400, refused=[(
            files.clean_name(stopped_at), [_("This file is larger than %(limit)s MB, the limit "
                                             "per file.") % {"limit": step.max_mb}])])
    if upload is None:
        return _page(request, entry, step, refusal, status=400, problems=[
            _("Choose the anonymised version of %(name)s to upload first.")
            % {"name": attachment.original_name}])
    try:
        files.anonymised_add(attachment=attachment, uploaded_file=upload, by=request.user)
    except EntryError as exc:
        return _page(request, entry, step, refusal, status=400,
                     refused=[(files.clean_name(upload.name), exc.messages)])
    messages.success(request, _("The anonymised version of %(name)s is added: judges of blind "
                                "rounds get it instead.") % {"name": attachment.original_name})
    return redirect("entries:attachments", pk=entry.pk)


@require_POST
def anonymised_remove(request, pk):
    if not request.user.is_authenticated:
        return _login_first(request)
    attachment = _own_attachment(request, pk)
    try:
        files.anonymised_remove(attachment=attachment, by=request.user)
    except EntryError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The anonymised version of %(name)s was removed.")
                         % {"name": attachment.original_name})
    return redirect("entries:attachments", pk=attachment.entry_id)


def anonymised_download(request, pk):
    """The anonymised version of a file, to those who may see its entry (a 404 otherwise)."""
    if not request.user.is_authenticated:
        return _login_first(request)
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    version = anonymised_version(attachment)
    if version is None:
        raise Http404
    return attachment_response(version)


@require_POST
def attachment_remove(request, pk):
    if not request.user.is_authenticated:
        return _login_first(request)
    attachment = get_object_or_404(
        Attachment.objects.select_related("entry").filter(
            entry__in=entries_editable_by(request.user).values("pk")
        ),
        pk=pk,
    )
    try:
        files.attachment_remove(attachment=attachment, by=request.user)
    except EntryError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": attachment.original_name})
    return redirect("entries:attachments", pk=attachment.entry_id)


urlpatterns = [
    path("<id:pk>/attachments/", attachments, name="attachments"),
    path("attachments/<id:pk>/download/", attachment_download, name="attachment_download"),
    path("attachments/<id:pk>/remove/", attachment_remove, name="attachment_remove"),
    path("attachments/<id:pk>/anonymised/", anonymised_upload, name="anonymised_upload"),
    path("attachments/<id:pk>/anonymised/download/", anonymised_download,
         name="anonymised_download"),
    path("attachments/<id:pk>/anonymised/remove/", anonymised_remove,
         name="anonymised_remove"),
]
