"""The scoring page of one entry, and its files.

The page shows the entry (in a blind round without what names the entrant), the criteria with
their guidance, and the judge's own review: a form while it can change, read-only once it is
submitted or the round has closed. Nothing about other judges is ever on it.

Below the ``lg`` width the entry and the form are two panels the judge switches between
(judge-review.js); a PDF is read in a frame of the page, next to the form (``?read=<file>`` opens
it without JavaScript), served by ``review_attachment`` with ``?inline=1``.
"""

from __future__ import annotations

import logging

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from entries import metadata
from entries.presentation import answer_sections
from entries.views.attachments import attachment_response, content_response

from ...forms import ReasonForm
from ...services import scoring_open
from ...services.reviews import criteria_of
from ._common import (
    FINISHED,
    STATUS_IN_PROGRESS,
    STATUS_LABELS,
    STATUS_NOT_STARTED,
    TypedReview,
    assignment_or_404,
    attachment_filename,
    attachment_label,
    attachments_hidden,
    parsed_schema,
    review_of,
    served_file,
    status_key,
    title_hidden,
    visible_sections,
)

logger = logging.getLogger(__name__)

PDF = "application/pdf"
# A PDF read in a frame of the scoring page: the browser's own viewer shows it, only our pages
# may frame it, and nothing else loads. No ``sandbox``: Chromium refuses to start its PDF viewer
# in a sandboxed document (the downloads keep it).
INLINE_POLICY = ("default-src 'none'; base-uri 'none'; form-action 'none'; "
                 "frame-ancestors 'self'")
# The scoring page frames those files (its own origin only, whatever the site's default).
PAGE_FRAMES = {"frame-src": ["'self'"]}


def abstain_form(data=None) -> ReasonForm:
    return ReasonForm(
        data, prefix="abstain", label=_("Why do you abstain?"),
        help_text=_("For example: the entry is outside your expertise. Your review is then "
                    "left out of the results (not counted as zero)."))


def recuse_form(data=None) -> ReasonForm:
    return ReasonForm(
        data, prefix="recuse", label=_("What is the conflict?"),
        help_text=_("For example: I worked with this organisation. The entry is taken off your "
                    "list and given to another judge of the panel where one is free."))


