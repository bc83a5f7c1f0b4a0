"""Placeholder: this module lists its own routes."""

urlpatterns = []
