"""Bad input, property-based, for an entrant: the profile, entry steps and their autosave,
attachments, team invitations and replies, the account: see tests/bad_input/__init__.py."""

import pytest

from tests.bad_input import report, run_area
from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)
from tests.test_fuzz import world  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db


def test_no_drawn_input_breaks_a_entrant_form_or_is_stored(world, monkeypatch):  # noqa: F811
    found, failures = run_area(world, monkeypatch, "entrant")
    assert not failures, report(failures)
    actions = " ".join(f.form.action for f in found.forms)
    for where in ("/steps/", "/attachments/", "/collaborators/", "/reply/"):
        assert where in actions, f"no form of {where} reached"
