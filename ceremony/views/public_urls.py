"""The public results pages (see ceremony/views/public.py), at the site's root, each with an
address per language (/en/winners/, /ko/winners/); a winner's image keeps one address."""

from django.urls import path

from prize.locale import language_prefixed

from . import programme_public, public

urlpatterns = [
    language_prefixed([
        path("winners/", public.archive, name="archive"),
        path("editions/<slug:slug>/winners/", public.winners, name="winners"),
        path("editions/<slug:slug>/finalists/", public.finalists, name="finalists"),
        path("editions/<slug:slug>/winners/<token:reference>/", public.winner, name="winner"),
        path("editions/<slug:slug>/ceremony/", programme_public.ceremony, name="ceremony"),
    ]),
    path("editions/<slug:slug>/winners/<token:reference>/image/", public.winner_image,
         name="winner_image"),
]
