"""Which application form each kind of entrant fills in each category, and copies of a form.

Entries keep the form they were started with, so choosing another form for a category and kind
only changes what new entries fill in. Each change is audited.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify
from django.utils.translation import gettext as _

from prize.enums import EntrantKind
from prize.models import Edition, User
from prize.services import audit

from .models import EntryForm, EntryFormUse


class FormSetupError(Exception):
    """A change refused, with the reason to show."""


def forms_of(edition: Edition) -> list[EntryForm]:
    """The edition's forms, each with its number of entries (one query)."""
    return list(EntryForm.objects.filter(edition=edition)
                .annotate(entry_count=Count("entries", distinct=True)).order_by("name", "pk"))


def grid(edition: Edition) -> list[dict]:
    """One row per category: each kind of entrant it admits with the form chosen (or None)."""
    uses = {(u.category_id, u.entrant_kind): u.form_id
            for u in EntryFormUse.objects.filter(category__edition=edition)}
    kinds = dict(EntrantKind.choices)
    return [{"category": category,
             "kinds": [{"kind": kind, "label": kinds.get(kind, kind),
                        "form_id": uses.get((category.pk, kind)),
                        "field": f"use-{category.pk}-{kind}"}
                       for kind in category.allowed_entrant_kinds or []]}
            for category in edition.categories.order_by("order", "name")]


def uses_save(*, edition: Edition, chosen: dict[tuple[int, str], int | None], by: User) -> int:
    """Set the form of each (category id, kind) given; None takes the choice away. Returns how
    many changed. A form of another edition, or a kind the category does not admit, is
    refused."""
    forms = set(EntryForm.objects.filter(edition=edition).values_list("pk", flat=True))
    admitted = {(c.pk, kind) for c in edition.categories.all()
                for kind in c.allowed_entrant_kinds or []}
    for key, form_id in chosen.items():
        if key not in admitted:
            raise FormSetupError(_("Reload the page: the categories changed since it was "
                                   "opened."))
        if form_id is not None and form_id not in forms:
            raise FormSetupError(_("Choose one of this edition's forms."))
    changed = 0
    with transaction.atomic():
        current = {(u.category_id, u.entrant_kind): u for u in EntryFormUse.objects
                   .select_for_update().filter(category__edition=edition)}
        for (category_id, kind), form_id in chosen.items():
            use = current.get((category_id, kind))
            before = use.form_id if use else None
            if before == form_id:
                continue
            if form_id is None:
                use.delete()
            elif use is None:
                EntryFormUse.objects.create(category_id=category_id, entrant_kind=kind,
                                            form_id=form_id)
            else:
                use.form_id = form_id
                use.save(update_fields=["form"])
            audit(by, "form_use.set", edition, edition=edition,
                  before={"category": category_id, "kind": kind, "form": before},
                  after={"category": category_id, "kind": kind, "form": form_id})
            changed += 1
    return changed


def form_copy(*, form: EntryForm, by: User, name: str = "",
              to: Edition | None = None) -> EntryForm:
    """A copy of ``form``, in its edition (to change without touching the entries made with
    the original) or in edition ``to`` (a form of an earlier edition, to start from)."""
    edition = to or form.edition
    if to is not None and to.pk != form.edition_id:
        name = name or form.name
    name = (name or _("Copy of %(name)s") % {"name": form.name})[:200]
    with transaction.atomic():
        base = slugify(name)[:40].strip("-") or "form"
        taken = set(EntryForm.objects.filter(edition=edition).values_list("slug", flat=True))
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        copy = EntryForm.objects.create(edition=edition, name=name, slug=slug,
                                        schema=form.schema)
        audit(by, "form.copy", copy, edition=edition,
              after={"from": form.name, "from_edition": form.edition.short_name})
    return copy


def forms_to_import(edition: Edition, editions) -> list[EntryForm]:
    """The forms of the other editions in ``editions`` (those the user manages), newest
    edition first, to start this edition's forms from."""
    return list(EntryForm.objects.filter(edition__in=editions).exclude(edition=edition)
                .select_related("edition").order_by("-edition__year", "edition__name", "name"))
