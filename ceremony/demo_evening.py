"""The demo's evening: the 2023 ceremony at Dongdaemun Design Plaza (DDP), Seoul, on Monday
25 September 2023 at 15:00 Seoul time (the date and venue name are the edition's, set by the
core demo), its details, the people on stage and the programme.

The people on stage are named by their role ("President of Le Temps"), as public reporting
names the steering committee members who handed the prizes over (DOMAIN.md); no personal name
is invented. The programme's timings, the musical interlude and the MC's notes are the demo's
own. Every 2023 award is presented: the special mentions, the Bronze, then the Silver prizes of
the two project categories, the Leadership Award, and the Gold prizes last.

``load(edition, by)`` is idempotent (an edition with a programme is left alone) and writes
through the services, so the audit log shows who set the evening up; ``reset(edition)`` removes
what it made. Called from ``ceremony/demo.py``.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from judging.demo.season import clock
from prize.models import Edition

from . import services
from .enums import InvitePool, ItemKind
from .models import Award, Ceremony, Presenter, ProgrammeItem

ADDRESS = "281 Eulji-ro, Jung-gu, Seoul 04566, Republic of Korea"
MAP_URL = "https://www.openstreetmap.org/search?query=Dongdaemun%20Design%20Plaza%2C%20Seoul"
DESCRIPTION = (
    "The first Seoul Smart City Prize is awarded at Dongdaemun Design Plaza, as part of a larger "
    "smart city event in Seoul. The winners, chosen from 40 finalists by an international jury, "
    "receive their prizes in person from the members of the steering committee. The results "
    "stay confidential until they are announced on stage."
)

# (name, title, organisation, bio): hosts first, then the steering committee members.
PRESENTERS = [
    ("Secretary General of WeGO", "Secretary General",
     "World Smart Sustainable Cities Organization (WeGO)",
     "WeGO, the prize's secretariat, gathers about 160 local governments, institutions and "
     "companies working on smart, sustainable cities."),
    ("Mayor of Seoul", "Mayor", "Seoul Metropolitan Government",
     "The Seoul Metropolitan Government co-organises the prize and hosts the ceremony."),
    ("President of Le Temps", "President", "Le Temps",
     "Member of the prize's steering committee."),
    ("President & CEO of SEMI", "President & CEO", "SEMI",
     "Member of the prize's steering committee."),
    ("Director-General of GGGI", "Director-General", "Global Green Growth Institute (GGGI)",
     "Member of the prize's steering committee; GGGI helps choose the Special Mentions."),
    ("President of IMD's Smart City Observatory", "President",
     "IMD Smart City Observatory",
     "Member of the prize's steering committee; IMD's Smart City Index weighs technology "
     "against quality of life and the environment."),
]

HOST, MAYOR, LE_TEMPS, SEMI, GGGI, IMD = (p[0] for p in PRESENTERS)

# (minutes after 15:00, minutes, title, kind, presenters, awards, public description, MC notes)
PROGRAMME = [
    (0, 10, "Welcome", ItemKind.WELCOME, [HOST], [],
     "Opening of the first Seoul Smart City Prize ceremony.",
     "Doors close at 14:55. Welcome the steering committee members by name and role."),
    (10, 10, "Opening address", ItemKind.SPEECH, [MAYOR], [],
     "The host city on smart cities for the people who live in them.", ""),
    (20, 5, "Musical interlude", ItemKind.PERFORMANCE, [], [],
     "A short performance of Korean traditional music.",
     "Stage crew set the award table during the music."),
    (25, 10, "Special Mentions", ItemKind.AWARD, [GGGI, IMD], ["Special Mention"],
     "Three cities chosen with the partners GGGI and IMD.",
     "Both presenters on stage; one photo with the three cities."),
    (35, 15, "Bronze prizes", ItemKind.AWARD, [SEMI],
     ["Tech-InnovaCity Bronze", "Human-CentriCity Bronze"],
     "Bronze prizes of the Tech-InnovaCity and Human-CentriCity categories.",
     "Eleven winners: call them up in pairs to keep the time."),
    (50, 10, "Silver prizes", ItemKind.AWARD, [LE_TEMPS],
     ["Tech-InnovaCity Silver", "Human-CentriCity Silver"],
     "Silver prizes of the Tech-InnovaCity and Human-CentriCity categories.", ""),
    (60, 10, "Leadership Award", ItemKind.AWARD, [MAYOR], ["Leadership Award"],
     "Two joint winners who led the use of technology and data for citizens.",
     "Both winners on stage together."),
    (70, 10, "Gold prizes", ItemKind.AWARD, [HOST, MAYOR],
     ["Tech-InnovaCity Gold", "Human-CentriCity Gold"],
     "The Gold prizes of the two project categories.", "Lights up on the screen for the film."),
    (80, 10, "Group photo", ItemKind.PHOTO, [HOST, MAYOR, LE_TEMPS, SEMI, GGGI, IMD], [],
     "Every winner with the steering committee.", "Winners stay on stage after the Gold."),
    (90, 5, "Closing", ItemKind.SPEECH, [HOST], [],
     "Closing remarks and an invitation to the next edition.", ""),
]


def load(edition: Edition, by) -> list[str]:
    """The evening of ``edition`` (idempotent). ``by``: the secretariat member who sets it up."""
    if edition.ceremony_at is None:
        return []
    if ProgrammeItem.objects.filter(edition=edition).exists():
        return [summarise(edition, made="already there")]
    awards = {a.name: a for a in Award.objects.filter(edition=edition)}
    start = edition.ceremony_at
    with transaction.atomic(), clock(start - timedelta(days=40)):
        services.ceremony_save(
            edition=edition, by=by, ceremony_at=start, venue=edition.ceremony_venue,
            address=ADDRESS, map_url=MAP_URL, description=DESCRIPTION,
            invite=InvitePool.FINALISTS, reply_by=start - timedelta(days=10), max_guests=2,
            publish_as_revealed=False)
        people = {}
        for order, (name, title, organisation, bio) in enumerate(PRESENTERS, start=1):
            people[name] = services.presenter_save(edition=edition, by=by, data={
                "name": name, "title": title, "organisation": organisation, "bio": bio,
                "order": order})
        for offset, minutes, title, kind, presenters, award_names, description, notes \
                in PROGRAMME:
            named = [awards[n] for n in award_names if n in awards]
            if kind == ItemKind.AWARD and not named:
                continue  # the awards are not there (a different season): nothing to present
            services.programme_item_save(edition=edition, by=by, data={
                "starts_at": start + timedelta(minutes=offset), "duration": minutes,
                "title": title, "kind": kind, "description": description, "notes": notes,
                "presenters": [people[p] for p in presenters], "awards": named})
    return [summarise(edition, made="created")]


def summarise(edition: Edition, *, made: str) -> str:
    items = ProgrammeItem.objects.filter(edition=edition)
    unpresented = Award.objects.filter(edition=edition, programme_items__isnull=True).count()
    return (f"  The ceremony ({made}): {edition.local(edition.ceremony_at):%A %d %B %Y %H:%M}, "
            f"{edition.ceremony_venue}; {items.count()} programme items, "
            f"{Presenter.objects.filter(edition=edition).count()} presenters, "
            f"{unpresented} awards without a presentation")


def reset(edition: Edition | None) -> None:
    if edition is None:
        return
    for presenter in Presenter.objects.filter(edition=edition).exclude(photo=""):
        presenter.photo.delete(save=False)
    ProgrammeItem.objects.filter(edition=edition).delete()
    Presenter.objects.filter(edition=edition).delete()
    Ceremony.objects.filter(edition=edition).delete()
