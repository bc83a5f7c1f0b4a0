"""Every entrant URL × every persona: who gets the page, who is sent to log in, who is sent to
fill in an entrant profile first, and for whom it does not exist (404)."""

import pytest
from django.urls import reverse

from entries.enums import EntryStatus
from entries.models import Entry, Invitation
from tests.entries.conftest import ENTRY_PERSONAS

pytestmark = pytest.mark.django_db

OK, LOGIN, GONE, REDIRECT, PROFILE, NOT_ALLOWED, EXPIRED = (
    200, "login", 404, 302, "profile", 405, 401)


def expect(anonymous, entrant, other_entrant, judge, coordinator, secretariat, superuser):
    return dict(zip(ENTRY_PERSONAS, [anonymous, entrant, other_entrant, judge, coordinator,
                                     secretariat, superuser], strict=True))


def draft_step(s):
    return reverse("entries:step", args=[s.draft.pk, "basics"])


STEP_DATA = {"title": "Changed", "summary": "s", "sectors": ["mobility"], "version": 1,
             "action": "save"}

# (name, method, url builder, data, expected per persona)
MATRIX = [
    ("dashboard", "get", lambda s: reverse("entries:dashboard"), None,
     expect(LOGIN, OK, OK, OK, OK, OK, OK)),
    ("profile", "get", lambda s: reverse("entries:profile"), None,
     expect(LOGIN, OK, OK, OK, OK, OK, OK)),
    ("collaborators", "get", lambda s: reverse("entries:collaborators"), None,
     expect(LOGIN, OK, OK, PROFILE, PROFILE, PROFILE, PROFILE)),
    ("invite", "post", lambda s: reverse("entries:collaborators"), {"email": "x@example.org"},
     expect(LOGIN, REDIRECT, REDIRECT, PROFILE, PROFILE, PROFILE, PROFILE)),
    ("invitation", "get",
     lambda s: reverse("entries:invitation_accept", args=[s.invitation.token]), None,
     expect(LOGIN, OK, OK, OK, OK, OK, OK)),
    ("start page", "get", lambda s: reverse("entries:start", args=[s.category.pk]), None,
     expect(LOGIN, OK, OK, PROFILE, PROFILE, PROFILE, PROFILE)),
    ("start", "post", lambda s: reverse("entries:start", args=[s.category.pk]), {},
     expect(LOGIN, REDIRECT, REDIRECT, PROFILE, PROFILE, PROFILE, PROFILE)),
    ("entry page", "get", lambda s: reverse("entries:entry_detail", args=[s.entry.pk]), None,
     expect(LOGIN, OK, GONE, GONE, OK, OK, OK)),
    ("another entrant's entry page", "get",
     lambda s: reverse("entries:entry_detail", args=[s.elsewhere.pk]), None,
     expect(LOGIN, GONE, OK, GONE, OK, OK, OK)),
    ("step", "get", draft_step, None, expect(LOGIN, OK, GONE, GONE, GONE, GONE, GONE)),
    ("step save", "post", draft_step, STEP_DATA,
     expect(LOGIN, REDIRECT, GONE, GONE, GONE, GONE, GONE)),
    ("step autosave", "htmx", draft_step, STEP_DATA,
     expect(EXPIRED, OK, GONE, GONE, GONE, GONE, GONE)),
    ("review", "get", lambda s: reverse("entries:review", args=[s.draft.pk]), None,
     expect(LOGIN, OK, GONE, GONE, GONE, GONE, GONE)),
    ("submit", "post", lambda s: reverse("entries:submit", args=[s.draft.pk]), {},
     expect(LOGIN, REDIRECT, GONE, GONE, GONE, GONE, GONE)),
    ("submit by GET", "get", lambda s: reverse("entries:submit", args=[s.draft.pk]), None,
     expect(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED,
            NOT_ALLOWED)),
    ("withdraw page", "get", lambda s: reverse("entries:withdraw", args=[s.entry.pk]), None,
     expect(LOGIN, OK, GONE, GONE, GONE, GONE, GONE)),
    ("withdraw", "post", lambda s: reverse("entries:withdraw", args=[s.entry.pk]), {},
     expect(LOGIN, REDIRECT, GONE, GONE, GONE, GONE, GONE)),
]


@pytest.fixture
def objects(season):
    season.invitation = Invitation.objects.create(entrant=season.entrant,
                                                  email="invited@example.org")
    season.elsewhere = Entry.objects.create(
        edition=season.edition, category=season.category, entrant=season.other_entrant,
        form=season.draft.form, answers={}, status=EntryStatus.DRAFT, current_step="basics")
    return season


@pytest.mark.parametrize("persona", ENTRY_PERSONAS)
@pytest.mark.parametrize(("name", "method", "url", "data", "expected"), MATRIX,
                         ids=[m[0] for m in MATRIX])
def test_permission_matrix(objects, persona, name, method, url, data, expected):
    client = objects.client(persona)
    target = url(objects)

    if method == "htmx":
        response = client.post(target, data, HTTP_HX_REQUEST="true")
    elif method == "post":
        response = client.post(target, data)
    else:
        response = client.get(target)

    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    elif want == PROFILE:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("entries:profile") + "?next=")
    else:
        assert response.status_code == want


def test_the_step_of_someone_elses_entry_leaks_nothing_to_an_autosave(objects):
    client = objects.client("other_entrant")

    response = client.post(draft_step(objects), STEP_DATA, HTTP_HX_REQUEST="true")

    assert response.status_code == 404
    objects.draft.refresh_from_db()
    assert objects.draft.answers["title"] == "Smart crossings for Seoul"
