from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CeremonyConfig(AppConfig):
    name = "ceremony"
    verbose_name = _("Ceremony")

    def ready(self):
        # Pages of the lower apps show the results through their slots (prize/panels.py):
        # the entrant's dashboard, each entry's result; an edition's home, its winners.
        from prize import panels

        from .views import entrant, public

        panels.register("entries.dashboard", "ceremony.results",
                        template="ceremony/entrant/_results.html",
                        context=entrant.dashboard_panel)
        from .views import programme_public  # the ceremony's page, public before the day

        panels.register("prize.edition_home", "ceremony.programme_public", order=10,
                        template="ceremony/public/_edition_home_ceremony.html",
                        context=programme_public.edition_home_panel)
        panels.register("prize.edition_home", "ceremony.winners",
                        template="ceremony/public/_edition_home_links.html",
                        context=public.edition_home_panel)
        # invitations: the entrant's dashboard links to the reply form; the invitation e-mail
        # carries the evening's calendar file, made when the e-mail leaves.
        from prize import outbox

        from .guestlist import ics_attachment
        from .views import invitations

        panels.register("entries.dashboard", "ceremony.invitations", order=-10,
                        template="ceremony/entrant/_invitation.html",
                        context=invitations.dashboard_panel)
        outbox.register_attachment("ceremony.ics", ics_attachment)
        from . import public_cache  # published pages kept until what they show changes

        public_cache.connect()
        from . import (
            audiences,  # noqa: F401 (finalists and winners as groups to write to)
            overview,  # noqa: F401 (the ceremony's section of the staff overview)
            privacy,  # noqa: F401 (results, certificates in a person's data)
        )
