"""Formatting a lazily translated message without freezing it.

``_("at most %(n)d") % {"n": 3}`` at module or class level translates the message once, when
the file is loaded, in the language active then (English); every page would read it so.
``interpolate_lazy(_("at most %(n)d"), {"n": 3})`` translates and formats it each time it is
shown, in the reader's language, and keeps the message as it is for the catalogue."""

from django.utils.functional import lazy


def _interpolate(message, values) -> str:
    return str(message) % values


interpolate_lazy = lazy(_interpolate, str)
