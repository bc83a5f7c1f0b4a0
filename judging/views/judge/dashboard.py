"""The judge's dashboard: each round they judge in (open ones first), its deadline and progress,
and their assignments in their own shuffled order; pending invitations and waiting panels.

Each round's section is drawn by ``_dashboard_section.html`` from its inputs alone (plain values:
the round's names, dates and status, the rows as shown, the progress), read afresh on every
visit. The process keeps the drawn section under a digest of those inputs, the language and the
time zone: a judge who comes back to an unchanged list gets it without drawing it again, and
any difference in what it shows (a status, a title hidden or shown, a name, a filter, the
language) is another digest, so it is drawn again. Nothing is kept that was not computed from
this visit's reads. In the same way a blind round's forms are read as text and each text's
parse is kept.
"""

from __future__ import annotations

import hashlib
import json

from django.db.models import TextField
from django.db.models.functions import Cast
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from entries.models import Entry, EntryForm
from entries.schema import SchemaError
from prize.memo import Recent
from prize.permissions import deny

from ...enums import RoundStatus
from ...forms import DashboardFilterForm
from ...models import PanelMembership
from ...selectors import judge_assignments_by_round, judge_rounds, round_percent
from ...services import scoring_open
from ._common import (
    FINISHED,
    STATUS_LABELS,
    EntrySchema,
    is_judge,
    parsed_schema,
    review_of,
    status_key,
    title_hidden,
)

_kept = Recent(128)  # drawn sections kept per process, the least recently used dropped
_forms = Recent(32)  # parsed forms kept per process (None: a form that cannot be read)
_UNKNOWN = object()


def _hidden_titles(rounds_with_assignments) -> set[int]:
    """Entries whose title a blind round hides: one query for every form involved, one for
    their redactions, and one for the answers of those whose redactions may hide a passage of
    the title's answer only (none without such redactions)."""
    blind = [a.entry for round, items in rounds_with_assignments if round.blind for a in items]
    if not blind:
        return set()
    parsed = _form_schemas({e.form_id for e in blind})  # each form once for the page
    # A title with a passage staff redacted is hidden too: one query for every entry.
    from entries.redaction import load_patterns, patterns_of

    load_patterns(blind)
    hidden = set()
    schemas = []
    for entry in blind:
        schema = parsed_schema(entry, parsed) if entry.form_id in parsed else None
        if schema is None:  # a form that cannot be read (or found) hides the title
            hidden.add(entry.pk)
            continue
        schemas.append(schema)
    _load_title_answers([s.entry for s in schemas if _title_may_hide(s, patterns_of(s.entry))])
    for schema in schemas:
        if title_hidden(schema, True):
            hidden.add(schema.entry.pk)
    return hidden




def _form_schemas(form_ids) -> dict[int, EntrySchema | None]:
    """The forms parsed (None: cannot be read), by id, in one query. A form is read as its
    text; the process keeps the parse of each text (in each language), so a form is parsed
    again only when its text differs."""
    rows = (EntryForm.objects.filter(pk__in=list(form_ids))
            .annotate(text=Cast("schema", TextField())).values_list("pk", "text"))
    language = translation.get_language()
    out = {}
    for pk, text in rows:
        key = (language, hashlib.sha256(text.encode()).hexdigest())
        schema = _forms.get(key, _UNKNOWN)
        if schema is _UNKNOWN:
            try:
                schema = EntrySchema.parse(json.loads(text))
            except SchemaError:
                schema = None
            _forms.put(key, schema)
        out[pk] = schema
    return out


def _title_may_hide(schema, patterns) -> bool:
    """Whether ``title_hidden`` reads the entry's typed title answer: when its redactions may
    hide a passage of the title's answer, though not of its title as listed."""
    title = schema.fields_by_key.get(schema.title_field)
    return (title is not None and not title.identifying
            and bool(patterns.for_field(title.key))
            and not patterns.hides_in(title.key, schema.entry.title))


