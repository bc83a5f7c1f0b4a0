"""The open, read-only API: ``/api/`` names the versions; version 1 lives under ``/api/v1/``
with its OpenAPI description (``schema/``) and its browsable docs (``docs/``). The page where
staff make and revoke their tokens is ``/api/tokens/``."""

from django.urls import path

from . import docs, endpoints, views

app_name = "api"

v1 = [
    path("v1/", endpoints.Root.as_view(), name="v1-root"),
    path("v1/schema/", docs.Schema.as_view(), name="v1-schema"),
    path("v1/docs/", docs.SwaggerDocs.as_view(url_name="api:v1-schema"), name="v1-docs"),
    # public
    path("v1/editions/", endpoints.EditionList.as_view(), name="editions"),
    path("v1/editions/<slug:slug>/", endpoints.EditionDetail.as_view(), name="edition"),
    path("v1/editions/<slug:slug>/categories/", endpoints.CategoryList.as_view(),
         name="categories"),
    path("v1/editions/<slug:slug>/awards/", endpoints.AwardList.as_view(), name="awards"),
    path("v1/editions/<slug:slug>/winners/", endpoints.WinnerList.as_view(), name="winners"),
    # staff (a token or a signed-in session)
    path("v1/staff/editions/", endpoints.StaffEditionList.as_view(), name="staff_editions"),
    path("v1/staff/editions/<slug:slug>/entries/", endpoints.StaffEntryList.as_view(),
         name="staff_entries"),
    path("v1/staff/editions/<slug:slug>/screening/", endpoints.StaffScreeningList.as_view(),
         name="staff_screening"),
    path("v1/staff/editions/<slug:slug>/rounds/", endpoints.StaffRoundList.as_view(),
         name="staff_rounds"),
    path("v1/staff/editions/<slug:slug>/rounds/<int:number>/results/",
         endpoints.StaffRoundResults.as_view(), name="staff_round_results"),
]

urlpatterns = [
    path("", endpoints.Index.as_view(), name="index"),
    *v1,
    path("tokens/", views.tokens_page, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
