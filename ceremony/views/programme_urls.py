"""The ceremony as data, under /ceremony/: the staff pages of the evening's details, programme
and presenters, and a presenter's photo as the public pages show it."""

from django.urls import path

from . import programme_public
from .staff import programme

urlpatterns = [
    path("staff/<slug:edition>/programme/", programme.staff_ceremony, name="staff_ceremony"),
    path("staff/<slug:edition>/programme/details/", programme.staff_ceremony_details,
         name="staff_ceremony_details"),
    path("staff/<slug:edition>/programme/items/<id:pk>/", programme.staff_programme_item,
         name="staff_programme_item"),
    path("staff/<slug:edition>/programme/items/<id:pk>/move/", programme.staff_programme_move,
         name="staff_programme_move"),
    path("staff/<slug:edition>/programme/presenters/", programme.staff_presenters,
         name="staff_presenters"),
    path("staff/<slug:edition>/programme/presenters/<id:pk>/", programme.staff_presenter,
         name="staff_presenter"),
    path("editions/<slug:edition>/presenters/<id:pk>/photo/", programme_public.presenter_photo,
         name="presenter_photo"),
]
