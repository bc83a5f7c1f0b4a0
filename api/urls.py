"""The open, read-only API (versioned under /api/v1/)."""

app_name = "api"
urlpatterns = []
