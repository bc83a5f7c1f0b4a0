"""Entry URLs: each area's views module lists its own routes."""

from .views import (
    attachments,
    builder,
    copies,
    entrant,
    form_setup,
    reasons,
    redaction,
    staff,
    stats,
)

app_name = "entries"

urlpatterns = (
    entrant.urlpatterns + attachments.urlpatterns + staff.urlpatterns + reasons.urlpatterns
    + stats.urlpatterns + redaction.urlpatterns + copies.urlpatterns + form_setup.urlpatterns
    + builder.urlpatterns
)
