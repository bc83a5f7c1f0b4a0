"""Building the demo season in bulk: who enters from where, in which category, when, with
which answers and files, and how the secretariat screened them. ``Season(...).build()``."""

from __future__ import annotations

import hashlib
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile

from prize.enums import EntrantKind
from prize.models import Edition, User

from .. import schema as form_schema
from ..enums import EntryStatus, MemberRole
from ..models import (
    Attachment,
    Entrant,
    EntrantMember,
    Entry,
    EntryFormUse,
    EntryRevision,
    ScreeningDecision,
)
from ..regions import region_of
from ..samples import sample_pdf, sample_png
from . import seeds, texts
from .places import (
    CITIES,
    COMPANY_KINDS,
    COMPANY_PREFIXES,
    COMPANY_SUFFIXES,
    INSTITUTION_PATTERNS,
    NAMES,
    REGION_ENTRIES,
    UNIVERSITY_PATTERNS,
    City,
)

SEED = 2023
CATEGORY_ENTRIES = {"TI": 150, "HC": 70, "LD": 20}  # 240 entered entries
INELIGIBLE = 31  # 209 went on from round 1
DRAFTS = 6
DEMO_ENTRANT_EMAIL = "entrant@example.org"  # the core demo's entrant login
DEMO_ENTRANT_CITY = "Bilbao"
SECRETARIAT_EMAIL = "secretariat@example.org"
CONTACT_EMAIL = "contact+{n}@example.org"
CONTACT_EMAIL_REGEX = r"^contact\+[0-9]+@example\.org$"

ELIGIBLE_REASON = "Meets all eligibility criteria"
SCREENING_REASONS = [
    (EntryStatus.ELIGIBLE, ELIGIBLE_REASON),
    (EntryStatus.INELIGIBLE, "Project not yet implemented"),
    (EntryStatus.INELIGIBLE, "Entrant kind not allowed in this category"),
    (EntryStatus.INELIGIBLE, "Incomplete application"),
    (EntryStatus.INELIGIBLE, "Duplicate entry"),
    (EntryStatus.INELIGIBLE, "Project outside the scope of the category"),
]
# How the 31 ineligible entries of the demo were judged, with the secretariat's note.
INELIGIBLE_REASONS = [
    ("Project not yet implemented", 12,
     "The entry describes a plan; the prize rewards projects already in operation."),
    ("Incomplete application", 9,
     "Budget and monitoring answers do not describe this project."),
    ("Project outside the scope of the category", 6,
     "The project does not use technology or data to solve an urban problem."),
    ("Duplicate entry", 4, "The same project was entered twice by the same entrant."),
]
KIND_WEIGHTS = {
    EntrantKind.CITY_GOVERNMENT: 50,
    EntrantKind.CORPORATION: 27,
    EntrantKind.INSTITUTION: 23,
}
LEADER_POSITIONS = [
    ("Mayor of {city}", 11),
    ("Deputy Mayor for Digital Affairs, {city}", 3),
    ("Chief Digital Officer, {city}", 3),
    ("Governor of {city}", 1),
    ("Chief Information Officer, {city}", 2),
]




@dataclass
class _Entrant:
    obj: Entrant
    city: City
    owner: User | None = None


@dataclass
class _Slot:
    city: City
    code: str  # category code
    entrant: _Entrant | None = None
    entry: Entry | None = None
    files: list[tuple[str, str, bytes]] = field(default_factory=list)


