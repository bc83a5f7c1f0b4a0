"""Background jobs: progress and download of what they built."""

urlpatterns = []
