from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrizeConfig(AppConfig):
    name = "prize"
    verbose_name = _("Prize")

    def ready(self):
        from django.urls import register_converter

        from . import signals  # noqa: F401
        from .inputs import IdConverter, TokenConverter

        register_converter(IdConverter, "id")
        register_converter(TokenConverter, "token")
