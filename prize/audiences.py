"""Audiences: the groups of an edition's people the staff can write to (group messages).

The core knows no entrant, judge or finalist: each app registers the groups it knows from its
``AppConfig.ready()`` (entries: entrants by status, category, kind, country; judging: judges by
round, panel and progress, and entrants by the round they reached; ceremony: finalists and
winners)::

    from prize import audiences

    audiences.register(audiences.Audience(
        key="entries.entrants", label=_("Entrants"), form=EntrantFilterForm,
        recipients=entrant_recipients, fields=("entry_title", "entry_reference", ...)))

``form(data, edition=...)`` is a plain form of the audience's filters. Its cleaned values must be
plain text or lists of text (choice fields), so that a message keeps them as JSON and finds the
same people again when it is sent. ``recipients(edition, filters)`` returns one ``Recipient``
per person (each user once) with the values of the merge fields its row offers, in a bounded
number of queries whatever the number of people. ``fields`` names those merge fields
(see ``prize/message_merge.py``); the common ones (name, edition, dashboard link) are always
there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms

from .models import Edition, User


@dataclass(frozen=True)
class Recipient:
    """One person an audience reaches, with the values of its merge fields (text, a moment,
    or a site path for links)."""

    user: User
    values: dict[str, Any] = field(default_factory=dict)


RecipientsFunction = Callable[[Edition, dict], list[Recipient]]


@dataclass(frozen=True)
class Audience:
    key: str
    label: str
    form: type[forms.Form]
    recipients: RecipientsFunction
    fields: Sequence[str] = ()
    help_text: str = ""
    order: int = 0


_registry: dict[str, Audience] = {}


def register(audience: Audience) -> Audience:
    """Add (or, under the same key, replace) an audience."""
    _registry[audience.key] = audience
    return audience


def unregister(key: str) -> None:
    _registry.pop(key, None)


def all_audiences() -> list[Audience]:
    return sorted(_registry.values(), key=lambda a: (a.order, str(a.label)))


def get(key: str) -> Audience | None:
    return _registry.get(key)


def unique(recipients: list[Recipient]) -> list[Recipient]:
    """Each user once (the first row found for them wins), in the given order."""
    seen: set[int] = set()
    out = []
    for recipient in recipients:
        if recipient.user.pk in seen or not recipient.user.is_active:
            continue
        seen.add(recipient.user.pk)
        out.append(recipient)
    return out


class AudienceForm(forms.Form):
    """Base of an audience's filters: built for one edition (``setup`` fills the choices).
    Every field is optional unless the audience says otherwise; use choice fields only."""

    def __init__(self, data=None, *, edition: Edition, prefix: str | None = None, **kwargs):
        super().__init__(data, prefix=prefix, **kwargs)
        self.edition = edition
        self.setup(edition)

    def setup(self, edition: Edition) -> None:
        """Fill the fields' choices for ``edition``."""
