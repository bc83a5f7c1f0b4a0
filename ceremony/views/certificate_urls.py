"""URL patterns of the certificates (see ceremony/urls.py): mounted under ``/certificates/``."""

from django.urls import path, re_path

from . import certificates

# A certificate's code: ``secrets.token_urlsafe`` characters (ceremony.models.certificate_code).
CODE = r"(?P<code>[A-Za-z0-9_-]{16,32})"

urlpatterns: list = [
    path("entry/<id:pk>/", certificates.entry_pdf, name="certificate_entry"),
    path("staff/<slug:edition>/all.zip", certificates.edition_zip, name="certificates_zip"),
    re_path(rf"^{CODE}/$", certificates.verify, name="certificate_verify"),
    re_path(rf"^{CODE}/pdf/$", certificates.pdf, name="certificate_pdf"),
]
