"""Every secretariat URL × every persona. Coordinators look; only the secretariat acts; for
everyone else the pages do not exist (404), and anonymous visitors are asked to log in."""

from datetime import timedelta

import pytest
from django.urls import reverse

from entries.models import EntryRevision, ScreeningDecision
from prize.enums import EditionStatus, Role
from tests.entries.conftest import ENTRY_PERSONAS
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    EntryFactory,
    EntryFormUseFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

OK, LOGIN, GONE, REDIRECT = 200, "login", 404, 302


def expect(anonymous, entrant, other_entrant, judge, coordinator, secretariat, superuser):
    return dict(zip(ENTRY_PERSONAS, [anonymous, entrant, other_entrant, judge, coordinator,
                                     secretariat, superuser], strict=True))


LOOK = expect(LOGIN, GONE, GONE, GONE, OK, OK, OK)
ACT = expect(LOGIN, GONE, GONE, GONE, GONE, REDIRECT, REDIRECT)
ACT_PAGE = expect(LOGIN, GONE, GONE, GONE, GONE, OK, OK)
NOBODY = expect(LOGIN, GONE, GONE, GONE, GONE, GONE, GONE)


def staff_url(name, o, *args, edition=None):
    return reverse(f"entries:{name}", args=[(edition or o.edition).slug, *args])


def screen_data(o):
    return {"decision": "eligible", "text": "Meets the rules."}


def extension_data(o):
    moment = (o.edition.call_closes_at + timedelta(days=2)).astimezone(o.edition.tz)
    return {"deadline": moment.strftime("%Y-%m-%dT%H:%M"), "reason": "Power cut."}


# (name, method, url builder, data builder, expected per persona)
MATRIX = [
    ("entries home", "get", lambda o: reverse("entries:staff_home"), None,
     expect(LOGIN, GONE, GONE, GONE, REDIRECT, REDIRECT, OK)),
    ("list", "get", lambda o: staff_url("staff_list", o), None, LOOK),
    ("list of drafts", "get", lambda o: staff_url("staff_list", o) + "?status=draft", None,
     LOOK),
    ("export csv", "get", lambda o: staff_url("staff_export", o) + "?format=csv", None, LOOK),
    ("export xlsx", "get", lambda o: staff_url("staff_export", o) + "?format=xlsx&q=smart",
     None, LOOK),
    ("entry", "get", lambda o: staff_url("staff_entry", o, o.entry.pk), None, LOOK),
    ("draft entry", "get", lambda o: staff_url("staff_entry", o, o.draft.pk), None, LOOK),
    ("revisions", "get", lambda o: staff_url("staff_revisions", o, o.entry.pk), None, LOOK),
    ("revision diff", "get", lambda o: staff_url("staff_revision_diff", o, o.entry.pk, 2),
     None, LOOK),
    ("first revision", "get", lambda o: staff_url("staff_revision_diff", o, o.entry.pk, 1),
     None, LOOK),
    ("missing revision", "get", lambda o: staff_url("staff_revision_diff", o, o.entry.pk, 9),
     None, expect(LOGIN, GONE, GONE, GONE, GONE, GONE, GONE)),
    ("release page", "get", lambda o: staff_url("staff_release", o), None, ACT_PAGE),
    ("release", "post", lambda o: staff_url("staff_release", o), lambda o: {}, ACT),
    ("screen", "post", lambda o: staff_url("staff_screen", o, o.entry.pk), screen_data, ACT),
    ("bulk screen", "post", lambda o: staff_url("staff_bulk_screen", o),
     lambda o: {**screen_data(o), "entries": [o.entry.pk]}, ACT),
    ("extension", "post", lambda o: staff_url("staff_extension", o, o.entry.pk),
     extension_data, ACT),
    # another edition, where nobody of the season has a role
    ("another edition's list", "get",
     lambda o: staff_url("staff_list", o, edition=o.elsewhere.edition), None,
     expect(LOGIN, GONE, GONE, GONE, GONE, GONE, OK)),
    ("another edition's export", "get",
     lambda o: staff_url("staff_export", o, edition=o.elsewhere.edition) + "?format=csv",
     None, expect(LOGIN, GONE, GONE, GONE, GONE, GONE, OK)),
    ("another edition's entry", "get",
     lambda o: staff_url("staff_entry", o, o.elsewhere.pk, edition=o.elsewhere.edition), None,
     expect(LOGIN, GONE, GONE, GONE, GONE, GONE, OK)),
    ("another edition's revisions", "get",
     lambda o: staff_url("staff_revisions", o, o.elsewhere.pk, edition=o.elsewhere.edition),
     None, expect(LOGIN, GONE, GONE, GONE, GONE, GONE, OK)),
    ("screening another edition's entry", "post",
     lambda o: staff_url("staff_screen", o, o.elsewhere.pk, edition=o.elsewhere.edition),
     screen_data, expect(LOGIN, GONE, GONE, GONE, GONE, GONE, REDIRECT)),
    ("another edition's release", "post",
     lambda o: staff_url("staff_release", o, edition=o.elsewhere.edition), lambda o: {},
     expect(LOGIN, GONE, GONE, GONE, GONE, GONE, REDIRECT)),
    # an entry of another edition reached through this edition's address
    ("entry under the wrong edition", "get",
     lambda o: staff_url("staff_entry", o, o.elsewhere.pk), None, NOBODY),
    ("screening under the wrong edition", "post",
     lambda o: staff_url("staff_screen", o, o.elsewhere.pk), screen_data, NOBODY),
    ("extension under the wrong edition", "post",
     lambda o: staff_url("staff_extension", o, o.elsewhere.pk), extension_data, NOBODY),
    ("revisions under the wrong edition", "get",
     lambda o: staff_url("staff_revisions", o, o.elsewhere.pk), None, NOBODY),
    ("an edition that does not exist", "get",
     lambda o: reverse("entries:staff_list", args=["no-such-prize"]), None, NOBODY),
]


