from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntriesConfig(AppConfig):
    name = "entries"
    verbose_name = _("Entries")

    def ready(self):
        from . import checklist  # noqa: F401 (adds the entries' part of an edition's checklist)
        from . import audiences  # noqa: F401 (entrants as a group staff can write to)
        from . import book  # noqa: F401 (registers the entry book with the background jobs)
        from . import privacy  # noqa: F401 (the entries' part of a person's data)
        from . import overview  # noqa: F401 (the entries' section of the staff overview)
        from . import tools_panels  # noqa: F401 (links to the tags page and full exports)
