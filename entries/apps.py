from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntriesConfig(AppConfig):
    name = "entries"
    verbose_name = _("Entries")

    def ready(self):
        # Public pages (the winners) show entries and their entrants (prize/public_pages.py).
        from prize import public_pages

        from . import (
            audiences,  # noqa: F401 (entrants as a group staff can write to)
            book,  # noqa: F401 (registers the entry book with the background jobs)
            checklist,  # noqa: F401 (adds the entries' part of an edition's checklist)
            exports_jobs,  # noqa: F401 (registers the background export of every answer)
            filters,  # noqa: F401 (the entries list's countries follow every change)
            overview,  # noqa: F401 (the entries' section of the staff overview)
            privacy,  # noqa: F401 (the entries' part of a person's data)
            tools_panels,  # noqa: F401 (links to the tags page and full exports)
        )

        public_pages.watch("entries", [model for model in self.get_models()
                                       if model.__name__ != "Note"])
