from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrizeConfig(AppConfig):
    name = "prize"
    verbose_name = _("Prize")

    def ready(self):
        from django.urls import register_converter

        from . import privacy_core, privacy_tasks, signals  # noqa: F401 (privacy: one's data)
        from .inputs import IdConverter, TokenConverter

        register_converter(IdConverter, "id")
        register_converter(TokenConverter, "token")
        from . import overview  # noqa: F401 (the staff overview's core section and its link)
