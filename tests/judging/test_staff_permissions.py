"""Who may open the staff judging pages: the edition's secretariat and coordinators, and a
superuser. For everyone else they do not exist (404); anonymous visitors are asked to log in,
except on the results, an entry's results and the score export (404)."""

import pytest
from django.urls import reverse

from judging.models import Assignment, Round
from prize.enums import Role
from tests.entries.conftest import BACKEND
from tests.factories import EditionFactory, RoleFactory, UserFactory
from tests.judging.conftest import JUDGING_PERSONAS

pytestmark = pytest.mark.django_db

STAFF = {"coordinator", "secretariat", "superuser"}

# (url name, takes an entry, anonymous gets 404 instead of the login page)
PAGES = [
    ("judging:staff_round", False, False),
    ("judging:staff_criteria", False, False),
    ("judging:staff_panels", False, False),
    ("judging:staff_assignments", False, False),
    ("judging:staff_progress", False, False),
    ("judging:staff_shortlist", False, False),
    ("judging:staff_results", False, True),
    ("judging:staff_result_entry", True, True),
]


def url_of(judging, name, with_entry):
    args = [judging.round.pk] + ([judging.entry.pk] if with_entry else [])
    return reverse(name, args=args)


@pytest.mark.parametrize("persona", JUDGING_PERSONAS)
def test_round_list(judging, persona):
    url = reverse("judging:staff_rounds", args=[judging.season.edition.slug])
    response = judging.client(persona).get(url)
    if persona in STAFF:
        assert response.status_code == 200
        assert "Online screening" in response.content.decode()
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", JUDGING_PERSONAS)
@pytest.mark.parametrize(("name", "with_entry", "anonymous_404"), PAGES)
def test_round_pages(judging, persona, name, with_entry, anonymous_404):
    url = url_of(judging, name, with_entry)
    response = judging.client(persona).get(url)
    if persona in STAFF:
        assert response.status_code == 200
    elif persona == "anonymous" and not anonymous_404:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", JUDGING_PERSONAS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_score_export(judging, persona, fmt):
    response = judging.client(persona).get(
        reverse("judging:staff_export", args=[judging.round.pk, fmt]))
    assert response.status_code == (200 if persona in STAFF else 404)
    if persona in STAFF:
        assert response["Content-Disposition"].startswith("attachment;")


def test_unknown_export_format_is_404(judging):
    response = judging.client("secretariat").get(
        reverse("judging:staff_export", args=[judging.round.pk, "pdf"]))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["judge", "conflicted_judge", "entrant", "anonymous"])
@pytest.mark.parametrize(("name", "data"), [
    ("judging:staff_assignments", {"action": "notify"}),
    ("judging:staff_round", {"action": "status", "status": "closed"}),
    ("judging:staff_progress", {"action": "remind"}),
])
def test_others_cannot_act(judging, persona, name, data):
    response = judging.client(persona).post(reverse(name, args=[judging.round.pk]), data)
    assert response.status_code in (302, 404)
    if persona != "anonymous":
        assert response.status_code == 404
    else:
        assert response["Location"].startswith(reverse("account_login"))
    judging.round.refresh_from_db()
    assert judging.round.status == "open"
    assert Assignment.objects.filter(round=judging.round, notified_at__isnull=False).count() == 0


def test_staff_of_another_edition_see_nothing(judging):
    other = EditionFactory(slug="another-edition", is_current=False)
    coordinator = UserFactory(email="elsewhere@example.org")
    RoleFactory(user=coordinator, edition=other, role=Role.COORDINATOR)
    client = judging.client("anonymous")
    client.force_login(coordinator, backend=BACKEND)
    assert client.get(reverse("judging:staff_rounds", args=[other.slug])).status_code == 200
    assert client.get(reverse("judging:staff_rounds",
                              args=[judging.season.edition.slug])).status_code == 404
    assert client.get(reverse("judging:staff_round",
                              args=[judging.round.pk])).status_code == 404
    assert client.get(reverse("judging:staff_results",
                              args=[judging.round.pk])).status_code == 404


def test_an_entry_of_another_round_is_404(judging):
    later = Round.objects.create(edition=judging.season.edition, number=2, name="Finals",
                                 opens_at=judging.round.opens_at,
                                 closes_at=judging.round.closes_at)
    response = judging.client("secretariat").get(
        reverse("judging:staff_result_entry", args=[later.pk, judging.entry.pk]))
    assert response.status_code == 404


def test_an_unknown_edition_is_404(judging):
    response = judging.client("superuser").get(reverse("judging:staff_rounds",
                                                       args=["no-such-edition"]))
    assert response.status_code == 404
