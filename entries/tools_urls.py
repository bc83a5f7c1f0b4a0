"""The staff's tools on entries: notes, tags, next to screen, full exports."""

from .views import tools

app_name = "entry_tools"

urlpatterns = tools.urlpatterns
