"""The ceremony's pages: staff (awards, decisions, publication, result e-mails; the ceremony's
programme, invitations, script, reveal and the next edition), public (winners, finalists, the
archive, the reply form, the reveal screen) and certificates. Each family keeps its own URL
module."""

from django.urls import include, path

app_name = "ceremony"

urlpatterns = [
    path("ceremony/staff/", include("ceremony.views.staff_urls")),
    path("ceremony/", include("ceremony.views.programme_urls")),
    path("ceremony/", include("ceremony.views.invitation_urls")),
    path("ceremony/", include("ceremony.views.script_urls")),
    path("ceremony/", include("ceremony.views.reveal_urls")),
    path("ceremony/", include("ceremony.views.next_edition_urls")),
    path("certificates/", include("ceremony.views.certificate_urls")),
    path("", include("ceremony.views.public_urls")),
]
