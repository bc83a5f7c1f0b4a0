"""Bad input, property-based, in the staff's pages of judging and the ceremony (rounds,
criteria, panels, assignments, shortlists, awards, decisions, publication, the programme,
invitations, the reveal) and the API's token pages: see tests/bad_input/__init__.py."""

import pytest

from tests.bad_input import report, run_area
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)
from tests.test_fuzz import world  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db


def test_no_drawn_input_breaks_a_judging_or_ceremony_staff_form(world, monkeypatch):  # noqa: F811
    found, failures = run_area(world, monkeypatch, "staff", half="judging_ceremony")
    assert not failures, report(failures)
    actions = " ".join(f.form.action for f in found.forms)
    for where in ("/criteria/", "/assignments/", "/ceremony/staff/", "/awards/"):
        assert where in actions, f"no form of {where} reached"
