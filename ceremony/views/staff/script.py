"""The MC's script (run of show) for the people who run the evening: a page that prints one
sheet per cue, and the same as a PDF for the stage. Staff who may run the reveal (the
secretariat, coordinators, a superuser); everyone else gets a 404. It names every winner, so
it is marked confidential everywhere and never cached."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ... import script as run_of_show
from ... import script_pdf
from .common import edition_page, render_page

RUN_REVEAL = "ceremony.run_reveal"


def css_string(text: str) -> str:
    """``text`` as the inside of a CSS string: every character but letters, digits and spaces
    as a hexadecimal escape, so nothing in it can end the string or the style sheet."""
    return "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x}"
                   for c in text)


@edition_page(RUN_REVEAL)
def staff_script(request, edition):
    mark = _("CONFIDENTIAL · MC's script, %(edition)s") % {"edition": edition.short_name}
    response = render_page(request, edition, "ceremony/staff/script.html", {
        "script": run_of_show.script(edition),
        "print_mark": mark_safe(css_string(mark)),  # noqa: S308 (escaped for CSS above)
    }, current="ceremony:staff_script")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def filename(edition) -> str:
    """``SSCP23-mc-script.pdf``."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", edition.short_name).strip("-") or "ceremony"
    return f"{stem}-mc-script-confidential.pdf"


@edition_page(RUN_REVEAL)
def staff_script_pdf(request, edition):
    content = script_pdf.render(run_of_show.script(edition),
                                language=translation.get_language() or "en")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename(edition)}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
