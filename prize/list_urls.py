"""Saved views of the staff lists."""

from django.urls import path

from . import list_views

app_name = "staff_lists"

urlpatterns = [
    path("staff/views/", list_views.saved_views, name="saved_views"),
    path("staff/views/save/", list_views.saved_view_save, name="save"),
    path("staff/views/<id:pk>/", list_views.saved_view_open, name="open"),
    path("staff/views/<id:pk>/rename/", list_views.saved_view_rename, name="rename"),
    path("staff/views/<id:pk>/delete/", list_views.saved_view_delete, name="delete"),
]
