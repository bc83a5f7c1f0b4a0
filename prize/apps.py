from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrizeConfig(AppConfig):
    name = "prize"
    verbose_name = _("Prize")

    def ready(self):
        from . import signals  # noqa: F401
