"""The embargo holds on every path.

For an edition whose decisions are confirmed, every URL of the project (each pattern of the
URLconf, filled with this edition's objects: its slug, entries, files, decisions, rounds,
certificates) is opened by an anonymous visitor, the winner, a finalist who did not win, an
entrant who was not a finalist and a judge of the final round. Before publication no response
says who won or who was a finalist: no award name, no citation, no result label, no winner's
or finalist's title or name outside the entrant's own entries and the judge's own panel; no
results page exists for them, nothing is publicly cacheable, and no result e-mail is written.
After publication the same walk finds the results on the pages meant for them, and still no
private comment, judge's name or score.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import pytest
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from ceremony import services
from ceremony.models import Award, Decision
from entries.models import Entrant, Entry, EntryForm
from prize.locale import path_in_language
from prize.models import Notification
from tests.ceremony.test_public_pages import PUBLIC_SCHEMA, add_image
from tests.ceremony.test_services import decide_all
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND

pytestmark = pytest.mark.django_db

# A result said in words (case-sensitive: "10 finalists" in a category's quota is not one).
RESULT_WORDS = re.compile(r"\bWinners?\b|\bFinalists?\b|Not selected|Special mentions?\b")
PERSONAS = ["anonymous", "winner", "finalist", "other_entrant", "judge"]
# The ceremony's own public page (date, venue, programme outline) and its presenters' photos are
# public before the day; they never carry a result, which the walk checks like everywhere else.
BEFORE_THE_DAY = {"ceremony:ceremony", "ceremony:presenter_photo"}
# Pages that belong to no edition and may be cached by anyone (the site's icon).
SITE_WIDE = {"favicon"}
BINARY_TYPES = ("image/", "application/pdf", "application/zip", "application/vnd.", "font/")


# --- The season ---------------------------------------------------------------------------------


@dataclass
class World:
    final: object
    users: dict
    winners: list[Entry] = field(default_factory=list)
    finalists: list[Entry] = field(default_factory=list)  # every finalist, winners included
    others: list[Entry] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    picture: object = None

    def own(self, persona) -> set[int]:
        """The entries a persona sees anyway: an entrant's own, a judge's assigned ones."""
        if persona == "judge":
            return {e.pk for e in self.finalists}
        user = self.users[persona]
        if user is None:
            return set()
        return set(Entry.objects.filter(entrant__members__user=user).values_list("pk",
                                                                                 flat=True))


@pytest.fixture
def world(final):
    """The ``final`` season, decided and confirmed, with names that say nothing by themselves
    (no "Finalist" in an entrant's name), distinctive award names and citations, a picture
    and a public summary for the winners."""
    for n, entrant in enumerate(Entrant.objects.filter(entries__edition=final.edition), 1):
        entrant.name = f"Entrant Omega {n:02d}"
        entrant.save(update_fields=["name"])
    for entry in Entry.objects.filter(edition=final.edition):
        entry.title = f"Initiative Kappa {entry.pk:03d}"
        entry.save(update_fields=["title"])
    for award, name in ((final.gold, "Aurora Gold Award"), (final.silver, "Aurora Silver Award"),
                        (final.prize, "Aurora Leadership Prize"),
                        (final.mention, "Aurora Partners Mention")):
        award.name = award.tier = name
        award.save(update_fields=["name", "tier"])
    EntryForm.objects.filter(entries__edition=final.edition).update(schema=PUBLIC_SCHEMA)
    decisions = decide_all(final)
    for decision in decisions:
        Decision.objects.filter(pk=decision.pk).update(
            citation=f"Jury citation Sigma {decision.pk} for its bold design.")
    decisions = list(Decision.objects.filter(award__edition=final.edition)
                     .select_related("entry__entrant", "award"))
    winners = sorted({d.entry for d in decisions}, key=lambda e: e.pk)
    finalists = [e for entries in final.finalists.values() for e in entries]
    finalists = list(Entry.objects.filter(pk__in=[e.pk for e in finalists])
                     .select_related("entrant").order_by("pk"))
    winner_ids = {e.pk for e in winners}
    gold = next(d.entry for d in decisions if d.award_id == final.gold.pk)
    finalist = next(e for e in finalists if e.pk not in winner_ids)
    other = next(e for e in Entry.objects.filter(pk__in=[o.pk for o in final.others])
                 .select_related("entrant") if e.pk not in winner_ids)
    users = {
        "anonymous": None,
        "winner": gold.entrant.members.first().user,
        "finalist": finalist.entrant.members.first().user,
        "other_entrant": other.entrant.members.first().user,
        "judge": final.judges[0],
    }
    world = World(final=final, users=users, winners=winners, finalists=finalists,
                  others=list(Entry.objects.filter(pk__in=[o.pk for o in final.others])
                              .select_related("entrant")),
                  decisions=decisions, awards=[final.gold, final.silver, final.prize,
                                               final.mention])
    world.gold, world.finalist, world.other = gold, finalist, other
    world.picture = add_image(gold)
    add_image(finalist)
    # The evening as the public sees it before the day: a programme presenting the awards.
    from ceremony.models import Presenter, ProgrammeItem

    presenter = Presenter.objects.create(edition=final.edition, name="Presenter Zeta",
                                         title="President")
    item = ProgrammeItem.objects.create(
        edition=final.edition, starts_at=final.edition.ceremony_at, title="The awards",
        kind="award", notes="Staff note Theta: the gold goes to the first finalist.")
    item.awards.add(final.gold, final.silver, final.prize, final.mention)
    item.presenters.add(presenter)
    services.publication_schedule(edition=final.edition, at=timezone.now()
                                  + timezone.timedelta(hours=2), by=final.users["secretariat"])
    return world


def publish(world):
    edition, by = world.final.edition, world.final.users["secretariat"]
    services.publication_cancel(edition=edition, by=by)
    services.publication_schedule(edition=edition, at=None, by=by)


# --- Every URL of the project -------------------------------------------------------------------


def _params(pattern) -> dict[str, str]:
    if isinstance(pattern, RoutePattern):
        return {name: type(c).__name__ for name, c in pattern.converters.items()}
    return dict.fromkeys(pattern.regex.groupindex, "StringConverter")


def url_patterns(patterns=None, namespace="", params=None):
    """(qualified name, {parameter: converter}) of every named pattern (the admin aside:
    only its staff can use it, and the walk opens its front door)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        here = {**(params or {}), **_params(pattern.pattern)}
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, inner, here)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", here


