from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Models of the core no public page shows (written on nearly every request, or personal).
PRIVATE_MODELS = {"User", "Notification", "AuditEvent", "Job", "SavedView", "Message",
                  "MessageRecipient"}


class PrizeConfig(AppConfig):
    name = "prize"
    verbose_name = _("Prize")

    def ready(self):
        from django.urls import register_converter

        from . import privacy_core, privacy_tasks, signals  # noqa: F401 (privacy: one's data)
        from .inputs import IdConverter, TokenConverter

        register_converter(IdConverter, "id")
        register_converter(TokenConverter, "token")
        # Public pages show the editions, their categories, organisations and timeline:
        # every change of the core's models but the busy ones no public page shows.
        from . import (
            overview,  # noqa: F401 (the staff overview's core section and its link)
            public_pages,
        )

        public_pages.watch("prize", [model for model in self.get_models()
                                     if model.__name__ not in PRIVATE_MODELS])
