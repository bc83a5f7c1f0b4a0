"""The staff's tools on entries: notes, tags, next to screen, full exports."""

urlpatterns = []