def candidates(name: str, converter: str, world: World) -> list:
    """The values a parameter takes in the walk: this edition's objects of that kind."""
    from ceremony.models import Certificate
    from entries.models import Attachment

    final = world.final
    entries = [world.gold, world.finalist, world.other]
    if name in ("slug", "edition_slug", "edition"):
        return [final.edition.slug]
    if name == "reference":
        return sorted({e.reference for e in [*world.winners, *entries]})
    if name == "step_key":
        return ["basics"]
    if name == "fmt":
        return ["csv", "xlsx"]
    if name == "code":
        return [*Certificate.objects.values_list("code", flat=True)[:3], "A" * 16]
    if converter == "IntConverter":
        if name == "round_id":
            return [final.round.pk]
        if name in ("entry_id",):
            return [e.pk for e in entries]
        if name == "category_id":
            return [c.pk for c in final.categories]
        if name == "number":
            return [1]
        pictures = list(Attachment.objects.filter(entry__in=entries).values_list("pk",
                                                                                 flat=True))
        return sorted({*[e.pk for e in entries], *pictures, world.decisions[0].pk,
                       world.decisions[0].award_id, final.round.pk})
    return ["x"]


def all_urls(world: World) -> list[tuple[str, str]]:
    """(name, URL) for every pattern, once per combination of candidate parameters."""
    seen, out = set(), [("admin:index", reverse("admin:index"))]
    for name, params in url_patterns():
        names = sorted(params)
        values = [candidates(n, params[n], world) for n in names]
        for combination in itertools.product(*values):
            try:
                url = reverse(name, kwargs=dict(zip(names, combination)))
            except NoReverseMatch:
                continue
            # a public page once per language (/en/…, /ko/…)
            for each in (url, path_in_language(url, "ko")):
                if each not in seen:
                    seen.add(each)
                    out.append((name, each))
    return out


@dataclass
class Page:
    name: str
    url: str
    status: int
    cache_control: str
    content_type: str
    body: bytes
    text: str


def walk(world: World, persona: str) -> list[Page]:
    client = CommittingClient()
    if world.users[persona] is not None:
        client.force_login(world.users[persona], backend=BACKEND)
    pages = []
    for name, url in all_urls(world):
        response = client.get(url)
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content)
        content_type = response.get("Content-Type", "")
        binary = content_type.startswith(BINARY_TYPES)
        pages.append(Page(name=name, url=url, status=response.status_code,
                          cache_control=response.get("Cache-Control", ""),
                          content_type=content_type, body=body,
                          text="" if binary else body.decode("utf-8", "replace")))
    return pages


def secrets_before(world: World, persona: str) -> list[str]:
    """What no page may show this persona before publication."""
    own = world.own(persona)
    out = [a.name for a in world.awards]
    out += [d.citation for d in world.decisions]
    for entry in {*world.finalists, *world.winners}:
        if entry.pk not in own:
            out += [entry.title, entry.entrant.name]
    return out


