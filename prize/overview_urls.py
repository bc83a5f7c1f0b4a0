"""The staff overview of one edition."""

from django.urls import path

from . import overview_views

app_name = "overview"

urlpatterns = [
    path("staff/editions/<slug:slug>/overview/", overview_views.edition_overview,
         name="edition"),
]
