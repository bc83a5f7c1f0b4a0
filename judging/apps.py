from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self):
        # An edition's phase, on its public home page, follows its rounds (prize/phase.py);
        # its public finalists are the final round's entries.
        from prize import public_pages

        from . import (  # noqa: F401
            audiences,  # noqa: F401 (judges, entrants by round reached)
            book,  # noqa: F401 (registers the round's entry book with the background jobs)
            checklist,
            overview,  # noqa: F401 (judging's section of the staff overview)
            privacy,
            results_cache,  # noqa: F401 (results kept until their inputs change)
            signals,
        )
        from .models import Round, RoundEntry

        public_pages.watch("judging", [Round, RoundEntry])
