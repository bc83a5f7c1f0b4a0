"""Group messages: the staff's pages and each user's messages."""

from django.urls import path

from . import message_views as views

app_name = "messaging"

STAFF = "staff/editions/<slug:slug>/messages/"

urlpatterns = [
    path(STAFF, views.staff_messages, name="staff_messages"),
    path(f"{STAFF}new/", views.staff_compose, name="staff_compose"),
    path(f"{STAFF}<id:pk>/", views.staff_message, name="staff_message"),
    path(f"{STAFF}<id:pk>/edit/", views.staff_compose, name="staff_edit"),
    path(f"{STAFF}<id:pk>/send/", views.staff_send, name="staff_send"),
    path(f"{STAFF}<id:pk>/cancel/", views.staff_cancel, name="staff_cancel"),
    path("messages/", views.mine, name="mine"),
    path("messages/<id:pk>/", views.mine_detail, name="mine_detail"),
]
