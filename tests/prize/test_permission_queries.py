"""Permissions come from the rules and superusers have them all: asking costs no query, and
the answers are those of the rules (Django's permission table is never granted, so never
read)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prize.enums import Role
from tests.factories import EditionFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_reads_no_permission_table(client):
    edition = EditionFactory()
    judge = UserFactory()
    RoleFactory(user=judge, edition=edition, role=Role.JUDGE)
    client.force_login(judge)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert not [q for q in captured.captured_queries if "auth_permission" in q["sql"]]
    # the menu is still the judge's: judging, no staff area, no outbox
    html = page.content.decode()
    assert reverse("judging:dashboard") in html
    assert reverse("staff_index") not in html


def test_the_rules_decide_and_superusers_have_every_permission():
    edition = EditionFactory()
    judge, secretariat = UserFactory(), UserFactory()
    RoleFactory(user=judge, edition=edition, role=Role.JUDGE)
    RoleFactory(user=secretariat, edition=edition, role=Role.SECRETARIAT)
    superuser = UserFactory(is_superuser=True)
    assert not judge.has_perm("prize.view_outbox")
    assert secretariat.has_perm("prize.view_outbox")
    assert secretariat.has_perm("prize.enter_staff_area")
    assert superuser.has_perm("prize.view_outbox")
    assert superuser.has_perm("prize.change_edition")  # the admin's own permissions too
    superuser.is_active = False
    assert not superuser.has_perm("prize.change_edition")
    # a permission the rules do not know is refused to anyone but a superuser
    assert not secretariat.has_perm("prize.change_edition")
