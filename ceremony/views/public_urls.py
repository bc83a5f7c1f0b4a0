"""The public results pages (see ceremony/views/public.py), at the site's root."""

from django.urls import path

from . import programme_public, public

urlpatterns = [
    path("winners/", public.archive, name="archive"),
    path("editions/<slug:slug>/winners/", public.winners, name="winners"),
    path("editions/<slug:slug>/finalists/", public.finalists, name="finalists"),
    path("editions/<slug:slug>/winners/<token:reference>/", public.winner, name="winner"),
    path("editions/<slug:slug>/winners/<token:reference>/image/", public.winner_image,
         name="winner_image"),
    path("editions/<slug:slug>/ceremony/", programme_public.ceremony, name="ceremony"),
]
