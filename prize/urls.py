from django.contrib import admin
from django.urls import include, path

from . import account_views, audit_views, edition_views, locale, team_views, views

urlpatterns = [
    # public pages have an address per language: /en/…, /ko/… (docs/languages.md)
    locale.language_prefixed([
        path("", views.home, name="home"),
        path("editions/<slug:slug>/", views.edition_home, name="edition_home"),
    ]),
    path("language/", locale.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/profile/", views.profile, name="profile"),
    # before allauth's own, which it replaces (same name): says when no e-mail was re-sent
    path("accounts/email/", account_views.email, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("staff/", views.staff_index, name="staff_index"),
    path("staff/outbox/", views.staff_outbox, name="staff_outbox"),
    path("staff/outbox/<id:pk>/", views.staff_outbox_detail, name="staff_outbox_detail"),
    path("staff/outbox/<id:pk>/resend/", views.staff_outbox_resend, name="staff_outbox_resend"),
    path("staff/outbox/<id:pk>/html/", views.staff_outbox_html, name="staff_outbox_html"),
    path("staff/audit/", audit_views.staff_audit, name="staff_audit"),
    path(
        "staff/editions/<slug:slug>/settings/",
        views.staff_edition_settings,
        name="staff_edition_settings",
    ),
    path("staff/editions/new/", edition_views.edition_create, name="staff_edition_create"),
    path("staff/editions/<slug:slug>/", edition_views.edition_staff, name="staff_edition"),
    path("staff/editions/<slug:slug>/actions/", edition_views.edition_action,
         name="staff_edition_action"),
    path("staff/editions/<slug:slug>/organisations/", edition_views.edition_part,
         {"part": "organisations"}, name="staff_edition_organisations"),
    path("staff/editions/<slug:slug>/timeline/", edition_views.edition_part,
         {"part": "timeline"}, name="staff_edition_timeline"),
    path("staff/editions/<slug:slug>/team/", team_views.team_page, name="staff_team"),
    path("staff/editions/<slug:slug>/team/members/<id:user_pk>/", team_views.team_member,
         name="staff_team_member"),
    path("staff/editions/<slug:slug>/team/invitations/<id:pk>/", team_views.team_invitation,
         name="staff_team_invitation"),
    path("team/invitations/<token:token>/", team_views.accept, name="team_accept"),
    path("", include("prize.message_urls")),
    path("", include("prize.list_urls")),
    path("", include("prize.privacy_urls")),
    path("", include("prize.overview_urls")),
    path("", include("prize.job_urls")),
    path("api/", include("api.urls")),
    path("entries/", include("entries.tools_urls")),
    path("entries/", include("entries.book_urls")),
    path("entries/", include("entries.urls")),
    path("judging/", include("judging.urls")),
    path("", include("ceremony.urls")),
    path("admin/", admin.site.urls),
]
