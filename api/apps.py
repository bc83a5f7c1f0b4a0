from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The OpenAPI description's names for our authentication, and a link to the tokens
        # page on the profile of those who may hold tokens.
        from prize import panels

        from . import schema  # noqa: F401
        from .views import profile_panel

        panels.register("prize.profile", "api.tokens", template="api/_profile_panel.html",
                        context=profile_panel)
