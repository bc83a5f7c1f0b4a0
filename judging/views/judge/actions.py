"""What a judge does to a review: save (the htmx autosave, or a plain form post), submit, reopen,
abstain and recuse. Every change goes through ``judging.services``; a refused one shows the page
again with what was typed (or, for the autosave, a status line), never losing it.

Status codes of the autosave: 200 saved (per-criterion problems, if any, in the fragment), 400
refused by the rules (closed round, submitted review, a criterion of another round), 401 logged
out, 404 not this judge's entry, 409 changed in another tab.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import services
from ...enums import ReviewStatus
from ...services import JudgingError, MissingScores, StaleReview
from ...services.reviews import criteria_of
from ._common import TypedReview, assignment_or_404, next_assignment, review_of
from .review import abstain_form, recuse_form, render_review


def _saved_time(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i")


def _review_url(assignment) -> str:
    return reverse("judging:review", args=[assignment.round_id, assignment.entry_id])


def _label(assignment) -> str:
    return assignment.entry.reference or _("this entry")


def _session_expired(request, round_id, entry_id):
    here = reverse("judging:review", args=[round_id, entry_id])
    login = f"{reverse('account_login')}?{QueryDict.fromkeys(['next'], here).urlencode()}"
    template = ("judging/judge/_session_expired.html" if request.htmx
                else "judging/judge/session_expired.html")
    return render(request, template, {"login_url": login}, status=401)


def _status_fragment(request, assignment, *, review=None, errors=None, message="",
                     status=200) -> HttpResponse:
    errors = errors or {}
    criteria = criteria_of(assignment) if status == 200 else []
    html = render_to_string("judging/judge/_save_status.html", {
        "failed": status != 200,
        "stale": status == 409,
        "message": message,
        "saved_at": _saved_time(review.updated_at) if review is not None else "",
        "version": review.version if review is not None else None,
        "criteria": [{"criterion": c, "error": errors.get(c.pk, "")} for c in criteria],
        "error_count": len(errors),
        "review_url": _review_url(assignment),
    }, request=request)
    response = HttpResponse(html, status=status)
    if review is not None and status == 200:
        response["HX-Trigger"] = json.dumps({"reviewSaved": {
            "version": review.version, "errors": {str(k): v for k, v in errors.items()}}})
    return response


def _refused(request, assignment, typed: TypedReview, error: JudgingError, status: int):
    """A save the rules refused: a status line for the autosave, else the page again with
    everything that was typed."""
    message = " ".join(error.messages)
    if request.htmx:
        return _status_fragment(request, assignment, message=message, status=status)
    return render_review(request, assignment, typed=typed, alert=message,
                         version=typed.version, status=status)


@require_POST
def review_save(request, round_id, entry_id):
    if not request.user.is_authenticated:
        return _session_expired(request, round_id, entry_id)
    assignment = assignment_or_404(request, round_id, entry_id)
    typed = TypedReview.from_post(request.POST)
    try:
        review, errors = services.review_save(
            assignment=assignment, by=request.user, scores=typed.scores,
            private_comment=typed.private_comment, feedback=typed.feedback,
            version=typed.version, writer=typed.writer)
    except StaleReview as exc:
        return _refused(request, assignment, typed, exc, 409)
    except JudgingError as exc:
        return _refused(request, assignment, typed, exc, 400)

    if request.htmx:
        return _status_fragment(request, assignment, review=review, errors=errors)
    assignment.review = review
    if errors:
        return render_review(
            request, assignment, typed=typed, errors=errors, version=review.version,
            alert_kind="warning",
            alert=_("Saved, except the scores marked below: they were not stored."))
    messages.success(request, _("Saved at %(time)s.") % {"time": _saved_time(review.updated_at)})
    if request.POST.get("action") == "next":
        following = next_assignment(request.user, assignment)
        if following is None:
            messages.info(request, _("No other entry of %(round)s is waiting for your score.")
                          % {"round": assignment.round.name})
            return redirect("judging:dashboard")
        return redirect("judging:review", round_id=following.round_id,
                        entry_id=following.entry_id)
    return redirect(_review_url(assignment))


@require_POST
def review_submit(request, round_id, entry_id):
    """Save what the form carries, then lock the review. A second submit changes nothing."""
    assignment = assignment_or_404(request, round_id, entry_id)
    typed = TypedReview.from_post(request.POST)
    review = review_of(assignment)
    already = review is not None and review.status == ReviewStatus.SUBMITTED
    if typed.carries_values and (review is None or review.status == ReviewStatus.DRAFT):
        try:
            review, errors = services.review_save(
                assignment=assignment, by=request.user, scores=typed.scores,
                private_comment=typed.private_comment, feedback=typed.feedback,
                version=typed.version, writer=typed.writer)
        except StaleReview as exc:
            return render_review(request, assignment, typed=typed, alert=exc.messages[0],
                                 version=typed.version, status=409)
        except JudgingError as exc:
            return render_review(request, assignment, typed=typed,
                                 alert=" ".join(exc.messages), version=typed.version,
                                 status=400)
        assignment.review = review
        if errors:
            return render_review(
                request, assignment, typed=typed, errors=errors, version=review.version,
                alert=_("Not submitted: correct the scores marked below first."), status=400)
    try:
        services.review_submit(assignment=assignment, by=request.user)
    except MissingScores as exc:
        # Back on the scoring page with every missing score marked and the first one focused.
        return render_review(
            request, assignment, typed=typed if typed.carries_values else None,
            errors={c.pk: _("Score this criterion to submit the review.") for c in exc.criteria},
            alert=_("Not submitted: %(message)s") % {"message": " ".join(exc.messages)},
            status=400)
    except JudgingError as exc:
        return render_review(request, assignment, typed=typed if typed.carries_values else None,
                             alert=" ".join(exc.messages), status=400)
    if already:
        messages.info(request, _("Your review of %(entry)s was already submitted.")
                      % {"entry": _label(assignment)})
    else:
        messages.success(request, _("Your review of %(entry)s is submitted. You can reopen it "
                                    "until the round closes.") % {"entry": _label(assignment)})
    return redirect(_review_url(assignment))


@require_POST
def review_reopen(request, round_id, entry_id):
    assignment = assignment_or_404(request, round_id, entry_id)
    try:
        services.review_reopen(assignment=assignment, by=request.user)
    except JudgingError as exc:
        return render_review(request, assignment, alert=" ".join(exc.messages), status=400)
    messages.success(request, _("Your review of %(entry)s is open again. Submit it again when "
                                "you are done.") % {"entry": _label(assignment)})
    return redirect(_review_url(assignment))


@require_POST
def review_abstain(request, round_id, entry_id):
    assignment = assignment_or_404(request, round_id, entry_id)
    form = abstain_form(request.POST)
    if not form.is_valid():
        return render_review(request, assignment, abstain=form, status=400)
    try:
        services.review_abstain(assignment=assignment, by=request.user,
                                reason=form.cleaned_data["reason"])
    except JudgingError as exc:
        form.add_error("reason", " ".join(exc.messages))
        return render_review(request, assignment, abstain=form, status=400)
    messages.success(request, _("You abstained from %(entry)s.") % {"entry": _label(assignment)})
    return redirect(_review_url(assignment))


@require_POST
def review_recuse(request, round_id, entry_id):
    """The judge found a conflict: the entry leaves their list, and another judge of the panel
    takes it where one is free (never named here)."""
    assignment = assignment_or_404(request, round_id, entry_id)
    form = recuse_form(request.POST)
    if not form.is_valid():
        return render_review(request, assignment, recuse=form, status=400)
    try:
        replacement = services.recuse(assignment=assignment, by=request.user,
                                      reason=form.cleaned_data["reason"])
    except JudgingError as exc:
        form.add_error("reason", " ".join(exc.messages))
        return render_review(request, assignment, recuse=form, status=400)
    if replacement is not None:
        messages.success(request, _("You no longer judge %(entry)s. Another judge of the panel "
                                    "takes it over.") % {"entry": _label(assignment)})
    else:
        messages.success(request, _("You no longer judge %(entry)s. No other judge of the panel "
                                    "was free, so the secretariat will find one.")
                         % {"entry": _label(assignment)})
    return redirect("judging:dashboard")
