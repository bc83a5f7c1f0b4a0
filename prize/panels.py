"""Panels: a page of one app shows what an app further along the chain provides, without
importing it.

Dependencies point one way (ceremony → judging → entries → prize), yet some pages of an app
lower in the chain must show something only a later app knows: the entrant's dashboard
(entries) shows each entry's result (ceremony); the edition's home page (prize) links to its
winners once they are public. So the page names a *slot* and hands it the objects it shows;
an app registers a *panel* for that slot from its ``AppConfig.ready()``::

    from prize import panels

    panels.register("entries.dashboard", "ceremony.results",
                    template="ceremony/entrant/_results.html", context=results_context)

and the page's template renders whatever is registered::

    {% load panels %}{% panels "entries.dashboard" entries %}

``context(request, objects)`` returns the template's context, or ``None`` to show nothing.
It asks its own app's rules (for the ceremony: the embargo), makes a bounded number of
queries whatever the number of objects, and must not fail the page it is shown on for a
reason of its own. Panels render in ``order``, then by key. With nothing registered, a slot
renders nothing: the lower app works alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

# The slots pages offer, and what they hand their panels.
SLOTS = {
    "entries.dashboard": "the entrant's dashboard: the entries it lists",
    "prize.edition_home": "an edition's home page: the edition (a list of one)",
    "judging.dashboard": "the judge's dashboard: the user (a list of one)",
    "prize.profile": "the user's profile page: the user (a list of one)",
    "prize.staff_edition_tools": "the staff's tools for one edition (staff area and the "
                                 "edition's staff page): the edition (a list of one)",
}

ContextFunction = Callable[[HttpRequest, Sequence[Any]], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    slot: str
    key: str
    template: str
    context: ContextFunction
    order: int = 0


_registry: dict[str, dict[str, Panel]] = {}


def register(slot: str, key: str, *, template: str, context: ContextFunction,
             order: int = 0) -> Panel:
    """Add (or, under the same key, replace) a panel of ``slot``."""
    if slot not in SLOTS:
        raise ValueError(f"No slot {slot!r}; pages offer: {', '.join(sorted(SLOTS))}.")
    panel = Panel(slot=slot, key=key, template=template, context=context, order=order)
    _registry.setdefault(slot, {})[key] = panel
    return panel


def unregister(slot: str, key: str) -> None:
    _registry.get(slot, {}).pop(key, None)


def panels_of(slot: str) -> list[Panel]:
    return sorted(_registry.get(slot, {}).values(), key=lambda p: (p.order, p.key))


def render(slot: str, request: HttpRequest, objects: Sequence[Any]) -> SafeString:
    """The HTML of every panel of ``slot`` that has something to show for ``objects``."""
    if slot not in SLOTS:
        raise ValueError(f"No slot {slot!r}.")
    objects = list(objects or [])
    parts = []
    for panel in panels_of(slot):
        context = panel.context(request, objects)
        if context is None:
            continue
        parts.append(render_to_string(panel.template, dict(context), request=request))
    # each part is a rendered template (already safe): joined as it is, not escaped again
    return format_html_join("", "{}", ((part,) for part in parts))
