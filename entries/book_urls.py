"""The entry book: the entries of a filtered list as one PDF or a zip of PDFs, built in the background."""

urlpatterns = []
