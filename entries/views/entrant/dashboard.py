"""The entrant's dashboard (their entries and the categories they may enter) and starting an
entry in a category."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from prize.enums import EntrantKind
from prize.models import Category
from prize.selectors import editions_visible_to

from ... import schema as form_schema
from ...enums import EDITABLE_STATUSES
from ...models import Entry, EntryFormUse, Extension, closing_time
from ...selectors import entrant_of, entries_editable_by
from ...services import EntryError, deadline_for, entry_start, submission_problems
from ...templatetags.entries_tags import time_left
from ._common import call_open, current_edition, redirect_to_profile, step_url


@dataclass
class EntryRow:
    entry: Entry
    deadline: object
    is_open: bool
    time_left: str
    missing: int | None
    continue_url: str


@dataclass
class CategoryChoice:
    category: Category
    allowed: bool
    reason: str = ""
    who: list[str] = field(default_factory=list)


def _kind_reason(category: Category, kind: str) -> str:
    allowed = category.allowed_entrant_kinds or []
    if allowed == [EntrantKind.INDIVIDUAL]:
        return _("%(category)s is for individuals only.") % {"category": category.name}
    names = [k.lower() for k in category.get_allowed_entrant_kinds_display()]
    if not names:
        return _("%(category)s is not open to entries.") % {"category": category.name}
    listed = names[0] if len(names) == 1 else _("%(list)s and %(last)s") % {
        "list": ", ".join(names[:-1]), "last": names[-1]}
    if kind == EntrantKind.INDIVIDUAL:
        return _("%(category)s is for organisations (%(kinds)s), not for individuals.") % {
            "category": category.name, "kinds": listed}
    return _("%(category)s is open to %(kinds)s only.") % {"category": category.name,
                                                            "kinds": listed}


def _entry_rows(user, extensions: dict[int, Extension], now) -> list[EntryRow]:
    """The entries the user works on, each with its deadline and what is still missing: a
    fixed number of queries however many entries there are."""
    entries = (
        entries_editable_by(user)
        .select_related("edition", "category", "form", "last_saved_by")
        .annotate(attachment_count=Count("attachments"))
        .order_by("-edition__call_closes_at", "-last_saved_at", "-pk")
    )
    schemas: dict[int, form_schema.Schema] = {}
    rows = []
    for entry in entries:
        deadline = entry.deadline(extensions.get(entry.edition_id, False))
        is_open = call_open(entry.edition, deadline, now)
        missing = None
        if entry.status in EDITABLE_STATUSES:
            if entry.form_id not in schemas:
                schemas[entry.form_id] = form_schema.Schema.parse(entry.form.schema)
            missing = len(submission_problems(entry.editing(), schema=schemas[entry.form_id],
                                              attachment_count=entry.attachment_count))
        step = entry.current_step or ""
        continue_url = reverse("entries:step", args=[entry.pk, step]) if step else \
            reverse("entries:entry_detail", args=[entry.pk])
        rows.append(EntryRow(entry=entry, deadline=deadline, is_open=is_open,
                             time_left=time_left(deadline, now) if is_open else "",
                             missing=missing, continue_url=continue_url))
    return rows


@never_cache  # personal, and shows results once they are public: never kept by a cache
@login_required
def dashboard(request):
    entrant = entrant_of(request.user)
    edition = current_edition(request.user)
    extensions = {} if entrant is None else {
        e.edition_id: e for e in Extension.objects.filter(entrant=entrant)}
    now = timezone.now()
    rows = [] if entrant is None else _entry_rows(request.user, extensions, now)
    choices, is_open, edition_deadline = [], False, None
    if edition is not None:
        edition_deadline = closing_time(edition, extensions.get(edition.pk))
        is_open = call_open(edition, edition_deadline, now)
        with_form = set()
        if entrant is not None:
            with_form = set(EntryFormUse.objects.filter(
                category__edition=edition, entrant_kind=entrant.kind
            ).values_list("category_id", flat=True))
        for category in edition.categories.order_by("order", "name"):
            choice = CategoryChoice(category=category, allowed=True,
                                    who=category.get_allowed_entrant_kinds_display())
            if entrant is not None and not category.allows(entrant.kind):
                choice.allowed, choice.reason = False, _kind_reason(category, entrant.kind)
            elif entrant is not None and category.pk not in with_form:
                choice.allowed = False
                choice.reason = _("The application form for %(category)s is not ready yet.") \
                    % {"category": category.name}
            choices.append(choice)
    return render(request, "entries/entrant/dashboard.html", {
        "entrant": entrant, "rows": rows, "edition": edition, "choices": choices,
        # for the page's slot (prize/panels.py): later apps show things about these entries
        "entries": [row.entry for row in rows],
        "call_open": is_open, "edition_deadline": edition_deadline,
        "edition_time_left": time_left(edition_deadline, now) if is_open else "",
    })


@login_required
def start(request, category_id):
    entrant = entrant_of(request.user)
    here = reverse("entries:start", args=[category_id])
    category = get_object_or_404(
        Category.objects.select_related("edition").filter(
            edition__in=editions_visible_to(request.user)), pk=category_id)
    if entrant is None:
        messages.info(request, _("Before you start an entry, tell us who enters: fill in your "
                                 "entrant profile. You will come back here afterwards."))
        return redirect_to_profile(request, here)
    if request.method == "POST":
        try:
            entry = entry_start(edition=category.edition, category=category, entrant=entrant,
                                by=request.user)
        except EntryError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("entries:dashboard")
        messages.success(request, _("Your draft entry in %(category)s is started. It is saved "
                                    "as you type; come back to it at any time before the "
                                    "deadline.") % {"category": category.name})
        first = form_schema.Schema.parse(entry.form.schema).steps[0]
        return redirect(step_url(entry, first))
    reason = "" if category.allows(entrant.kind) else _kind_reason(category, entrant.kind)
    use = EntryFormUse.objects.filter(category=category, entrant_kind=entrant.kind).select_related(
        "form").first()
    steps = form_schema.Schema.parse(use.form.schema).steps if use else ()
    deadline = deadline_for(edition=category.edition, entrant=entrant)
    return render(request, "entries/entrant/start.html", {
        "category": category, "edition": category.edition, "entrant": entrant,
        "reason": reason, "has_form": use is not None, "steps": steps, "deadline": deadline,
        "call_open": call_open(category.edition, deadline),
    })
