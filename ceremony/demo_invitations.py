"""The demo's invitations: every 2023 finalist invited on 1 September 2023, most of them replied
in the days after (the person who receives a prize on stage, a pronunciation hint, guests by
name, a few accessibility and dietary needs; a few cannot come), and a few never replied (one
was reminded).

No e-mail is written to the outbox: the invitations are rows with random reply links nobody
holds (the entrants reach the reply page from their dashboard), and the replies go through
``services.reply_save`` under the demo's clock, so they carry their 2023 times and the audit
log shows them. ``load(edition, by)`` is idempotent (an edition with invitations is left
alone); ``reset(edition)`` removes them. Called from ``ceremony/demo.py``.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from django.db import transaction

from judging.demo.season import clock
from prize.models import Edition

from . import guestlist, services
from .models import Invitation, token_digest

GUESTS = ["Lee Ji-eun", "Park Seo-yeon", "Maria Costa", "Ahmed Haddad", "Sofia Rossi",
          "Daniel Okafor", "Chen Wei", "Ana Lima", "Tomás Silva", "Aiko Tanaka"]
ACCESS = ["Step-free access to the stage, please.", "A wheelchair space near the front.",
          "Sign language interpretation for one guest."]
DIET = ["Vegetarian", "Halal", "No nuts (allergy)", "Vegan", "Gluten-free"]
NOT_REPLIED = 4  # finalists who never replied (the last ones, by reference)
DECLINED = 3


def load(edition: Edition, by) -> list[str]:
    if Invitation.objects.filter(edition=edition).exists():
        return [summarise(edition, made="already there")]
    if edition.ceremony_at is None:
        return []
    finalists = guestlist.pool_ids(edition)
    if not finalists:
        return []
    rng = random.Random(2023)
    sent_at = edition.ceremony_at - timedelta(days=24)  # 1 September 2023
    with transaction.atomic(), clock(sent_at):
        Invitation.objects.bulk_create([
            Invitation(edition=edition, entry_id=pk, sent_by=by,
                       token_digest=token_digest(secrets.token_urlsafe(32)))
            for pk in sorted(finalists)])
    invitations = list(guestlist.invitations_of(edition))
    waiting = invitations[-NOT_REPLIED:]
    for n, invitation in enumerate(invitations[:-NOT_REPLIED]):
        entrant = invitation.entry.entrant
        attending = n % 12 != 5 or n // 12 >= DECLINED
        guests = rng.sample(GUESTS, k=rng.choice([0, 1, 1, 2]))
        data = {"attending": attending, "recipient_name": entrant.contact_name,
                "recipient_title": entrant.position or "Head of the delegation",
                "pronunciation": "" if n % 3 else f"{entrant.contact_name}: as written, "
                                                   "stress on the first syllable",
                "guests": guests, "guest_count": len(guests),
                "accessibility": ACCESS[n % len(ACCESS)] if n % 7 == 0 else "",
                "dietary": DIET[n % len(DIET)] if n % 4 == 0 else ""}
        with clock(sent_at + timedelta(days=1 + n % 9, hours=n % 8)):
            services.reply_save(invitation=invitation, data=data, by=None)
    if waiting:
        Invitation.objects.filter(pk=waiting[0].pk).update(
            reminders=1, reminded_at=sent_at + timedelta(days=9))
    return [summarise(edition, made="created")]


def summarise(edition: Edition, *, made: str) -> str:
    totals = guestlist.totals(list(guestlist.invitations_of(edition)))
    return (f"  Ceremony invitations ({made}): {totals.invited} finalists invited, "
            f"{totals.attending} attending with {totals.guests} guests ({totals.people} people), "
            f"{totals.declined} not attending, {totals.waiting} not replied yet")


def reset(edition: Edition | None) -> None:
    if edition is not None:
        Invitation.objects.filter(edition=edition).delete()
