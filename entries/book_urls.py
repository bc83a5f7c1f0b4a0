"""The entry book: a filtered list as one PDF or a zip of PDFs, built in the background."""

from django.urls import path

from .views.book import book_start

app_name = "entry_book"

urlpatterns = [
    path("staff/<slug:edition_slug>/entries/book/", book_start, name="start"),
]
