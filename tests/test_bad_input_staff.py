"""Bad input, property-based, in the staff's pages but judging's and the ceremony's (edition
setup, the form builder, screening, lists' filters and bulk actions, messages, the team, the
outbox, saved views, tags and notes, privacy): see tests/bad_input/__init__.py."""

import pytest

from tests.bad_input import report, run_area
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)
from tests.test_fuzz import world  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db


def test_no_drawn_input_breaks_a_staff_form_or_is_stored(world, monkeypatch):  # noqa: F811
    found, failures = run_area(world, monkeypatch, "staff", half="rest")
    assert not failures, report(failures)
    actions = " ".join(f.form.action for f in found.forms)
    for where in ("/entries/staff/", "/staff/editions/", "forms/"):
        assert where in actions, f"no form of {where} reached"
