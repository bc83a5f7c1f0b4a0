"""``{% panels "slot" objects %}``: what later apps show on this page (see prize/panels.py)."""

from django import template

from .. import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot, objects=None):
    request = context.get("request")
    if objects is not None and not isinstance(objects, list | tuple):
        objects = [objects]
    return registry.render(slot, request, objects or [])
