"""The judge's panel: dashboard, scoring page, conflicts, profile, invitations."""

urlpatterns: list = []