def _load_title_answers(entries) -> None:
    """The answers of ``entries`` (the list does not read answers otherwise): one query for
    them all, none when there are none."""
    by_pk = {e.pk: e for e in entries}
    if by_pk:
        for pk, answers in Entry.objects.filter(pk__in=list(by_pk)).values_list("pk", "answers"):
            by_pk[pk].answers = answers


def _review_urls(round_id: int):
    """The scoring page's address of each entry of the round: reversed once for the round
    (with entry 0), each entry's id then put in its place."""
    prefix, _zero, suffix = reverse("judging:review", args=[round_id, 0]).rpartition("/0/")
    return lambda entry_id: f"{prefix}/{entry_id}/{suffix}"


def _row(assignment, url: str, is_open: bool, hide_title: bool) -> dict:
    status = status_key(review_of(assignment))
    entry = assignment.entry
    return {
        "reference": entry.reference,
        "title": "" if hide_title else entry.title,
        "category_id": entry.category_id,
        "category": entry.category.name,
        "status": status,
        "status_label": str(STATUS_LABELS[status]),
        "url": url,
        "can_score": is_open and status not in FINISHED,
    }


def _section_html(round, section: dict, viewer_time_zone: str | None) -> str:
    """The round's section, drawn from ``section`` and the round's shown values, or kept from
    an earlier visit with the very same inputs, language and time zone."""
    context = {
        "round": {"pk": round.pk, "name": round.name, "edition_name": round.edition.name,
                  "status": round.status, "status_label": round.get_status_display(),
                  "closes_at": round.closes_at, "time_zone": round.edition.time_zone,
                  "blind": round.blind},
        "section": section,
        "viewer_time_zone": viewer_time_zone,
    }
    key = hashlib.sha256(repr((translation.get_language(), timezone.get_current_timezone_name(),
                               context)).encode()).hexdigest()
    html = _kept.get(key)
    if html is None:
        html = render_to_string("judging/judge/_dashboard_section.html", context)
        _kept.put(key, html)
    return html


def forget() -> None:
    """Drop every section and form this process keeps (tests)."""
    _kept.clear()
    _forms.clear()


def dashboard(request):
    user = request.user
    if not is_judge(user):
        return deny(request)
    rounds = sorted(judge_rounds(user), key=lambda r: r.status != RoundStatus.OPEN)
    by_round = judge_assignments_by_round(user, rounds)
    with_assignments = [(round, by_round.get(round.pk, [])) for round in rounds]
    memberships = list(
        PanelMembership.objects.filter(judge=user)
        .exclude(round__status=RoundStatus.FINALISED)
        .select_related("round__edition", "category")
        .order_by("-round__edition__year", "round__number", "category__order", "category__name")
    )
    categories = {a.entry.category_id: a.entry.category
                  for _round, items in with_assignments for a in items}
    filter_form = DashboardFilterForm(
        request.GET or None,
        categories=sorted(categories.values(), key=lambda c: (c.order, c.name)),
    )
    filters = filter_form.filters()
    hidden_titles = _hidden_titles(with_assignments)

    sections = []
    for round, items in with_assignments:
        is_open = scoring_open(round)
        url_of = _review_urls(round.pk)
        rows = [_row(a, url_of(a.entry_id), is_open, a.entry_id in hidden_titles)
                for a in items]
        done = sum(1 for r in rows if r["status"] in FINISHED)
        shown = [r for r in rows
                 if (not filters["status"] or r["status"] == filters["status"])
                 and (filters["category"] is None or r["category_id"] == filters["category"])]
        section = {
            "is_open": is_open,
            "rows": shown,
            "total": len(rows),
            "done": done,
            "percent": round_percent(done, len(rows)),
            "label_id": f"progress-{round.pk}",
        }
        sections.append({"round": round, "html": _section_html(
            round, section, getattr(request, "viewer_time_zone", None))})

    judged_rounds = {round.pk for round in rounds}
    return render(request, "judging/judge/dashboard.html", {
        "sections": sections,
        "filter_form": filter_form,
        "filtering": bool(filters["status"] or filters["category"]),
        "invitations": [m for m in memberships if m.accepted_at is None],
        "waiting": [m for m in memberships
                    if m.accepted_at is not None and m.round_id not in judged_rounds],
    })
