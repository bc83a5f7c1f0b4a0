"""Certificates: anyone checks one by its code once the results are public; the entrant
downloads their entry's; staff download any, before or after publication, or all as a zip.
What one may not see does not exist: a plain 404, the same for a wrong code and an embargoed
result. Nothing here is cached."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from prize.models import Edition
from prize.permissions import deny

from .. import certificates as certs
from .. import selectors


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(content))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return _private(response)


def _visible(request, code: str):
    certificate = certs.certificate_visible_to(request.user, code)
    if certificate is None:
        raise Http404
    return certificate


@require_safe
@never_cache
def verify(request, code):
    """Whether a certificate is genuine: its edition, award, entrant and project."""
    certificate = _visible(request, code)
    edition = certificate.entry.edition
    with timezone.override(edition.tz):
        response = render(request, "ceremony/certificates/verify.html", {
            "certificate": certificate,
            "entry": certificate.entry,
            "edition": edition,
            "text": certs.certificate_text(certificate),
            "embargoed": not selectors.results_public(edition),
        })
    return _private(response)


@require_safe
@never_cache
def pdf(request, code):
    """One certificate as a PDF, under the same rule as its page."""
    certificate = _visible(request, code)
    return _pdf_response(certs.certificates_pdf([certificate]), certs.filename(certificate))


@require_safe
@never_cache
def entry_pdf(request, pk):
    """An entry's certificate(s) as one PDF: for a member of its entrant once results are
    public, for the edition's results staff at any time; a 404 for everyone else."""
    if not request.user.is_authenticated:
        return deny(request)
    found = certs.entry_certificates_for(request.user, pk)
    if not found:
        raise Http404
    return _pdf_response(certs.certificates_pdf(found), certs.entry_filename(found))


@require_safe
@never_cache
def edition_zip(request, edition):
    """Every certificate of the edition, one PDF each, in a zip sent while it is made."""
    if not request.user.is_authenticated:
        return deny(request)
    edition = get_object_or_404(Edition, slug=edition)
    if not selectors.is_results_staff(request.user, edition):
        raise Http404
    found = certs.certificates_of_edition(edition)
    response = StreamingHttpResponse(
        certs.zip_stream(found, language=translation.get_language() or "en",
                         moment=edition.local(timezone.now())),
        content_type="application/zip",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"certificates-{edition.slug}.zip")
    return _private(response)
