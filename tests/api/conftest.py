"""The ceremony's seasons, borrowed by name: ``final`` (a decided final round with its staff)
and ``world`` (the same, confirmed, with distinctive names, under embargo)."""

from tests.ceremony.conftest import final  # noqa: F401 (the fixture, by name)
from tests.ceremony.test_embargo import world  # noqa: F401 (the fixture, by name)
