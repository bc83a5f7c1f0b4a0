"""The ceremony's pages: staff (awards, decisions, publication, result e-mails), public
(winners, finalists, the archive) and certificates. Each family keeps its own URL module."""

from django.urls import include, path

app_name = "ceremony"

urlpatterns = [
    path("ceremony/staff/", include("ceremony.views.staff_urls")),
    path("certificates/", include("ceremony.views.certificate_urls")),
    path("", include("ceremony.views.public_urls")),
]
