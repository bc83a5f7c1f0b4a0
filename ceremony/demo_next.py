"""The demo's second edition, made from the finished 2023 season with "Start a new edition from
this one" (``services.edition_copy``), whose call is open from the day the demo is loaded: it
opens three days before, at 09:00 Seoul time, and closes as long after as 2023's did (four
months); every other date keeps its place from 2023 (rounds in the weeks after the call, the
ceremony three months after it closes). It is named for the year of its ceremony (the
"Seoul Smart City Prize 2024" when the demo is loaded early in 2024), is the current edition
(the home page and the entrant's "enter" follow it) and already has a few entries: three
submitted (a city's project, an organisation's inclusion project, a mayor's leadership) by
entrants of 2023 entering again, and two drafts, one of them ``entrant@example.org``'s. The
2023 season stays as it is, with its published winners, at its own address.

``load(core)`` runs after the other apps' demos (the copy takes what they made of 2023) and is
idempotent: an existing next edition is left as it is and made current again. With
``core.judging_open`` nothing is made (2023 is still being judged). ``reset()`` removes it.
No e-mail is written to the outbox.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from entries.enums import EntryStatus
from entries.models import Entry, EntryFormUse, EntryRevision
from prize.enums import Role
from prize.models import Edition, RoleAssignment

from . import services
from .enums import DecisionStatus
from .models import Award, Ceremony, Decision
from .services.next_edition import _next_text

SECRETARIAT_EMAIL = "secretariat@example.org"
COORDINATOR_EMAIL = "coordinator@example.org"
ENTRANT_EMAIL = "entrant@example.org"
SLUG_PATTERN = r"^seoul-smart-city-prize-[0-9]{4}$"
OPENED_DAYS_AGO = 3


def _next_of(source: Edition) -> Edition | None:
    return (Edition.objects.filter(slug__regex=SLUG_PATTERN, year__gt=source.year)
            .exclude(pk=source.pk).order_by("-year").first())


def _dates(source: Edition) -> dict:
    """Every date of the copy: 2023's, moved by whole days so the call opened three days ago
    at 09:00 (the same time of day in the edition's time zone for everything else)."""
    tz = source.tz
    today = timezone.localtime(timezone.now(), tz).date()
    opened = today - timedelta(days=OPENED_DAYS_AGO)
    shift = timedelta(days=(opened - timezone.localtime(source.call_opens_at, tz).date()).days)

    def moved(moment):
        if moment is None:
            return None
        wall = timezone.localtime(moment, tz).replace(tzinfo=None)
        return (wall + shift).replace(tzinfo=tz)

    defaults = services.next_edition_defaults(source)  # the keys, and 2023's objects' ids
    originals = {
        "call_opens_at": source.call_opens_at, "call_closes_at": source.call_closes_at,
        "ceremony_at": source.ceremony_at,
    }
    if "reply_by" in defaults["dates"]:
        originals["reply_by"] = Ceremony.objects.get(edition=source).reply_by
    for milestone in source.milestones.all():
        originals[f"milestone_{milestone.pk}_starts_at"] = milestone.starts_at
        originals[f"milestone_{milestone.pk}_ends_at"] = milestone.ends_at
    for round in source.rounds.all():
        originals[f"round_{round.pk}_opens_at"] = round.opens_at
        originals[f"round_{round.pk}_closes_at"] = round.closes_at
    return {key: moved(originals[key]) for key in defaults["dates"]}


def load(core) -> list[str]:
    source = core.edition
    if getattr(core, "judging_open", False):
        return ["  Next edition: not made while the 2023 season is still being judged"]
    accounts = {user.email: user for _label, user in core.accounts}
    edition = _next_of(source)
    created = edition is None
    if created:
        with transaction.atomic():
            edition = build(source, accounts)
    Edition.objects.exclude(pk=edition.pk).filter(is_current=True).update(is_current=False)
    Edition.objects.filter(pk=edition.pk).update(is_current=True)
    return summarise(edition, created=created)


def build(source: Edition, accounts: dict) -> Edition:
    dates = _dates(source)
    moment = dates["ceremony_at"] or dates["call_closes_at"]
    year = max(timezone.localtime(moment, source.tz).year, source.year + 1)
    edition = services.edition_copy(
        source, by=accounts[SECRETARIAT_EMAIL],
        name=_next_text(source.name, source.year, year) or f"{source.name} {year}",
        short_name=_next_text(source.short_name, source.year, year) or f"SSCP{year % 100:02d}",
        slug=f"seoul-smart-city-prize-{year}", year=year, dates=dates, open_call=True,
        make_current=True)
    # The evaluation partner stays; entrants of 2023 enter again.
    RoleAssignment.objects.get_or_create(user=accounts[COORDINATOR_EMAIL], edition=edition,
                                         role=Role.COORDINATOR)
    make_entries(source, edition, accounts.get(ENTRANT_EMAIL))
    return edition


def _picks(source: Edition, demo_user) -> tuple[list[Entry], list[Entry]]:
    """2023 entries whose entrants enter again: three to submit (a city's Tech-InnovaCity
    project, an organisation's Human-CentriCity one, a Leadership nominee) and two drafts (the
    demo entrant's, another organisation's), never the same entrant twice; winners first."""
    entries = (Entry.objects.filter(edition=source, status=EntryStatus.ELIGIBLE)
               .select_related("entrant", "category").order_by("reference"))
    winners = set(Decision.objects.filter(award__edition=source, status=DecisionStatus.CONFIRMED)
                  .values_list("entry_id", flat=True))
    ranked = sorted(entries, key=lambda e: (e.pk not in winners, e.reference))
    used: set[int] = set()

    def pick(code, kinds, *, member=None):
        for entry in ranked:
            if (entry.category.code == code and entry.entrant.kind in kinds
                    and entry.entrant_id not in used
                    and (member is None or entry.entrant.members.filter(user=member).exists())):
                used.add(entry.entrant_id)
                return entry
        return None

    # The demo entrant's first, so nobody else takes their city's entrant.
    drafts = [pick("TI", {"city_government"}, member=demo_user) if demo_user else None]
    submitted = [pick("TI", {"city_government"}), pick("HC", {"corporation", "institution"}),
                 pick("LD", {"individual"})]
    drafts.append(pick("HC", {"corporation", "institution"}))
    return [e for e in submitted if e], [e for e in drafts if e]


def make_entries(source: Edition, edition: Edition, demo_user) -> None:
    """The picked entrants' 2024 entries, written as the services leave them (a reference by
    category in order of submission, revision 1, the entrant role) without e-mails."""
    submitted, drafts = _picks(source, demo_user)
    categories = {c.code: c for c in edition.categories.all()}
    forms = {(u.category_id, u.entrant_kind): u.form for u in
             EntryFormUse.objects.filter(category__edition=edition).select_related("form")}
    opened = edition.call_opens_at
    numbers: dict[str, int] = {}
    made = []
    for n, (old, status) in enumerate([(e, EntryStatus.SUBMITTED) for e in submitted]
                                      + [(e, EntryStatus.DRAFT) for e in drafts]):
        category = categories[old.category.code]
        form = forms[(category.pk, old.entrant.kind)]
        title_key = "title" if "title" in old.answers else None
        answers = dict(old.answers)
        if title_key:
            answers[title_key] = f"{old.answers[title_key]}: the next phase"[:200]
        steps = [s for s in form.schema.get("steps", []) if s.get("kind") != "attachments"]
        saved = opened + timedelta(days=1 + n // 2, hours=1 + 3 * n)
        if status == EntryStatus.DRAFT:  # the first step done, the rest still to write
            first = {f["key"] for f in steps[0].get("fields", [])} if steps else set()
            answers = {k: v for k, v in answers.items() if k in first}
        owner = old.entrant.members.select_related("user").first()
        user = owner.user if owner else None
        entry = Entry(
            edition=edition, category=category, entrant=old.entrant, form=form,
            title=answers.get("title", old.title) if title_key else old.title,
            status=status, answers=answers, version=3 + n,
            current_step=(steps[1]["key"] if status == EntryStatus.DRAFT and len(steps) > 1
                          else form.schema["steps"][-1]["key"]),
            created_by=user, last_saved_at=saved, last_saved_by=user,
            submitted_at=saved if status == EntryStatus.SUBMITTED else None)
        if status == EntryStatus.SUBMITTED:
            numbers[category.code] = numbers.get(category.code, 0) + 1
            entry.reference = f"{edition.short_name}-{category.code}-{numbers[category.code]:04d}"
        made.append(entry)
    Entry.objects.bulk_create(made)
    for entry in made:  # created before it was saved (auto_now_add wrote the demo's time)
        Entry.objects.filter(pk=entry.pk).update(
            created_at=entry.last_saved_at - timedelta(hours=2))
    EntryRevision.objects.bulk_create([
        EntryRevision(entry=e, number=1, title=e.title, answers=e.answers, attachments=[],
                      created_by=e.created_by)
        for e in made if e.status == EntryStatus.SUBMITTED])
    RoleAssignment.objects.bulk_create([
        RoleAssignment(user_id=e.created_by_id, edition=edition, role=Role.ENTRANT)
        for e in made if e.created_by_id], ignore_conflicts=True)


def summarise(edition: Edition, *, created: bool) -> list[str]:
    tz = edition.tz
    entries = Entry.objects.filter(edition=edition)
    made = "made from 2023" if created else "already there"
    return [
        f"Next edition: {edition.name} ({made}), the current edition, /editions/{edition.slug}/",
        f"  call open {timezone.localtime(edition.call_opens_at, tz):%d %B %Y} to "
        f"{timezone.localtime(edition.call_closes_at, tz):%d %B %Y %H:%M} ({edition.time_zone}); "
        f"{entries.filter(status=EntryStatus.SUBMITTED).count()} entries submitted, "
        f"{entries.filter(status=EntryStatus.DRAFT).count()} drafts",
    ]


def reset() -> None:
    """Remove the demo's next edition (its entries and awards first: they protect it)."""
    from prize.demo import DEMO_SLUG

    for edition in Edition.objects.filter(slug__regex=SLUG_PATTERN).exclude(slug=DEMO_SLUG):
        entries = Entry.objects.filter(edition=edition)
        EntryRevision.objects.filter(entry__in=entries).delete()
        entries.delete()
        Decision.objects.filter(award__edition=edition).delete()
        Award.objects.filter(edition=edition).delete()
        edition.delete()
