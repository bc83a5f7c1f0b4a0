"""Entrants' data rights: the privacy page, the download of one's data, closing an account."""

from django.urls import path

from . import privacy_views
from .locale import language_prefixed

app_name = "privacy"

urlpatterns = [
    language_prefixed([path("privacy/", privacy_views.policy, name="policy")]),
    path("accounts/privacy/", privacy_views.home, name="home"),
    path("accounts/privacy/download/", privacy_views.download, name="download"),
    path("accounts/privacy/close/", privacy_views.close, name="close"),
    path("accounts/privacy/closed/", privacy_views.closed, name="closed"),
]
