"""Who may open the ceremony's staff pages: the edition's secretariat and coordinators, and a
superuser (an award's own page, which only changes it: the secretariat and a superuser). For
everyone else, another edition's secretariat included, they do not exist (404); anonymous
visitors are asked to log in. Nothing of this is visible to judges, entrants or the public."""

import pytest
from django.urls import reverse

from ceremony.models import Award, Decision, Publication
from tests.ceremony.staff_support import PERSONAS, ceremony_fixture, client_of, url  # noqa: F401

pytestmark = pytest.mark.django_db

STAFF = {"coordinator", "secretariat", "superuser"}
RUNS = {"secretariat", "superuser"}

# (url name, extra args, who gets a page, what they get)
PAGES = [
    ("staff_home", [], STAFF, 200),
    ("staff_awards", [], STAFF, 200),
    ("staff_decisions", [], STAFF, 200),
    ("staff_publication", [], STAFF, 200),
    ("staff_emails", [], STAFF, 200),
    ("staff_press", ["csv"], STAFF, 200),
    ("staff_press", ["xlsx"], STAFF, 200),
    ("staff_email_preview", ["entry"], STAFF, 200),
]


def login_url(next_url):
    return f"{reverse('account_login')}?next={next_url}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args", "allowed", "code"), PAGES)
def test_pages(ceremony, persona, name, args, allowed, code):
    args = [ceremony.finalists[ceremony.categories[0].pk][0].pk if a == "entry" else a
            for a in args]
    target = url(ceremony, name, *args)
    response = client_of(ceremony, persona).get(target)
    if persona in allowed:
        assert response.status_code == code
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == login_url(target)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_awards_own_page(ceremony, persona):
    target = url(ceremony, "staff_award", ceremony.gold.pk)
    response = client_of(ceremony, persona).get(target)
    if persona in RUNS:
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response["Location"] == login_url(target)
    else:
        assert response.status_code == 404


def test_an_award_of_another_edition_is_404(ceremony):
    other = Award.objects.create(edition=ceremony.users["other_secretariat"].role_assignments
                                 .get().edition, name="Elsewhere", kind="special_mention")
    response = client_of(ceremony, "secretariat").get(url(ceremony, "staff_award", other.pk))
    assert response.status_code == 404


def test_an_unknown_edition_or_format_is_404(ceremony):
    client = client_of(ceremony, "superuser")
    assert client.get(reverse("ceremony:staff_decisions", args=["no-such"])).status_code == 404
    assert client.get(url(ceremony, "staff_press", "pdf")).status_code == 404


# What each kind of POST would change, and the proof it did not.
ACTIONS = [
    ("staff_awards", {"name": "Bronze", "kind": "category", "order": "3", "winners": "1",
                      "pool": "finalists"}, lambda f: Award.objects.filter(name="Bronze")),
    ("staff_decisions", {"action": "accept"}, lambda f: Decision.objects.all()),
    ("staff_publication", {"action": "publish_now"},
     lambda f: Publication.objects.filter(published_at__isnull=False)),
    ("staff_emails", {"kinds": ["winner"], "when": "now"}, lambda f: Publication.objects.none()),
]


@pytest.mark.parametrize("persona", ["anonymous", "entrant", "judge", "other_secretariat"])
@pytest.mark.parametrize(("name", "data", "changed"), ACTIONS)
def test_others_cannot_act(ceremony, persona, name, data, changed):
    data = dict(data)
    if name == "staff_awards":
        data["category"] = ceremony.categories[0].pk
    if name == "staff_decisions":
        data["award"] = ceremony.gold.pk
    target = url(ceremony, name)
    response = client_of(ceremony, persona).post(target, data)
    if persona == "anonymous":
        assert response["Location"] == login_url(target)
    else:
        assert response.status_code == 404
    assert not changed(ceremony).exists()


@pytest.mark.parametrize(("name", "data"), [
    ("staff_awards", {"name": "Bronze"}),
    ("staff_decisions", {"action": "accept"}),
    ("staff_decisions", {"action": "propose"}),
    ("staff_decisions", {"action": "remove"}),
    ("staff_publication", {"action": "publish_now"}),
    ("staff_publication", {"action": "options"}),
    ("staff_emails", {"kinds": ["winner"], "when": "now"}),
])
def test_coordinators_confirm_but_do_not_run_the_ceremony(ceremony, name, data):
    response = client_of(ceremony, "coordinator").post(url(ceremony, name), data)
    assert response.status_code == 404
    assert not Award.objects.filter(name="Bronze").exists()
    assert not Decision.objects.exists()


def test_coordinators_see_no_action_they_may_not_take(ceremony):
    page = client_of(ceremony, "coordinator").get(url(ceremony, "staff_decisions"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="accept"' not in html
    assert 'value="propose"' not in html
    awards = client_of(ceremony, "coordinator").get(url(ceremony, "staff_awards")).content.decode()
    assert "Create the award" not in awards
    assert url(ceremony, "staff_award", ceremony.gold.pk) not in awards
