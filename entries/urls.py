"""Entry URLs: each area's views module lists its own routes."""

from .views import attachments, entrant, staff, stats

app_name = "entries"

urlpatterns = (
    entrant.urlpatterns + attachments.urlpatterns + staff.urlpatterns + stats.urlpatterns
)