@pytest.fixture
def objects(season):
    for number, summary in ((1, "First words."), (2, "Second words.")):
        EntryRevision.objects.create(entry=season.entry, number=number,
                                     title=season.entry.title,
                                     answers={**season.entry.answers, "summary": summary})
    other_edition = EditionFactory(is_current=False, slug="other-prize")
    category = CategoryFactory(edition=other_edition, code="TI")
    use = EntryFormUseFactory(category=category)
    season.elsewhere = EntryFactory(edition=other_edition, category=category, form=use.form,
                                    submitted=True, reference="OTHER-TI-0001")
    return season


@pytest.mark.parametrize("persona", ENTRY_PERSONAS)
@pytest.mark.parametrize(("name", "method", "url", "data", "expected"), MATRIX,
                         ids=[m[0] for m in MATRIX])
def test_permission_matrix(objects, persona, name, method, url, data, expected):
    client = objects.client(persona)
    target = url(objects)

    response = (client.post(target, data(objects)) if method == "post"
                else client.get(target))

    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    else:
        assert response.status_code == want


@pytest.mark.parametrize("name", ["staff_release", "staff_screen", "staff_bulk_screen",
                                  "staff_extension"])
def test_actions_change_nothing_for_a_coordinator(objects, name):
    args = [objects.edition.slug] + ([objects.entry.pk] if name in ("staff_screen",
                                                                   "staff_extension") else [])
    data = {**screen_data(objects), **extension_data(objects), "entries": [objects.entry.pk]}

    response = objects.client("coordinator").post(reverse(f"entries:{name}", args=args), data)

    assert response.status_code == 404
    objects.entry.refresh_from_db()
    assert objects.entry.status == "submitted"
    assert not ScreeningDecision.objects.exists()
    assert not objects.entry.entrant.extensions.exists()


def test_a_coordinator_of_one_edition_is_a_stranger_to_another(objects):
    RoleFactory(user=objects.users["coordinator"], edition=objects.elsewhere.edition,
                role=Role.COORDINATOR)
    client = objects.client("coordinator")

    own = client.get(staff_url("staff_list", objects, edition=objects.elsewhere.edition))
    screen = client.post(staff_url("staff_screen", objects, objects.elsewhere.pk,
                                   edition=objects.elsewhere.edition), screen_data(objects))

    assert own.status_code == 200
    assert screen.status_code == 404


def test_the_secretariat_of_an_edition_in_preparation_sees_its_entries(objects):
    edition = objects.edition
    edition.status = EditionStatus.DRAFT
    edition.save()

    assert objects.client("secretariat").get(staff_url("staff_list", objects)).status_code == 200
    assert objects.client("judge").get(staff_url("staff_list", objects)).status_code == 404


def test_the_entries_home_lists_several_editions(objects):
    RoleFactory(user=objects.users["secretariat"], edition=objects.elsewhere.edition,
                role=Role.SECRETARIAT)

    response = objects.client("secretariat").get(reverse("entries:staff_home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert staff_url("staff_list", objects) in content
    assert staff_url("staff_list", objects, edition=objects.elsewhere.edition) in content


def test_the_staff_area_links_to_the_entries(objects):
    content = objects.client("coordinator").get(reverse("staff_index")).content.decode()

    assert reverse("entries:staff_home") in content


def test_export_responses_are_private(objects):
    response = objects.client("secretariat").get(
        staff_url("staff_export", objects) + "?format=csv")

    assert response["Cache-Control"] == "private, no-store"