# --- Before publication -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_before_publication_no_path_tells_who_won_or_who_was_a_finalist(world, persona):
    pages = walk(world, persona)
    secrets = secrets_before(world, persona)

    assert len(pages) > 60  # the walk reached the whole URLconf
    award_names = {a.name for a in world.awards}
    for page in pages:
        where = f"{persona} {page.name} {page.url} ({page.status})"
        for secret in secrets:
            if page.name in BEFORE_THE_DAY and secret in award_names:
                continue  # the programme names the awards it presents, never who wins them
            assert secret not in page.text, f"{where} shows {secret!r}"
        assert "Staff note Theta" not in page.text, where
        # (the archive of editions is called "Winners": it lists published editions only)
        if (page.status == 200 and "text/html" in page.content_type
                and page.name != "ceremony:archive"):
            found = RESULT_WORDS.search(page.text)
            assert found is None, f"{where} says {found.group(0)!r}"
        if page.name == "ceremony:archive":
            # the list of editions with published results: this one is not in it yet (it may
            # be cached briefly: it says nothing about an edition under embargo)
            assert page.status == 200 and world.final.edition.slug not in page.text, where
            continue
        if page.name in BEFORE_THE_DAY or page.name in SITE_WIDE:
            continue  # public by design; it carries no result (checked above)
        if page.name.startswith("ceremony:"):
            assert page.status != 200, where  # no results page, certificate or export
        cache = page.cache_control
        assert "public" not in cache and "s-maxage" not in cache, f"{where}: {cache}"
    evening = [p for p in pages if p.name == "ceremony:ceremony"
               and world.final.edition.slug in p.url]
    assert evening and evening[0].status == 200  # the outline was walked with its awards
    assert "Presenter Zeta" in evening[0].text and "Aurora Gold Award" in evening[0].text
    results_pages = [p for p in pages if p.name in ("ceremony:winners", "ceremony:finalists",
                                                    "ceremony:winner", "ceremony:winner_image")]
    assert results_pages and all(p.status == 404 and "no-store" in p.cache_control
                                 for p in results_pages)
    assert not Notification.objects.filter(template="ceremony/result").exists()


# --- After publication --------------------------------------------------------------------------


def test_after_publication_anyone_reads_the_results_on_their_pages(world):
    publish(world)
    pages = {p.url: p for p in walk(world, "anonymous")}
    slug = world.final.edition.slug

    winners = pages[reverse("ceremony:winners", args=[slug])]
    assert winners.status == 200 and "public" in winners.cache_control
    for decision in world.decisions:
        assert decision.entry.title in winners.text
        assert decision.award.name in winners.text
        assert decision.citation in winners.text
        page = pages[reverse("ceremony:winner", args=[slug, decision.entry.reference])]
        assert page.status == 200 and decision.citation in page.text
        assert decision.entry.entrant.name in page.text
    assert "Special mentions" in winners.text
    finalists = pages[reverse("ceremony:finalists", args=[slug])]
    for entry in world.finalists:
        assert entry.title in finalists.text and entry.entrant.name in finalists.text
    assert world.other.title not in finalists.text
    image = pages[reverse("ceremony:winner_image", args=[slug, world.gold.reference])]
    assert image.status == 200 and image.content_type == "image/jpeg"
    assert pages[reverse("ceremony:winner_image", args=[slug, world.finalist.reference])
                 ].status == 404  # a finalist's files stay private
    home = pages[reverse("edition_home", args=[slug])]
    assert reverse("ceremony:winners", args=[slug]) in home.text
    archive = pages[reverse("ceremony:archive")]
    assert reverse("ceremony:winners", args=[slug]) in archive.text


@pytest.mark.parametrize(("persona", "expected"), [
    ("winner", [">Winner</span>", "Aurora Gold Award", "Jury citation Sigma",
                "<li>Feedback for project"]),
    ("finalist", [">Finalist</span>", "it reached the final round", "<li>Feedback for project"]),
    ("other_entrant", [">Not selected</span>", "The judges left no written feedback"]),
])
def test_after_publication_each_entrant_reads_their_result_and_nothing_private(
        world, persona, expected):
    publish(world)
    pages = walk(world, persona)

    dashboard = next(p for p in pages if p.name == "entries:dashboard")
    for text in expected:
        assert text in dashboard.text, text
    for page in pages:
        where = f"{persona} {page.name} {page.url}"
        assert "Private on" not in page.text, where  # judges' private comments
        for judge in world.final.judges:
            assert judge.email not in page.text and judge.name not in page.text, where
        assert "out of 10" not in page.text, where  # scores stay hidden in this edition


def test_after_publication_judges_read_the_public_pages_like_anyone(world):
    publish(world)
    pages = {p.url: p for p in walk(world, "judge")}
    slug = world.final.edition.slug

    winners = pages[reverse("ceremony:winners", args=[slug])]
    assert winners.status == 200 and world.gold.title in winners.text
    assert "private" in winners.cache_control  # signed in: their own copy
    staff_pages = [p for p in pages.values() if ":staff" in p.name]
    assert all(p.status in (302, 404, 405) for p in staff_pages)
