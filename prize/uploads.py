"""Upload limits that act before the request body is read.

Django parses a multipart body the first time anything touches ``request.POST`` or
``request.FILES``, and ``CsrfViewMiddleware`` does so before any view runs (it looks for the
token among the form fields). So a view cannot refuse an oversized upload "at its start": by then
the whole body has been read and the files written to temporary storage. Hence this middleware,
listed before ``CsrfViewMiddleware``:

- Every request whose ``Content-Length`` passes ``UPLOAD_MAX_REQUEST_MB`` is answered 413 with a
  page that says so (a fragment for htmx), without reading a byte of the body.
- A view decorated with ``@upload_limit(check)`` gets ``check(request, *args, **kwargs)`` called
  first (before the site-wide check), also before the body is read: it returns a response to
  refuse the request (its own page, with its own numbers), or None to go on, and may install a
  ``LimitedUploadHandler`` that stops reading as soon as one file passes its size.

Django's request stream never reads past ``Content-Length``, so that header bounds what is read.
The reverse proxy should refuse larger bodies first (docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

MB = 1024 * 1024
# What an upload form carries besides its files: the CSRF token, a button, and the multipart
# headers of each part (a few hundred bytes a file).
FORM_MARGIN = MB


def content_length(request) -> int:
    """The body size the client declared (0 when absent or unreadable)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def max_request_bytes() -> int:
    return settings.UPLOAD_MAX_REQUEST_MB * MB


def upload_limit(check: Callable):
    """Mark a view whose uploads ``check`` vets before the body is read (see the module)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapped.upload_limit_check = check
        return wrapped

    return decorator


class LimitedUploadHandler(FileUploadHandler):
    """Stops the upload as soon as one file passes ``max_file_bytes``: the files before it are
    kept, that file is dropped, and nothing after it is read (``StopUpload`` with
    ``connection_reset``). ``stopped_at`` is then the name of that file."""

    def __init__(self, request=None, *, max_file_bytes: int):
        super().__init__(request)
        self.max_file_bytes = max_file_bytes
        self.stopped_at: str | None = None
        self.bytes_read = 0

    def receive_data_chunk(self, raw_data, start):
        self.bytes_read += len(raw_data)
        if start + len(raw_data) > self.max_file_bytes:
            self.stopped_at = self.file_name
            raise StopUpload(connection_reset=True)
        return raw_data  # the next handler (memory or temporary file) keeps it

    def file_complete(self, file_size):
        return None  # the next handler makes the file


def _back_url(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def too_large_response(request, *, size: int, limit: int):
    """413 with a page (or, for htmx, a fragment) saying nothing was uploaded and why."""
    context = {"size": size, "limit": limit, "back_url": _back_url(request)}
    template = "components/upload_too_large.html" if getattr(request, "htmx", False) \
        else "413.html"
    return render(request, template, context, status=413)


class UploadLimitMiddleware:
    """See the module. List it before ``django.middleware.csrf.CsrfViewMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # the view's own check first: its page says more (it applies the site limit too)
        check = getattr(view_func, "upload_limit_check", None)
        if check is not None and request.method == "POST":
            response = check(request, *view_args, **view_kwargs)
            if response is not None:
                return response
        size, limit = content_length(request), max_request_bytes()
        if size > limit:
            return too_large_response(request, size=size, limit=limit)
        return None
