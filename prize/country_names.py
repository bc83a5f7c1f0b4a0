"""Country names as people write them in a language where django-countries' own differ (in
Korean, 태국 and 호주 rather than 타이 and 오스트레일리아), for ``COUNTRIES_OVERRIDE``.

Each name is asked for with the context "country"; a language without that translation keeps
django-countries' own name, so English (and any language added later) reads as before."""

from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext


def _either(ours: str, english: str) -> str:
    return ours if ours != english else gettext(english)


def _australia() -> str:
    return _either(pgettext("country", "Australia"), "Australia")


def _thailand() -> str:
    return _either(pgettext("country", "Thailand"), "Thailand")


OVERRIDES = {
    "AU": lazy(_australia, str)(),
    "TH": lazy(_thailand, str)(),
}
