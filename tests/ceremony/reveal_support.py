"""What the live reveal's tests share: ``show``, the ``ceremony`` personas' season decided and
confirmed, with a programme whose cues cover every kind (title cards, nominees, joint winners,
an award with no confirmed decision), names that appear nowhere else (no name is part of
another), a picture for the Gold winner, and the edition publishing "as revealed"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ceremony import reveal
from ceremony.enums import AwardKind, AwardPool, ItemKind
from ceremony.models import Award, Ceremony, Presenter, ProgrammeItem
from entries.models import Entrant, Entry
from tests.ceremony.staff_support import ceremony_fixture  # noqa: F401 (the fixture)
from tests.ceremony.test_public_pages import add_image
from tests.ceremony.test_services import decide_all

# The cues of ``show``, in order, as (kind, what): see ``keys``.
SHAPE = [
    ("title", "welcome"), ("title", "projects"), ("nominees", "silver"), ("winner", "silver"),
    ("winner", "silver"), ("nominees", "gold"), ("winner", "gold"), ("title", "leadership"),
    ("nominees", "prize"), ("winner", "prize"), ("title", "mentions"), ("missing", "jury"),
    ("winner", "mention"), ("title", "closing"),
]


@pytest.fixture(name="show")
def show_fixture(ceremony):  # noqa: F811 (the fixture by name)
    final = ceremony
    edition = final.edition
    for n, entrant in enumerate(Entrant.objects.filter(entries__edition=edition)
                                .order_by("pk"), 1):
        entrant.name = f"Entrant Zeta {n:02d}x"
        entrant.city = f"Town Rho {n:02d}x"
        entrant.save(update_fields=["name", "city"])
    for entry in Entry.objects.filter(edition=edition):
        entry.title = f"Initiative Kappa {entry.pk:03d}x"
        entry.save(update_fields=["title"])
    final.decisions = decide_all(final)
    final.jury = Award.objects.create(edition=edition, name="Jury Prize",
                                      kind=AwardKind.SPECIAL_MENTION, pool=AwardPool.ELIGIBLE)
    Ceremony.objects.create(edition=edition, publish_as_revealed=True)
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    edition.ceremony_at = start
    edition.save(update_fields=["ceremony_at"])
    host = Presenter.objects.create(edition=edition, name="Host Lambda", title="MC")
    items = {}
    for n, (key, title, kind, awards) in enumerate([
        ("welcome", "Welcome", ItemKind.WELCOME, []),
        ("projects", "Project awards", ItemKind.AWARD, [final.gold, final.silver]),
        ("leadership", "Leadership award", ItemKind.AWARD, [final.prize]),
        ("mentions", "Special mentions", ItemKind.AWARD, [final.mention, final.jury]),
        ("closing", "Closing words", ItemKind.SPEECH, []),
    ]):
        item = ProgrammeItem.objects.create(edition=edition, title=title, kind=kind,
                                            starts_at=start + timedelta(minutes=10 * n),
                                            order=n)
        item.presenters.add(host)
        item.awards.add(*awards)
        items[key] = item
    final.items = items
    final.gold_entry = Entry.objects.select_related("entrant").get(
        pk=final.finalists[final.categories[0].pk][0].pk)
    final.image = add_image(final.gold_entry)
    return final


def keys(final) -> list[str]:
    return [cue.key for cue in reveal.stage_of(final.edition).cues]


def token(final) -> str:
    return reveal.pointer_of(final.edition).token


def winners_after(final, index: int) -> list[tuple[str, str, str]]:
    """(entrant, project, city) of every winner whose cue comes after ``index``: what no
    screen may show while the operator is at ``index``."""
    cues = reveal.stage_of(final.edition).cues
    out = []
    for cue in cues[index + 1:]:
        if cue.kind == "winner":
            out.append((cue.winner.entrant, cue.winner.project, cue.winner.city))
    # a winner shown earlier in the show is no secret any more
    shown = {c.winner.entrant for c in cues[:index + 1] if c.kind == "winner"}
    return [w for w in out if w[0] not in shown]
