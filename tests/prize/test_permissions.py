"""Every URL so far × every persona: who gets the page, who is sent to log in, for whom it does
not exist (404)."""

import pytest
from django.urls import reverse

from prize.enums import EditionStatus, NotificationStatus, Role
from prize.models import Notification
from tests.factories import EditionFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

OK, LOGIN, GONE, REDIRECT = 200, "login", 404, 302

ANON, ENTRANT, JUDGE, COORD, SECRETARIAT, SUPER = (
    "anonymous", "entrant", "judge", "coordinator", "secretariat", "superuser"
)


def expect(anonymous, entrant, judge, coordinator, secretariat, superuser):
    return dict(zip([ANON, ENTRANT, JUDGE, COORD, SECRETARIAT, SUPER],
                    [anonymous, entrant, judge, coordinator, secretariat, superuser], strict=True))


# (name, method, url builder, expected per persona)
MATRIX = [
    ("home", "get", lambda o: reverse("home"), expect(OK, OK, OK, OK, OK, OK)),
    ("healthz", "get", lambda o: reverse("healthz"), expect(OK, OK, OK, OK, OK, OK)),
    ("edition home", "get", lambda o: o["edition"].get_absolute_url(),
     expect(OK, OK, OK, OK, OK, OK)),
    ("edition in preparation", "get", lambda o: o["draft"].get_absolute_url(),
     expect(GONE, GONE, GONE, GONE, GONE, OK)),
    ("dashboard", "get", lambda o: reverse("dashboard"), expect(LOGIN, OK, OK, OK, OK, OK)),
    ("profile", "get", lambda o: reverse("profile"), expect(LOGIN, OK, OK, OK, OK, OK)),
    ("staff index", "get", lambda o: reverse("staff_index"),
     expect(LOGIN, GONE, GONE, OK, OK, OK)),
    ("outbox", "get", lambda o: reverse("staff_outbox"),
     expect(LOGIN, GONE, GONE, GONE, OK, OK)),
    ("outbox message", "get", lambda o: reverse("staff_outbox_detail", args=[o["message"].pk]),
     expect(LOGIN, GONE, GONE, GONE, OK, OK)),
    ("outbox resend", "post", lambda o: reverse("staff_outbox_resend", args=[o["message"].pk]),
     expect(LOGIN, GONE, GONE, GONE, REDIRECT, REDIRECT)),
    ("audit log", "get", lambda o: reverse("staff_audit"), expect(LOGIN, GONE, GONE, OK, OK, OK)),
    ("edition settings", "get",
     lambda o: reverse("staff_edition_settings", args=[o["edition"].slug]),
     expect(LOGIN, GONE, GONE, GONE, OK, OK)),
    ("another edition's settings", "get",
     lambda o: reverse("staff_edition_settings", args=[o["other"].slug]),
     expect(LOGIN, GONE, GONE, GONE, GONE, OK)),
    ("admin", "get", lambda o: reverse("admin:index"),
     expect(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, OK)),
]


@pytest.fixture
def objects(edition):
    other = EditionFactory(is_current=False, slug="other-prize")
    draft = EditionFactory(is_current=False, slug="next-prize", status=EditionStatus.DRAFT)
    message = Notification.objects.create(
        to_email="someone@example.org",
        template="test/hello",
        context={"message": "hi"},
        key="matrix",
        status=NotificationStatus.FAILED,
        edition=edition,
    )
    return {"edition": edition, "other": other, "draft": draft, "message": message}


@pytest.mark.parametrize("persona", [ANON, ENTRANT, JUDGE, COORD, SECRETARIAT, SUPER])
@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client_for, objects, persona, name, method, url, expected):
    client = client_for(persona)
    target = url(objects)

    response = getattr(client, method)(target)

    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    else:
        assert response.status_code == want, f"{name} as {persona}"


def test_staff_of_a_draft_edition_may_preview_it(client):
    draft = EditionFactory(is_current=False, status=EditionStatus.DRAFT)
    user = UserFactory()
    RoleFactory(user=user, edition=draft, role=Role.SECRETARIAT)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")

    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_secretariat_of_another_edition_cannot_open_these_settings(client, edition):
    other = EditionFactory(is_current=False)
    user = UserFactory()
    RoleFactory(user=user, edition=other, role=Role.SECRETARIAT)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")

    response = client.get(reverse("staff_edition_settings", args=[edition.slug]))

    assert response.status_code == 404


def test_an_edition_in_preparation_marked_current_is_not_shown_to_the_public(client):
    EditionFactory(name="Secret Prize 2031", status=EditionStatus.DRAFT, is_current=True)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Secret Prize 2031" not in response.content.decode()
