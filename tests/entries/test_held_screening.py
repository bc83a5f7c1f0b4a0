"""A screening decision is held until the secretariat releases it, on every path the entrant can
reach: until then their pages say "Submitted" (no eligible/ineligible, no reason, no locked-out
wording that gives it away); after the release the entry page shows the decision and its
reason. A later decision that is not released yet does not replace the released one."""

import re

import pytest
from django.urls import reverse

from entries import schema as form_schema
from entries import services
from entries.enums import EntryStatus

pytestmark = pytest.mark.django_db

REASON = "Project not yet implemented at the time of entry"


def entrant_paths(season) -> list[tuple[str, str]]:
    entry = season.entry
    first = form_schema.Schema.parse(entry.form.schema).steps[0]
    return [
        ("get", reverse("entries:dashboard")),
        ("get", reverse("entries:entry_detail", args=[entry.pk])),
        ("get", reverse("entries:review", args=[entry.pk])),
        ("get", reverse("entries:step", args=[entry.pk, first.key])),
        ("get", reverse("entries:attachments", args=[entry.pk])),
        ("get", reverse("entries:withdraw", args=[entry.pk])),
        ("post", reverse("entries:withdraw", args=[entry.pk])),
        ("post", reverse("entries:submit", args=[entry.pk])),
        ("get", reverse("dashboard")),
        ("get", reverse("edition_home", args=[season.edition.slug])),
    ]


def walk(season, *, posts: bool = True) -> str:
    """Everything the entrant reads on those paths (following redirects, with the messages
    the next page shows)."""
    client = season.client("entrant")
    pages = []
    for method, path in entrant_paths(season):
        if method == "post" and not posts:
            continue
        data = {"reason": "Changed our mind", "confirm": "on"} if method == "post" else None
        response = getattr(client, method)(path, data, follow=True)
        assert response.status_code in (200, 400, 404, 409, 422), (path, response.status_code)
        pages.append(response.content.decode())
    return "\n".join(pages)


def shown(text: str) -> set[str]:
    """The screening words as the entrant reads them (status pills and sentences)."""
    text = re.sub(r"<[^>]+>", " ", text)
    return {word for word in ("Eligible", "Ineligible", "eligible", "ineligible", REASON)
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)}


@pytest.mark.parametrize("decision", [EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE])
def test_a_decision_is_held_on_every_entrant_path_until_released(season, decision):
    before = shown(walk(season, posts=False))  # withdrawing now would withdraw it
    staff = season.users["secretariat"]
    services.screening_decide(entry=season.entry, decision=decision, reason=REASON, by=staff)

    held = walk(season)
    assert shown(held) == before
    assert "Submitted" in held
    assert "being screened" in held

    services.screening_release(edition=season.edition, by=staff)
    released = walk(season)
    assert REASON in released
    assert ("Ineligible" if decision == EntryStatus.INELIGIBLE else "Eligible") in released


def test_a_new_decision_waits_while_the_released_one_stands(season):
    staff = season.users["secretariat"]
    services.screening_decide(entry=season.entry, decision=EntryStatus.ELIGIBLE,
                              reason="Meets every criterion", by=staff)
    services.screening_release(edition=season.edition, by=staff)
    services.screening_decide(entry=season.entry, decision=EntryStatus.INELIGIBLE,
                              reason=REASON, by=staff)
    page = season.client("entrant").get(
        reverse("entries:entry_detail", args=[season.entry.pk])).content.decode()
    assert "Meets every criterion" in page
    assert REASON not in page
    assert "Ineligible" not in page


def test_staff_lists_still_show_the_decision_before_release(season):
    staff = season.users["secretariat"]
    services.screening_decide(entry=season.entry, decision=EntryStatus.INELIGIBLE,
                              reason=REASON, by=staff)
    page = season.client("secretariat").get(
        reverse("entries:staff_list", args=[season.edition.slug])).content.decode()
    assert "Ineligible" in page
