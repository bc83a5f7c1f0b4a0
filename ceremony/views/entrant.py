"""What an entrant sees of the results, on their own pages: per entry, the result, the awards
with their citations, how far it went, and the judges' feedback per round; after publication
only.

The entrant's dashboard belongs to ``entries``, which may not import the ceremony: it offers the
``entries.dashboard`` slot (see prize/panels.py) and this module fills it (registered in
``CeremonyConfig.ready``). Nothing here is shown before the edition's results are public, not
even to staff: it is the entrant's view. Never shown: judges' names, their private comments,
single reviews, and scores unless the edition's publication says ``show_scores`` (then the
mean of each criterion per round).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from entries.enums import EntryStatus
from entries.models import Entry

from .. import selectors
from ..enums import ResultKind
from ..selectors import EntryResult


@dataclass
class EntryPanel:
    entry: Entry
    result: EntryResult
    show_scores: bool = False
    scores: list[dict] = field(default_factory=list)  # see selectors.released_scores
    winner_url: str = ""
    # The entrant's certificate (a winner's, or a finalist's when the edition gives them):
    # the certificates module fills it; the panel shows the link when it is set.
    certificate_url: str = ""

    @property
    def feedback(self):
        return self.result.feedback


def certificate_urls(user, panels: list[EntryPanel]) -> dict[int, str]:
    """Entry id -> the URL of the entrant's certificate for it, where one is due and the user
    may download it (``ceremony.certificates`` decides)."""
    from ..certificates import certificate_urls_for

    urls = certificate_urls_for(user, [panel.entry for panel in panels])
    return {pk: url for pk, url in urls.items() if url}


def _told(entry: Entry) -> bool:
    return entry.submitted_at is not None and entry.status not in (EntryStatus.DRAFT,
                                                                     EntryStatus.WITHDRAWN)


def entry_panels(user, entries: list[Entry]) -> list[EntryPanel]:
    """The results of ``entries`` whose edition has published them, newest edition first. A
    bounded number of queries per edition, whatever the number of entries or winners."""
    entries = [e for e in entries if _told(e)]
    if not entries:
        return []
    editions = list(
        selectors.public_editions(user)
        .filter(pk__in={e.edition_id for e in entries})
        .select_related("publication")
    )
    panels = []
    for edition in editions:
        mine = [e for e in entries if e.edition_id == edition.pk]
        results = selectors.results_for_entries(edition, mine, with_feedback=True)
        show_scores = edition.publication.show_scores
        scores = selectors.released_scores(edition, [e.pk for e in mine]) if show_scores else {}
        for entry in mine:
            result = results[entry.pk]
            panel = EntryPanel(entry=entry, result=result, show_scores=show_scores)
            panel.scores = scores.get(entry.pk, [])
            if result.kind == ResultKind.WINNER and entry.reference:
                panel.winner_url = reverse("ceremony:winner",
                                           args=[edition.slug, entry.reference])
            panels.append(panel)
    urls = certificate_urls(user, panels)
    for panel in panels:
        panel.certificate_url = urls.get(panel.entry.pk, "")
    return panels


def dashboard_panel(request, entries):
    """For the ``entries.dashboard`` slot: the results of the listed entries, or nothing."""
    panels = entry_panels(request.user, list(entries))
    if not panels:
        return None
    return {"panels": panels, "ResultKind": ResultKind}
