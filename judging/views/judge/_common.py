"""What the judge's pages share: the assignment behind a URL (or a 404), a review's status as the
judge reads it, the typed values of the scoring form, the next entry to score, and what a blind
round hides (the answers that name the entrant, and the passages staff redacted in the others:
see ``entries/redaction.py``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.http import Http404, QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from entries import attachments as files
from entries import redaction
from entries import schema as form_schema
from entries.models import AnonymisedVersion, Attachment, Entry, anonymised_version
from prize import writers
from prize.enums import Role

from ...enums import ReviewStatus
from ...forms import (
    STATUS_ABSTAINED,
    STATUS_CHOICES,
    STATUS_IN_PROGRESS,
    STATUS_NOT_STARTED,
    STATUS_SUBMITTED,
)
from ...models import Assignment, Review
from ...selectors import assignment_for_judge, judge_assignments

STATUS_LABELS = dict(STATUS_CHOICES)
FINISHED = (STATUS_SUBMITTED, STATUS_ABSTAINED)


def is_judge(user) -> bool:
    """Whether the user holds the judge role in some edition (the judge's own pages)."""
    return user.is_authenticated and any(role == Role.JUDGE for _e, role in user.role_set)


def assignment_or_404(request, round_id: int, entry_id: int) -> Assignment:
    """The judge's own assignment of this entry; anything else (not theirs, a conflict, a round
    not yet open, an anonymous visitor) does not exist."""
    assignment = assignment_for_judge(request.user, round_id, entry_id)
    if assignment is None:
        raise Http404
    return assignment


def review_of(assignment: Assignment) -> Review | None:
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


def status_key(review: Review | None) -> str:
    if review is None:
        return STATUS_NOT_STARTED
    return {
        ReviewStatus.SUBMITTED: STATUS_SUBMITTED,
        ReviewStatus.ABSTAINED: STATUS_ABSTAINED,
    }.get(review.status, STATUS_IN_PROGRESS)


@dataclass
class TypedReview:
    """What the scoring form sent: ``scores`` by criterion id (as typed), the two comments
    (None when the form did not carry them) and the version the page was loaded with."""

    scores: dict[int, str] = field(default_factory=dict)
    private_comment: str | None = None
    feedback: str | None = None
    version: int = 0
    writer: str = ""  # the browser tab that sent it (prize.writers)

    @classmethod
    def from_post(cls, data: QueryDict) -> TypedReview:
        scores = {}
        for key in data:
            name, _sep, pk = key.partition("-")
            if name == "score" and pk.isascii() and pk.isdigit():
                scores[int(pk)] = data.get(key, "")
        try:
            version = int(data.get("version", ""))
        except ValueError:
            version = 0
        return cls(scores=scores, private_comment=data.get("private_comment"),
                   feedback=data.get("feedback"), version=version,
                   writer=writers.writer_of(data))

    @property
    def carries_values(self) -> bool:
        return bool(self.scores) or self.private_comment is not None or self.feedback is not None


def next_assignment(user, assignment: Assignment) -> Assignment | None:
    """The next entry in the judge's shuffled order (after this one, then from the start)
    whose review is not finished."""
    order = judge_assignments(user, assignment.round)
    keys = [a.pk for a in order]
    start = keys.index(assignment.pk) + 1 if assignment.pk in keys else 0
    for candidate in order[start:] + order[:start]:
        if candidate.pk != assignment.pk and status_key(review_of(candidate)) not in FINISHED:
            return candidate
    return None


# --- Blind rounds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntrySchema(form_schema.Schema):
    """An entry's form, carrying the entry: what a blind round shows of the entry then hides
    the passages staff redacted in it (loaded when a blind round asks, once per entry)."""

    entry: Entry | None = field(default=None, compare=False, repr=False)


def parsed_schema(entry: Entry, parsed: dict | None = None) -> EntrySchema | None:
    """The entry's form, parsed, with the entry attached (None when the form cannot be read).
    A page listing many entries passes ``parsed``, a dict of its own: each form is then parsed
    once for the page (a form is the same for every entry of it during a request)."""
    if parsed is not None and entry.form_id in parsed:
        schema = parsed[entry.form_id]
    else:
        try:
            schema = EntrySchema.parse(entry.form.schema)
        except form_schema.SchemaError:
            schema = None
        if parsed is not None:
            parsed[entry.form_id] = schema
    return None if schema is None else dataclasses.replace(schema, entry=entry)


def _redactions(schema: form_schema.Schema) -> redaction.EntryPatterns | None:
    entry = getattr(schema, "entry", None)
    return redaction.patterns_of(entry) if entry is not None else None


def title_hidden(schema: form_schema.Schema | None, blind: bool) -> bool:
    """In a blind round the title is hidden when the form marks it as naming the entrant (or
    the form cannot be read), or when staff hid a passage of it (a list of entries loads
    their redactions first: ``entries.redaction.load_patterns``)."""
    if not blind:
        return False
    if schema is None:
        return True
    title = schema.fields_by_key.get(schema.title_field)
    if title is None or title.identifying:
        return True
    patterns = _redactions(schema)
    if not patterns or not patterns.for_field(title.key):
        return False
    entry = schema.entry
    if patterns.hides_in(title.key, entry.title):
        return True
    # Only then the typed answer (a list of entries may not have read the answers).
    typed = entry.answers.get(schema.title_field) if isinstance(entry.answers, dict) else None
    return any(patterns.hides_in(title.key, piece)
               for piece in redaction.answer_pieces(title, typed))


def hidden_step_keys(schema: form_schema.Schema | None, blind: bool) -> set[str]:
    if not blind or schema is None:
        return set()
    return {s.key for s in schema.steps if s.identifying}


def attachments_hidden(schema: form_schema.Schema | None, blind: bool) -> bool:
    """Whether a blind round hides the files altogether (an identifying attachments step)."""
    if not blind:
        return False
    if schema is None:
        return True
    return any(s.kind == "attachments" and s.identifying for s in schema.steps)


def visible_sections(sections: list[dict], schema: form_schema.Schema | None,
                     blind: bool) -> list[dict]:
    """The answer sections a judge may read: in a blind round, without the steps and fields
    that name the entrant (and without raw answers of a form that cannot be read), and with
    "[redacted]" in place of each passage staff hid (when ``schema`` carries its entry, as
    ``parsed_schema`` gives it)."""
    if not blind:
        return sections
    if schema is None:
        return []
    hidden = hidden_step_keys(schema, blind)
    patterns = _redactions(schema)
    out = []
    for section in sections:
        if section["key"] in hidden:
            continue
        if section["kind"] == "fields":
            answers = [redaction.redact_answer(a, patterns) if patterns else a
                       for a in section["answers"] if not a["field"].identifying]
            if not answers:
                continue
            section = {**section, "answers": answers}
        out.append(section)
    return out


def served_file(attachment: Attachment, blind: bool) -> Attachment | AnonymisedVersion:
    """What a judge downloads for one attachment: in a blind round the entrant's anonymised
    version when they gave one (load ``anonymised`` with select_related), else the file."""
    if blind:
        return anonymised_version(attachment) or attachment
    return attachment


def attachment_label(attachment: Attachment, number: int, blind: bool) -> str:
    """How a file is named to a judge: its name, or in a blind round "Attachment 2 (PDF,
    1.2 MB)" (the type and size of the version served)."""
    if not blind:
        return attachment.original_name
    served = served_file(attachment, blind)
    return _("Attachment %(number)d (%(type)s, %(size)s)") % {
        "number": number, "type": files.type_name(served.content_type),
        "size": filesizeformat(served.size)}


def attachment_filename(attachment: Attachment, number: int, blind: bool) -> str:
    """The download's file name: in a blind round "attachment-2.pdf"."""
    if not blind:
        return attachment.original_name
    served = served_file(attachment, blind)
    extension = ""
    for kind in files.KINDS:
        if kind.mime == served.content_type:
            extension = kind.extensions[0]
    return f"attachment-{number}{extension}"
