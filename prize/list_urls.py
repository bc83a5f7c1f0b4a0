"""Saved views of the staff lists."""

urlpatterns = []
