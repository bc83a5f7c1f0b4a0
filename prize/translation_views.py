"""The staff's "Translations" page of one edition: each text one language has and another
lacks, with where to fill it in (prize/translations.py). The edition's secretariat and
coordinators, and superusers, read it; for anyone else it does not exist."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from . import selectors, translations
from .permissions import deny
from .translated_forms import language_name, main_language


@never_cache
def edition_translations(request, slug):
    if not request.user.is_authenticated:
        return deny(request)
    edition = get_object_or_404(selectors.editions_staffed_by(request.user), slug=slug)
    report = translations.report(edition)
    sections = []
    for source in translations.sources():
        rows = [row for row in report.rows if row.source is source]
        sections.append({"source": source, "rows": rows,
                         "counts": report.by_source.get(source.key, {})})
    return render(request, "prize/edition/translations.html", {
        "edition": edition,
        "report": report,
        "sections": [s for s in sections if s["rows"]],
        "main_language": main_language(),
        "main_language_name": language_name(main_language()),
        "can_manage": request.user.has_perm("prize.manage_edition", edition),
    })


def staff_tools_panel(request, objects):
    """On the edition's staff page: the link to its Translations page, with how many texts
    lack a language (one query per kind of object)."""
    from .enums import Role

    edition = objects[0] if objects else None
    user = request.user
    if edition is None or not user.is_authenticated or not (
            user.is_superuser or user.has_role(edition, Role.SECRETARIAT, Role.COORDINATOR)):
        return None
    report = translations.report(edition)
    return {"edition": edition, "lacking": report.lacking()}
