"""The header's language switch, a public page's addresses in every language, and dates by name.

``{% language_switch %}``: the form that changes the page's language (base.html).
``{% language_links "alternates" %}``, ``{% language_links "canonical" %}``: on a public page (an
address with a language prefix), ``<link rel="alternate" hreflang>`` for each language and
x-default, and its canonical address (in its own language).
``{{ moment|moment:"LONG_DATETIME_FORMAT" }}``: a date or time by a named format, Django's or one
of ours (prize/formats/__init__.py), in the active language.
"""

from django import template
from django.conf import settings
from django.utils import translation

from .. import formats as prize_formats
from ..locale import LANGUAGE_CODES, language_from_path, path_in_language, unprefixed

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def moment(value, name="DATETIME_FORMAT"):
    try:
        return prize_formats.moment(value, name or "DATETIME_FORMAT")
    except (AttributeError, TypeError, ValueError):
        return ""


@register.inclusion_tag("components/language_switch.html", takes_context=True)
def language_switch(context):
    request = context.get("request")
    current = translation.get_language()
    languages = [
        {"code": code, "name": name, "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    return {
        "languages": languages,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


def public_addresses(request) -> dict | None:
    """A language-prefixed page's absolute addresses: {"canonical", "alternates": [(hreflang,
    url)]}; None for a page that has one address for every language."""
    if request is None or getattr(request, "resolver_match", None) is None:
        return None
    language = language_from_path(request.path_info)
    if language is None:
        return None
    base = settings.SITE_URL
    alternates = [(code, base + path_in_language(request.path, code)) for code in LANGUAGE_CODES]
    alternates.append(("x-default", base + unprefixed(request.path)))
    return {"canonical": base + request.path, "alternates": alternates}


@register.inclusion_tag("components/language_links.html", takes_context=True)
def language_links(context, part="alternates"):
    """``part``: "alternates" (the hreflang links) or "canonical" (the page's own address, for
    a page whose ``meta`` block does not write one)."""
    return {"addresses": public_addresses(context.get("request")), "part": part}