def _shown_score(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else str(value)


def _running_total(criteria: list[dict]) -> float | None:
    """The weighted total out of 100 of the scores shown, as the results will count it
    (judging.scoring.weighted_total); None until every required criterion has a valid score.
    The page keeps it up to date while the judge types (judge-review.js, the same formula)."""
    from ...scoring import Criterion as Scored
    from ...scoring import weighted_total

    scores, scored = {}, []
    for item in criteria:
        c = item["criterion"]
        scored.append(Scored(name=str(c.pk), weight=float(c.weight), scale_min=float(c.scale_min),
                             scale_max=float(c.scale_max), required=c.required))
        try:
            value = float(item["value"]) if str(item["value"]).strip() else None
        except (TypeError, ValueError):
            return None
        if value is not None:
            scores[str(c.pk)] = value
    try:
        return weighted_total(scores, scored) if scored else None
    except ValueError:  # a score outside its scale: the form marks it
        return None


def _attachments(assignment, schema) -> list:
    round, entry = assignment.round, assignment.entry
    if attachments_hidden(schema, round.blind):
        return []
    listed = _listed(entry, round.blind)
    page_url = reverse("judging:review", args=[round.pk, entry.pk])
    for number, attachment in enumerate(listed, start=1):
        attachment.label = attachment_label(attachment, number, round.blind)
        attachment.download_url = reverse(
            "judging:review_attachment", args=[round.pk, entry.pk, attachment.pk])
        # What the judge gets is what is read: in a blind round, the anonymised version's type.
        attachment.readable = served_file(attachment, round.blind).content_type == PDF
        if attachment.readable:
            attachment.inline_url = f"{attachment.download_url}?inline=1"
            attachment.read_url = f"{page_url}?read={attachment.pk}#file-viewer"
    return listed


def _reading(request, attachments: list):
    """The PDF the page opens in its viewer (``?read=<id>``, one of the files listed), if any."""
    wanted = request.GET.get("read", "")
    for attachment in attachments:
        if attachment.readable and str(attachment.pk) == wanted:
            return attachment
    return None


def _scored_count(criteria: list[dict]) -> int:
    return sum(1 for item in criteria if str(item["value"]).strip())


def _listed(entry, blind: bool) -> list:
    """The entry's files in upload order (numbered from 1); in a blind round with their
    anonymised versions."""
    files = entry.attachments.order_by("uploaded_at", "pk")
    return list(files.select_related("anonymised") if blind else files)


def render_review(request, assignment, *, typed: TypedReview | None = None,
                  errors: dict[int, str] | None = None, alert: str = "",
                  alert_kind: str = "danger", version: int | None = None,
                  abstain: ReasonForm | None = None, recuse: ReasonForm | None = None,
                  status: int = 200):
    """The scoring page; after a refused POST, with what was typed, the messages, and the
    given HTTP status."""
    round, entry = assignment.round, assignment.entry
    review = review_of(assignment)
    errors = errors or {}
    stored = {s.criterion_id: s.value for s in review.scores.all()} if review else {}
    criteria = []
    for criterion in criteria_of(assignment):
        if typed is not None and criterion.pk in typed.scores:
            value = typed.scores[criterion.pk]
        else:
            value = _shown_score(stored.get(criterion.pk))
        criteria.append({"criterion": criterion, "value": value,
                         "error": errors.get(criterion.pk, ""),
                         "focus": bool(errors.get(criterion.pk)) and not any(
                             c["focus"] for c in criteria)})
    running_total = _running_total(criteria)
    schema = parsed_schema(entry)
    attachments = _attachments(assignment, schema)
    sections = visible_sections(answer_sections(entry, attachments, schema), schema, round.blind)
    review_status = status_key(review)
    is_open = scoring_open(round)
    abstain, recuse = abstain or abstain_form(), recuse or recuse_form()
    reading = _reading(request, attachments)
    # After a refused submit (or a reason to correct) the phone shows the form; a file asked
    # for shows the entry; else the judge's last choice (kept by the browser) or the entry.
    if errors or abstain.errors or recuse.errors:
        shown_panel = "score"
    elif reading is not None:
        shown_panel = "entry"
    else:
        shown_panel = ""

    def typed_or_stored(name):
        value = getattr(typed, name, None) if typed is not None else None
        if value is None:
            value = getattr(review, name, "") if review else ""
        return value

    response = render(request, "judging/judge/review.html", {
        "assignment": assignment,
        "round": round,
        "entry": entry,
        "review": review,
        "blind": round.blind,
        "show_title": not title_hidden(schema, round.blind),
        "sections": sections,
        "criteria": criteria,
        "running_total": running_total,
        "scored_count": _scored_count(criteria),
        "reading": reading,
        "shown_panel": shown_panel,
        "errors": errors,
        "private_comment": typed_or_stored("private_comment"),
        "feedback": typed_or_stored("feedback"),
        "version": version if version is not None else (review.version if review else 1),
        "review_status": review_status,
        "review_status_label": STATUS_LABELS[review_status],
        "is_open": is_open,
        "editable": is_open and review_status in (STATUS_NOT_STARTED, STATUS_IN_PROGRESS),
        "can_reopen": is_open and review_status in FINISHED,
        "can_abstain": is_open and review_status in (STATUS_NOT_STARTED, STATUS_IN_PROGRESS),
        "abstain_form": abstain,
        "recuse_form": recuse,
        "alert": alert,
        "alert_kind": alert_kind,
    }, status=status)
    response._csp_update = PAGE_FRAMES
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def review(request, round_id, entry_id):
    """The scoring page. Its "Submit the review" button posts here, so a refused submission
    (a missing score) shows the page again at its own address, not under /submit/."""
    if request.method == "POST":
        from .actions import review_submit

        return review_submit(request, round_id, entry_id)
    assignment = assignment_or_404(request, round_id, entry_id)
    return render_review(request, assignment)


@require_safe
def review_attachment(request, round_id, entry_id, pk):
    """One file of the entry, to its judge. In a blind round: the entrant's anonymised version
    when there is one, always without its document metadata and under a neutral name; a file
    whose metadata cannot be taken out is not served at all.

    With ``?inline=1`` a PDF is served to be read in the scoring page's frame (see ``_inline``);
    any other file stays a download."""
    assignment = assignment_or_404(request, round_id, entry_id)
    round, entry = assignment.round, assignment.entry
    if attachments_hidden(parsed_schema(entry), round.blind):
        raise Http404
    listed = _listed(entry, round.blind)
    for number, attachment in enumerate(listed, start=1):
        if attachment.pk != pk:
            continue
        filename = attachment_filename(attachment, number, round.blind)
        served = served_file(attachment, round.blind)
        if not round.blind:
            response = attachment_response(attachment, filename)
        else:
            response = _blind_download(request, assignment, served, filename, number)
        if request.GET.get("inline") != "1" or served.content_type != PDF:
            return response
        if response.status_code != 200:
            # The page saying why the file is not served, shown in the frame that asked for it.
            response["X-Frame-Options"] = "SAMEORIGIN"
            response._csp_replace = {"frame-ancestors": ["'self'"]}
            return response
        return _inline(response, filename)
    raise Http404


def _inline(response, filename: str):
    """The download made readable in a frame of our own pages: shown, not saved, and framed
    by the same origin only; still private (no cache) and never sniffed."""
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Content-Security-Policy"] = INLINE_POLICY
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _blind_download(request, assignment, served, filename: str, number: int):
    try:
        with served.file.open("rb") as handle:
            content = handle.read()
    except OSError as exc:
        logger.error("Attachment file %s is missing from storage: %s", served.file.name, exc)
        raise Http404 from exc
    try:
        cleaned = metadata.strip(content, served.content_type)
    except metadata.CannotStrip as exc:
        # Never the original instead: it may carry the author's name.
        logger.warning("Attachment file %s could not be stripped of its metadata: %s",
                       served.file.name, exc)
        return render(request, "judging/judge/file_unavailable.html", {
            "number": number,
            "review_url": reverse("judging:review",
                                  args=[assignment.round_id, assignment.entry_id]),
        }, status=422)
    return content_response(cleaned, served.content_type, filename)
