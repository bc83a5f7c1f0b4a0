"""URL patterns of one page family (see ceremony/urls.py)."""

urlpatterns: list = []
