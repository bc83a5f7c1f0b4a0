"""The entries' small season and the judging round on it, for the core's tests that need them
(credentials across the apps)."""

from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)