class Season:
    def __init__(self, edition: Edition, accounts: dict[str, User]):
        self.edition = edition
        self.rng = random.Random(SEED)
        self.categories = {c.code: c for c in edition.categories.all()}
        self.forms = {
            (use.category_id, use.entrant_kind): use.form
            for use in EntryFormUse.objects.filter(category__edition=edition)
            .select_related("form")
        }
        self.schemas = {form.pk: form_schema.Schema.parse(form.schema)
                        for form in self.forms.values()}
        self.demo_user = accounts.get(DEMO_ENTRANT_EMAIL)
        self.secretariat = accounts.get(SECRETARIAT_EMAIL)
        self.titles: set[str] = set()
        self.names: set[str] = set()
        self.entrants: list[_Entrant] = []
        self.by_city: dict[tuple[str, str], list[_Entrant]] = defaultdict(list)

    # -- who enters -----------------------------------------------------------------------------

    def person(self, city: City) -> str:
        given, family = NAMES[city.country.names]
        for _attempt in range(50):
            name = f"{self.rng.choice(given)} {self.rng.choice(family)}"
            if name not in self.names:
                break
        self.names.add(name)
        return name

    def organisation_name(self, kind: str, city: City) -> str:
        country = city.country
        values = {"city": city.name, "adjective": country.adjective}
        for _attempt in range(60):
            if kind == EntrantKind.CITY_GOVERNMENT:
                if country.code == "KR":
                    pattern = ("{city} Metropolitan Government" if city.metropolitan
                               else "{city} City Government")
                else:
                    pattern = country.city_government
                name = pattern.format(**values)
            elif kind == EntrantKind.CORPORATION:
                words = (self.rng.choice(COMPANY_PREFIXES) + self.rng.choice(COMPANY_SUFFIXES),
                         self.rng.choice(COMPANY_KINDS), country.company_suffix)
                name = " ".join(w for w in words if w)
                if country.company_suffix == "PT":
                    name = f"PT {words[0]} {words[1]}".strip()
            else:
                pattern = self.rng.choice(INSTITUTION_PATTERNS + UNIVERSITY_PATTERNS[:2])
                name = pattern.format(**values)
            if name not in self.names:
                self.names.add(name)
                return name
        return f"{name} ({city.name})"

    def new_entrant(self, kind: str, city: City, *, position: str = "",
                    person: str = "") -> _Entrant:
        contact = person or self.person(city)
        name = person if kind == EntrantKind.INDIVIDUAL else self.organisation_name(kind, city)
        number = len(self.entrants) + 1
        entrant = Entrant(
            kind=kind, name=name, position=position, city=city.name,
            country=city.country.code, region=region_of(city.country.code),
            wego_member=self.rng.random() < (0.45 if kind == EntrantKind.CITY_GOVERNMENT
                                             else 0.12),
            contact_name=contact, contact_email=CONTACT_EMAIL.format(n=number),
            website=f"https://www.{texts.ascii_slug(name)[:40]}.example.org",
        )
        item = _Entrant(obj=entrant, city=city)
        self.entrants.append(item)
        self.by_city[(city.country.code, city.name)].append(item)
        return item

    def entrant_for(self, kind: str, city: City) -> _Entrant:
        existing = [e for e in self.by_city[(city.country.code, city.name)]
                    if e.obj.kind == kind]
        if kind == EntrantKind.CITY_GOVERNMENT and existing:
            return existing[0]
        if existing and self.rng.random() < 0.25:
            return self.rng.choice(existing)
        return self.new_entrant(kind, city)

    # -- the season -----------------------------------------------------------------------------

    def slots(self) -> list[_Slot]:
        """240 (city, category) pairs: every city at least once, regions as in 2023."""
        slots: list[_Slot] = []
        for region, total in REGION_ENTRIES.items():
            cities = [c for c in CITIES if region_of(c.country.code) == region]
            counts = Counter({c.name: 1 for c in cities})
            for city in self.rng.choices(cities, weights=[c.weight for c in cities],
                                         k=total - len(cities)):
                counts[city.name] += 1
            slots += [_Slot(c, "") for c in cities for _n in range(counts[c.name])]
        demo = next(i for i, s in enumerate(slots) if s.city.name == DEMO_ENTRANT_CITY)
        slots[demo].code = "TI"
        free = [i for i in range(len(slots)) if i != demo]
        leaders, seen = [], set()
        for i in self.rng.sample(free, len(free)):
            if slots[i].city.name not in seen and len(leaders) < CATEGORY_ENTRIES["LD"]:
                leaders.append(i)
                seen.add(slots[i].city.name)
        for i in leaders:
            slots[i].code = "LD"
        rest = [i for i in free if not slots[i].code]
        for i in self.rng.sample(rest, CATEGORY_ENTRIES["HC"]):
            slots[i].code = "HC"
        for slot in slots:
            slot.code = slot.code or "TI"
        return slots

    def submission_times(self, count: int, zones: list[str]) -> list[datetime]:
        """When entries came in: some all along, most in the last weeks, a rush at the end;
        each in its entrant's working day."""
        opens, closes = self.edition.call_opens_at, self.edition.call_closes_at
        span = (closes - opens).total_seconds()
        times = []
        for zone in zones[:count]:
            tz = ZoneInfo(zone)
            while True:
                r = self.rng.random()
                if r < 0.15:
                    share = self.rng.random()
                elif r < 0.78:
                    share = self.rng.betavariate(2.6, 1.0)
                else:
                    share = 1 - self.rng.random() * self.rng.random() * 6 * 86400 / span
                moment = opens + timedelta(seconds=share * span)
                day = moment.astimezone(tz).date()
                hours = self.rng.triangular(8.5, 23.8, 16.5)
                local = datetime.combine(day, time(int(hours), int(hours % 1 * 60),
                                                   self.rng.randint(0, 59)), tz)
                if opens <= local < closes:
                    times.append(local)
                    break
        return times

    def build(self) -> None:
        rng, edition = self.rng, self.edition
        slots = self.slots()
        demo_slot = next(s for s in slots if s.city.name == DEMO_ENTRANT_CITY and s.code == "TI")
        for slot in slots:
            if slot.code == "LD":
                position, _w = rng.choices(LEADER_POSITIONS,
                                           weights=[w for _p, w in LEADER_POSITIONS])[0]
                person = self.person(slot.city)
                slot.entrant = self.new_entrant(EntrantKind.INDIVIDUAL, slot.city,
                                                position=position.format(city=slot.city.name),
                                                person=person)
            elif slot is demo_slot:
                slot.entrant = self.entrant_for(EntrantKind.CITY_GOVERNMENT, slot.city)
            else:
                kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
                if slot.city.name == DEMO_ENTRANT_CITY and kind == EntrantKind.CITY_GOVERNMENT:
                    kind = EntrantKind.INSTITUTION  # the demo login's city has one entry
                slot.entrant = self.entrant_for(kind, slot.city)
        demo_entrant = demo_slot.entrant

        # one withdrawn entry and a few drafts, from entrants already in the season
        project_entrants = [e for e in self.entrants
                            if e.obj.kind != EntrantKind.INDIVIDUAL and e is not demo_entrant]
        leaving = rng.choice(project_entrants)
        withdrawn = _Slot(leaving.city, "TI", leaving)
        drafts = [_Slot(demo_entrant.city, "HC", demo_entrant)]
        for item in rng.sample([e for e in project_entrants if e is not leaving], DRAFTS - 1):
            drafts.append(_Slot(item.city, rng.choice(["TI", "TI", "HC"]), item))

        self.save_entrants(demo_entrant)
        times = self.submission_times(len(slots), [s.city.country.time_zone for s in slots])
        times.sort()
        order = list(range(len(slots)))
        rng.shuffle(order)
        entered = []
        for index, slot in zip(order, slots, strict=True):
            entered.append(self.make_entry(slot, EntryStatus.SUBMITTED, times[index]))
        april = datetime(2023, 4, 18, 10, 40, tzinfo=edition.tz)
        gone = self.make_entry(withdrawn, EntryStatus.WITHDRAWN, april)
        gone.withdrawn_at = april + timedelta(days=36, hours=5)
        gone.last_saved_at = gone.withdrawn_at
        gone.withdrawal_reason = ("We will enter next year, when the second phase of the "
                                  "project is complete.")
        for slot in drafts:
            self.make_entry(slot, EntryStatus.DRAFT, None)
        self.assign_references([*entered, gone])
        self.screen(entered)

        all_slots = [*slots, withdrawn, *drafts]
        entries = [s.entry for s in all_slots]
        created = [e.created_at for e in entries]
        Entry.objects.bulk_create(entries)  # sets created_at to now (auto_now_add) …
        for entry, moment in zip(entries, created, strict=True):
            entry.created_at = moment
        Entry.objects.bulk_update(entries, ["created_at"])  # … so it is written again
        self.save_revisions([*entered, gone])
        self.save_attachments(all_slots)
        self.save_decisions(entered)

    def save_entrants(self, demo_entrant: _Entrant) -> None:
        """Entrants, each owned by a contact account that cannot log in (no password, no
        role): the demo's logins stay the core's accounts, and entrant@example.org owns the
        demo city's entrant."""
        if self.demo_user is not None:
            demo_entrant.obj.contact_name = self.demo_user.name
            demo_entrant.obj.contact_email = self.demo_user.email
        Entrant.objects.bulk_create([e.obj for e in self.entrants])
        users = []
        for item in self.entrants:
            if item is demo_entrant and self.demo_user is not None:
                item.owner = self.demo_user
                continue
            item.owner = User(email=item.obj.contact_email, name=item.obj.contact_name,
                              password=make_password(None))
            users.append(item.owner)
        User.objects.bulk_create(users)
        EntrantMember.objects.bulk_create([
            EntrantMember(entrant=e.obj, user=e.owner, role=MemberRole.OWNER)
            for e in self.entrants
        ])

    def answers_for(self, slot: _Slot, started: date) -> dict:
        rng, entrant = self.rng, slot.entrant
        country = slot.city.country
        if slot.code == "LD":
            given, family = NAMES[country.names]
            referees = []
            for org in (f"University of {slot.city.name}",
                        f"{slot.city.name} Chamber of Commerce",
                        f"{country.adjective} Association of Cities"):
                name = f"{rng.choice(given)} {rng.choice(family)}"
                email = (f"{texts.ascii_slug(name).replace('-', '.')}@"
                         f"{texts.ascii_slug(org)[:30]}.example.org")
                referees.append((name, org, email))
            return texts.leadership_answers(
                rng, name=entrant.obj.name, position=entrant.obj.position,
                city=slot.city.name, referees=referees[:rng.choice([2, 3])],
                taken=self.titles, term_start=date(rng.choice([2014, 2018, 2019, 2022]), 7, 1),
            )
        seed = rng.choice(seeds.INCLUSION_SEEDS if slot.code == "HC" else seeds.TECH_SEEDS)
        project = texts.Project(
            seed=seed, city=slot.city.name, country=country.adjective, entrant=entrant.obj.name,
            is_city=entrant.obj.kind == EntrantKind.CITY_GOVERNMENT,
            inclusion=slot.code == "HC", started=started,
        )
        project.title = texts.project_title(rng, seed, slot.city.name, self.titles)
        values = {"city": slot.city.name, "adjective": country.adjective}
        return texts.project_answers(
            rng, project, currency=country.currency, usd_rate=country.usd_rate,
            university=rng.choice(UNIVERSITY_PATTERNS).format(**values),
            company=f"{rng.choice(COMPANY_PREFIXES)}{rng.choice(COMPANY_SUFFIXES)}",
            ngo=f"the {slot.city.name} Community Network", kind=entrant.obj.kind,
            european=region_of(country.code) == "europe", size=slot.city.weight,
        )

    def make_entry(self, slot: _Slot, status: str, submitted_at: datetime | None) -> Entry:
        rng, edition = self.rng, self.edition
        category = self.categories[slot.code]
        form = self.forms[(category.pk, slot.entrant.obj.kind)]
        schema = self.schemas[form.pk]
        started = date(rng.choice([2019, 2020, 2021, 2022]), rng.randint(1, 12), 1)
        answers = self.answers_for(slot, started)
        field_steps = [s.key for s in schema.steps if s.kind == "fields"]
        if status == EntryStatus.DRAFT:
            kept = field_steps[:rng.randint(1, len(field_steps) - 2)]
            answers = texts.draft_answers(answers, rng, kept, schema)
            saved = edition.call_opens_at + timedelta(days=rng.randint(60, 118),
                                                      hours=rng.randint(0, 9))
            current = field_steps[len(kept)]
            created = saved - timedelta(days=rng.randint(1, 20))
        else:
            saved = submitted_at
            current = schema.steps[-1].key
            created = max(edition.call_opens_at + timedelta(hours=2),
                          submitted_at - timedelta(days=rng.randint(2, 45),
                                                   hours=rng.randint(0, 12)))
        slot.entry = Entry(
            edition=edition, category=category, entrant=slot.entrant.obj, form=form,
            title=schema.title(answers), status=status, answers=answers,
            version=rng.randint(6, 48), current_step=current, created_by=slot.entrant.owner,
            created_at=created, last_saved_at=saved, last_saved_by=slot.entrant.owner,
            submitted_at=submitted_at,
        )
        slot.files = self.files_for(slot, status)
        return slot.entry

    def files_for(self, slot: _Slot, status: str) -> list[tuple[str, str, bytes]]:
        rng, entry = self.rng, slot.entry
        if status == EntryStatus.DRAFT and rng.random() < 0.5 and slot.entrant.owner is not \
                self.demo_user:
            return []
        body = "\n".join([
            f"{slot.entrant.obj.name}, {slot.city.name}",
            "",
            entry.answers.get("summary", ""),
        ])
        stem = texts.ascii_slug(entry.title)[:48] or "entry"
        kind = "nomination" if slot.code == "LD" else "project-report"
        files = [(f"{stem}-{kind}.pdf", "application/pdf", sample_pdf(entry.title, body))]
        if status != EntryStatus.DRAFT and rng.random() < 0.35:
            label = rng.choice(["photo", "dashboard", "site-visit", "workshop"])
            image = sample_png(480, 300, text=f"{entry.title} — {label.replace('-', ' ')}",
                               background=rng.choice(["#1f4e79", "#0f5132", "#5b2c6f",
                                                      "#7a3b12"]))
            files.append((f"{label}.png", "image/png", image))
        return files

    def assign_references(self, entries: list[Entry]) -> None:
        """SSCP23-TI-0001 …, by category in order of submission, as the service numbers them."""
        numbers: Counter[str] = Counter()
        for entry in sorted(entries, key=lambda e: (e.submitted_at, e.title)):
            code = entry.category.code
            numbers[code] += 1
            entry.reference = f"{self.edition.short_name}-{code}-{numbers[code]:04d}"

    def screen(self, entries: list[Entry]) -> None:
        """209 eligible and 31 ineligible, every city keeping at least one eligible entry."""
        def place(entry: Entry) -> tuple[str, str]:
            return (str(entry.entrant.country), entry.entrant.city)

        per_city = Counter(place(e) for e in entries)
        candidates = [e for e in entries
                      if per_city[place(e)] > 1 and e.entrant.contact_email != DEMO_ENTRANT_EMAIL]
        self.rng.shuffle(candidates)
        reasons = [(text, note) for text, count, note in INELIGIBLE_REASONS
                   for _n in range(count)]
        self.decisions: dict[int, tuple[str, str]] = {}
        chosen = []
        for entry in candidates:
            if len(chosen) == INELIGIBLE:
                break
            if per_city[place(entry)] > 1:
                per_city[place(entry)] -= 1
                chosen.append(entry)
        ineligible = {id(e) for e in chosen}
        for entry, (text, note) in zip(chosen, reasons, strict=True):
            entry.status = EntryStatus.INELIGIBLE
            self.decisions[id(entry)] = (EntryStatus.INELIGIBLE, f"{text}. {note}")
        for entry in entries:
            if id(entry) not in ineligible:
                entry.status = EntryStatus.ELIGIBLE
                self.decisions[id(entry)] = (EntryStatus.ELIGIBLE, ELIGIBLE_REASON)

    def save_revisions(self, entries: list[Entry]) -> None:
        revisions = [
            EntryRevision(entry=e, number=1, title=e.title, answers=e.answers,
                          attachments=[], created_by=e.created_by)
            for e in entries
        ]
        self._revisions = {id(r.entry): r for r in revisions}
        EntryRevision.objects.bulk_create(revisions)
        for revision in revisions:
            revision.created_at = revision.entry.submitted_at
        EntryRevision.objects.bulk_update(revisions, ["created_at"])

    def save_attachments(self, slots: list[_Slot]) -> None:
        attachments, revised = [], []
        for slot in slots:
            entry = slot.entry
            moment = entry.submitted_at or entry.last_saved_at
            for offset, (name, content_type, data) in enumerate(slot.files):
                attachments.append(Attachment(
                    entry=entry, file=ContentFile(data, name=name), original_name=name,
                    content_type=content_type, size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(), uploaded_by=entry.created_by,
                    uploaded_at=moment - timedelta(hours=2) + timedelta(minutes=offset),
                ))
            revision = self._revisions.get(id(entry))
            if revision is not None and slot.files:
                revision.attachments = [name for name, _t, _d in slot.files]
                revised.append(revision)
        uploaded = [a.uploaded_at for a in attachments]
        Attachment.objects.bulk_create(attachments, batch_size=200)
        for attachment, moment in zip(attachments, uploaded, strict=True):
            attachment.uploaded_at = moment
        Attachment.objects.bulk_update(attachments, ["uploaded_at"], batch_size=200)
        EntryRevision.objects.bulk_update(revised, ["attachments"], batch_size=200)

    def save_decisions(self, entries: list[Entry]) -> None:
        tz = self.edition.tz
        released = datetime(2023, 7, 7, 18, 0, tzinfo=tz)
        decisions = []
        for entry in entries:
            decision, reason = self.decisions[id(entry)]
            decided = datetime(2023, 7, self.rng.randint(1, 6), self.rng.randint(9, 17),
                               self.rng.randint(0, 59), tzinfo=tz)
            decisions.append(ScreeningDecision(
                entry=entry, decision=decision, reason=reason, decided_by=self.secretariat,
                decided_at=decided, released_at=released,
            ))
        ScreeningDecision.objects.bulk_create(decisions)
