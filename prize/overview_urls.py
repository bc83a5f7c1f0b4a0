"""The staff overview of one edition, and what its texts lack in each language."""

from django.urls import path

from . import overview_views, translation_views

app_name = "overview"

urlpatterns = [
    path("staff/editions/<slug:slug>/overview/", overview_views.edition_overview,
         name="edition"),
    path("staff/editions/<slug:slug>/translations/", translation_views.edition_translations,
         name="translations"),
]
