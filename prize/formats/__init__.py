"""Dates, times and numbers per language: prize/formats/<language>/formats.py (FORMAT_MODULE_PATH).

``moment(value, "NAME")`` writes a date or time in the active language by a named format:
Django's own (DATE_FORMAT, DATETIME_FORMAT, SHORT_DATE_FORMAT, TIME_FORMAT, ...) or one of ours
that Django does not know (LONG_DATE_FORMAT, LONG_DATETIME_FORMAT, DATETIME_SECONDS_FORMAT,
TIME_SECONDS_FORMAT, SHORT_MONTH_DAY_FORMAT), looked up the same way: the language's module, else
the default language's. Never write a literal format ("j F Y") for people: Korean reads
"2023년 9월 25일", not "25 9월 2023".
"""

from datetime import time

from django.conf import settings
from django.utils import dateformat, formats, translation
from django.utils.translation import gettext_noop

# Django writes a weekday's abbreviation (the format character "D") from its own catalogue, whose
# Korean is the whole word ("월요일"); a Korean date abbreviates it to one syllable ("(월)"). Ours
# overrides Django's, so these messages carry the short forms.
WEEKDAY_ABBREVIATIONS = (
    gettext_noop("Mon"), gettext_noop("Tue"), gettext_noop("Wed"), gettext_noop("Thu"),
    gettext_noop("Fri"), gettext_noop("Sat"), gettext_noop("Sun"),
)

OWN_FORMATS = {
    "LONG_DATE_FORMAT", "LONG_DATETIME_FORMAT", "DATETIME_SECONDS_FORMAT",
    "TIME_SECONDS_FORMAT", "SHORT_MONTH_DAY_FORMAT", "SHORT_MONTH_FORMAT",
    "SHORT_YEAR_MONTH_FORMAT", "YEAR_FORMAT",
}


def own_format(name: str, language: str | None = None) -> str:
    """One of our own named formats in ``language`` (default: the active one)."""
    languages = [language or translation.get_language() or settings.LANGUAGE_CODE,
                 settings.LANGUAGE_CODE]
    for code in languages:
        for module in formats.get_format_modules(code):
            if hasattr(module, name):
                return getattr(module, name)
    raise ValueError(f"no format {name}")


def moment(value, name: str = "DATETIME_FORMAT") -> str:
    """``value`` (a date, a datetime or a time) written by the named format in the active
    language. Like ``date_format``, it writes a datetime in its own zone: pass a local time."""
    if value in (None, ""):
        return ""
    if name in OWN_FORMATS:
        fmt = own_format(name)
        if isinstance(value, time):
            return dateformat.time_format(value, fmt)
        return dateformat.format(value, fmt)
    if isinstance(value, time):
        return formats.time_format(value, name)
    return formats.date_format(value, name)
