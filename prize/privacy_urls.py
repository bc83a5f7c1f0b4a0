"""Entrants' data rights: the privacy page, the download of one's data, closing an account."""

urlpatterns = []
