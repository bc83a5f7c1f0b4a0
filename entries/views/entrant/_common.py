"""What the entrant's pages share: where a step is, whether the call is open, the step list
with each step's state, and the way to the profile page."""

from __future__ import annotations

from datetime import datetime

from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from prize.models import Edition
from prize.selectors import editions_visible_to

from ... import schema as form_schema
from ...models import Entry


def step_url(entry: Entry, step: form_schema.Step) -> str:
    if step.kind == "attachments":
        return reverse("entries:attachments", args=[entry.pk])
    return reverse("entries:step", args=[entry.pk, step.key])


def current_edition(user) -> Edition | None:
    return editions_visible_to(user).filter(is_current=True).first()


def call_open(edition: Edition, deadline: datetime, now: datetime | None = None) -> bool:
    """Whether the call is open for an entrant whose deadline is ``deadline`` (no query)."""
    now = now or timezone.now()
    return edition.call_opens_at <= now < deadline


def redirect_to_profile(request, next_url: str):
    query = QueryDict.fromkeys(["next"], next_url).urlencode()
    return redirect(f"{reverse('entries:profile')}?{query}")


def _step_states(schema, entry, attachment_count) -> dict[str, str]:
    """complete / incomplete / errors / optional, per step, from the stored answers."""
    complete = form_schema.complete_steps(schema, entry.answers)
    states = {}
    for step in schema.steps:
        if step.kind == "attachments":
            if attachment_count >= max(step.min_files, 1):
                states[step.key] = "complete"
            else:
                states[step.key] = "optional" if step.min_files == 0 else "incomplete"
        elif not any(f.required for f in step.fields) and all(
            f.empty(entry.answers.get(f.key)) for f in step.fields
        ):
            states[step.key] = "optional"  # nothing required, nothing typed yet
        elif step.key in complete:
            states[step.key] = "complete"
        elif form_schema.step_errors(step, entry.answers):
            states[step.key] = "errors"
        else:
            states[step.key] = "incomplete"
    return states


def step_nav(schema, entry, current_key, attachment_count) -> list[dict]:
    """The list of steps beside the form and on the review page."""
    states = _step_states(schema, entry, attachment_count)
    return [{"step": s, "url": step_url(entry, s), "state": states[s.key],
             "current": s.key == current_key, "number": i}
            for i, s in enumerate(schema.steps, start=1)]
